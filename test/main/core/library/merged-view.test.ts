/**
 * The live library's merged list: what a source record coming, changing or going means for the
 * records the user sees (one per crash). The links are built into the records: the same report id,
 * or the same process (pid + start time).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LibraryEvent } from '../../../../shared/library-model';
import type { WerReport } from '../../../../shared/report-model';
import { FolderMap, folderHash } from '../../../../electron/main/core/library/folder-map';
import { type FolderRecords, MergedView, recordKey } from '../../../../electron/main/core/library/merged-view';
import { mergeRecords } from '../../../../electron/main/core/records/merge-records';
import { type HeldReport, RecordsFile, StoredReport } from '../../../../electron/main/core/library/stored-report';
import { makeReport } from '../../../support/report-factory';
import { storedAt } from '../../../support/stored-reports';

const START = '2026-11-01T09:58:00.000Z';

/** A WER folder record of a process. */
function folderRecord(id: string, folder: string, pid: number): WerReport {
  return { ...makeReport({ id }), folder, process: { pid, startTime: START }, sources: [{ kind: 'wer', folder, reportIds: [id] }] };
}

/** A LocalDumps dump record of a process. */
function dumpRecord(path: string, pid: number): WerReport {
  return {
    ...makeReport({ id: `dump-${pid}` }), folder: path, store: 'CrashDumps', storeRoot: null, bucket: null,
    process: { pid, startTime: START }, sources: [{ kind: 'dump', path, size: 1000 }],
  };
}

const kinds = (events: readonly LibraryEvent[]) => events.map((e) => (e.kind === 'removed' ? `removed ${e.id}` : e.kind === 'store' ? 'store' : `${e.kind} ${e.report.id}`));

test('a report WER moves from the queue to the archive is one update with the folder it left', () => {
  const view = new MergedView();
  const queued = folderRecord('00000001-0000-4000-8000-000000000001', '/wer/ReportQueue/a', 1);
  view.reset([queued]);
  const archived = folderRecord('00000001-0000-4000-8000-000000000001', '/wer/ReportArchive/a', 1);
  const events = view.apply([{ key: queued.folder, record: null }, { key: archived.folder, record: archived }]);
  expect(kinds(events)).toEqual(['updated 00000001-0000-4000-8000-000000000001']);
  expect(events[0]).toMatchObject({ previousFolder: '/wer/ReportQueue/a', report: { folder: '/wer/ReportArchive/a' } });
  expect(view.size).toBe(1);
});

test('a dump of the same process joins the crash\u2019s record, and is a record of its own again when the folder goes', () => {
  const view = new MergedView();
  const crash = folderRecord('00000002-0000-4000-8000-000000000002', '/wer/ReportArchive/b', 7);
  const other = folderRecord('00000003-0000-4000-8000-000000000003', '/wer/ReportArchive/c', 8);
  view.reset([crash, other]);

  const dump = dumpRecord('/dumps/app.exe.7.dmp', 7);
  let events = view.apply([{ key: recordKey(dump), record: dump }]);
  expect(kinds(events)).toEqual(['updated 00000002-0000-4000-8000-000000000002']);
  expect(view.withId('00000002-0000-4000-8000-000000000002')[0]?.sources.map((s) => s.kind)).toEqual(['wer', 'dump']);
  expect(view.size).toBe(2);

  events = view.apply([{ key: crash.folder, record: null }]);
  expect(kinds(events).sort()).toEqual(['added dump-7', 'removed 00000002-0000-4000-8000-000000000002']);
  expect(view.withId('dump-7')[0]?.store).toBe('CrashDumps');
  expect(view.size).toBe(2);
});

test('a change that links nothing touches only its own record; unchanged records are not announced', () => {
  const view = new MergedView();
  const a = folderRecord('00000004-0000-4000-8000-000000000004', '/wer/ReportArchive/d', 10);
  const b = folderRecord('00000005-0000-4000-8000-000000000005', '/wer/ReportArchive/e', 11);
  view.reset([a, b]);
  expect(view.apply([{ key: a.folder, record: a }])).toEqual([]);
  const rewritten = { ...a, bucket: { id: 'f'.repeat(32), table: 5, legacyId: null } };
  expect(kinds(view.apply([{ key: a.folder, record: rewritten }]))).toEqual(['updated 00000004-0000-4000-8000-000000000004']);
  expect(view.withId('00000005-0000-4000-8000-000000000005')[0]).toBe(b);
});

