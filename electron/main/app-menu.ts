import { app, type BrowserWindow, dialog, Menu, type MessageBoxOptions } from 'electron';
import { APP_VERSION } from '../../shared/app-info';
import type { AppCore } from './core/app/app-core';
import { aboutMessage, buildAppMenu, elevationMessage, type MessageSpec } from './core/app/menu-model';

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

/** Asks for a ticket bundle (.zip) and adds it to the stores the app reads. */
async function openBundle(core: Promise<AppCore>, windows: WindowAccess): Promise<void> {
  const options = {
    title: 'Open a ticket bundle',
    properties: ['openFile' as const],
    filters: [{ name: 'Ticket bundle', extensions: ['zip'] }],
  };
  const parent = windows.current();
  const picked = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  const file = picked.canceled ? undefined : picked.filePaths[0];
  if (!file) return;
  const c = await core;
  const current = c.settings.current().extraStores;
  if (current.includes(file)) return;
  const result = await c.calls.updateSettings({ extraStores: [...current, file] });
  if (!result.ok) await showMessage(windows, 'error', { title: 'Open Bundle', message: 'The bundle could not be opened.', detail: result.error });
}

/** Installs the application menu (File, Edit, View, Help); its items act on the core once it is ready. */
export function installAppMenu(core: Promise<AppCore>, windows: WindowAccess, elevated: boolean | null): void {
  const failed = (what: string) => (e: unknown) =>
    void showMessage(windows, 'error', { title: what, message: `${what} failed.`, detail: e instanceof Error ? e.message : String(e) });
  const template = buildAppMenu(
    {
      openFolder: () =>
        void core
          .then((c) => c.calls.addFolder())
          .then((result) => {
            if (!result.ok) return showMessage(windows, 'error', { title: 'Open Folder', message: 'The folder could not be added.', detail: result.error });
          })
          .catch(failed('Open Folder')),
      openBundle: () => void openBundle(core, windows).catch(failed('Open Bundle')),
      command: (command) => void core.then((c) => c.host.emit({ kind: 'command', command })),
      about: () => void showMessage(windows, 'info', aboutMessage(APP_VERSION, process.versions)),
      explainElevation: () => void showMessage(windows, 'info', elevationMessage()),
      quit: () => app.quit(),
    },
    { isPackaged: app.isPackaged, platform: process.platform, elevated },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
