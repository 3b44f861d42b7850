import { BrowserWindow, dialog, type OpenDialogOptions, shell } from 'electron';
import { checkElevation } from './core/app/elevation';
import type { ShellHooks } from './core/app/wer-service';

async function pickOne(parent: BrowserWindow | null | undefined, options: OpenDialogOptions): Promise<string | null> {
  const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

/** Asks for a folder to read reports from (a WER store, a report folder, an extracted bundle); null when cancelled. */
export function chooseStoreFolder(parent: BrowserWindow | null | undefined): Promise<string | null> {
  return pickOne(parent, { title: 'Open a WER store, report folder or ticket bundle', properties: ['openDirectory'] });
}

/** Asks for a ticket bundle (.zip); null when cancelled. */
export function chooseBundleFile(parent: BrowserWindow | null | undefined): Promise<string | null> {
  return pickOne(parent, { title: 'Open a ticket bundle', properties: ['openFile'], filters: [{ name: 'Ticket bundle', extensions: ['zip'] }] });
}

/**
 * What the desktop shell offers the core: native dialogs, opening validated local paths, and the
 * Windows elevation, checked in the background.
 */
export function desktopShellHooks(): ShellHooks {
  const parent = () => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  // After the current start-up tick: even starting a process costs milliseconds on Windows, and
  // nothing at start needs the answer (info and the Help menu wait for it).
  const elevated = new Promise<void>((resolve) => setImmediate(resolve)).then(() => checkElevation());
  return {
    mode: 'desktop',
    elevated,
    openPath: (path) => shell.openPath(path),
    // Only the vscode://file/ links the core built from a local source file (editor-link.ts).
    openEditorLink: (url) => (url.startsWith('vscode://file/') ? shell.openExternal(url).then(() => '', (e: unknown) => String(e)) : Promise.resolve('not an editor link')),
    chooseFolder: () => chooseStoreFolder(parent()),
    chooseSaveFile: async (defaultName) => {
      const options = { title: 'Save the ticket bundle', defaultPath: defaultName, filters: [{ name: 'Zip bundle', extensions: ['zip'] }] };
      const window = parent();
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return result.canceled ? null : (result.filePath ?? null);
    },
  };
}
