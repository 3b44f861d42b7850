import { type BrowserWindow, type IpcMainInvokeEvent, ipcMain } from 'electron';
import { err, type Result } from '../../shared/result';
import { IPC_CHANNELS, IPC_EVENTS, WER_METHODS, type WerCalls, type WerMethod } from '../../shared/wer-api';
import { validateCall } from '../../shared/wer-api-validate';
import type { LibraryHost } from './core/app/library-host';
import { isAppUrl } from './window';
import { noteRequest } from './core/time-slice';

/** Only the app's own main frame may call the API (VS Code's validatedIpcMain idea). */
function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame === event.sender.mainFrame && isAppUrl(frame.url);
}

/** Runs one call: sender check, payload check, then the service; never throws across IPC. */
async function dispatch(calls: Promise<WerCalls>, method: WerMethod, event: IpcMainInvokeEvent, args: unknown[]): Promise<Result<unknown>> {
  noteRequest();
  if (!isTrustedSender(event)) return err('Refused: the request did not come from the app window.');
  const valid = validateCall(method, args);
  if (!valid.ok) return valid;
  try {
    const service = await calls;
    return await (service[method] as (...a: unknown[]) => Promise<Result<unknown>>)(...valid.value);
  } catch (e) {
    return err(e instanceof Error ? e.message : String(e));
  }
}

/** Wires every contract channel to the service, behind the sender and payload checks. */
export function registerIpc(calls: Promise<WerCalls>): void {
  for (const method of WER_METHODS) {
    ipcMain.handle(IPC_CHANNELS[method], (event, ...args: unknown[]) => dispatch(calls, method, event, args));
  }
}

/** Forwards every app event to the window (the preload turns them into WerApi.subscribe calls). */
export function forwardAppEvents(host: LibraryHost, window: BrowserWindow): () => void {
  return host.subscribe((event) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_EVENTS.appEvent, event);
  });
}
