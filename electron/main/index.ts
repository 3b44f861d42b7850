/** Electron main process: app lifecycle only; all behaviour lives in ./core. */
import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { openAppCore, type AppCore } from './core/app/app-core';
import { useReadHelpers } from './core/store/parallel-read';
import { APP_ID } from './core/app/desktop-identity';
import type { WindowAccess } from './app-menu';
import { installDesktopExtras } from './desktop-extras';
import { forwardAppEvents, registerIpc } from './ipc-router';
import { desktopShellHooks } from './shell-hooks';
import { createMainWindow } from './window';
import { openWindowState } from './window-state';

/** Longest wait for the library to close before quitting anyway (a hung share must not keep the app alive). */
const CLOSE_TIMEOUT_MS = 10_000;

const warn = (message: string) => console.warn(message);

app.enableSandbox();

// One instance: a second one would read the same stores and write the same cache and settings.
if (!app.requestSingleInstanceLock()) app.quit();
else void app.whenReady().then(start);

function start(): void {
  // Windows attributes notifications and taskbar entries by this id (equal to electron-builder's appId).
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  const dataDir = app.getPath('userData');
  // Big scans read on a worker thread too; the build puts its script beside this one.
  useReadHelpers(join(__dirname, 'scan-worker.js'));
  const shell = desktopShellHooks();
  const core: Promise<AppCore> = openAppCore({ dataDir, cache: true, shell, onWarning: warn });
  registerIpc(core.then((c) => c.calls));
  const windowState = openWindowState(join(dataDir, 'window-state.json'), warn);

  let main: BrowserWindow | null = null;
  let opening: Promise<BrowserWindow> | null = null;
  const create = async (): Promise<BrowserWindow> => {
    const window = createMainWindow((await windowState).placement());
    main = window;
    (await windowState).track(window);
    window.on('closed', () => {
      if (main === window) main = null;
    });
    void core.then((c) => {
      if (window.isDestroyed()) return;
      const stop = forwardAppEvents(c.host, window);
      window.on('closed', stop);
    });
    return window;
  };
  // A tray click while the window is being created must not create a second one.
  const open = () => (opening ??= create().finally(() => (opening = null)));
  const reveal = (window: BrowserWindow) => {
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  const windows: WindowAccess = {
    current: () => main,
    show: () => {
      if (main) reveal(main);
      else void open();
    },
  };
  // Elevation is checked in the background (desktopShellHooks): unknown here, the menu follows info.
  const disposeExtras = installDesktopExtras(core, windows, { onWarning: warn });
  void open();

  app.on('second-instance', () => void windows.show());
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void open();
  });
  // Close the library (watchers, cache write) and save the window state before quitting;
  // Electron does not wait for promises, so the first quit is held back until they are done.
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    disposeExtras();
    const done = Promise.all([windowState.then((s) => s.flush()), core.then((c) => c.close())]);
    const timeout = new Promise((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref());
    void Promise.race([done, timeout])
      .catch(() => undefined)
      .finally(() => app.quit());
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
