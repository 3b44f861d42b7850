/**
 * The desktop shell hooks over the recording `electron` stand-in: the elevation check runs in the
 * background (never a synchronous process at start), and the dialogs ask with the right options.
 */
import type { ExecFileException } from 'node:child_process';
import { tmpdir } from 'node:os';
import type * as ShellHooksModule from '../../../electron/main/shell-hooks';
import { settle, waitFor } from '../../support/wait';
import { type Recorded, recordingElectron } from './support/recording-electron';

type ExecFileCallback = (error: ExecFileException | null, stdout: string, stderr: string) => void;

const realPlatform = process.platform;
const setPlatform = (platform: string) => Object.defineProperty(process, 'platform', { value: platform, configurable: true });

function load(): { hooks: typeof ShellHooksModule; recorded: Recorded; execFile: jest.Mock; execFileSync: jest.Mock } {
  const stub = recordingElectron(tmpdir(), tmpdir());
  const execFile = jest.fn();
  const execFileSync = jest.fn(() => {
    throw new Error('a synchronous process at start');
  });
  let hooks: typeof ShellHooksModule | undefined;
  jest.isolateModules(() => {
    jest.doMock('electron', () => stub.electron);
    jest.doMock('node:child_process', () => ({ ...jest.requireActual('node:child_process'), execFile, execFileSync }));
    hooks = require('../../../electron/main/shell-hooks') as typeof ShellHooksModule;
  });
  if (!hooks) throw new Error('shell-hooks did not load');
  return { hooks, recorded: stub.recorded, execFile, execFileSync };
}

describe('desktop shell hooks', () => {
  afterEach(() => setPlatform(realPlatform));

  it('checks elevation in the background on Windows: start-up does not wait for whoami', async () => {
    setPlatform('win32');
    const { hooks, execFile, execFileSync } = load();
    const shell = hooks.desktopShellHooks();
    // Back at once, with a promise, and not even a process started yet.
    expect(typeof (shell.elevated as Promise<boolean | null>).then).toBe('function');
    expect(execFile).not.toHaveBeenCalled();
    let result: boolean | null | 'pending' = 'pending';
    const checking = Promise.resolve(shell.elevated).then((r) => (result = r ?? null));

    await waitFor(() => execFile.mock.calls.length === 1, 'whoami to be started');
    const [file, args, options, callback] = execFile.mock.calls[0] as [string, string[], Record<string, unknown>, ExecFileCallback];
    expect(file).toMatch(/\\System32\\whoami\.exe$/i);
    expect(args).toEqual(['/groups', '/fo', 'csv', '/nh']);
    expect(options).toMatchObject({ windowsHide: true, timeout: 5000 });
    await settle(20);
    expect(result).toBe('pending');
    callback(null, '"Mandatory Label\\Medium Mandatory Level","Label","S-1-16-8192",""\r\n', '');
    await checking;
    expect(result).toBe(false);
    expect(execFileSync).not.toHaveBeenCalled();
  });

  it('knows no elevation off Windows, and starts no process for it', async () => {
    setPlatform('linux');
    const { hooks, execFile, execFileSync } = load();
    expect(await hooks.desktopShellHooks().elevated).toBeNull();
    expect(execFile).not.toHaveBeenCalled();
    expect(execFileSync).not.toHaveBeenCalled();
  });

  it('asks for a store folder and for a ticket bundle with their own dialogs', async () => {
    const { hooks, recorded } = load();
    recorded.openDialogAnswers.push({ canceled: false, filePaths: ['/cases/WER'] });
    expect(await hooks.desktopShellHooks().chooseFolder?.()).toBe('/cases/WER');
    expect(recorded.openDialogs[0]).toMatchObject({ properties: ['openDirectory'] });

    recorded.openDialogAnswers.push({ canceled: false, filePaths: ['/cases/ticket.zip'] });
    expect(await hooks.chooseBundleFile(null)).toBe('/cases/ticket.zip');
    expect(recorded.openDialogs[1]).toMatchObject({ properties: ['openFile'], filters: [{ name: 'Ticket bundle', extensions: ['zip'] }] });
    expect(await hooks.chooseBundleFile(null)).toBeNull();
  });
});
