/**
 * The application menu's glue over the recording `electron` stand-in and a stand-in core: Open
 * Bundle adds the bundle through the service's one way of adding a store path, and the Help menu
 * follows the elevation the core's info reports once the background check has answered.
 */
import { tmpdir } from 'node:os';
import { err, ok, type Result } from '../../../shared/result';
import { type AppSettings, defaultSettings, type SettingsPatch } from '../../../shared/settings-model';
import type { AppInfo, WerCalls } from '../../../shared/wer-api';
import type * as AppMenuModule from '../../../electron/main/app-menu';
import type { AppCore } from '../../../electron/main/core/app/app-core';
import { waitFor } from '../../support/wait';
import { type Recorded, recordingElectron, type TemplateItem } from './support/recording-electron';

const realPlatform = process.platform;
const setPlatform = (platform: string) => Object.defineProperty(process, 'platform', { value: platform, configurable: true });
const plain = (label: string | undefined) => (label ?? '').replace(/&/g, '');
const items = (menu: readonly TemplateItem[] | null, top: string) => (menu?.find((m) => plain(m.label) === top)?.submenu ?? []).map((i) => plain(i.label) || i.role || i.type);
const click = (menu: readonly TemplateItem[] | null, top: string, label: string) =>
  menu?.find((m) => plain(m.label) === top)?.submenu?.find((i) => plain(i.label) === label)?.click?.();

/** A core with just the calls the menu uses; records settings updates. */
class FakeCore {
  readonly updates: SettingsPatch[] = [];
  failUpdates = false;
  readonly core: Promise<AppCore>;
  private settings: AppSettings;
  private answer: (elevated: boolean | null) => void = () => undefined;

  constructor(extraStores: string[]) {
    this.settings = { ...defaultSettings(), extraStores };
    const elevation = new Promise<boolean | null>((resolve) => (this.answer = resolve));
    const calls: Partial<WerCalls> = {
      info: async (): Promise<Result<AppInfo>> => ok({ mode: 'desktop', version: '0', platform: process.platform, canOpenPaths: true, elevated: await elevation }),
      getSettings: async () => ok(this.settings),
      updateSettings: async (patch) => {
        this.updates.push(patch);
        if (this.failUpdates) return err('The bundle is not a zip file.');
        this.settings = { ...this.settings, extraStores: patch.extraStores ?? this.settings.extraStores };
        return ok(this.settings);
      },
    };
    this.core = Promise.resolve({ calls: calls as WerCalls, host: { emit: () => undefined } } as unknown as AppCore);
  }

  /** Settles the elevation that info reports (the background check answering). */
  answerElevation(elevated: boolean | null): void {
    this.answer(elevated);
  }
}

function load(): { menu: typeof AppMenuModule; recorded: Recorded } {
  const stub = recordingElectron(tmpdir(), tmpdir());
  let menu: typeof AppMenuModule | undefined;
  jest.isolateModules(() => {
    jest.doMock('electron', () => stub.electron);
    menu = require('../../../electron/main/app-menu') as typeof AppMenuModule;
  });
  if (!menu) throw new Error('app-menu did not load');
  return { menu, recorded: stub.recorded };
}

const windows = { current: () => null, show: () => undefined };

describe('application menu glue', () => {
  afterEach(() => setPlatform(realPlatform));

  it('Open Bundle adds the chosen bundle once, through the service, and reports a failure', async () => {
    const { menu, recorded } = load();
    const fake = new FakeCore(['/cases/WER']);
    menu.installAppMenu(fake.core, windows);

    recorded.openDialogAnswers.push({ canceled: false, filePaths: ['/cases/ticket.zip'] });
    click(recorded.applicationMenu, 'File', 'Open Bundle…');
    await waitFor(() => fake.updates.length === 1, 'the settings update');
    expect(fake.updates[0]).toEqual({ extraStores: ['/cases/WER', '/cases/ticket.zip'] });
    expect(recorded.openDialogs[0]).toMatchObject({ properties: ['openFile'], filters: [{ name: 'Ticket bundle', extensions: ['zip'] }] });

    // The same bundle again: already a store, nothing to update.
    recorded.openDialogAnswers.push({ canceled: false, filePaths: ['/cases/ticket.zip'] });
    click(recorded.applicationMenu, 'File', 'Open Bundle…');
    await waitFor(() => recorded.openDialogs.length === 2, 'the second dialog');
    await new Promise((r) => setTimeout(r, 20));
    expect(fake.updates).toHaveLength(1);

    fake.failUpdates = true;
    recorded.openDialogAnswers.push({ canceled: false, filePaths: ['/cases/broken.zip'] });
    click(recorded.applicationMenu, 'File', 'Open Bundle…');
    await waitFor(() => recorded.messageBoxes.length === 1, 'the error box');
    expect(recorded.messageBoxes[0]).toMatchObject({ type: 'error', message: 'The bundle could not be opened.', detail: 'The bundle is not a zip file.' });
  });

  it('is there at once, and gains the "run as administrator" hint when info learns the user is not elevated', async () => {
    setPlatform('win32');
    const { menu, recorded } = load();
    const fake = new FakeCore([]);
    menu.installAppMenu(fake.core, windows);
    expect(items(recorded.applicationMenu, 'Help')).toEqual(['About WER Explorer']);
    fake.answerElevation(false);
    await waitFor(() => items(recorded.applicationMenu, 'Help').length > 1, 'the Help menu to be rebuilt');
    expect(items(recorded.applicationMenu, 'Help')).toEqual(['Why Are Some Reports Missing? (Run as Administrator)', 'separator', 'About WER Explorer']);
  });

  it('keeps the menu as it is when the elevation does not change the hint', async () => {
    setPlatform('win32');
    const { menu, recorded } = load();
    const fake = new FakeCore([]);
    menu.installAppMenu(fake.core, windows);
    const first = recorded.applicationMenu;
    fake.answerElevation(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(recorded.applicationMenu).toBe(first);
  });
});
