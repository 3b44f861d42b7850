/**
 * The query cache: saved and loaded, an engine answers exactly as the one that saved it; a
 * damaged, truncated, foreign or old-version file is detected (with a sentence) and not used.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { MATCH_ALL, type QueryRequest } from '../../../../shared/query-model';
import type { WerReport } from '../../../../shared/report-model';
import { loadQueryIndex, QUERY_CACHE_VERSION } from '../../../../electron/main/core/query/query-cache';
import { LibraryQuery } from '../../../../electron/main/core/query/library-query';
import { fleetReports } from './fleet-reports';

describe('query cache', () => {
  const reports = fleetReports(800, { seed: 3, applications: 20 });
  const byId = new Map(reports.map((r) => [r.id, r] as [string, WerReport]));
  const resolve = (id: string) => byId.get(id);
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wer-query-cache-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function savedEngine(): Promise<{ engine: LibraryQuery; file: string }> {
    const engine = new LibraryQuery(resolve);
    engine.upsertAll(reports);
    // A removed and a replaced report: the file holds the live state only.
    engine.remove(reports[10]?.id ?? '');
    engine.upsert({ ...(reports[20] as WerReport), machine: 'REPLACED-PC' });
    byId.set(reports[20]?.id ?? '', { ...(reports[20] as WerReport), machine: 'REPLACED-PC' });
    const file = join(dir, `index-${Math.random().toString(36).slice(2)}.bin`);
    await engine.save(file);
    return { engine, file };
  }

  it('loads an index that answers every request as the saved one did', async () => {
    const { engine, file } = await savedEngine();
    const loaded = await LibraryQuery.load(file, resolve);
    if (!loaded.query) throw new Error(loaded.problem);
    // Saved without a report cache generation: none read back; with one, that one.
    expect(loaded.generation).toBeNull();
    await engine.save(file, '0123456789abcdef');
    expect((await LibraryQuery.load(file, resolve)).generation).toBe('0123456789abcdef');
    expect(loaded.query.size).toBe(reports.length - 1);
    const requests: QueryRequest[] = [
      { filter: MATCH_ALL, sort: { column: 'time', direction: 'descending' }, offset: 0, limit: 1000 },
      { filter: { ...MATCH_ALL, text: 'replaced-pc' }, sort: { column: 'application', direction: 'ascending' }, offset: 0, limit: 100 },
      { filter: { ...MATCH_ALL, text: 'fleetapp1 0xc0000005', stores: ['ReportQueue', 'ReportArchive'] }, sort: { column: 'module', direction: 'descending' }, offset: 3, limit: 100 },
      { filter: { ...MATCH_ALL, from: '2026-06-01', to: '2026-09-30' }, sort: { column: 'offset', direction: 'ascending' }, offset: 0, limit: 500, utcOffsetMinutes: 780 },
    ];
    for (const request of requests) {
      const want = engine.query(request);
      const got = loaded.query.query(request);
      expect({ ...got, rows: got.rows.map((r) => r.id) }).toEqual({ ...want, rows: want.rows.map((r) => r.id) });
    }
    expect(loaded.query.query(requests[1] as QueryRequest).total).toBe(1);
    // Problems and history come from the problem columns alone (reports only for titles).
    for (const mode of ['signature', 'application'] as const) {
      const want = engine.problems({ filter: MATCH_ALL, mode, utcOffsetMinutes: 330 });
      expect(want.problems.some((p) => p.machines.some((m) => m.name === 'REPLACED-PC'))).toBe(true);
      expect(loaded.query.problems({ filter: MATCH_ALL, mode, utcOffsetMinutes: 330 })).toEqual(want);
    }
    const history = { filter: requests[3]?.filter ?? MATCH_ALL, options: { period: 'week' as const, groupBy: 'problem' as const } };
    expect(loaded.query.history(history)).toEqual(engine.history(history));
    // The loaded index goes on taking live changes.
    loaded.query.remove(reports[20]?.id ?? '');
    expect(loaded.query.query(requests[1] as QueryRequest).total).toBe(0);
    // A known id is replaced in its slot (the id map is made from the loaded ids when first needed).
    loaded.query.upsert({ ...(reports[30] as WerReport), machine: 'AFTER-LOAD-PC' });
    expect(loaded.query.size).toBe(reports.length - 2);
    expect(loaded.query.query({ ...(requests[1] as QueryRequest), filter: { ...MATCH_ALL, text: 'after-load-pc' } }).rows.map((r) => r.id)).toEqual([reports[30]?.id]);
  });

  it('takes the library\u2019s strings for the loaded ids, asking once for each live slot, and answers as before', async () => {
    const { engine, file } = await savedEngine();
    const loaded = await LibraryQuery.load(file, resolve);
    if (!loaded.query) throw new Error(loaded.problem);
    const stopped = new AbortController();
    stopped.abort();
    const asked: string[] = [];
    const held = (id: string) => {
      asked.push(id);
      // The library's own string; one id it does not have keeps the loaded string.
      return id === reports[5]?.id ? undefined : byId.get(id)?.id;
    };
    await loaded.query.shareIds(held, async () => undefined, stopped.signal);
    expect(asked).toEqual([]);
    let pauses = 0;
    await loaded.query.shareIds(held, async () => void (pauses += 1));
    expect(pauses).toBeGreaterThan(0);
    expect(asked.sort()).toEqual(reports.filter((_, i) => i !== 10).map((r) => r.id).sort());
    const all = { filter: MATCH_ALL, sort: { column: 'time', direction: 'descending' }, offset: 0, limit: 1000 } as const;
    expect(loaded.query.query(all).rows.map((r) => r.id)).toEqual(engine.query(all).rows.map((r) => r.id));
    expect(loaded.query.has(reports[5]?.id ?? '')).toBe(true);
    loaded.query.remove(reports[5]?.id ?? '');
    expect(loaded.query.size).toBe(reports.length - 2);
  });

  it('is copied between pauses, and leaves the file on disk as it was when the index changes meanwhile', async () => {
    const { engine, file } = await savedEngine();
    const before = await readFile(file);
    let pauses = 0;
    // A report arrives at the third pause, while the index is being copied.
    const arriving = async () => {
      pauses += 1;
      if (pauses === 3) engine.upsert({ ...(reports[40] as WerReport), machine: 'ARRIVED-PC' });
    };
    expect(await engine.save(file, '0123456789abcdef', arriving)).toBe(false);
    expect(await readFile(file)).toEqual(before);
    expect((await readdir(dir)).filter((name) => !name.endsWith('.bin'))).toEqual([]);
    // Unchanged meanwhile: saved a piece at a time, with the report that arrived.
    pauses = 0;
    expect(await engine.save(file, '0123456789abcdef', async () => void (pauses += 1))).toBe(true);
    expect(pauses).toBeGreaterThan(20);
    const loaded = await LibraryQuery.load(file, resolve);
    expect(loaded.generation).toBe('0123456789abcdef');
    const arrived = { filter: { ...MATCH_ALL, text: 'arrived-pc' }, sort: { column: 'time', direction: 'descending' }, offset: 0, limit: 10 } as const;
    expect(loaded.query?.query(arrived).total).toBe(1);
    expect(loaded.query?.query(arrived).total).toBe(engine.query(arrived).total);
  });

  it('detects damaged files and says why', async () => {
    const { file } = await savedEngine();
    const good = await readFile(file);
    expect((await loadQueryIndex(file)).ok).toBe(true);
    // Each damaged file is read from disk a section at a time, as a start reads it.
    const problemOf = async (bytes: Uint8Array) => {
      await writeFile(file, bytes);
      const result = await loadQueryIndex(file);
      return result.ok ? null : result.problem;
    };
    const flipped = Buffer.from(good);
    flipped[good.length - 100] = (flipped[good.length - 100] as number) ^ 0x40;
    expect(await problemOf(flipped)).toBe('The query cache fails its checksum.');
    expect(await problemOf(good.subarray(0, good.length - 1))).toBe('The query cache is truncated or has trailing bytes.');
    expect(await problemOf(good.subarray(0, 10))).toBe('The query cache is not a query cache file.');
    expect(await problemOf(Buffer.from('{"version":3,"entries":[]}'))).toBe('The query cache is not a query cache file.');
    const old = Buffer.from(good);
    old.writeUInt32LE(QUERY_CACHE_VERSION + 1, 8);
    expect(await problemOf(old)).toBe(`The query cache has format version ${QUERY_CACHE_VERSION + 1}, not ${QUERY_CACHE_VERSION}.`);
    // A well-formed checksum over a lying record count: the structure checks catch it.
    const lying = Buffer.from(good);
    lying.writeUInt32LE(reports.length + 5, 12);
    expect(await problemOf(lying)).toBe('The query cache has a malformed dictionary.');
    // The engine's load says the same.
    await writeFile(file, flipped);
    expect(await LibraryQuery.load(file, resolve)).toEqual({ query: null, generation: null, problem: 'The query cache fails its checksum.' });
    expect((await LibraryQuery.load(join(dir, 'missing.bin'), resolve)).problem).toBe('The query cache cannot be read (ENOENT).');
  });

  it('never throws on random bytes', async () => {
    const file = join(dir, 'random.bin');
    for (let n = 0; n < 200; n++) {
      const bytes = Buffer.alloc(40 + n * 7, n);
      Buffer.from('WERQIDX\0', 'latin1').copy(bytes, 0);
      bytes.writeUInt32LE(QUERY_CACHE_VERSION, 8);
      bytes.writeUInt32LE(5, 12);
      bytes.writeUInt32LE(bytes.length - 32, 16);
      bytes.writeUInt32LE(crc32(bytes.subarray(32)), 20);
      await writeFile(file, bytes);
      expect((await loadQueryIndex(file)).ok).toBe(false);
    }
  });
});
