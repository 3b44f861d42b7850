/**
 * Preload: exposes the WerApi domain functions to the sandboxed renderer. It requires only
 * 'electron' and never hands raw ipcRenderer to the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNELS, type WerApi } from '../../shared/wer-api';

const api: WerApi = {
  listReports: () => ipcRenderer.invoke(IPC_CHANNELS.listReports),
};

contextBridge.exposeInMainWorld('wer', api);
