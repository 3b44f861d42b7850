/**
 * The desktop shell around the core, checked on the built main bundle with the recording
 * `electron` stand-in: application menu, tray, new-crash notifications and window state.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_VERSION } from '../../../shared/app-info';
import { IPC_CHANNELS, IPC_EVENTS } from '../../../shared/wer-api';
import { writeReportFolder } from '../../../electron/main/core/sample/report-writer';
import { generatedSpec } from '../../support/store-builder';
import { REPO_ROOT } from '../../support/built';
import { invoke, quitMain, startMain } from './support/load-main';
import { waitFor } from '../../support/wait';
import { type FakeWindow, type Recorded, type TemplateItem } from './support/recording-electron';

jest.setTimeout(60_000);

const plain = (label: string | undefined) => (label ?? '').replace(/&/g, '');

function menuItem(menu: readonly TemplateItem[] | null, path: string): TemplateItem {
  const [top, label] = path.split(' > ');
  const item = menu?.find((m) => plain(m.label) === top)?.submenu?.find((i) => plain(i.label) === label || i.role === label);
  if (!item) throw new Error(`No menu item ${path}`);
  return item;
}

const appEvents = (window: FakeWindow | undefined) => (window?.sent ?? []).filter((s) => s.channel === IPC_EVENTS.appEvent).map((s) => s.payload);

describe('desktop shell (built bundle, no Electron binary)', () => {
  let userData: string;
  let recorded: Recorded;
  let window: FakeWindow | undefined;
  beforeAll(async () => {
    userData = mkdtempSync(join(tmpdir(), 'wer-desktop-'));
    // A window last seen maximized at 100,80 on the (stand-in) 1920×1080 display.
    writeFileSync(join(userData, 'window-state.json'), JSON.stringify({ bounds: { x: 100, y: 80, width: 1000, height: 700 }, maximized: true }));
    recorded = await startMain(userData);
    window = recorded.windows[0];
  });
  afterAll(async () => {
    await quitMain(recorded);
    rmSync(userData, { recursive: true, force: true });
  });

  it('restores the saved window bounds and maximizes when the page is ready', () => {
    expect(window?.options).toMatchObject({ x: 100, y: 80, width: 1000, height: 700 });
    expect(window?.maximized).toBe(false);
    window?.emit('ready-to-show');
    expect(window?.maximized).toBe(true);
  });

  it('saves the window state after a move (debounced) and when the window closes', async () => {
    window?.emit('move');
    await waitFor(() => {
      try {
        return JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8')).maximized === true;
      } catch {
        return false;
      }
    }, 'window-state.json to be rewritten');
    expect(JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8'))).toEqual({ bounds: { x: 100, y: 80, width: 1000, height: 700 }, maximized: true });
  });

  it('installs the application menu with the expected items', () => {
    const menu = recorded.applicationMenu;
    expect(menu?.map((m) => plain(m.label))).toEqual(['File', 'Edit', 'View', 'Help']);
    const labels = (top: string) => (menu?.find((m) => plain(m.label) === top)?.submenu ?? []).map((i) => plain(i.label) || i.role || i.type);
    expect(labels('File')).toEqual(['Open Folder…', 'Open Bundle…', 'Open Event Log or Dump…', 'separator', 'Export Ticket Bundle…', 'Export List…', 'separator', 'Settings…', 'separator', 'Quit']);
    expect(labels('View')).toEqual(expect.arrayContaining(['Reports', 'Problems', 'History', 'Refresh', 'Find…', 'toggleDevTools']));
    expect(menuItem(menu, 'View > Find…').accelerator).toBe('CmdOrCtrl+F');
  });

  it('hands menu commands to the UI', async () => {
    for (const [path, command] of [
      ['File > Export Ticket Bundle…', 'export-bundle'],
      ['File > Export List…', 'export-list'],
      ['View > Reports', 'show-reports'],
      ['View > Problems', 'show-problems'],
      ['View > History', 'show-history'],
      ['View > Find…', 'find'],
    ] as const) {
      menuItem(recorded.applicationMenu, path).click?.();
      await waitFor(() => appEvents(window).some((e) => JSON.stringify(e) === JSON.stringify({ kind: 'command', command })), command);
    }
  });

  it('shows the About box with the version', async () => {
    menuItem(recorded.applicationMenu, 'Help > About WER Explorer').click?.();
    await waitFor(() => recorded.messageBoxes.length > 0, 'the About box');
    expect(recorded.messageBoxes[0]).toMatchObject({ type: 'info', message: `WER Explorer ${APP_VERSION}` });
  });

  it('Open Folder and Open Bundle ask with the right dialog and add the choice to the stores', async () => {
    menuItem(recorded.applicationMenu, 'File > Open Folder…').click?.();
    await waitFor(() => recorded.openDialogs.length === 1, 'the folder dialog');
    expect(recorded.openDialogs[0]).toMatchObject({ properties: ['openDirectory'] });

    const bundle = join(userData, 'incoming', 'ticket-4711.zip');
    recorded.openDialogAnswers.push({ canceled: false, filePaths: [bundle] });
    menuItem(recorded.applicationMenu, 'File > Open Bundle…').click?.();
    await waitFor(() => appEvents(window).some((e) => (e as { kind: string }).kind === 'reset'), 'the library to be rebuilt');
    expect(recorded.openDialogs[1]).toMatchObject({ properties: ['openFile'], filters: [{ name: 'Ticket bundle', extensions: ['zip'] }] });
    const settings = (await invoke(recorded, IPC_CHANNELS.getSettings)) as { value: { extraStores: string[] } };
    expect(settings.value.extraStores).toEqual([bundle]);
  });

  it('puts a tray icon with the report count and Show / Quit', async () => {
    expect(recorded.trays).toHaveLength(1);
    const tray = recorded.trays[0];
    expect(tray?.imagePath).toBe(join(REPO_ROOT, 'build', 'tray', 'tray.png'));
    const snapshot = (await invoke(recorded, IPC_CHANNELS.listReports)) as { value: { reports: unknown[] } };
    await waitFor(() => tray?.tooltip === `WER Explorer — ${snapshot.value.reports.length} reports`, 'the tray tooltip');
    expect(tray?.menu?.map((i) => i.label ?? i.type)).toEqual(['Show WER Explorer', 'separator', 'Quit']);
    const shown = window?.shown ?? 0;
    tray?.menu?.[0]?.click?.();
    expect(window?.shown).toBe(shown + 1);
  });

  it('notifies about a new crash report and reveals it when the notification is clicked', async () => {
    const { spec } = generatedSpec(4711);
    mkdirSync(join(userData, 'sample-store', 'ReportArchive'), { recursive: true });
    await writeReportFolder(join(userData, 'sample-store', 'ReportArchive'), spec);
    await waitFor(() => recorded.notifications.length > 0, 'a notification', 20_000);
    const toast = recorded.notifications[0];
    expect(toast?.shown).toBe(true);
    expect(toast?.options.title).toBe('New crash report');
    expect(toast?.options.body).not.toBe('');
    const focused = window?.focused ?? 0;
    toast?.handlers.get('click')?.();
    expect(window?.focused).toBe(focused + 1);
    expect(appEvents(window)).toContainEqual({ kind: 'reveal', reportId: spec.reportIdentifier.toLowerCase() });
  });
});
