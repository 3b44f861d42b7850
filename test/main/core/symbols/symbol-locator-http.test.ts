/**
 * The locator against a symbol server on loopback (the real node:http transport): plain,
 * compressed (gcab) and pointer forms, images, remembered misses, and every way a server can
 * fail: 5xx, silence, a reset mid-body, a size cap, HTML instead of a PDB, redirects, cancel, and
 * the parallel limit as the server sees it. No half file may ever stay in the cache.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { SymbolProgress } from '../../../../electron/main/core/symbols/locator-types';
import { MISSES_FILE } from '../../../../electron/main/core/symbols/miss-cache';
import { createSymbolLocator, type SymbolLocatorOptions } from '../../../../electron/main/core/symbols/symbol-locator';
import { parseSymbolPath } from '../../../../electron/main/core/symbols/symbol-path';
import { writeCab } from '../../../../electron/main/core/cer/cab-writer';
import { requireCabTools } from '../cer/helpers/cab-tools';
import { fakeImage, fakePdb, putCompressed, putFile } from '../../../support/symbol-files';
import { startSymbolServer, type SymbolServer } from '../../../support/symbol-server';
import { waitFor } from '../../../support/wait';

const ID = '0A1B2C3D4E5F60718293A4B5C6D7E8F92';
const CODE_ID = '5B1C2A4B1e5000';
const pdb = fakePdb(1_200_000, 5);

/** Every file under `dir` (relative, `/`-separated), so a test can prove nothing half-written stayed. */
function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
      .sort();
  } catch {
    return [];
  }
}

