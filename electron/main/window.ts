import { BrowserWindow, session } from 'electron';
import { join } from 'node:path';
import { APP_NAME } from '../../shared/app-info';
import { MIN_WINDOW_SIZE, type WindowPlacement } from './core/app/window-state';

/** Whether a URL belongs to the app itself (the built renderer file, or the dev server). */
export function isAppUrl(url: string): boolean {
  const dev = process.env.ELECTRON_RENDERER_URL;
  if (dev && url.startsWith(dev)) return true;
  return url.startsWith('file://') && url.includes('/renderer/');
}

/**
 * Creates the main window with the security checklist of architecture.md §5: isolated,
 * sandboxed, no Node in the page, no navigation away, no new windows, no permissions.
 */
export function createMainWindow(placement: WindowPlacement): BrowserWindow {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  const win = new BrowserWindow({
    width: placement.width,
    height: placement.height,
    ...(placement.x !== undefined && placement.y !== undefined ? { x: placement.x, y: placement.y } : {}),
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: APP_NAME,
    show: false,
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  // maximize() also shows the window; showing first would flash the normal size.
  win.once('ready-to-show', () => (placement.maximized ? win.maximize() : win.show()));

  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL);
  else void win.loadFile(join(__dirname, '../renderer/index.html'));
  return win;
}
