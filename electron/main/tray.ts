import { app, Menu, nativeImage, Tray } from 'electron';
import type { WerEvent } from '../../shared/wer-api';
import type { AppCore } from './core/app/app-core';
import { trayIconPath } from './core/app/desktop-identity';
import { buildTrayMenu, trayTooltip } from './core/app/menu-model';
import type { WindowAccess } from './app-menu';

/** Events after which the report count may differ ('updated' never does: a moved report replaces its old folder). */
const COUNT_CHANGES: ReadonlySet<WerEvent['kind']> = new Set(['added', 'removed', 'reset']);

/**
 * Puts the app in the notification area with the report count as tooltip and Show / Quit.
 * Closing the window still quits (no hidden background mode); the tray is a status and a
 * shortcut back to the window. Returns the cleanup, or null when the icon is missing.
 */
export function installTray(core: Promise<AppCore>, windows: WindowAccess, onWarning: (message: string) => void): (() => void) | null {
  const path = trayIconPath({ isPackaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath: app.getAppPath() });
  const image = nativeImage.createFromPath(path);
  if (image.isEmpty()) {
    onWarning(`The tray icon ${path} is missing; the app runs without one.`);
    return null;
  }
  const tray = new Tray(image);
  tray.setToolTip(trayTooltip(null));
  tray.setContextMenu(Menu.buildFromTemplate(buildTrayMenu({ show: () => void windows.show(), quit: () => app.quit() })));
  tray.on('click', () => void windows.show());
  let stop: () => void = () => undefined;
  let disposed = false;
  void core.then((c) => {
    if (disposed) return;
    const update = () => tray.setToolTip(trayTooltip(c.host.library().count()));
    update();
    stop = c.host.subscribe((event) => {
      if (COUNT_CHANGES.has(event.kind)) update();
    });
  });
  return () => {
    disposed = true;
    stop();
    tray.destroy();
  };
}
