/** Electron main process: app lifecycle only; all behaviour lives in ./core. */
import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { defaultLocations, currentMachine } from './core/store/default-locations';
import { registerIpc } from './ipc-router';
import { createMainWindow } from './window';

app.enableSandbox();

void app.whenReady().then(() => {
  const sampleDir = join(app.getPath('userData'), 'sample-store');
  registerIpc(() => defaultLocations(currentMachine(), sampleDir));
  createMainWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
