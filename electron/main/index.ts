/** Electron main process: app lifecycle only; all behaviour lives in ./core. */
import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { ReportLibrary } from './core/library/report-library';
import { currentMachine, defaultLocations } from './core/store/default-locations';
import { forwardLibraryEvents, registerIpc } from './ipc-router';
import { createMainWindow } from './window';

app.enableSandbox();

/** The live library over the default stores, with its cache in the app's data folder. */
async function openLibrary(): Promise<ReportLibrary> {
  const dataDir = app.getPath('userData');
  const locations = await defaultLocations(currentMachine(), join(dataDir, 'sample-store'));
  const library = new ReportLibrary({ locations, cacheFile: join(dataDir, 'reports-cache.json') });
  await library.start();
  return library;
}

void app.whenReady().then(() => {
  const library = openLibrary();
  registerIpc(library);
  const open = () => {
    const window = createMainWindow();
    void library.then((l) => {
      const stop = forwardLibraryEvents(l, window);
      window.on('closed', stop);
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
    void library
      .then((l) => l.close())
      .catch(() => undefined)
      .finally(() => app.quit());
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