/** An event-log record naming a report id (the crash's event, its folder maybe gone). */
function eventRecord(recordId: number, reportId: string, pid: number): WerReport {
  const log = '/logs/Application.evtx';
  return {
    ...makeReport({ id: reportId }), folder: log, store: 'EventLog', storeRoot: null, bucket: null,
    process: { pid, startTime: START },
    sources: [{ kind: 'eventlog', log, channel: 'Application', provider: 'Windows Error Reporting', eventId: 1001, recordId, time: START, reportId }],
  };
}

/**
 * The library's index as the view shares it: folder and dump records under their folders, each
 * change told to the view before it is made, a record swapped for its stored copy without a word.
 */
class FolderIndex implements FolderRecords {
  private readonly map: FolderMap<HeldReport>;
  view: MergedView | null = null;

  /** @param start records under their keys the index starts from as a loaded table's rows (made when first reached). */
  constructor(start: readonly (readonly [string, HeldReport])[] = []) {
    const folders = start.map(([key]) => key);
    const recordAt = (row: number) => (start[row] as readonly [string, HeldReport])[1];
    this.map = new FolderMap<HeldReport>(
      start.length === 0
        ? undefined
        : {
            count: start.length,
            folders,
            hashes: Uint32Array.from(folders, folderHash),
            idAt: (row) => recordAt(row).id,
            idHashes: Uint32Array.from(start, ([, r]) => folderHash(r.id)),
            make: recordAt,
            stampAt: () => ({ dirMtimeMs: 0, werSize: null, werMtimeMs: null }),
          },
    );
  }

  recordAt(folder: string): HeldReport | undefined {
    return this.map.get(folder);
  }

  records(): IterableIterator<HeldReport> {
    return this.map.values();
  }

  rowFoldersWithId(id: string): Iterable<string> {
    return this.map.rowKeysWithId(id);
  }

  laterFolderIds(): IterableIterator<readonly [string, string]> {
    return this.map.laterKeyIds((r) => r.id);
  }

  get size(): number {
    return this.map.size;
  }

  /** The records in memory: a stored one is as good as not made yet (see FolderRecords.madeRecords). */
  *madeRecords(): IterableIterator<HeldReport> {
    for (const record of this.map.madeValues()) if (!(record instanceof StoredReport)) yield record;
  }

  set(folder: string, record: HeldReport | null): void {
    this.view?.folderChanging(folder, this.map.get(folder));
    if (record) this.map.set(folder, record);
    else this.map.delete(folder);
  }

  store(folder: string, from: WerReport, to: StoredReport): void {
    if (this.map.get(folder) === from) this.map.set(folder, to, true);
  }
}

