/**
 * Names the desktop build shares between the running app and the packaging config: the
 * application id (Windows uses it to attribute notifications and taskbar entries; equal to
 * electron-builder's appId, checked by a test) and where the tray icon lives.
 */
import { join } from 'node:path';

/** electron-builder `appId` and the Windows AppUserModelID. */
export const APP_ID = 'io.github.werexplorer.app';

/** Tray icon file name; Electron picks `tray@2x.png` next to it on high-DPI screens. */
export const TRAY_ICON = 'tray.png';

/** Where the tray icon is: copied to `resources/tray` when packaged (extraResources), in `build/tray` in development. */
export function trayIconPath(where: { readonly isPackaged: boolean; readonly resourcesPath: string; readonly appPath: string }): string {
  return where.isPackaged ? join(where.resourcesPath, 'tray', TRAY_ICON) : join(where.appPath, 'build', 'tray', TRAY_ICON);
}
