/**
 * The library index: stored entries, moves found through the library's id lookup, and its parent
 * map (the stores of a location, their folders) right through changes while it is filled.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { LibraryEvent } from '../../../../shared/library-model';
import type { WerReport } from '../../../../shared/report-model';
import { FolderMap, folderHash } from '../../../../electron/main/core/library/folder-map';
import { LibraryIndex } from '../../../../electron/main/core/library/library-index';
import type { CacheEntry } from '../../../../electron/main/core/library/report-cache';
import { RecordsFile } from '../../../../electron/main/core/library/stored-report';
import { makeReport } from '../../../support/report-factory';
import { storedAt } from '../../../support/stored-reports';

const STAMP = { dirMtimeMs: 1, werSize: 2, werMtimeMs: 3 };

describe('LibraryIndex ids', () => {
  let root: string;
  let index: LibraryIndex;
  let events: LibraryEvent[];
  let asked: string[];
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'wer-index-'));
    asked = [];
    // The library's lookup, worked out from the entries themselves (the library asks its merged view).
    const foldersWithId = (id: string) => {
      asked.push(id);
      return Array.from(index.entries(), (e) => e.report).filter((r) => r.id === id).map((r) => r.folder);
    };
    index = new LibraryIndex(1000, () => undefined, foldersWithId);
    events = [];
    index.subscribe((e) => events.push(e));
  });
  afterEach(() => {
    index.cancelAll();
    rmSync(root, { recursive: true, force: true });
  });

  // Folders under the temporary root do not exist, so an announced upsert of a known id is a move.
  const reportIn = (name: string, id: string): WerReport => ({ ...makeReport({ id }), folder: join(root, name) });
  const folders = () => Array.from(index.entries(), (e) => e.report.folder).sort();

  it('keeps a saved report as a stored entry with the folder\u2019s stamp as it is when stored, only while the report is unchanged', () => {
    const report = reportIn('a', 'id-a');
    index.upsert(report, STAMP, false);
    // Read again unchanged with a new stamp (a file touched): the report held stays, the stamp is the new one.
    const touched = { dirMtimeMs: 10.5, werSize: null, werMtimeMs: null };
    index.upsert({ ...report }, touched, false);
    const place = storedAt(report, new RecordsFile(join(root, 'cache.json')), 0, 10);
    const held = index.store(report, place);
    expect(held).not.toBeNull();
    expect(index.get(report.folder)).toBe(held);
    expect(held?.report).toBe(held);
    expect(held?.stamp).toEqual(touched);
    expect(held?.place).toEqual(place.place);
    // A report that is no longer the folder's is not stored.
    expect(index.store(report, place)).toBeNull();
  });

  it('keeps one report in two folders that both exist', () => {
    mkdirSync(join(root, 'b'));
    index.upsert(reportIn('b', 'id-2'), STAMP, false);
    index.upsert(reportIn('c', 'id-2'), STAMP, true);
    expect(folders()).toEqual([join(root, 'b'), join(root, 'c')]);
    expect(events).toMatchObject([{ kind: 'added', report: { folder: join(root, 'c') } }]);
  });

  it('follows a folder whose rewritten Report.wer has another id', () => {
    index.upsert(reportIn('a', 'id-old'), STAMP, false);
    index.upsert(reportIn('a', 'id-new'), STAMP, true);
    expect(events).toMatchObject([{ kind: 'updated', report: { id: 'id-new' }, previousFolder: null }]);
    expect(index.size).toBe(1);
  });

  it('keeps one entry when a report moves (its old folder gone), and none once it is removed', () => {
    index.upsert(reportIn('ReportQueue-x', 'id-1'), STAMP, false);
    index.upsert(reportIn('ReportArchive-x', 'id-1'), STAMP, true);
    expect(asked).toEqual(['id-1']);
    expect(events).toMatchObject([{ kind: 'updated', previousFolder: join(root, 'ReportQueue-x') }]);
    expect(folders()).toEqual([join(root, 'ReportArchive-x')]);
    index.remove(join(root, 'ReportArchive-x'), true);
    expect(events[1]).toEqual({ kind: 'removed', id: 'id-1', folder: join(root, 'ReportArchive-x') });
    expect(index.size).toBe(0);
  });

  it('takes a folder the lookup names but the index does not hold for no move', () => {
    index = new LibraryIndex(1000, () => undefined, () => [join(root, 'elsewhere')]);
    index.subscribe((e) => events.push(e));
    index.upsert(reportIn('a', 'id-1'), STAMP, true);
    expect(events).toMatchObject([{ kind: 'added' }]);
  });
});

describe('LibraryIndex maps made after a start from the cache', () => {
  const root = join(tmpdir(), 'wer-index-maps');
  const folder = (store: number, n: number) => join(root, `Store${store}`, `AppCrash_${n}`);
  const entryOf = (f: string, id: string) => ({ stamp: STAMP, report: { ...makeReport({ id }), folder: f } });
  /** What the maps must answer, worked out from the entries themselves. */
  const expectMapsRight = (index: LibraryIndex) => {
    const byParent = new Map<string, string[]>();
    for (const { report } of index.entries()) {
      const list = byParent.get(dirname(report.folder));
      if (list) list.push(report.folder);
      else byParent.set(dirname(report.folder), [report.folder]);
    }
    expect(index.parentsUnder(root).sort()).toEqual([...byParent.keys()].sort());
    for (const [p, folders] of byParent) expect([...index.childrenOf(p)].sort()).toEqual(folders.sort());
    expect(index.foldersUnder(root).sort()).toEqual([...byParent.values()].flat().sort());
  };

  // The cache's entries as a loaded table gives them (rows made when reached) or as set one by one.
  it.each(['rows', 'set'])('fills the parent map a slice at a time, right through changes meanwhile, and a lookup finishes it (entries as %s)', async (kind) => {
    const made = () => {
      const list = Array.from({ length: 12_000 }, (_, i) => entryOf(folder(i % 3, i), `id-${i % 9_000}`));
      const folders = list.map((e) => e.report.folder);
      const cached =
        kind === 'rows'
          ? new FolderMap<CacheEntry>({
              count: list.length,
              folders,
              hashes: Uint32Array.from(folders, folderHash),
              idAt: (row) => (list[row] as CacheEntry).report.id,
              idHashes: Uint32Array.from(list, (e) => folderHash(e.report.id)),
              make: (row) => list[row] as CacheEntry,
              stampAt: (row) => (list[row] as CacheEntry).stamp,
            })
          : new FolderMap<CacheEntry>();
      if (kind === 'set') for (const entry of list) cached.set(entry.report.folder, entry);
      const index = new LibraryIndex(1000, () => undefined, () => []);
      index.adoptAll(cached);
      return index;
    };
    const index = made();
    let slices = 0;
    const filled = index.prepareMaps(async () => {
      slices += 1;
      // Between slices: a new folder, a rewrite with another id (of a folder added and of one not
      // added to the maps yet), removals of both kinds, a folder removed and added again.
      if (slices === 1) {
        index.upsert(entryOf(folder(3, 1), 'id-new').report, STAMP, false);
        index.upsert(entryOf(folder(0, 3), 'id-rewritten-early').report, STAMP, false);
        index.upsert(entryOf(folder(2, 11_000), 'id-rewritten-late').report, STAMP, false);
        index.remove(folder(1, 4), false);
        index.remove(folder(1, 10_000), false);
        index.remove(folder(0, 9_999), false);
        index.upsert(entryOf(folder(0, 9_999), 'id-back').report, STAMP, false);
        // A store emptied while most of its folders are still to be counted.
        for (let i = 2; i < 12_000; i += 3) index.remove(folder(2, i), false);
      }

      await new Promise((r) => setImmediate(r));
    });
    await filled;
    expect(slices).toBeGreaterThan(1);
    expectMapsRight(index);
    expect(index.parentsUnder(root)).not.toContain(join(root, 'Store2'));
    index.upsert(entryOf(folder(2, 5), 'id-refilled').report, STAMP, false);
    expect([...index.childrenOf(join(root, 'Store2'))]).toEqual([folder(2, 5)]);
    expect(index.childrenOf(join(root, 'Store9')).next().done).toBe(true);

    // Folders store by store (their parent's string reused from one folder to the next), stores
    // nested in others, a sibling whose name starts with another's, a name with a backslash (not a
    // separator here), mixed with the interleaved ones above: counted under their own parents.
    const runs = made();
    const odd = [join(root, 'Store0', 'Inner'), join(root, 'Store0', 'Inner', 'Deeper'), join(root, 'Store0x'), join(root, 'Store1')];
    let n = 0;
    for (const parent of [...odd, ...odd]) {
      for (let i = 0; i < 300; i++, n++) {
        const f = join(parent, i % 50 === 7 ? `App\\Crash_${n}` : `AppCrash_${n}`);
        runs.upsert(entryOf(f, `run-${n}`).report, STAMP, false);
      }
    }
    await runs.prepareMaps(async () => undefined);
    expectMapsRight(runs);
    for (const f of runs.foldersUnder(join(root, 'Store0', 'Inner'))) if (dirname(f) === join(root, 'Store0', 'Inner')) runs.remove(f, false);
    expect(runs.parentsUnder(root)).not.toContain(join(root, 'Store0', 'Inner'));
    expect(runs.parentsUnder(root)).toContain(join(root, 'Store0', 'Inner', 'Deeper'));
    expectMapsRight(runs);

    // A lookup while they are half made finishes them at once.
    const other = made();
    let resume: () => void = () => undefined;
    const waiting = other.prepareMaps(() => new Promise<void>((r) => (resume = r)));
    await new Promise((r) => setImmediate(r));
    expectMapsRight(other);
    resume();
    await waiting;
  });
});
