/** Electron main process: app lifecycle only; all behaviour lives in ./core. */
import { app, BrowserWindow } from 'electron';
import { openAppCore, type AppCore } from './core/app/app-core';
import { forwardAppEvents, registerIpc } from './ipc-router';
import { desktopShellHooks } from './shell-hooks';
import { createMainWindow } from './window';
import { installDesktopExtras } from './desktop-extras';

app.enableSandbox();

void app.whenReady().then(() => {
  const core: Promise<AppCore> = openAppCore({
    dataDir: app.getPath('userData'),
    cache: true,
    shell: desktopShellHooks(),
    onWarning: (message) => console.warn(message),
  });
  registerIpc(core.then((c) => c.calls));
  const open = () => {
    const window = createMainWindow();
    void core.then((c) => {
      const stop = forwardAppEvents(c.host, window);
      window.on('closed', stop);
      installDesktopExtras(c, window);
    });
  };
  open();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
  // Close the library (watchers, cache write) before quitting; Electron does not wait for promises.
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing) return;
    closing = true;
    event.preventDefault();
    void core
      .then((c) => c.close())
      .catch(() => undefined)
      .finally(() => app.quit());
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