test('any sequence of folders, events and dumps coming and going leaves what one merge of the sources gives, with folders shared with the index and kept on disk too', () => {
  let seed = 1616;
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const id = (n: number) => `0000${String(n).padStart(4, '0')}-0000-4000-8000-000000000000`;
  // Few ids and processes, so records keep meeting: folders (two may share an id), events, dumps.
  // Each has its own time, so the list's order (which record leads a merge) has no ties. A dump's
  // name says another process than it holds, so a dump file rewritten may change its links.
  let made = 0;
  const timed = (r: WerReport): WerReport => ({ ...r, eventTime: new Date(Date.parse(START) + ++made * 1000).toISOString() });
  const make = (): WerReport => {
    const n = next(6);
    switch (next(3)) {
      case 0:
        return timed(folderRecord(id(n), `/wer/ReportArchive/f${n}-${next(2)}`, 100 + next(4)));
      case 1:
        return timed(eventRecord(next(5), id(n), 100 + next(4)));
      default:
        return timed(dumpRecord(`/dumps/app.exe.${100 + next(4)}.dmp`, 100 + next(4)));
    }
  };
  const byKey = (records: Iterable<WerReport>) => [...records].sort((a, b) => (recordKey(a) < recordKey(b) ? -1 : recordKey(a) > recordKey(b) ? 1 : 0));
  // A WER folder's record kept on disk, as the library keeps it once its cache is saved.
  const dir = mkdtempSync(join(tmpdir(), 'wer-merged-stored-'));
  let files = 0;
  const stored = (r: WerReport): StoredReport => {
    const json = Buffer.from(JSON.stringify(r));
    const file = join(dir, `${++files}.json`);
    writeFileSync(file, Buffer.concat([Buffer.from('padding\n'), json]));
    return storedAt(r, new RecordsFile(file), 8, json.length);
  };
  const isFolderRecord = (r: WerReport) => r.sources.length === 1 && r.sources[0]?.kind === 'wer';
  for (let run = 0; run < 60; run++) {
    // Runs 20 and on share the folder and dump records with an index, as the library does (the
    // view holds the events); runs 40 and on keep WER folders' records on disk: from the start,
    // and more after each step.
    const shared = run >= 20;
    const onDisk = run >= 40;
    // Every other shared run starts its index from a loaded table's rows (found by id through the
    // table until they change, not through the view's id map).
    const fromRows = shared && run % 2 === 1;
    const sources = new Map<string, WerReport>();
    // What the view was given for each key (a stored copy, or the record).
    const held = new Map<string, HeldReport>();
    const inIndex = (r: WerReport) => shared && r.sources[0]?.kind !== 'eventlog';
    // Half the runs start from WER folders alone (no links until an event or a dump comes).
    const start: [string, HeldReport][] = [];
    for (let i = 0; i < 4 + (fromRows ? next(6) : 0); i++) {
      const r = run % 4 < 2 ? timed(folderRecord(id(next(6)), `/wer/ReportQueue/q${i}`, 100 + next(4))) : make();
      sources.set(recordKey(r), r);
      // Some of a table's rows are kept on disk later (the index swaps in a stored copy unheard).
      const as = onDisk && isFolderRecord(r) && !(fromRows && next(2) === 0) ? stored(r) : r;
      held.set(recordKey(r), as);
      if (inIndex(r)) start.push([recordKey(r), as]);
    }
    const index = new FolderIndex(fromRows ? start : []);
    if (!fromRows) for (const [key, as] of start) index.set(key, as);
    // Records the index holds still as its table gave them (their ids are not the view's to hold: see heldId).
    const asRows = new Set(fromRows ? start.map(([key]) => key) : []);
    const view = new MergedView(shared ? index : undefined);
    view.reset([...sources.values()].filter((r) => !inIndex(r)).map((r) => held.get(recordKey(r)) as HeldReport));
    index.view = view;
    for (let step = 0; step < 25; step++) {
      if (onDisk) for (const [key, r] of sources) if (isFolderRecord(r) && next(2) === 0) index.store(key, r, stored(r));
      const changes = Array.from({ length: 1 + next(3) }, () => {
        const keys = [...sources.keys()];
        if (keys.length > 0 && next(3) === 0) {
          const key = keys[next(keys.length)] as string;
          if (inIndex(sources.get(key) as WerReport)) index.set(key, null);
          sources.delete(key);
          asRows.delete(key);
          return { key, record: null };
        }
        const r = make();
        // The index changes first; the view hears of it after (here: after the whole batch).
        if (inIndex(r)) index.set(recordKey(r), r);
        sources.set(recordKey(r), r);
        asRows.delete(recordKey(r));
        return { key: recordKey(r), record: r };
      });
      view.apply(changes);
      const expected = mergeRecords([...sources.values()]);
      expect(byKey(view.records())).toEqual(byKey(expected));
      expect(view.size).toBe(expected.length);
      for (const r of expected) {
        expect(byKey(view.withId(r.id))).toEqual(byKey(expected.filter((e) => e.id === r.id)));
        // What the library's index asks when a report turns up in a new folder: the folders and dumps, not the events.
        const folders = expected.filter((e) => e.id === r.id).flatMap((e) => e.sources.flatMap((s) => (s.kind === 'wer' ? [s.folder] : s.kind === 'dump' ? [s.path] : [])));
        expect(view.foldersWithId(r.id).sort()).toEqual(folders.sort());
        // Undefined only when every record with the id is still a table's row merged alone.
        const rowsOnly = expected.filter((e) => e.id === r.id).every((e) => e.sources.length === 1 && asRows.has(recordKey(e)));
        expect(rowsOnly ? [r.id, undefined] : [r.id]).toContain(view.heldId(r.id));
      }
      expect(view.heldId(id(99))).toBeUndefined();
      expect(view.foldersWithId(id(99))).toEqual([]);
    }
  }
  rmSync(dir, { recursive: true });
});

