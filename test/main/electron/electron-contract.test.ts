/**
 * The Electron contract, checked without the Electron binary: the built main bundle is loaded
 * with a recording stand-in for `electron` (security settings, IPC, quitting), and the built
 * preload is loaded with a stand-in contextBridge (what it requires, what it exposes).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IPC_CHANNELS, IPC_EVENTS, WER_METHODS } from '../../../shared/wer-api';
import { BUILT, requireBuilt } from '../../support/built';
import { invoke, quitMain, startMain } from './support/load-main';
import type { Recorded } from './support/recording-electron';

jest.setTimeout(60_000);

describe('Electron main process (built bundle, no Electron binary)', () => {
  let userData: string;
  let recorded: Recorded;
  beforeAll(async () => {
    userData = mkdtempSync(join(tmpdir(), 'wer-electron-'));
    recorded = await startMain(userData);
  });
  afterAll(() => rmSync(userData, { recursive: true, force: true }));

  it('creates the window isolated, sandboxed, without Node in the page', () => {
    expect(recorded.sandboxEnabled).toBe(true);
    expect(recorded.windows).toHaveLength(1);
    expect(recorded.windows[0]?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
  });

  it('blocks navigation away from the app and every new window, and denies permissions', () => {
    const window = recorded.windows[0];
    const navigate = window?.webContentsHandlers.get('will-navigate');
    const prevented: string[] = [];
    navigate?.({ preventDefault: () => prevented.push('https') }, 'https://evil.example/');
    navigate?.({ preventDefault: () => prevented.push('file') }, 'file:///C:/Windows/System32/');
    navigate?.({ preventDefault: () => prevented.push('app') }, 'file:///app/out/renderer/index.html#reports');
    expect(prevented).toEqual(['https', 'file']);
    expect(window?.windowOpenHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const answers: boolean[] = [];
    recorded.permissionRequest?.({}, 'media', (granted) => answers.push(granted));
    recorded.permissionRequest?.({}, 'notifications', (granted) => answers.push(granted));
    expect(answers).toEqual([false, false]);
    expect(recorded.permissionCheck?.()).toBe(false);
  });

  it('registers every contract channel, each behind the sender check', async () => {
    expect([...recorded.ipcHandlers.keys()].sort()).toEqual(Object.values(IPC_CHANNELS).sort());
    expect(recorded.ipcHandlers.has('symbols:setup') && recorded.ipcHandlers.has('symbols:clear-cache')).toBe(true);
    const foreignFrame = { url: 'https://evil.example/' };
    const subFrame = { url: 'file:///app/out/renderer/index.html' };
    for (const [channel, handler] of recorded.ipcHandlers) {
      // Another page, and an iframe of the app's own page: both refused.
      for (const event of [
        { sender: { mainFrame: {} }, senderFrame: foreignFrame },
        { sender: { mainFrame: {} }, senderFrame: subFrame },
        { sender: { mainFrame: {} }, senderFrame: null },
      ]) {
        expect({ channel, answer: await handler(event) }).toEqual({
          channel,
          answer: { ok: false, error: expect.stringMatching(/did not come from the app window/) },
        });
      }
    }
  });

  it('refuses bad arguments before they reach the core', async () => {
    expect(await invoke(recorded, IPC_CHANNELS.getReport, 42)).toMatchObject({ ok: false });
    expect(await invoke(recorded, IPC_CHANNELS.getReport, 'x'.repeat(10_000))).toMatchObject({ ok: false });
    expect(await invoke(recorded, IPC_CHANNELS.exportList, 'exe', ['a'])).toMatchObject({ ok: false });
    expect(await invoke(recorded, IPC_CHANNELS.updateSettings, { notifyNewCrashes: 'yes' })).toMatchObject({ ok: false });
    expect(await invoke(recorded, IPC_CHANNELS.updateSettings, { dangerous: true })).toMatchObject({ ok: false });
    expect(await invoke(recorded, IPC_CHANNELS.symbolSetup, { cerCaFile: 'C:\\evil.pem' })).toMatchObject({ ok: false, error: expect.stringMatching(/Unknown symbol setting/) });
    expect(await invoke(recorded, IPC_CHANNELS.clearSymbolCache, 'C:\\Windows')).toMatchObject({ ok: false });
    expect(await invoke(recorded, IPC_CHANNELS.runDoctor, '--enable-local-dumps')).toMatchObject({ ok: false, error: 'This call takes no arguments.' });
  });

  it('answers the app window itself, from the sample store in its data folder', async () => {
    const result = (await invoke(recorded, IPC_CHANNELS.listReports)) as { ok: boolean; value: { reports: { folder: string }[] } };
    expect(result.ok).toBe(true);
    expect(result.value.reports.length).toBeGreaterThan(0);
    for (const report of result.value.reports) expect(report.folder.startsWith(join(userData, 'sample-store'))).toBe(true);
    const info = (await invoke(recorded, IPC_CHANNELS.info)) as { ok: boolean; value: { mode: string } };
    expect(info.value.mode).toBe('desktop');
    // The symbol cache defaults to the data folder; with the Microsoft server off nothing goes to the network.
    const symbols = (await invoke(recorded, IPC_CHANNELS.symbolSetup)) as { ok: boolean; value: { cacheDir: string; elements: { network: boolean; origin: string }[] } };
    expect(symbols.ok).toBe(true);
    expect(symbols.value.cacheDir).toBe(join(userData, 'symbols'));
    expect(symbols.value.elements.filter((e) => e.network && e.origin !== '_NT_SYMBOL_PATH' && e.origin !== '_NT_ALT_SYMBOL_PATH')).toEqual([]);
    // doctor:run reads the live registry on Windows only; here it says so.
    expect(IPC_CHANNELS.runDoctor).toBe('doctor:run');
    expect(await invoke(recorded, IPC_CHANNELS.runDoctor)).toEqual({ ok: true, value: { kind: 'unavailable', reason: 'The doctor reads the live registry on Windows only.' } });
  });

  it('forwards app events to the window on the one event channel', async () => {
    const viewMenu = recorded.applicationMenu?.find((m) => m.label?.replace(/&/g, '') === 'View');
    viewMenu?.submenu?.find((i) => i.label?.replace(/&/g, '') === 'Refresh')?.click?.();
    await new Promise((r) => setTimeout(r, 20));
    expect(recorded.windows[0]?.sent).toContainEqual({ channel: IPC_EVENTS.appEvent, payload: { kind: 'command', command: 'refresh' } });
  });

  it('closes the library (and writes its cache and the window state) before it lets the app quit', async () => {
    const prevented = await quitMain(recorded);
    expect(prevented).toBe(1);
    expect(recorded.quits).toBe(1);
    // JSON Lines: a header line, then one cached report per line (its folder, id and stamp, a tab, its JSON).
    const cacheLines = readFileSync(join(userData, 'reports-cache.json'), 'utf8').split('\n').filter((l) => l !== '');
    expect(cacheLines.slice(1).map((l) => (JSON.parse(l.slice(l.indexOf('\t') + 1)) as { id: string }).id).length).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8'))).toMatchObject({ maximized: false });
    expect(recorded.trays.every((t) => t.destroyed)).toBe(true);
    // The second before-quit (from the app's own app.quit()) goes through.
    let again = 0;
    recorded.appHandlers.get('before-quit')?.({ preventDefault: () => void (again += 1) });
    expect(again).toBe(0);
  });
});

describe('Electron preload (built bundle)', () => {
  beforeAll(() => requireBuilt(BUILT.main, BUILT.preload));

  it('requires nothing but electron', () => {
    const preload = readFileSync(BUILT.preload, 'utf8');
    const required = new Set([...preload.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]));
    expect([...required]).toEqual(['electron']);
  });

  it('exposes one `wer` object: the contract calls bound to their channels, subscribe and pathForFile', async () => {
    const exposed = new Map<string, Record<string, unknown>>();
    const invoked: unknown[][] = [];
    const listeners = new Map<string, (...args: unknown[]) => void>();
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => void exposed.set(key, api) },
      webUtils: { getPathForFile: (file: { name: string }) => `C:\\dropped\\${file.name}` },
      ipcRenderer: {
        invoke: async (...args: unknown[]) => {
          invoked.push(args);
          return { ok: true, value: null };
        },
        on: (channel: string, fn: (...args: unknown[]) => void) => void listeners.set(channel, fn),
        removeListener: (channel: string) => void listeners.delete(channel),
      },
    };
    jest.isolateModules(() => {
      jest.doMock('electron', () => electron);
      require(BUILT.preload);
    });
    expect([...exposed.keys()]).toEqual(['wer']);
    const wer = exposed.get('wer') ?? {};
    // The WerApi members that are not IPC calls: the event stream and the dropped-file path.
    expect(Object.keys(wer).sort()).toEqual([...WER_METHODS, 'subscribe', 'pathForFile'].sort());
    for (const method of WER_METHODS) expect(typeof wer[method]).toBe('function');

    await (wer.getReport as (id: string) => Promise<unknown>)('report-1');
    expect(invoked).toEqual([[IPC_CHANNELS.getReport, 'report-1']]);

    // The page gets the plain event, never the IPC event object (which carries `sender`).
    const got: unknown[] = [];
    const stop = (wer.subscribe as (l: (e: unknown) => void) => () => void)((e) => got.push(e));
    listeners.get(IPC_EVENTS.appEvent)?.({ sender: 'ipc internals' }, { kind: 'reset' });
    expect(got).toEqual([{ kind: 'reset' }]);
    stop();
    expect(listeners.has(IPC_EVENTS.appEvent)).toBe(false);

    expect((wer.pathForFile as (f: unknown) => string | null)({ name: 'bundle.zip' })).toBe('C:\\dropped\\bundle.zip');
  });
});
