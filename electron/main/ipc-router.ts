import { type IpcMainInvokeEvent, ipcMain } from 'electron';
import { err, ok, type Result } from '../../shared/result';
import { IPC_CHANNELS, IPC_EVENTS, type ReportsSnapshot } from '../../shared/wer-api';
import type { BrowserWindow } from 'electron';
import type { ReportLibrary } from './core/library/report-library';
import { isAppUrl } from './window';

/** Only the app's own main frame may call the API (VS Code's validatedIpcMain idea). */
function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame === event.sender.mainFrame && isAppUrl(frame.url);
}

function handle<T>(channel: string, fn: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<Result<T>>): void {
  ipcMain.handle(channel, async (event, ...args) => {
    if (!isTrustedSender(event)) return err('Refused: the request did not come from the app window.');
    try {
      return await fn(event, ...args);
    } catch (e) {
      return err(e instanceof Error ? e.message : String(e));
    }
  });
}

/** Wires every contract channel to the core services, behind the sender check. */
export function registerIpc(library: Promise<ReportLibrary>): void {
  handle<ReportsSnapshot>(IPC_CHANNELS.listReports, async () => {
    const lib = await library;
    return ok({ reports: lib.reports(), stores: lib.stores() });
  });
}

/** Forwards every library event to the window (the preload turns them into WerApi.subscribe calls). */
export function forwardLibraryEvents(library: ReportLibrary, window: BrowserWindow): () => void {
  return library.subscribe((event) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENTS.libraryEvent, event);
  });
}
