/**
 * Stand-in for the `electron` package in Jest. The real package would try to download the
 * Electron binary; tests that need Electron behaviour inject recording stubs of their own.
 */
export const app = undefined;
export const ipcMain = undefined;
export const BrowserWindow = undefined;
export default {};
