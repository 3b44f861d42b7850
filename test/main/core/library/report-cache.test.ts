/**
 * The report cache file (JSON Lines: a header line, one entry per line): a round trip larger than
 * one read chunk, a damaged entry line that costs only its own folder, and files of other
 * versions or layouts that are discarded with the reason the library reports.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CacheEntry, CACHE_VERSION, loadReportCache, saveReportCache } from '../../../../electron/main/core/library/report-cache';
import { APP_VERSION } from '../../../../shared/app-info';
import { makeReport } from '../../../support/report-factory';

describe('report cache', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wer-report-cache-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** Entries with multi-byte text, so chunk boundaries fall inside characters too. */
  const entries = (n: number): CacheEntry[] =>
    Array.from({ length: n }, (_, i) => {
      const r = makeReport({ id: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}` });
      return { stamp: { dirMtimeMs: i, werSize: 100 + i, werMtimeMs: i + 0.5 }, report: { ...r, folder: `/stores/Σύστημα-報告-${i}`, appPath: `C:\\Προγράμματα\\${'ä'.repeat(i % 300)}.exe` } };
    });

  it('reads back every entry of a file larger than one 16 MB read', async () => {
    const file = join(dir, 'big.json');
    const written = entries(12_000);
    const generation = await saveReportCache(file, written);
    expect((await readFile(file)).length).toBeGreaterThan(16 << 20);
    const loaded = loadReportCache(file);
    expect(loaded.discarded).toBeNull();
    // Each save has its own generation (what the query index saved beside it says it matches).
    expect(generation).toMatch(/^[0-9a-f]{16}$/);
    expect(loaded.generation).toBe(generation);
    expect(await saveReportCache(join(dir, 'again.json'), written.slice(0, 1))).not.toBe(generation);
    expect(loaded.entries.size).toBe(written.length);
    for (const e of [written[0], written[4321], written.at(-1)]) expect(loaded.entries.get(e!.report.folder)).toEqual(e);
  });

  it('skips a damaged entry line and keeps the others', async () => {
    const file = join(dir, 'damaged.json');
    await saveReportCache(file, entries(5));
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines[2] = lines[2]!.slice(0, 40);
    lines[4] = '{"stamp":{"dirMtimeMs":"not a number"},"report":{}}';
    await writeFile(file, lines.join('\n'));
    const loaded = loadReportCache(file);
    expect(loaded.discarded).toBeNull();
    expect([...loaded.entries.values()].map((e) => e.stamp.dirMtimeMs)).toEqual([0, 2, 4]);
  });

  it('discards files of another version or layout, and says why', async () => {
    const cases: [string, string][] = [
      // The layout before JSON Lines: one document holding every entry.
      [JSON.stringify({ version: 3, appVersion: APP_VERSION, savedAt: '', entries: entries(2) }), 'the cache was written by another version'],
      [`${JSON.stringify({ version: CACHE_VERSION, appVersion: '0.0.1', savedAt: '' })}\n`, 'the cache was written by another version'],
      ['{"version":', 'the cache file is corrupt'],
      ['', 'the cache file is empty'],
    ];
    for (const [text, reason] of cases) {
      const file = join(dir, 'other.json');
      await writeFile(file, text);
      expect(loadReportCache(file)).toEqual({ entries: new Map(), discarded: reason, generation: null });
    }
    expect(loadReportCache(join(dir, 'missing.json')).discarded).toBe('no cache yet');
  });
});
