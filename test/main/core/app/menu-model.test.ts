import { APP_VERSION } from '../../../../shared/app-info';
import type { UiCommand } from '../../../../shared/wer-api';
import {
  aboutMessage,
  buildAppMenu,
  buildTrayMenu,
  elevationMessage,
  type MenuActions,
  type MenuContext,
  type MenuItemSpec,
  trayTooltip,
} from '../../../../electron/main/core/app/menu-model';

function recordingActions() {
  const calls: string[] = [];
  const actions: MenuActions = {
    openFolder: () => calls.push('openFolder'),
    openBundle: () => calls.push('openBundle'),
    openLogOrDump: () => calls.push('openLogOrDump'),
    command: (c: UiCommand) => calls.push(`command:${c}`),
    about: () => calls.push('about'),
    explainElevation: () => calls.push('explainElevation'),
    quit: () => calls.push('quit'),
  };
  return { calls, actions };
}

const plain = (label: string | undefined) => (label ?? '').replace(/&/g, '');

function find(menu: readonly MenuItemSpec[], path: string): MenuItemSpec {
  const [top, item] = path.split(' > ');
  const submenu = menu.find((m) => plain(m.label) === top)?.submenu ?? [];
  const found = submenu.find((m) => plain(m.label) === item || m.role === item);
  if (!found) throw new Error(`No menu item ${path}`);
  return found;
}

const WINDOWS_USER: MenuContext = { isPackaged: true, platform: 'win32', elevated: false };

describe('buildAppMenu', () => {
  it('has File, Edit, View and Help', () => {
    const { actions } = recordingActions();
    expect(buildAppMenu(actions, WINDOWS_USER).map((m) => plain(m.label))).toEqual(['File', 'Edit', 'View', 'Help']);
  });

  it.each([
    ['File > Open Folder…', 'CmdOrCtrl+O', 'openFolder'],
    ['File > Open Bundle…', 'CmdOrCtrl+Shift+O', 'openBundle'],
    ['File > Open Event Log or Dump…', 'CmdOrCtrl+Shift+L', 'openLogOrDump'],
    ['File > Export Ticket Bundle…', 'CmdOrCtrl+E', 'command:export-bundle'],
    ['File > Export List…', 'CmdOrCtrl+Shift+E', 'command:export-list'],
    ['File > Settings…', 'CmdOrCtrl+,', 'command:settings'],
    ['File > Quit', 'CmdOrCtrl+Q', 'quit'],
    ['View > Reports', 'CmdOrCtrl+1', 'command:show-reports'],
    ['View > Problems', 'CmdOrCtrl+2', 'command:show-problems'],
    ['View > History', 'CmdOrCtrl+3', 'command:show-history'],
    ['View > Refresh', 'F5', 'command:refresh'],
    ['View > Find…', 'CmdOrCtrl+F', 'command:find'],
  ])('%s (%s) does %s', (path, accelerator, action) => {
    const { calls, actions } = recordingActions();
    const item = find(buildAppMenu(actions, WINDOWS_USER), path);
    expect(item.accelerator).toBe(accelerator);
    item.click?.();
    expect(calls).toEqual([action]);
  });

  it('uses every accelerator once', () => {
    const { actions } = recordingActions();
    const all = buildAppMenu(actions, { isPackaged: false, platform: 'win32', elevated: false })
      .flatMap((m) => m.submenu ?? [])
      .map((i) => i.accelerator)
      .filter((a): a is string => a !== undefined);
    expect(new Set(all).size).toBe(all.length);
  });

  it('offers the developer tools only in development builds', () => {
    const { actions } = recordingActions();
    const roles = (ctx: MenuContext) => (buildAppMenu(actions, ctx).find((m) => plain(m.label) === 'View')?.submenu ?? []).map((i) => i.role);
    expect(roles(WINDOWS_USER)).not.toContain('toggleDevTools');
    expect(roles({ ...WINDOWS_USER, isPackaged: false })).toContain('toggleDevTools');
  });

  it('explains "Run as administrator" only on Windows without elevation', () => {
    const { calls, actions } = recordingActions();
    const help = (ctx: MenuContext) => (buildAppMenu(actions, ctx).find((m) => plain(m.label) === 'Help')?.submenu ?? []).map((i) => plain(i.label));
    expect(help(WINDOWS_USER)).toContain('Why Are Some Reports Missing? (Run as Administrator)');
    expect(help({ ...WINDOWS_USER, elevated: true })).toEqual(['About WER Explorer']);
    expect(help({ ...WINDOWS_USER, elevated: null })).toEqual(['About WER Explorer']);
    expect(help({ ...WINDOWS_USER, platform: 'linux' })).toEqual(['About WER Explorer']);
    find(buildAppMenu(actions, WINDOWS_USER), 'Help > Why Are Some Reports Missing? (Run as Administrator)').click?.();
    find(buildAppMenu(actions, WINDOWS_USER), 'Help > About WER Explorer').click?.();
    expect(calls).toEqual(['explainElevation', 'about']);
  });

  it('keeps the clipboard roles for text fields', () => {
    const { actions } = recordingActions();
    const edit = buildAppMenu(actions, WINDOWS_USER).find((m) => plain(m.label) === 'Edit')?.submenu ?? [];
    expect(edit.map((i) => i.role).filter(Boolean)).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
  });
});

describe('tray', () => {
  it('counts the reports in its tooltip', () => {
    expect(trayTooltip(null)).toBe('WER Explorer — loading reports…');
    expect(trayTooltip(0)).toBe('WER Explorer — 0 reports');
    expect(trayTooltip(1)).toBe('WER Explorer — 1 report');
    expect(trayTooltip(12345)).toBe('WER Explorer — 12,345 reports');
  });

  it('offers Show and Quit', () => {
    const calls: string[] = [];
    const menu = buildTrayMenu({ show: () => calls.push('show'), quit: () => calls.push('quit') });
    expect(menu.map((i) => i.label ?? i.type)).toEqual(['Show WER Explorer', 'separator', 'Quit']);
    for (const item of menu) item.click?.();
    expect(calls).toEqual(['show', 'quit']);
  });
});

describe('message boxes', () => {
  it('About names the version and the runtime', () => {
    const about = aboutMessage(APP_VERSION, { electron: '45.4.1', chrome: '142.0', node: '22.20.0' });
    expect(about.message).toBe(`WER Explorer ${APP_VERSION}`);
    expect(about.detail).toContain('Electron 45.4.1 · Chromium 142.0 · Node.js 22.20.0');
  });

  it('the elevation hint says what to do', () => {
    expect(elevationMessage().detail).toMatch(/Run as administrator/);
  });
});
