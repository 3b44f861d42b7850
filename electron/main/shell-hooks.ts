import { BrowserWindow, dialog, shell } from 'electron';
import { execFileSync } from 'node:child_process';
import type { ShellHooks } from './core/app/wer-service';

/** Whether this process runs elevated on Windows (`net session` succeeds only for administrators). */
function isElevated(): boolean | null {
  if (process.platform !== 'win32') return null;
  try {
    execFileSync('net', ['session'], { stdio: 'ignore', windowsHide: true, timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

/** What the desktop shell offers the core: native dialogs and opening validated local paths. */
export function desktopShellHooks(): ShellHooks {
  const parent = () => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  return {
    mode: 'desktop',
    elevated: isElevated(),
    openPath: (path) => shell.openPath(path),
    chooseFolder: async () => {
      const options = { title: 'Open a WER store, report folder or ticket bundle', properties: ['openDirectory' as const] };
      const window = parent();
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    chooseSaveFile: async (defaultName) => {
      const options = { title: 'Save the ticket bundle', defaultPath: defaultName, filters: [{ name: 'Zip bundle', extensions: ['zip'] }] };
      const window = parent();
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return result.canceled ? null : (result.filePath ?? null);
    },
  };
}
