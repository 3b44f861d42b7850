/**
 * The report cache file (JSON Lines: a header line, one entry per line) and the records table
 * saved beside it: a round trip larger than one read chunk, a start from the table alone and the
 * line-by-line read whenever the table does not match, a damaged entry line that costs only its own folder, files of other versions or
 * layouts that are discarded with the reason the library reports, and reports kept on disk (read
 * back equal, copied by later saves, read from their folder when the file fails them).
 */
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import { type CacheEntry, CACHE_VERSION, loadReportCache, saveReportCache } from '../../../../electron/main/core/library/report-cache';
import { APP_VERSION } from '../../../../shared/app-info';
import { StoredReport } from '../../../../electron/main/core/library/stored-report';
import { recordsFileOf } from '../../../../electron/main/core/library/cache-records';
import { readReportFolder } from '../../../../electron/main/core/report/read-report-folder';
import { reportLocationOf } from '../../../../electron/main/core/store/scan-stores';
import type { WerReport } from '../../../../shared/report-model';
import { makeReport } from '../../../support/report-factory';
import { buildStore } from '../../../support/store-builder';

/**
 * A records table (see cache-records.ts) with every folder hash changed and its payload's CRC-32
 * made again: the hashes are the 10th section (folders and ids are two each, then five columns).
 */
function withOtherHashes(table: Buffer): Buffer {
  const out = Buffer.from(table);
  let at = 40;
  const skip = () => {
    const length = out.readUInt32LE(at);
    const start = at + 4;
    at = start + length + ((8 - ((4 + length) % 8)) % 8);
    return { start, length };
  };
  for (let n = 0; n < 9; n++) skip();
  const hashes = skip();
  for (let i = hashes.start; i < hashes.start + hashes.length; i += 4) out.writeUInt32LE((out.readUInt32LE(i) + 1) >>> 0, i);
  out.writeUInt32LE(crc32(out.subarray(40)), 20);
  return out;
}

