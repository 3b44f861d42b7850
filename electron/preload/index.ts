/**
 * Preload: exposes the WerApi domain functions to the sandboxed renderer. It requires only
 * 'electron' and never hands raw ipcRenderer to the page: each call is one named function bound
 * to its own channel, and events arrive as plain data.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { IPC_CHANNELS, IPC_EVENTS, WER_METHODS, type WerApi, type WerCalls, type WerEvent } from '../../shared/wer-api';

const calls = Object.fromEntries(
  WER_METHODS.map((method) => [method, (...args: unknown[]) => ipcRenderer.invoke(IPC_CHANNELS[method], ...args)]),
) as unknown as WerCalls;

const api: WerApi = {
  ...calls,
  subscribe: (listener) => {
    // The page never sees the IPC event object, only the plain app event.
    const relay = (_event: unknown, payload: WerEvent) => listener(payload);
    ipcRenderer.on(IPC_EVENTS.appEvent, relay);
    return () => void ipcRenderer.removeListener(IPC_EVENTS.appEvent, relay);
  },
  pathForFile: (file) => {
    try {
      return webUtils.getPathForFile(file as File) || null;
    } catch {
      return null;
    }
  },
};

contextBridge.exposeInMainWorld('wer', api);
