import { appendFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LibraryIndex } from '../../../../electron/main/core/library/library-index';
import { diffLocation } from '../../../../electron/main/core/library/location-diff';
import { folderStamp } from '../../../../electron/main/core/store/folder-stamp';
import { readReportFolder } from '../../../../electron/main/core/report/read-report-folder';
import { eachReportFolder, type FoundFolder, reportLocationOf } from '../../../../electron/main/core/store/scan-stores';
import type { CacheEntry } from '../../../../electron/main/core/library/report-cache';
import type { WerReport } from '../../../../shared/report-model';
import { buildStore } from '../../../support/store-builder';

describe('diffLocation', () => {
  let root = '';
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-diff-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('compares the stamps of known folders, or, above trustKnownAbove, only finds folders it lacks', async () => {
    const built = await buildStore(join(root, 'WER'), 4);
    const index = new LibraryIndex(1000, () => undefined, () => []);
    for (const { folder } of built.slice(0, 3)) index.upsert(readReportFolder(folder, reportLocationOf(folder)).report, folderStamp(folder), false);
    const known = built[0]?.folder ?? '';
    // A file added to a known folder changes its stamp (the folder's mtime).
    await appendFile(join(known, 'memory.csv'), 'x');
    const location = { path: join(root, 'WER'), scope: 'extra' as const, label: 'WER' };
    const pause = async () => undefined;

    const full = await diffLocation(location, index, new Map(), pause);
    expect(full.changed.map((c) => c.found.folder).sort()).toEqual([known, built[3]?.folder].sort());
    const listed = await diffLocation(location, index, new Map(), pause, { trustKnownAbove: -1 });
    // Compared in the background (at most half the time: a library serving requests meanwhile): the same answer.
    const background = await diffLocation(location, index, new Map(), pause, { background: true });
    expect(background.changed).toEqual(full.changed);
    expect(listed.changed.map((c) => c.found.folder)).toEqual([built[3]?.folder]);
    // Both saw every folder (so vanished ones are still found).
    expect([...listed.seen].sort()).toEqual([...full.seen].sort());
    expect(listed.seen.size).toBe(4);
    // Only the listing that kept known folders unseen says so: those have stamps left to compare.
    expect([full.trusted, listed.trusted]).toEqual([false, true]);
    // A large store met for the first time (nothing known) has stamped every folder it returns.
    const first = await diffLocation(location, new LibraryIndex(1000, () => undefined, () => []), new Map(), pause, { trustKnownAbove: -1 });
    expect(first.changed).toHaveLength(4);
    expect(first.trusted).toBe(false);
  });

  it('compares a large store a batch at a time as it is listed: nothing lost, trust from the threshold on', async () => {
    // 4,500 report folders: three batches of the listing (2,000 each at most).
    const store = join(root, 'ReportArchive');
    await mkdir(store);
    const names = Array.from({ length: 4500 }, (_, i) => `AppCrash_x_${i}`);
    for (const name of names) await mkdir(join(store, name));
    await writeFile(join(store, 'not-a-folder.txt'), 'x');
    await mkdir(join(store, '.cer-collector'));
    const location = { path: store, scope: 'extra' as const, label: 'store' };
    const pause = async () => undefined;

    const batches: FoundFolder[][] = [];
    const status = await eachReportFolder(location, pause, (batch) => void batches.push([...batch]));
    expect(batches.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(2000);
    const listed = batches.flat().map((f) => f.folder);
    // The construction: every report folder once, files and dot folders left out.
    expect([...listed].sort()).toEqual(names.map((n) => join(store, n)).sort());
    expect(status).toMatchObject({ state: 'ok', reportCount: 4500, message: null });
    // The caller's own failure comes back as it is (the store itself, or a store found below the location), never as a folder that could not be read.
    const broken = () => {
      throw new Error('handler broke');
    };
    await expect(eachReportFolder(location, pause, broken)).rejects.toThrow('handler broke');
    await expect(eachReportFolder({ ...location, path: root }, pause, broken)).rejects.toThrow('handler broke');

    // Every folder cached as it is now, but for one that vanished; then one early and one late folder change.
    const cache = new Map<string, CacheEntry>();
    for (const folder of [...listed, join(store, 'AppCrash_gone')]) {
      const report = { id: folder, folder } as unknown as WerReport;
      cache.set(folder, { report, stamp: folderStamp(folder) ?? { dirMtimeMs: 0, werSize: null, werMtimeMs: null } });
    }
    const early = listed[100] as string;
    const late = listed[4000] as string;
    await writeFile(join(early, 'memory.csv'), 'x');
    await writeFile(join(late, 'memory.csv'), 'x');
    await mkdir(join(store, 'AppCrash_new'));

    const full = await diffLocation(location, new LibraryIndex(1000, () => undefined, () => []), cache, pause);
    expect(full.changed.map((c) => c.found.folder).sort()).toEqual([early, late, join(store, 'AppCrash_new')].sort());
    expect(full.seen.size).toBe(4501);
    expect(full.seen.has(join(store, 'AppCrash_gone'))).toBe(false);
    expect(full.trusted).toBe(false);
    // Trusting from the 2,500th folder listed on (the listing's order is the directory's, the same
    // for folders already there): the early change is found, the late one is left
    // to the later comparison (trusted); the new folder is returned wherever it was listed.
    const index = new LibraryIndex(1000, () => undefined, () => []);
    const partly = await diffLocation(location, index, cache, pause, { trustKnownAbove: 2500 });
    expect(partly.changed.map((c) => c.found.folder).sort()).toEqual([early, join(store, 'AppCrash_new')].sort());
    expect(partly.trusted).toBe(true);
    expect(partly.seen.size).toBe(4501);
    // Known folders kept unread were taken into the index from the cache.
    expect(index.size).toBe(4500 - 1);
  });
});
