/**
 * Preload: exposes the WerApi domain functions to the sandboxed renderer. It requires only
 * 'electron' and never hands raw ipcRenderer to the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { LibraryEvent } from '../../shared/library-model';
import { IPC_CHANNELS, IPC_EVENTS, type WerApi } from '../../shared/wer-api';

const api: WerApi = {
  listReports: () => ipcRenderer.invoke(IPC_CHANNELS.listReports),
  subscribe: (listener) => {
    // The page never sees the IPC event object, only the plain library event.
    const relay = (_event: unknown, payload: LibraryEvent) => listener(payload);
    ipcRenderer.on(IPC_EVENTS.libraryEvent, relay);
    return () => void ipcRenderer.removeListener(IPC_EVENTS.libraryEvent, relay);
  },
};

contextBridge.exposeInMainWorld('wer', api);
