/**
 * Loads the built main bundle (out/main/index.js) over the recording `electron` stand-in, and
 * quits it again. The bundle is built by `npm test` (or `npm run build`) before Jest runs.
 */
import { IPC_CHANNELS } from '../../../../shared/wer-api';
import { BUILT, REPO_ROOT, requireBuilt } from '../../../support/built';
import { waitFor } from '../../../support/wait';
import { type Recorded, recordingElectron } from './recording-electron';


/** An IPC event from the app's own window. */
export function appSender(): { sender: { mainFrame: unknown }; senderFrame: unknown } {
  const frame = { url: 'file:///app/out/renderer/index.html' };
  return { sender: { mainFrame: frame }, senderFrame: frame };
}

/** Calls an IPC channel as the app window does. */
export function invoke(recorded: Recorded, channel: string, ...args: unknown[]): Promise<{ ok: boolean; value?: unknown; error?: string }> {
  const handler = recorded.ipcHandlers.get(channel);
  if (!handler) throw new Error(`No handler for ${channel}`);
  return handler(appSender(), ...args) as Promise<{ ok: boolean; value?: unknown; error?: string }>;
}

/** Starts the main bundle with `userData` as data folder; resolves once the window and the core are up. */
export async function startMain(userData: string): Promise<Recorded> {
  requireBuilt(BUILT.main, BUILT.preload);
  const stub = recordingElectron(userData, REPO_ROOT);
  jest.isolateModules(() => {
    jest.doMock('electron', () => stub.electron);
    require(BUILT.main);
  });
  const { recorded } = stub;
  await waitFor(() => recorded.windows.length > 0, 'the main window');
  // The IPC handlers answer once the core (settings, library) is open.
  const snapshot = await invoke(recorded, IPC_CHANNELS.listReports);
  if (!snapshot.ok) throw new Error(`listReports failed: ${snapshot.error}`);
  return recorded;
}

/** Quits the app as Electron would (before-quit), and waits until it has closed its core. */
export async function quitMain(recorded: Recorded): Promise<number> {
  let prevented = 0;
  const before = recorded.quits;
  recorded.appHandlers.get('before-quit')?.({ preventDefault: () => void (prevented += 1) });
  await waitFor(() => recorded.quits > before, 'the app to quit');
  return prevented;
}
