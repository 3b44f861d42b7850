/**
 * The Electron contract, checked without the Electron binary: the built main bundle is loaded
 * with a recording stand-in for `electron`, and the built preload is read for what it requires.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { IPC_CHANNELS } from '../../../shared/wer-api';

jest.setTimeout(60_000);

const ROOT = resolve(__dirname, '../../..');

interface Recorded {
  windowOptions: { webPreferences?: Record<string, unknown> } | null;
  webContentsHandlers: Map<string, (...args: unknown[]) => void>;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null;
  permissionRequest: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | null;
  permissionCheck: (() => boolean) | null;
  ipcHandlers: Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>;
  appHandlers: Map<string, (event: { preventDefault: () => void }) => void>;
  quits: number;
  sandboxEnabled: boolean;
}

function recordingElectron(userData: string): { electron: unknown; recorded: Recorded } {
  const recorded: Recorded = {
    windowOptions: null,
    webContentsHandlers: new Map(),
    windowOpenHandler: null,
    permissionRequest: null,
    permissionCheck: null,
    ipcHandlers: new Map(),
    appHandlers: new Map(),
    quits: 0,
    sandboxEnabled: false,
  };
  const mainFrame = { url: 'file:///app/out/renderer/index.html' };
  class BrowserWindow {
    static windows: BrowserWindow[] = [];
    static getAllWindows = () => BrowserWindow.windows;
    readonly webContents = {
      mainFrame,
      on: (event: string, fn: (...args: unknown[]) => void) => void recorded.webContentsHandlers.set(event, fn),
      setWindowOpenHandler: (fn: Recorded['windowOpenHandler']) => void (recorded.windowOpenHandler = fn),
      send: () => undefined,
    };
    constructor(options: Recorded['windowOptions']) {
      recorded.windowOptions = options;
      BrowserWindow.windows.push(this);
    }
    once() {}
    on() {}
    show() {}
    isDestroyed() {
      return false;
    }
    loadFile() {
      return Promise.resolve();
    }
    loadURL() {
      return Promise.resolve();
    }
  }
  const electron = {
    app: {
      enableSandbox: () => void (recorded.sandboxEnabled = true),
      whenReady: () => Promise.resolve(),
      on: (event: string, fn: (event: { preventDefault: () => void }) => void) => void recorded.appHandlers.set(event, fn),
      getPath: () => userData,
      quit: () => void (recorded.quits += 1),
    },
    BrowserWindow,
    ipcMain: { handle: (channel: string, fn: Recorded['ipcHandlers'] extends Map<string, infer F> ? F : never) => void recorded.ipcHandlers.set(channel, fn) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Recorded['permissionRequest']) => void (recorded.permissionRequest = fn),
        setPermissionCheckHandler: (fn: Recorded['permissionCheck']) => void (recorded.permissionCheck = fn),
      },
    },
  };
  return { electron, recorded };
}

describe('Electron contract (built bundles, no Electron binary)', () => {
  let userData: string;
  let recorded: Recorded;
  beforeAll(async () => {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'pipe' });
    userData = mkdtempSync(join(tmpdir(), 'wer-electron-'));
    const stub = recordingElectron(userData);
    recorded = stub.recorded;
    jest.isolateModules(() => {
      jest.doMock('electron', () => stub.electron);
      require(join(ROOT, 'out', 'main', 'index.js'));
    });
    await new Promise((r) => setTimeout(r, 50));
  });
  afterAll(() => rmSync(userData, { recursive: true, force: true }));

  it('creates the window isolated, sandboxed, without Node in the page', () => {
    expect(recorded.sandboxEnabled).toBe(true);
    expect(recorded.windowOptions?.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
  });

  it('blocks navigation away from the app and every new window, and denies permissions', () => {
    const navigate = recorded.webContentsHandlers.get('will-navigate');
    const prevented: string[] = [];
    navigate?.({ preventDefault: () => prevented.push('https') }, 'https://evil.example/');
    expect(prevented).toEqual(['https']);
    expect(recorded.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const answers: boolean[] = [];
    recorded.permissionRequest?.({}, 'media', (granted) => answers.push(granted));
    expect(answers).toEqual([false]);
    expect(recorded.permissionCheck?.()).toBe(false);
  });

  it('registers every contract channel behind the sender check', async () => {
    expect([...recorded.ipcHandlers.keys()].sort()).toEqual(Object.values(IPC_CHANNELS).sort());
    for (const handler of recorded.ipcHandlers.values()) {
      const foreign = { sender: { mainFrame: {} }, senderFrame: { url: 'https://evil.example/' } };
      expect(await handler(foreign)).toEqual({ ok: false, error: expect.stringMatching(/did not come from the app window/) });
    }
  });

  it('answers the app window itself, from the live library', async () => {
    const frame = { url: 'file:///app/out/renderer/index.html' };
    const own = { sender: { mainFrame: frame }, senderFrame: frame };
    const result = (await recorded.ipcHandlers.get(IPC_CHANNELS.listReports)?.(own)) as { ok: boolean; value: { reports: unknown[] } };
    expect(result.ok).toBe(true);
    expect(result.value.reports.length).toBeGreaterThan(0);
  });

  it('closes the library (and writes its cache) before it lets the app quit', async () => {
    let prevented = 0;
    recorded.appHandlers.get('before-quit')?.({ preventDefault: () => void (prevented += 1) });
    expect(prevented).toBe(1);
    const cache = join(userData, 'reports-cache.json');
    const deadline = Date.now() + 5000;
    while (recorded.quits === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(recorded.quits).toBe(1);
    expect(JSON.parse(readFileSync(cache, 'utf8')).entries.length).toBeGreaterThan(0);
  });

  it('has a preload that requires nothing but electron', () => {
    const preload = readFileSync(join(ROOT, 'out', 'preload', 'index.js'), 'utf8');
    const required = new Set([...preload.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]));
    expect([...required]).toEqual(['electron']);
  });
});
