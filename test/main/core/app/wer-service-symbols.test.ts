/**
 * The symbol calls of the WerApi service over a real data folder: the effective symbol path with
 * the origin of each element, drafts that are tried but not saved, and the symbol cache (a
 * `name.pdb/<ID>/name.pdb` tree made here) measured and cleared.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAppCore, type AppCore } from '../../../../electron/main/core/app/app-core';
import { symbolLocatorBase } from '../../../../electron/main/core/app/symbol-settings';
import { MICROSOFT_SYMBOL_SERVER } from '../../../../electron/main/core/symbols/effective-symbol-path';
import { defaultSettings } from '../../../../shared/settings-model';
import { MICROSOFT_SYMBOL_SERVER_URL } from '../../../../shared/symbol-setup-model';
import { fakePdb, putFile } from '../../../support/symbol-files';

const PDB_ID = '3844DBB920174967BE7AA4A2C20430FA2';

describe('WerService symbol calls', () => {
  let root: string;
  let dataDir: string;
  let core: AppCore;
  const env: Record<string, string> = {};

  const setup = async (draft?: Parameters<AppCore['calls']['symbolSetup']>[0]) => {
    const r = await core.calls.symbolSetup(draft);
    if (!r.ok) throw new Error(r.error);
    return r.value;
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-symbols-service-'));
    dataDir = join(root, 'data');
    await mkdir(dataDir);
    // A settings file from before the symbol settings: no store to read, nothing about symbols.
    await writeFile(join(dataDir, 'settings.json'), JSON.stringify({ version: 1, useDefaultStores: false, extraStores: [] }));
    core = await openAppCore({ dataDir, shell: { mode: 'browser' }, env });
  });
  afterAll(async () => {
    await core.close();
    await rm(root, { recursive: true, force: true });
  });
  afterEach(() => {
    for (const key of Object.keys(env)) delete env[key];
  });

  it('starts with an empty path, no network, and the default cache in the data folder', async () => {
    expect(await setup()).toEqual({
      elements: [],
      problems: [],
      cacheDir: join(dataDir, 'symbols'),
      defaultCacheDir: join(dataDir, 'symbols'),
      cacheSize: { bytes: 0, files: 0 },
      cacheError: null,
    });
    expect(MICROSOFT_SYMBOL_SERVER_URL).toBe(MICROSOFT_SYMBOL_SERVER);
  });

  it('lists the environment first, then the setting, then Microsoft, each with its origin and problems', async () => {
    env._nt_symbol_path = 'srv*D:\\ntcache*https://symbols.example.com';
    env._NT_ALT_SYMBOL_PATH = 'D:\\private-pdbs;nope*x';
    const saved = await core.calls.updateSettings({ symbolPath: 'cache*;srv*\\\\builds\\symbols;http://bare.example.com', symbolMicrosoftServer: true });
    expect(saved).toMatchObject({ ok: true });
    const cache = join(dataDir, 'symbols');
    const s = await setup();
    expect(s.elements).toEqual([
      { origin: '_NT_ALT_SYMBOL_PATH', kind: 'folder', text: 'D:\\private-pdbs', store: 'D:\\private-pdbs', caches: [], network: false },
      { origin: '_NT_SYMBOL_PATH', kind: 'server', text: env._nt_symbol_path, store: 'https://symbols.example.com', caches: ['D:\\ntcache'], network: true },
      { origin: 'settings', kind: 'cache', text: 'cache*', store: null, caches: [cache], network: false },
      { origin: 'settings', kind: 'server', text: 'srv*\\\\builds\\symbols', store: '\\\\builds\\symbols', caches: [], network: false },
      { origin: 'microsoft', kind: 'server', text: `srv**${MICROSOFT_SYMBOL_SERVER}`, store: MICROSOFT_SYMBOL_SERVER, caches: [cache], network: true },
    ]);
    expect(s.problems).toEqual([
      { origin: '_NT_ALT_SYMBOL_PATH', text: 'nope*x', message: expect.stringMatching(/not a symbol path element/) },
      { origin: 'settings', text: 'http://bare.example.com', message: expect.stringMatching(/needs "srv\*"/) },
    ]);
    await core.calls.updateSettings({ symbolPath: '', symbolMicrosoftServer: false });
  });

  it('tries a draft without saving it, and refuses a draft that could not be saved', async () => {
    const draft = await setup({ symbolPath: 'srv*https://symbols.example.com', symbolCacheDir: join(root, 'draft-cache') });
    expect(draft.elements).toEqual([
      { origin: 'settings', kind: 'server', text: 'srv*https://symbols.example.com', store: 'https://symbols.example.com', caches: [join(root, 'draft-cache')], network: true },
    ]);
    expect(draft.cacheDir).toBe(join(root, 'draft-cache'));
    expect(JSON.parse(await readFile(join(dataDir, 'settings.json'), 'utf8')).symbolPath).toBe('');
    expect((await setup()).elements).toEqual([]);
    expect(await core.calls.symbolSetup({ symbolCacheDir: 'relative\\cache' })).toMatchObject({ ok: false, error: expect.stringMatching(/full path/) });
  });

  it('measures the cache, clears only symbol cache content and measures it again', async () => {
    const cacheDir = join(root, 'cache');
    expect(await core.calls.updateSettings({ symbolCacheDir: cacheDir })).toMatchObject({ ok: true });
    const pdb = fakePdb(3000);
    putFile(cacheDir, ['app.pdb', PDB_ID, 'app.pdb'], pdb);
    putFile(cacheDir, ['ntdll.pdb', '1EB9FACB04EA273BB4BA52A2C2C4FD3F1', 'ntdll.pdb'], fakePdb(1000, 7));
    // Not cache content: a note the user keeps there, and a folder that is not `name.ext/ID`.
    putFile(cacheDir, ['readme.txt'], 'mine');
    putFile(cacheDir, ['projects', 'notes.txt'], 'mine too');
    const before = await setup();
    expect(before.cacheDir).toBe(cacheDir);
    expect(before.defaultCacheDir).toBe(join(dataDir, 'symbols'));
    expect(before.cacheSize).toEqual({ bytes: 3000 + 1000 + 4 + 8, files: 4 });

    const cleared = await core.calls.clearSymbolCache();
    expect(cleared).toEqual({ ok: true, value: { cacheDir, removed: 2, kept: expect.arrayContaining(['readme.txt', 'projects']), cacheSize: { bytes: 12, files: 2 } } });
    expect((await readdir(cacheDir)).sort()).toEqual(['projects', 'readme.txt']);
    expect((await setup()).cacheSize).toEqual({ bytes: 12, files: 2 });
  });

  it('clears a cache folder that does not exist yet as an empty one', async () => {
    await core.calls.updateSettings({ symbolCacheDir: '' });
    expect(await core.calls.clearSymbolCache()).toEqual({ ok: true, value: { cacheDir: join(dataDir, 'symbols'), removed: 0, kept: [], cacheSize: { bytes: 0, files: 0 } } });
  });

  it('gives a locator the effective path, the cache and the company CA of the settings', async () => {
    const ca = join(root, 'corp-ca.pem');
    await writeFile(ca, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    const settings = { ...defaultSettings(), symbolPath: 'srv*https://symbols.corp', cerCaFile: ca };
    const base = await symbolLocatorBase(settings, dataDir, { _NT_SYMBOL_PATH: 'D:\\pdbs' });
    expect(base).toMatchObject({
      ok: true,
      value: { elements: [{ origin: '_NT_SYMBOL_PATH', kind: 'folder' }, { origin: 'settings', kind: 'server' }], defaultCache: join(dataDir, 'symbols'), ca: expect.stringContaining('BEGIN CERTIFICATE') },
    });
    expect(await symbolLocatorBase({ ...settings, cerCaFile: join(root, 'missing.pem') }, dataDir, {})).toMatchObject({ ok: false, error: expect.stringMatching(/company CA file .* could not be read \(ENOENT\)/) });
    expect(await symbolLocatorBase({ ...settings, cerCaFile: '' }, dataDir, {})).toEqual({ ok: true, value: { elements: [expect.objectContaining({ origin: 'settings' })], defaultCache: join(dataDir, 'symbols') } });
  });
});
