/**
 * The locator over folders and shares: the flat and two-tier symbol-store layouts, a build output
 * folder, compressed files (gcab), file.ptr, srv* chains and cache*; never any network.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSymbolLocator } from '../../../../electron/main/core/symbols/symbol-locator';
import { parseSymbolPath } from '../../../../electron/main/core/symbols/symbol-path';
import type { SymbolTransport } from '../../../../electron/main/core/symbols/symbol-transport';
import { requireCabTools } from '../cer/helpers/cab-tools';
import { fakeImage, fakePdb, putCompressed, putFile } from '../../../support/symbol-files';

const ID = '1EB8D8C34B9C4A3FBD2B21F4C6C5F47D1';
const CODE_ID = '5B1C2A4B1e5000';
const pdb = fakePdb(100_000, 3);
const image = fakeImage(50_000, 4);

// Any request fails the test: folders must never cause network traffic.
const noNetwork: SymbolTransport = {
  get: () => {
    throw new Error('the network was used');
  },
  close: () => undefined,
};

describe('symbol locator on local folders', () => {
  let root: string;
  const at = (...p: string[]): string => join(root, ...p);
  const locator = (path: string): ReturnType<typeof createSymbolLocator> =>
    createSymbolLocator({ elements: parseSymbolPath(path).elements, defaultCache: at('default-cache'), transport: noNetwork });

  beforeAll(() => {
    requireCabTools();
    root = mkdtempSync(join(tmpdir(), 'wer-symbols-local-'));
    putFile(root, ['flat', 'app.pdb', ID, 'app.pdb'], pdb);
    putFile(root, ['flat', 'app.dll', CODE_ID, 'app.dll'], image);
    putFile(root, ['two-tier', 'index2.txt'], '');
    putFile(root, ['two-tier', 'ap', 'app.pdb', ID, 'app.pdb'], pdb);
    putFile(root, ['build', 'app.pdb'], pdb);
    putCompressed(root, ['packed', 'app.pdb', ID], 'app.pdb', pdb);
    putFile(root, ['drop', 'app.pdb'], pdb);
    putFile(root, ['ptr', 'app.pdb', ID, 'file.ptr'], `PATH:${at('drop', 'app.pdb')}\r\n`);
    putFile(root, ['withheld', 'app.pdb', ID, 'file.ptr'], 'MSG:Symbols for app are withheld (ticket 4711)');
    putFile(root, ['evil', 'app.pdb', ID, 'file.ptr'], 'PATH:/etc/passwd');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  afterEach(() => rmSync(at('default-cache'), { recursive: true, force: true }));

  it('finds a PDB in a flat store in place, and an image by code id', async () => {
    const l = locator(at('flat'));
    expect(await l.locatePdb({ name: 'C:\\src\\out\\app.pdb', debugId: ID.toLowerCase() })).toEqual({
      kind: 'found',
      path: at('flat', 'app.pdb', ID, 'app.pdb'),
      source: { kind: 'folder', dir: at('flat'), layout: 'flat', element: at('flat') },
      match: 'store-id',
    });
    expect(await l.locateImage({ name: 'app.dll', codeId: CODE_ID.toLowerCase() })).toMatchObject({ kind: 'found', path: at('flat', 'app.dll', CODE_ID, 'app.dll') });
  });

  it('finds it in a two-tier store (index2.txt)', async () => {
    const r = await locator(at('two-tier')).locatePdb({ name: 'app.pdb', debugId: ID });
    expect(r).toMatchObject({ kind: 'found', path: at('two-tier', 'ap', 'app.pdb', ID, 'app.pdb'), source: { layout: 'two-tier' } });
  });

  it('unpacks a compressed app.pd_ (gcab MSZIP) into the default cache', async () => {
    const r = await locator(at('packed')).locatePdb({ name: 'app.pdb', debugId: ID });
    const cached = at('default-cache', 'app.pdb', ID, 'app.pdb');
    expect(r).toMatchObject({ kind: 'found', path: cached, source: { kind: 'folder', dir: at('packed') } });
    expect(readFileSync(cached).equals(pdb)).toBe(true);
  });

  it('follows file.ptr PATH:, reports MSG:, and refuses a pointer to an unrelated file', async () => {
    expect(await locator(at('ptr')).locatePdb({ name: 'app.pdb', debugId: ID })).toMatchObject({ kind: 'found', path: at('drop', 'app.pdb') });
    const withheld = await locator(at('withheld')).locatePdb({ name: 'app.pdb', debugId: ID });
    expect(withheld).toMatchObject({ kind: 'missing', message: expect.stringContaining('the store says: Symbols for app are withheld (ticket 4711)') });
    const evil = await locator(at('evil')).locatePdb({ name: 'app.pdb', debugId: ID });
    expect(evil).toMatchObject({ kind: 'error', message: expect.stringContaining('file.ptr points to "passwd", not to app.pdb') });
  });

  it('treats a build output file by name as a candidate: verified, rejected, or the last resort', async () => {
    const path = `${at('build')};${at('nowhere')}`;
    const checked: string[] = [];
    const verified = await locator(path).locatePdb({ name: 'app.pdb', debugId: ID }, { verify: async (p) => (checked.push(p), true) });
    expect(verified).toMatchObject({ kind: 'found', path: at('build', 'app.pdb'), match: 'verified', source: { layout: 'plain' } });
    expect(checked).toEqual([at('build', 'app.pdb')]);
    expect(await locator(path).locatePdb({ name: 'app.pdb', debugId: ID }, { verify: async () => false })).toMatchObject({ kind: 'missing' });
    expect(await locator(path).locatePdb({ name: 'app.pdb', debugId: ID })).toMatchObject({ kind: 'found', match: 'name-only' });
    // An exact match later in the path wins over a name-only one.
    expect(await locator(`${at('build')};${at('flat')}`).locatePdb({ name: 'app.pdb', debugId: ID })).toMatchObject({ match: 'store-id', path: at('flat', 'app.pdb', ID, 'app.pdb') });
  });

  it('srv*CACHE*STORE copies into the cache and finds it there next time', async () => {
    const path = `srv*${at('default-cache', 'c1')}*${at('flat')}`;
    const first = await locator(path).locatePdb({ name: 'app.pdb', debugId: ID });
    const cached = at('default-cache', 'c1', 'app.pdb', ID, 'app.pdb');
    expect(first).toMatchObject({ kind: 'found', path: cached, source: { kind: 'folder', dir: at('flat') } });
    const again = await locator(`srv*${at('default-cache', 'c1')}*${at('gone')}`).locatePdb({ name: 'app.pdb', debugId: ID });
    expect(again).toMatchObject({ kind: 'found', path: cached, source: { kind: 'cache', dir: at('default-cache', 'c1') } });
  });

  it('a chained srv*A*B*STORE copies what B holds into A', async () => {
    const [a, b] = [at('default-cache', 'a'), at('default-cache', 'b')];
    await locator(`srv*${b}*${at('flat')}`).locatePdb({ name: 'app.pdb', debugId: ID });
    const r = await locator(`srv*${a}*${b}*${at('gone')}`).locatePdb({ name: 'app.pdb', debugId: ID });
    expect(r).toMatchObject({ kind: 'found', path: join(a, 'app.pdb', ID, 'app.pdb'), source: { kind: 'cache', dir: b } });
    expect(readFileSync(join(a, 'app.pdb', ID, 'app.pdb')).equals(pdb)).toBe(true);
  });

  it('cache*DIR is searched where it stands and keeps what later folders find', async () => {
    const keep = at('default-cache', 'keep');
    const r = await locator(`cache*${keep};${at('two-tier')}`).locatePdb({ name: 'app.pdb', debugId: ID });
    expect(r).toMatchObject({ kind: 'found', path: join(keep, 'app.pdb', ID, 'app.pdb'), source: { layout: 'two-tier' } });
    const again = await locator(`cache*${keep}`).locatePdb({ name: 'app.pdb', debugId: ID });
    expect(again).toMatchObject({ kind: 'found', source: { kind: 'cache', dir: keep } });
  });

  it('a miss lists every place looked at, in order', async () => {
    const r = await locator(`${at('flat')};srv*${at('default-cache', 'x')}*${at('two-tier')}`).locatePdb({ name: 'other.pdb', debugId: ID });
    const inStore = (...dir: string[]): string[] => ['other.pdb', 'other.pd_', 'file.ptr'].map((f) => join(...dir, 'other.pdb', ID, f));
    expect(r).toEqual({
      kind: 'missing',
      message: `other.pdb (debug id ${ID}) was not found (looked in 10 places).`,
      tried: [...inStore(at('flat')), at('flat', 'other.pdb'), ...inStore(at('default-cache', 'x')), ...inStore(at('two-tier'), 'ot')],
    });
  });

  it('walks a 1,000-element path (cut to 100) of missing folders quickly', async () => {
    const path = Array.from({ length: 1000 }, (_, i) => at('missing', String(i))).join(';');
    const start = performance.now();
    const r = await locator(path).locatePdb({ name: 'app.pdb', debugId: ID });
    expect(performance.now() - start).toBeLessThan(3000);
    expect(r).toMatchObject({ kind: 'missing' });
    expect(r.kind === 'missing' && r.tried.length).toBe(400);
  });

  it('answers bad names and ids, and an empty path, without touching anything', async () => {
    expect(await locator(at('flat')).locatePdb({ name: '..', debugId: ID })).toMatchObject({ kind: 'error', message: expect.stringMatching(/not a usable PDB file name/) });
    expect(await locator(at('flat')).locateImage({ name: 'a.dll', codeId: 'nope' })).toMatchObject({ kind: 'error', message: expect.stringMatching(/not an image code id/) });
    expect(await locator('').locatePdb({ name: 'app.pdb', debugId: ID })).toMatchObject({ kind: 'missing', message: expect.stringMatching(/no symbol path is set/) });
    expect(existsSync(at('default-cache'))).toBe(false);
  });
});
