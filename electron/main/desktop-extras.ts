import type { BrowserWindow } from 'electron';
import type { AppCore } from './core/app/app-core';

/** Menus, tray icon, notifications and window state of the desktop app (filled in by the desktop-shell work). */
export function installDesktopExtras(_core: AppCore, _window: BrowserWindow): void {}
