/**
 * The desktop app's menus as plain data: the application menu, the tray menu and tooltip, and
 * the texts of the About and "run as administrator" boxes. The Electron glue only hands these to
 * Menu.buildFromTemplate, so what the menus contain is tested without Electron.
 */
import { APP_NAME } from '../../../../shared/app-info';
import type { UiCommand } from '../../../../shared/wer-api';

/** The Electron menu roles the app uses. */
export type MenuRole = 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll' | 'toggleDevTools' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen';

/**
 * One menu item; a structural subset of Electron's MenuItemConstructorOptions (the core never
 * imports 'electron'). Arrays stay mutable because Electron's template type asks for that.
 */
export interface MenuItemSpec {
  readonly label?: string;
  readonly accelerator?: string;
  readonly role?: MenuRole;
  readonly type?: 'normal' | 'separator';
  readonly click?: () => void;
  readonly submenu?: MenuItemSpec[];
}

/** What the menu items do; the glue implements them. */
export interface MenuActions {
  readonly openFolder: () => void;
  readonly openBundle: () => void;
  /** Opens a saved event log (.evtx) or a dump file as an extra store, as Open Folder does with folders. */
  readonly openLogOrDump: () => void;
  /** Hands a command to the UI (export, switch view, find, refresh). */
  readonly command: (command: UiCommand) => void;
  readonly about: () => void;
  readonly explainElevation: () => void;
  readonly quit: () => void;
}

/** Facts that change the menu. */
export interface MenuContext {
  /** Packaged builds have no developer tools item. */
  readonly isPackaged: boolean;
  /** `process.platform`. */
  readonly platform: string;
  /** Windows elevation (ShellHooks.elevated): true, false, or null when unknown. */
  readonly elevated: boolean | null | undefined;
}

/** Title, main line and details of a message box. */
export interface MessageSpec {
  readonly title: string;
  readonly message: string;
  readonly detail: string;
}

const separator: MenuItemSpec = { type: 'separator' };

/** Whether the "run as administrator" hint belongs in the Help menu. */
export function needsElevationHint(context: MenuContext): boolean {
  return context.platform === 'win32' && context.elevated === false;
}

/** The application menu: File, Edit, View, Help. */
export function buildAppMenu(actions: MenuActions, context: MenuContext): MenuItemSpec[] {
  const command = (c: UiCommand) => () => actions.command(c);
  const file: MenuItemSpec[] = [
    { label: 'Open &Folder…', accelerator: 'CmdOrCtrl+O', click: actions.openFolder },
    { label: 'Open &Bundle…', accelerator: 'CmdOrCtrl+Shift+O', click: actions.openBundle },
    { label: 'Open Event &Log or Dump…', accelerator: 'CmdOrCtrl+Shift+L', click: actions.openLogOrDump },
    separator,
    { label: 'Export &Ticket Bundle…', accelerator: 'CmdOrCtrl+E', click: command('export-bundle') },
    { label: 'Export &List…', accelerator: 'CmdOrCtrl+Shift+E', click: command('export-list') },
    separator,
    { label: '&Settings…', accelerator: 'CmdOrCtrl+,', click: command('settings') },
    separator,
    { label: '&Quit', accelerator: 'CmdOrCtrl+Q', click: actions.quit },
  ];
  // Roles keep copy/paste working in text fields (on macOS they need a menu item).
  const edit: MenuItemSpec[] = [
    { role: 'undo' },
    { role: 'redo' },
    separator,
    { role: 'cut' },
    { role: 'copy' },
    { role: 'paste' },
    { role: 'selectAll' },
  ];
  const view: MenuItemSpec[] = [
    { label: '&Reports', accelerator: 'CmdOrCtrl+1', click: command('show-reports') },
    { label: '&Problems', accelerator: 'CmdOrCtrl+2', click: command('show-problems') },
    { label: '&History', accelerator: 'CmdOrCtrl+3', click: command('show-history') },
    separator,
    { label: 'R&efresh', accelerator: 'F5', click: command('refresh') },
    { label: '&Find…', accelerator: 'CmdOrCtrl+F', click: command('find') },
    separator,
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { role: 'togglefullscreen' },
    ...(context.isPackaged ? [] : [separator, { role: 'toggleDevTools' as const, accelerator: 'CmdOrCtrl+Shift+I' }]),
  ];
  const help: MenuItemSpec[] = [
    ...(needsElevationHint(context) ? [{ label: 'Why Are Some Reports Missing? (Run as Administrator)', click: actions.explainElevation }, separator] : []),
    { label: `&About ${APP_NAME}`, click: actions.about },
  ];
  return [
    { label: '&File', submenu: file },
    { label: '&Edit', submenu: edit },
    { label: '&View', submenu: view },
    { label: '&Help', submenu: help },
  ];
}

/** The tray icon's menu. */
export function buildTrayMenu(actions: { readonly show: () => void; readonly quit: () => void }): MenuItemSpec[] {
  return [{ label: `Show ${APP_NAME}`, click: actions.show }, separator, { label: 'Quit', click: actions.quit }];
}

/** The tray icon's tooltip; null count = the library is still loading. */
export function trayTooltip(count: number | null): string {
  if (count === null) return `${APP_NAME} — loading reports…`;
  return `${APP_NAME} — ${count.toLocaleString('en-US')} report${count === 1 ? '' : 's'}`;
}

/** The About box. */
export function aboutMessage(version: string, runtime: { readonly electron?: string; readonly chrome?: string; readonly node?: string }): MessageSpec {
  const parts = [
    runtime.electron ? `Electron ${runtime.electron}` : null,
    runtime.chrome ? `Chromium ${runtime.chrome}` : null,
    runtime.node ? `Node.js ${runtime.node}` : null,
  ].filter((p): p is string => p !== null);
  return {
    title: `About ${APP_NAME}`,
    message: `${APP_NAME} ${version}`,
    detail: `Reads, groups and exports Windows Error Reporting crash reports.${parts.length > 0 ? `\n\n${parts.join(' · ')}` : ''}`,
  };
}

/** The explanation behind the "run as administrator" hint. */
export function elevationMessage(): MessageSpec {
  return {
    title: 'Run as administrator',
    message: 'Some crash reports can only be read by administrators.',
    detail:
      'Windows keeps the machine-wide reports (C:\\ProgramData\\Microsoft\\Windows\\WER) readable by administrators only, ' +
      'so WER Explorer shows your own reports but may miss crashes of services and other users.\n\n' +
      'To see everything: close WER Explorer, right-click its shortcut and choose "Run as administrator". ' +
      'WER Explorer only reads these folders; it never changes or deletes reports.',
  };
}
