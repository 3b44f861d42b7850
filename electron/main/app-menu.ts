import { app, type BrowserWindow, dialog, Menu, type MessageBoxOptions, type OpenDialogOptions } from 'electron';
import { APP_VERSION } from '../../shared/app-info';
import type { AppCore } from './core/app/app-core';
import { aboutMessage, buildAppMenu, elevationMessage, type MenuActions, type MessageSpec, needsElevationHint } from './core/app/menu-model';
import { addStorePath } from './core/app/wer-service';
import { chooseBundleFile } from './shell-hooks';

/** The main window, when there is one, and a way to bring it up. */
export interface WindowAccess {
  readonly current: () => BrowserWindow | null;
  /** Shows and focuses the main window (creating it if it was closed). */
  readonly show: () => void;
}

async function showMessage(windows: WindowAccess, type: MessageBoxOptions['type'], spec: MessageSpec): Promise<void> {
  const options: MessageBoxOptions = { type, title: spec.title, message: spec.message, detail: spec.detail, buttons: ['OK'], noLink: true };
  const parent = windows.current();
  await (parent ? dialog.showMessageBox(parent, options) : dialog.showMessageBox(options));
}

/** Asks for a ticket bundle (.zip) and adds it to the stores the app reads, as Open Folder does with folders. */
async function openBundle(core: Promise<AppCore>, windows: WindowAccess): Promise<void> {
  const file = await chooseBundleFile(windows.current());
  if (!file) return;
  const result = await addStorePath((await core).calls, file);
  if (!result.ok) await showMessage(windows, 'error', { title: 'Open Bundle', message: 'The bundle could not be opened.', detail: result.error });
}

/**
 * Asks for a saved event log (.evtx) or a dump file and adds it to the stores the app reads: the
 * library reads a log's crash records and a dump's one record (never changing either file).
 */
async function openLogOrDump(core: Promise<AppCore>, windows: WindowAccess): Promise<void> {
  const parent = windows.current();
  const options: OpenDialogOptions = {
    title: 'Open an event log or dump',
    properties: ['openFile'],
    filters: [
      { name: 'Event logs and dumps', extensions: ['evtx', 'dmp', 'mdmp'] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
  const chosen = await (parent ? dialog.showOpenDialog(parent, options) : dialog.showOpenDialog(options));
  const file = chosen.canceled ? undefined : chosen.filePaths[0];
  if (!file) return;
  const result = await addStorePath((await core).calls, file);
  if (!result.ok) await showMessage(windows, 'error', { title: 'Open Event Log or Dump', message: 'The file could not be opened.', detail: result.error });
}

/**
 * Installs the application menu (File, Edit, View, Help); its items act on the core once it is
 * ready. Elevation is unknown at start; the menu follows the core's info once it has the answer
 * of the background elevation check.
 */
export function installAppMenu(core: Promise<AppCore>, windows: WindowAccess): void {
  const failed = (what: string) => (e: unknown) =>
    void showMessage(windows, 'error', { title: what, message: `${what} failed.`, detail: e instanceof Error ? e.message : String(e) });
  const actions: MenuActions = {
    openFolder: () =>
      void core
        .then((c) => c.calls.addFolder())
        .then((result) => {
          if (!result.ok) return showMessage(windows, 'error', { title: 'Open Folder', message: 'The folder could not be added.', detail: result.error });
        })
        .catch(failed('Open Folder')),
    openBundle: () => void openBundle(core, windows).catch(failed('Open Bundle')),
    openLogOrDump: () => void openLogOrDump(core, windows).catch(failed('Open Event Log or Dump')),
    command: (command) => void core.then((c) => c.host.emit({ kind: 'command', command })),
    about: () => void showMessage(windows, 'info', aboutMessage(APP_VERSION, process.versions)),
    explainElevation: () => void showMessage(windows, 'info', elevationMessage()),
    quit: () => app.quit(),
  };
  const context = (e: boolean | null) => ({ isPackaged: app.isPackaged, platform: process.platform, elevated: e });
  const install = (e: boolean | null) => Menu.setApplicationMenu(Menu.buildFromTemplate(buildAppMenu(actions, context(e))));
  install(null);
  // Elevation decides only the Help hint, so the menu is rebuilt only when the hint changes.
  void core
    .then((c) => c.calls.info())
    .then((info) => {
      if (info.ok && needsElevationHint(context(info.value.elevated)) !== needsElevationHint(context(null))) install(info.value.elevated);
    })
    .catch(() => undefined);
}
