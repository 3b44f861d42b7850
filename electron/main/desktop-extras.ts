import type { AppCore } from './core/app/app-core';
import { installAppMenu, type WindowAccess } from './app-menu';
import { installNotifications } from './notifications';
import { installTray } from './tray';

/** What the desktop extras need from the app. */
export interface DesktopExtrasOptions {
  readonly onWarning: (message: string) => void;
}

/**
 * Menus, tray icon and new-crash notifications of the desktop app; installed once per run (not
 * per window), before the core is ready, so the menu is there from the first frame.
 * Returns the cleanup for quitting.
 */
export function installDesktopExtras(core: Promise<AppCore>, windows: WindowAccess, options: DesktopExtrasOptions): () => void {
  installAppMenu(core, windows);
  const tray = installTray(core, windows, options.onWarning);
  const notifications = installNotifications(core, windows);
  return () => {
    notifications();
    tray?.();
  };
}