test("folder records still as a table gave them are found by id through the table: swapped for a stored copy, changed, gone", () => {
  const dir = mkdtempSync(join(tmpdir(), 'wer-merged-rows-'));
  try {
    const ids = ['00000001-0000-4000-8000-000000000000', '00000002-0000-4000-8000-000000000000', '00000003-0000-4000-8000-000000000000'];
    const [a, b, c] = ids.map((id, i) => folderRecord(id, `/wer/ReportArchive/r${i}`, i + 1)) as [WerReport, WerReport, WerReport];
    const json = Buffer.from(JSON.stringify(a));
    writeFileSync(join(dir, 'a.json'), json);
    const index = new FolderIndex([
      [a.folder, a],
      [b.folder, b],
      [c.folder, c],
    ]);
    const view = new MergedView(index);
    view.reset([]);
    index.view = view;
    const heldIds = ids.map((id) => view.heldId(id));
    // The view's id map holds none of them (their ids stay the table's), yet each is found.
    expect(heldIds).toEqual([undefined, undefined, undefined]);
    expect(ids.map((id) => view.withId(id))).toEqual([[a], [b], [c]]);
    // Kept on disk unheard (the same report): still found through the table's id.
    index.store(a.folder, a, storedAt(a, new RecordsFile(join(dir, 'a.json')), 0, json.length));
    expect(view.withId(a.id)).toEqual([a]);
    expect(view.foldersWithId(a.id)).toEqual([a.folder]);
    // Changed to another id, then gone: each as the view is told.
    const moved = { ...b, id: '00000009-0000-4000-8000-000000000000' };
    index.set(b.folder, moved);
    // Between the index's change and the view's: the record the view knew.
    expect(view.withId(b.id)).toEqual([b]);
    view.apply([{ key: b.folder, record: moved }]);
    expect([view.withId(b.id), view.withId(moved.id)]).toEqual([[], [moved]]);
    index.set(c.folder, null);
    view.apply([{ key: c.folder, record: null }]);
    expect(view.withIds([c.id, a.id])).toEqual(new Map([[c.id, []], [a.id, [a]]]));
    // A dump of its process joins the first: found once, merged, not also as the table's row alone.
    const dump = dumpRecord('/dumps/app.exe.1.dmp', 1);
    view.apply([{ key: dump.folder, record: dump }]);
    expect(view.withId(a.id).map((r) => r.sources.map((s) => s.kind))).toEqual([['wer', 'dump']]);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('a WER folder record kept on disk stays on disk when a reset merges others beside it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wer-merged-reset-'));
  try {
    const alone = folderRecord('00000001-0000-4000-8000-000000000000', '/wer/ReportArchive/alone', 1);
    const joined = folderRecord('00000002-0000-4000-8000-000000000000', '/wer/ReportArchive/joined', 2);
    const storedOf = (r: WerReport, name: string): StoredReport => {
      const json = Buffer.from(JSON.stringify(r));
      writeFileSync(join(dir, name), json);
      return storedAt(r, new RecordsFile(join(dir, name)), 0, json.length);
    };
    const view = new MergedView();
    // A dump of the second record's process joins it: the library has a joiner, so reset merges.
    view.reset([storedOf(alone, 'alone.json'), storedOf(joined, 'joined.json'), dumpRecord('/dumps/app.exe.2.dmp', 2)]);
    const loads = jest.spyOn(StoredReport.prototype, 'load');
    expect(view.withId(alone.id)).toEqual([alone]);
    expect(loads).toHaveBeenCalledTimes(1);
    expect(view.withId(joined.id)[0]?.sources.map((s) => s.kind)).toEqual(['wer', 'dump']);
    expect(loads).toHaveBeenCalledTimes(1);
    loads.mockRestore();
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('the id map made a slice at a time stays right while records come, change, merge and go between slices', async () => {
  const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const records = Array.from({ length: 12_000 }, (_, n) => folderRecord(id(n), `/wer/ReportArchive/r${n}`, 100_000 + n));
  const view = new MergedView();
  view.reset(records);
  // After the first slice (records 0-4,999 visited): a visited record leaves, another changes its
  // id, a new one comes; after the second: a dump joins a visited crash, a visited report moves.
  const changes = [
    () => {
      view.apply([{ key: '/wer/ReportArchive/r100', record: null }]);
      view.apply([{ key: '/wer/ReportArchive/r500', record: folderRecord(id(30_000), '/wer/ReportArchive/r500', 100_500) }]);
      view.apply([{ key: '/wer/ReportArchive/new', record: folderRecord(id(20_000), '/wer/ReportArchive/new', 5) }]);
    },
    () => {
      view.apply([{ key: '/dumps/app.exe.108000.dmp', record: dumpRecord('/dumps/app.exe.108000.dmp', 108_000) }]);
      view.apply([{ key: '/wer/ReportArchive/r3', record: null }, { key: '/wer/ReportArchive/moved3', record: folderRecord(id(3), '/wer/ReportArchive/moved3', 100_003) }]);
    },
  ];
  // A page's lookup of several ids at once, between slices: what the records themselves say,
  // found without finishing the map (the slices go on).
  const wanted = [id(0), id(100), id(500), id(3), id(8000), id(11_999), id(20_000), id(30_000), 'dump-108000', id(99_999), id(0)];
  const checkBatch = () => {
    const now = [...view.records()];
    const found = view.withIds(wanted);
    for (const each of wanted) expect(found.get(each)?.map((r) => r.folder).sort()).toEqual(now.filter((r) => r.id === each).map((r) => r.folder).sort());
  };
  let slices = 0;
  await view.prepareIds(async () => {
    changes[slices++]?.();
    checkBatch();
  });
  // 12,000 records at 5,000 a slice.
  expect(slices).toBe(3);
  // Once made, the map follows every change.
  view.apply([{ key: '/wer/ReportArchive/r700', record: folderRecord(id(40_000), '/wer/ReportArchive/r700', 100_700) }]);
  view.apply([{ key: '/wer/ReportArchive/later', record: folderRecord(id(50_000), '/wer/ReportArchive/later', 6) }]);

  // The truth: the merged records themselves (records() does not use the id map).
  const now = [...view.records()];
  const ids = new Set([...now.map((r) => r.id), id(100), id(500), id(700)]);
  for (const each of ids) expect(view.withId(each).map((r) => r.folder).sort()).toEqual(now.filter((r) => r.id === each).map((r) => r.folder).sort());
  expect(view.withId(id(100))).toEqual([]);
  expect(view.withId(id(500))).toEqual([]);
  expect(view.withId(id(30_000)).map((r) => r.folder)).toEqual(['/wer/ReportArchive/r500']);
  expect(view.withId(id(20_000)).map((r) => r.folder)).toEqual(['/wer/ReportArchive/new']);
  expect(view.withId(id(40_000)).map((r) => r.folder)).toEqual(['/wer/ReportArchive/r700']);
  expect(view.withId(id(50_000)).map((r) => r.folder)).toEqual(['/wer/ReportArchive/later']);
  expect(view.withId(id(3)).map((r) => r.folder)).toEqual(['/wer/ReportArchive/moved3']);
  expect(view.withId(id(8000))[0]?.sources.map((s) => s.kind)).toEqual(['wer', 'dump']);
  expect(view.withId('dump-108000')).toEqual([]);
});