describe('report cache', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wer-report-cache-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** Entries with multi-byte text, so chunk boundaries fall inside characters too. */
  const entries = (n: number): (CacheEntry & { report: WerReport })[] =>
    Array.from({ length: n }, (_, i) => {
      const r = makeReport({ id: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}` });
      return { stamp: { dirMtimeMs: i, werSize: 100 + i, werMtimeMs: i + 0.5 }, report: { ...r, folder: `/stores/Σύστημα-報告-${i}`, appPath: `C:\\Προγράμματα\\${'ä'.repeat(i % 300)}.exe` } };
    });

  it('reads back every entry of a file larger than one 16 MB read', async () => {
    const file = join(dir, 'big.json');
    const written = entries(12_000);
    const { generation, stored } = await saveReportCache(file, written);
    expect(stored).toEqual([]);
    expect((await readFile(file)).length).toBeGreaterThan(16 << 20);
    const loaded = loadReportCache(file);
    expect(loaded.discarded).toBeNull();
    // Each save has its own generation (what the query index saved beside it says it matches).
    expect(generation).toMatch(/^[0-9a-f]{16}$/);
    expect(loaded.generation).toBe(generation);
    expect((await saveReportCache(join(dir, 'again.json'), written.slice(0, 1))).generation).not.toBe(generation);
    expect(loaded.entries.size).toBe(written.length);
    for (const e of [written[0], written[4321], written.at(-1)]) expect(loaded.entries.get(e!.report.folder)).toEqual(e);
  });

  it('reads back an entry line longer than one read', async () => {
    const file = join(dir, 'long.json');
    const [small, big] = entries(2);
    const long = { ...big!, report: { ...big!.report, appPath: 'x'.repeat(20 << 20) } };
    await saveReportCache(file, [small!, long, small!]);
    const loaded = loadReportCache(file);
    expect([...loaded.entries.values()]).toEqual([small, long]);
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

  it('starts from the records table beside the file without reading the entry lines', async () => {
    const file = join(dir, 'table.json');
    const written = entries(2_000);
    // Every other report kept on disk, the others parsed at load (from their lines, by offset).
    const storable = (r: WerReport) => Number.parseInt(r.id.slice(-4), 16) % 2 === 0;
    await saveReportCache(file, written, undefined, storable);
    expect(existsSync(recordsFileOf(file))).toBe(true);
    // Each line's prefix (folder, id, stamp) blanked, the length kept: read line by line, nothing
    // would be left; the table still gives every entry, and every report reads back.
    const text = await readFile(file, 'utf8');
    const blanked = text.split('\n').map((line, i) => (i === 0 || line === '' ? line : line.replace(/^[^\t]*/, (prefix) => ' '.repeat(Buffer.byteLength(prefix)))));
    // One report parsed at load damaged (its JSON's first byte): that entry alone is left out.
    const damaged = written.find((e) => !storable(e.report)) as (typeof written)[number];
    const line = blanked.findIndex((l) => l.includes(`"id":"${damaged.report.id}"`));
    blanked[line] = (blanked[line] as string).replace('\t{', '\t#');
    await writeFile(file, blanked.join('\n'));
    const loaded = loadReportCache(file);
    expect(loaded.discarded).toBeNull();
    expect(loaded.entries.size).toBe(written.length - 1);
    expect(loaded.entries.get(damaged.report.folder)).toBeUndefined();
    const kept = written.filter((e) => e !== damaged);
    expect([...loaded.entries.keys()]).toEqual(kept.map((e) => e.report.folder));
    for (const e of kept) {
      const got = loaded.entries.get(e.report.folder);
      expect(got?.stamp).toEqual(e.stamp);
      expect(got?.report instanceof StoredReport).toBe(storable(e.report));
      expect(got?.report instanceof StoredReport ? got.report.load() : got?.report).toEqual(e.report);
    }
  });

  it('reads the lines when the table does not match the file (other generation, other length, damaged, missing)', async () => {
    const file = join(dir, 'mismatch.json');
    const other = join(dir, 'mismatch-other.json');
    const written = entries(300);
    const expectAll = (extra = 0) => {
      const loaded = loadReportCache(file);
      expect(loaded.discarded).toBeNull();
      expect(loaded.entries.size).toBe(written.length + extra);
      for (const e of written) expect(loaded.entries.get(e.report.folder)).toEqual(e);
    };
    await saveReportCache(file, written);
    await saveReportCache(other, written.slice(1));
    const table = await readFile(recordsFileOf(file));
    // Another save's table (it lists one entry less: trusted, it would lose one).
    await writeFile(recordsFileOf(file), await readFile(recordsFileOf(other)));
    expectAll();
    // One bit changed in the table's payload: its checksum fails.
    const flipped = Buffer.from(table);
    flipped[flipped.length - 1]! ^= 1;
    await writeFile(recordsFileOf(file), flipped);
    expectAll();
    await writeFile(recordsFileOf(file), table.subarray(0, table.length - 8));
    expectAll();
    // Folder hashes of another function (a table of another build), checksum made right: every
    // row would be hidden from its lookups.
    await writeFile(recordsFileOf(file), withOtherHashes(table));
    expectAll();
    await unlink(recordsFileOf(file));
    expectAll();
    // The cache file grew (a line added by hand): the lines, the added one included.
    await writeFile(recordsFileOf(file), table);
    const added = entries(301).at(-1)!;
    const { stamp, report } = added;
    await writeFile(file, `${await readFile(file, 'utf8')}${JSON.stringify([report.folder, report.id, stamp.dirMtimeMs, stamp.werSize, stamp.werMtimeMs, 0])}\t${JSON.stringify(report)}\n`);
    expectAll(1);
    expect(loadReportCache(file).entries.get(report.folder)).toEqual(added);
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
      const loaded = loadReportCache(file);
      expect([loaded.entries.size, loaded.discarded, loaded.generation]).toEqual([0, reason, null]);
    }
    expect(loadReportCache(join(dir, 'missing.json')).discarded).toBe('no cache yet');
  });

  /** The report a stored one stands for (read from disk). */
  const loadedOf = (report: unknown): WerReport => {
    if (!(report instanceof StoredReport)) throw new Error('not a stored report');
    return report.load();
  };

  it('keeps storable reports on disk, reads each back equal, and a later save copies them to their new place', async () => {
    const file = join(dir, 'stored.json');
    const written = entries(3_000);
    // Every other report storable: the others stay parsed in memory.
    const storable = (r: WerReport) => Number.parseInt(r.id.slice(-4), 16) % 2 === 0;
    const saved = await saveReportCache(file, written, undefined, storable);
    expect(saved.stored.map((s) => s.from)).toEqual(written.filter((e) => storable(e.report)).map((e) => e.report));
    for (const { from, report } of saved.stored) expect(report.load()).toEqual(from);

    const loaded = loadReportCache(file);
    expect(loaded.entries.size).toBe(written.length);
    for (const e of written) {
      const got = loaded.entries.get(e.report.folder);
      expect(got?.stamp).toEqual(e.stamp);
      if (storable(e.report)) expect(loadedOf(got?.report)).toEqual(e.report);
      else expect(got?.report).toEqual(e.report);
    }

    // A new first entry shifts every offset: the stored reports follow the new file (copied, not
    // parsed), and a file saved over the original is read through them.
    const first = entries(3_001).at(-1)!;
    const again = [first, ...loaded.entries.values()];
    await saveReportCache(file, again, undefined, storable);
    for (const e of written) if (storable(e.report)) expect(loadedOf(loaded.entries.get(e.report.folder)?.report)).toEqual(e.report);
    const reloaded = loadReportCache(file);
    expect(reloaded.entries.size).toBe(written.length + 1);
    for (const e of written) {
      const got = reloaded.entries.get(e.report.folder)?.report;
      expect(got instanceof StoredReport ? got.load() : got).toEqual(e.report);
    }
  });

  it('holds a stored report and its stamp as one entry, none values included, from the table and from the lines', async () => {
    const file = join(dir, 'one-object.json');
    const written = entries(4).map((e, i) => ({ ...e, stamp: { dirMtimeMs: 1733558400123.25 + i, werSize: i % 2 ? null : 4096, werMtimeMs: i % 2 ? null : 1733558400000.5 } }));
    await saveReportCache(file, written, undefined, () => true);
    for (const from of ['table', 'lines']) {
      if (from === 'lines') await unlink(recordsFileOf(file));
      const loaded = loadReportCache(file);
      for (const e of written) {
        const got = loaded.entries.get(e.report.folder) as CacheEntry;
        expect(got.report).toBe(got);
        expect(got.stamp).toEqual(e.stamp);
        expect((got.report as StoredReport).load()).toEqual(e.report);
      }
    }
  });

  it('opens the cache file once for many reads of one stretch of work, and closes it before the next task', async () => {
    const file = join(dir, 'handles.json');
    const written = entries(50);
    await saveReportCache(file, written, undefined, () => true);
    const stored = [...loadReportCache(file).entries.values()].map((e) => e.report);
    const handles = () => readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === file;
      } catch {
        return false;
      }
    }).length;
    expect(stored.map(loadedOf)).toEqual(written.map((e) => e.report));
    expect(handles()).toBe(1);
    await Promise.resolve();
    expect(handles()).toBe(0);
  });

  it('reads a stored report from its folder again when the cache file is damaged or gone, and saves it as read', async () => {
    const built = await buildStore(join(dir, 'WER'), 3);
    const reports = built.map((b) => readReportFolder(b.folder, reportLocationOf(b.folder)).report);
    const file = join(dir, 'fallback.json');
    const stamp = { dirMtimeMs: 1, werSize: 2, werMtimeMs: 3 };
    const storedIn = (f: string) => [...loadReportCache(f).entries.values()].map((e) => e.report);
    await saveReportCache(file, reports.map((report) => ({ stamp, report })), undefined, () => true);
    const loaded = storedIn(file);
    const again = storedIn(file);
    expect(loaded.map(loadedOf)).toEqual(reports);
    // Other bytes where the reports were (two lines swapped): refused, read from their folders.
    const lines = (await readFile(file, 'utf8')).split('\n');
    [lines[1], lines[2]] = [lines[2]!, lines[1]!];
    await writeFile(file, lines.join('\n'));
    expect(loaded.map(loadedOf)).toEqual(reports);
    // A save copies no bytes that are not the report: it writes the report as read from its folder.
    const healed = join(dir, 'healed.json');
    await saveReportCache(healed, loaded.map((report) => ({ stamp, report })));
    // The file gone: the same.
    await unlink(file);
    expect(again.map(loadedOf)).toEqual(reports);
    const healedAgain = join(dir, 'healed-again.json');
    await saveReportCache(healedAgain, again.map((report) => ({ stamp, report })));
    // Both saves hold the reports themselves (nothing left to read from the folders).
    await rm(join(dir, 'WER'), { recursive: true });
    expect(storedIn(healed).map(loadedOf)).toEqual(reports);
    expect(storedIn(healedAgain).map(loadedOf)).toEqual(reports);
  });
});