describe('symbol locator over HTTP', () => {
  let root: string;
  let server: SymbolServer;
  let cache: string;
  let caseNo = 0;
  const open: { close(): void }[] = [];
  const store = (...p: string[]): string => join(root, 'store', ...p);
  const locator = (extra: Partial<SymbolLocatorOptions> = {}): ReturnType<typeof createSymbolLocator> => {
    const l = createSymbolLocator({ elements: parseSymbolPath(`srv*${cache}*${server.url}`).elements, defaultCache: join(root, 'default'), timeoutMs: 2000, ...extra });
    open.push(l);
    return l;
  };
  const path = (...p: string[]): string => `/store/${p.join('/')}`;

  beforeAll(async () => {
    requireCabTools();
    root = mkdtempSync(join(tmpdir(), 'wer-symbols-http-'));
    putFile(store(), ['app.pdb', ID, 'app.pdb'], pdb);
    putCompressed(store(), ['packed.pdb', ID], 'packed.pdb', pdb);
    putFile(store(), ['app.dll', CODE_ID, 'app.dll'], fakeImage(40_000));
    putFile(root, ['drop', 'ptr.pdb'], pdb);
    putFile(store(), ['ptr.pdb', ID, 'file.ptr'], `PATH:${join(root, 'drop', 'ptr.pdb')}`);
    putFile(store(), ['withheld.pdb', ID, 'file.ptr'], 'MSG:Withheld: ask the build team');
    putFile(store(), ['tricky.pdb', ID, 'tricky.pd_'], Buffer.from(writeCab([{ name: '..\\..\\tricky.pdb', data: pdb }], { compression: 'mszip' })));
    putFile(store(), ['junk.pdb', ID, 'junk.pd_'], fakeImage(5000, 9));
    for (let i = 0; i < 8; i++) putFile(store(), [`p${i}.pdb`, ID, `p${i}.pdb`], fakePdb(20_000, i));
    server = await startSymbolServer(store());
  });
  beforeEach(() => {
    cache = join(root, `cache-${++caseNo}`);
    server.requests.length = 0;
    server.faults.clear();
  });
  afterEach(() => open.splice(0).forEach((l) => l.close()));
  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('downloads a PDB into the cache with progress, then serves it from the cache', async () => {
    const progress: SymbolProgress[] = [];
    const l = locator();
    const r = await l.locatePdb({ name: 'app.pdb', debugId: ID }, { onProgress: (p) => progress.push(p) });
    const cached = join(cache, 'app.pdb', ID, 'app.pdb');
    expect(r).toEqual({ kind: 'found', path: cached, match: 'store-id', source: { kind: 'server', url: server.url, element: `srv*${cache}*${server.url}` } });
    expect(readFileSync(cached).equals(pdb)).toBe(true);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)).toEqual({ file: 'app.pdb', url: `${server.url}/app.pdb/${ID}/app.pdb`, bytes: pdb.length, total: pdb.length });
    expect(progress.map((p) => p.bytes)).toEqual([...progress.map((p) => p.bytes)].sort((a, b) => a - b));
    expect(await l.locatePdb({ name: 'app.pdb', debugId: ID })).toMatchObject({ kind: 'found', path: cached, source: { kind: 'cache' } });
    expect(server.requests).toEqual([path('app.pdb', ID, 'app.pdb')]);
    expect(filesUnder(cache)).toEqual([`app.pdb/${ID}/app.pdb`]);
  });

  it('falls back to name.pd_ (a gcab MSZIP cabinet) and unpacks it', async () => {
    const r = await locator().locatePdb({ name: 'packed.pdb', debugId: ID });
    expect(r).toMatchObject({ kind: 'found', path: join(cache, 'packed.pdb', ID, 'packed.pdb') });
    expect(readFileSync(join(cache, 'packed.pdb', ID, 'packed.pdb')).equals(pdb)).toBe(true);
    expect(server.requests).toEqual([path('packed.pdb', ID, 'packed.pdb'), path('packed.pdb', ID, 'packed.pd_')]);
    expect(filesUnder(cache)).toEqual([`packed.pdb/${ID}/packed.pdb`]);
  });

  it('cache*DIR before srv* keeps the download too', async () => {
    const keep = join(cache, 'keep');
    const l = createSymbolLocator({ elements: parseSymbolPath(`cache*${keep};srv*${cache}*${server.url}`).elements, defaultCache: join(root, 'default') });
    open.push(l);
    const r = await l.locatePdb({ name: 'app.pdb', debugId: ID });
    expect(r).toMatchObject({ kind: 'found', path: join(keep, 'app.pdb', ID, 'app.pdb'), source: { kind: 'server' } });
    expect(filesUnder(cache)).toEqual([`app.pdb/${ID}/app.pdb`, `keep/app.pdb/${ID}/app.pdb`]);
    expect(r.kind === 'found' && r.path && readFileSync(join(cache, 'app.pdb', ID, 'app.pdb')).equals(pdb)).toBe(true);
  });

  it('finds an image by code id', async () => {
    const r = await locator().locateImage({ name: 'app.dll', codeId: CODE_ID });
    expect(r).toMatchObject({ kind: 'found', path: join(cache, 'app.dll', CODE_ID, 'app.dll') });
  });

  it('follows a served file.ptr PATH: into the cache and reports MSG:', async () => {
    const l = locator();
    expect(await l.locatePdb({ name: 'ptr.pdb', debugId: ID })).toMatchObject({ kind: 'found', path: join(cache, 'ptr.pdb', ID, 'ptr.pdb') });
    expect(server.requests.at(-1)).toBe(path('ptr.pdb', ID, 'file.ptr'));
    expect(await l.locatePdb({ name: 'withheld.pdb', debugId: ID })).toMatchObject({ kind: 'missing', message: expect.stringContaining('Withheld: ask the build team') });
  });

  it('remembers a 404 in the cache folder (no second request) until it expires', async () => {
    let now = 1_000_000;
    const l = locator({ now: () => now, missTtlMs: 60_000 });
    const first = await l.locatePdb({ name: 'none.pdb', debugId: ID });
    const asked = ['none.pdb', 'none.pd_', 'file.ptr'];
    expect(first).toMatchObject({ kind: 'missing', tried: [...asked.map((f) => join(cache, 'none.pdb', ID, f)), ...asked.map((f) => `${server.url}/none.pdb/${ID}/${f}`)] });
    expect(server.requests).toHaveLength(3);
    const second = await l.locatePdb({ name: 'none.pdb', debugId: ID });
    expect(second.kind === 'missing' && second.tried.at(-1)).toBe(`${server.url}/none.pdb/${ID}/ (not asked again: missing there recently)`);
    // Only the list of misses is left: no empty name/ID folders either.
    expect(filesUnder(cache)).toEqual([MISSES_FILE]);
    expect(readdirSync(cache)).toEqual([MISSES_FILE]);
    // Persisted: a new locator (the app restarted) does not ask either.
    expect(await locator({ now: () => now, missTtlMs: 60_000 }).locatePdb({ name: 'none.pdb', debugId: ID })).toMatchObject({ kind: 'missing' });
    expect(server.requests).toHaveLength(3);
    now += 61_000;
    await l.locatePdb({ name: 'none.pdb', debugId: ID });
    expect(server.requests).toHaveLength(6);
  });

  it('does not remember a 5xx or a timeout as a miss; skips a server that gave no answer for a while', async () => {
    let now = 5_000_000;
    server.faults.set(path('app.pdb', ID, 'app.pdb'), { kind: 'status', status: 503 });
    const l = locator({ timeoutMs: 300, now: () => now, unreachableForMs: 60_000 });
    expect(await l.locatePdb({ name: 'app.pdb', debugId: ID })).toMatchObject({ kind: 'error', message: expect.stringContaining('the server answered HTTP 503') });
    server.faults.set(path('app.pdb', ID, 'app.pdb'), { kind: 'hang' });
    const start = performance.now();
    expect(await l.locatePdb({ name: 'app.pdb', debugId: ID })).toMatchObject({ kind: 'error', message: expect.stringContaining('did not answer within 300 ms') });
    expect(performance.now() - start).toBeLessThan(2000);
    expect(server.requests).toHaveLength(2);
    // No answer at all: the next lookups do not wait on that server again for a while.
    const skipped = await l.locatePdb({ name: 'p1.pdb', debugId: ID });
    expect(skipped).toMatchObject({ kind: 'error', message: expect.stringMatching(/was skipped: 127\.0\.0\.1:\d+ did not answer within 300 ms moments ago/) });
    expect(server.requests).toHaveLength(2);
    server.faults.clear();
    now += 61_000;
    expect(await l.locatePdb({ name: 'app.pdb', debugId: ID })).toMatchObject({ kind: 'found' });
    expect(await l.locatePdb({ name: 'p1.pdb', debugId: ID })).toMatchObject({ kind: 'found' });
    expect(server.requests).toHaveLength(4);
  });

  it.each([
    ['a server that goes silent mid-body', { kind: 'stall', after: 100_000 } as const, /stopped sending for 300 ms/],
    ['a connection reset mid-body', { kind: 'reset', after: 100_000 } as const, /connection failed/],
    ['a Content-Length over the cap', { kind: 'huge-length' } as const, /the file is 1000000000000 bytes, more than the 2000000 allowed/],
    ['a 200 with an HTML page', { kind: 'html' } as const, /it is not a PDB \(it starts with "<!DOCTYPE html><html><bo"\)/],
  ])('leaves no file after %s', async (_label, fault, message) => {
    server.faults.set(path('app.pdb', ID, 'app.pdb'), fault);
    const r = await locator({ timeoutMs: 300, maxBytes: 2_000_000 }).locatePdb({ name: 'app.pdb', debugId: ID });
    expect(r).toMatchObject({ kind: 'error', message: expect.stringMatching(message) });
    expect(filesUnder(cache)).toEqual([]);
  });

  it.each([
    ['announced', undefined, /the file is 1200000 bytes, more than the 500000 allowed/],
    ['not announced (chunked)', { kind: 'chunked' } as const, /larger than the 500000 bytes allowed/],
  ])('stops at the size cap, size %s', async (_label, fault, message) => {
    if (fault) server.faults.set(path('app.pdb', ID, 'app.pdb'), fault);
    const r = await locator({ maxBytes: 500_000 }).locatePdb({ name: 'app.pdb', debugId: ID });
    expect(r).toMatchObject({ kind: 'error', message: expect.stringMatching(message) });
    expect(filesUnder(cache)).toEqual([]);
  });

  it.each([
    ['tricky', /tricky\.pd_ cannot be unpacked: it holds "\.\.\\\\\.\.\\\\tricky\.pdb" instead of tricky\.pdb/],
    ['junk', /junk\.pd_ cannot be unpacked: it is not a cabinet \(it starts with "MZ/],
  ])('refuses a %s .pd_ and writes nothing, inside the cache or outside it', async (name, message) => {
    const r = await locator().locatePdb({ name: `${name}.pdb`, debugId: ID });
    expect(r).toMatchObject({ kind: 'error', message: expect.stringMatching(message) });
    expect(filesUnder(cache)).toEqual([]);
    expect(readdirSync(root).filter((f) => f.endsWith('.pdb'))).toEqual([]);
  });

  it('follows redirects within bounds', async () => {
    server.faults.set(path('moved.pdb', ID, 'moved.pdb'), { kind: 'redirect', location: `${server.origin}${path('app.pdb', ID, 'app.pdb')}`, status: 301 });
    expect(await locator().locatePdb({ name: 'moved.pdb', debugId: ID })).toMatchObject({ kind: 'found', path: join(cache, 'moved.pdb', ID, 'moved.pdb') });
    server.faults.set(path('app.pdb', ID, 'app.pdb'), { kind: 'redirect', location: '/store/elsewhere/app.pdb' });
    server.faults.set('/store/elsewhere/app.pdb', { kind: 'redirect', location: `${server.origin}${path('p0.pdb', ID, 'p0.pdb')}` });
    const hops = await locator().locatePdb({ name: 'app.pdb', debugId: ID });
    expect(hops).toMatchObject({ kind: 'found' });
    expect(server.requests.slice(-3)).toEqual([path('app.pdb', ID, 'app.pdb'), '/store/elsewhere/app.pdb', path('p0.pdb', ID, 'p0.pdb')]);
    server.faults.set('/store/loop', { kind: 'redirect', location: '/store/loop' });
    server.faults.set(path('loop.pdb', ID, 'loop.pdb'), { kind: 'redirect', location: '/store/loop' });
    expect(await locator().locatePdb({ name: 'loop.pdb', debugId: ID })).toMatchObject({ kind: 'error', message: expect.stringContaining('more than 5 redirects') });
  });

  it('cancels mid-download and leaves nothing behind', async () => {
    server.faults.set(path('app.pdb', ID, 'app.pdb'), { kind: 'stall', after: 300_000 });
    const controller = new AbortController();
    const progress: SymbolProgress[] = [];
    const pending = locator({ timeoutMs: 10_000 }).locatePdb({ name: 'app.pdb', debugId: ID }, { signal: controller.signal, onProgress: (p) => progress.push(p) });
    await waitFor(() => progress.length > 0, 'the first bytes');
    const start = performance.now();
    controller.abort();
    expect(await pending).toMatchObject({ kind: 'error', message: expect.stringContaining('was cancelled') });
    expect(performance.now() - start).toBeLessThan(1000);
    expect(filesUnder(cache)).toEqual([]);
  });

  it('keeps at most maxParallel downloads in flight across lookups', async () => {
    putFile(store(), ['tricky.pdb', ID, 'tricky.pd_'], Buffer.from(writeCab([{ name: '..\\..\\tricky.pdb', data: pdb }], { compression: 'mszip' })));
    putFile(store(), ['junk.pdb', ID, 'junk.pd_'], fakeImage(5000, 9));
    for (let i = 0; i < 8; i++) server.faults.set(path(`p${i}.pdb`, ID, `p${i}.pdb`), { kind: 'delay', ms: 150 });
    const l = locator({ maxParallel: 3 });
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => l.locatePdb({ name: `p${i}.pdb`, debugId: ID })));
    expect(results.every((r) => r.kind === 'found')).toBe(true);
    expect(server.maxInFlight()).toBe(3);
  });
});
