import { cp, mkdir, mkdtemp, readFile, rename, rm, unlink, writeFile, appendFile } from 'node:fs/promises';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { StoreLocation } from '../../../../shared/store-model';
import { ReportLibrary } from '../../../../electron/main/core/library/report-library';
import { recordsFileOf } from '../../../../electron/main/core/library/cache-records';
import { isSpillFileOf } from '../../../../electron/main/core/library/report-spill';
import { LibraryQuery } from '../../../../electron/main/core/query/library-query';
import { libraryResolver, syncQuery } from '../../../../electron/main/core/query/synced-query';
import { MATCH_ALL, type QueryRequest, type QuerySortColumn } from '../../../../shared/query-model';
import type { LibraryEvent } from '../../../../shared/library-model';
import { chokidarWatchFactory, type WatchFactory } from '../../../../electron/main/core/library/watch-factory';
import { formatReportWer, utf16leWithBom } from '../../../../electron/main/core/sample/report-writer';
import { closeReadHelpers, useReadHelpers } from '../../../../electron/main/core/store/parallel-read';
import { countingScanWorker } from '../../../support/built-scan-worker';
import { buildStore, generatedSpec } from '../../../support/store-builder';
import { FAST_TIMING, startLibrary } from '../../../support/library-harness';
import { settle, waitFor } from '../../../support/wait';

jest.setTimeout(30_000);

const locationsOf = (root: string): StoreLocation[] => [
  { path: join(root, 'ReportQueue'), scope: 'machine', label: 'queue' },
  { path: join(root, 'ReportArchive'), scope: 'machine', label: 'archive' },
];

const SORT_COLUMNS: readonly QuerySortColumn[] = ['time', 'event', 'application', 'version', 'module', 'exception', 'offset', 'store', 'source', 'attachments'];

/** The engine a library's host builds (syncQuery) answers as one built from reports() in order. */
function expectEngineInListOrder(library: ReportLibrary): void {
  const synced = syncQuery(library);
  const reference = new LibraryQuery(libraryResolver(library));
  reference.upsertAll(library.reports());
  expect(synced.query.size).toBe(reference.size);
  for (const column of SORT_COLUMNS) {
    for (const direction of ['ascending', 'descending'] as const) {
      const request: QueryRequest = { filter: MATCH_ALL, sort: { column, direction }, offset: 0, limit: 1000 };
      expect(synced.query.query(request)).toEqual(reference.query(request));
    }
  }
  synced.close();
}

describe('ReportLibrary (live, real chokidar)', () => {
  let root: string;
  let library: ReportLibrary | null = null;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-lib-'));
    await mkdir(join(root, 'ReportQueue'));
    await mkdir(join(root, 'ReportArchive'));
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await library?.close();
    library = null;
    await rm(root, { recursive: true, force: true });
  });

  it('shows a report whose Report.wer is written in three chunks once, complete, within 1 s', async () => {
    const started = await startLibrary({ locations: locationsOf(root) });
    library = started.library;
    const { spec } = generatedSpec(3);
    const folder = join(root, 'ReportQueue', spec.folderName);
    await mkdir(folder);
    const bytes = Buffer.from(utf16leWithBom(formatReportWer(spec)));
    const cuts = [0, Math.floor(bytes.length / 3) | 1, Math.floor((2 * bytes.length) / 3), bytes.length];
    for (let i = 0; i < 3; i++) {
      await appendFile(join(folder, 'Report.wer'), bytes.subarray(cuts[i], cuts[i + 1]));
      if (i < 2) await settle(120);
    }
    const done = performance.now();
    await waitFor(() => library?.reports().some((r) => r.folder === folder && r.signature.length === spec.signature.length) ?? false, 'the complete report');
    expect(performance.now() - done).toBeLessThan(1000);
    await settle(300);
    const added = started.events.filter((e) => e.kind === 'added');
    expect(added).toHaveLength(1);
    const report = library.reports().find((r) => r.folder === folder);
    expect(report).toMatchObject({ id: spec.reportIdentifier, eventType: spec.eventType, store: 'ReportQueue', problems: [] });
    expect(added[0]?.kind === 'added' && added[0].summary).toMatch(/crashed|stopped/);
  });

  it('updates a report when WER rewrites it with a bucket, and moves it to the archive without duplicates', async () => {
    const { spec } = generatedSpec(0);
    const queued = join(root, 'ReportQueue', spec.folderName);
    await mkdir(queued);
    await writeFile(join(queued, 'Report.wer'), utf16leWithBom(formatReportWer({ ...spec, bucket: undefined })));
    const started = await startLibrary({ locations: locationsOf(root) });
    library = started.library;
    expect(library.reports()).toHaveLength(1);

    const bucket = { id: 'b7e1a0c2d3f4a5b6c7d8e9f0a1b2c3d4', table: 5, legacyId: '1234567890123456789' };
    await writeFile(join(queued, 'Report.wer'), utf16leWithBom(formatReportWer({ ...spec, bucket })));
    await waitFor(() => library?.reports()[0]?.bucket?.id === bucket.id, 'the bucket');
    expect(started.events.map((e) => e.kind)).toEqual(['updated']);

    const archived = join(root, 'ReportArchive', spec.folderName);
    await rename(queued, archived);
    await waitFor(() => library?.reports()[0]?.store === 'ReportArchive', 'the move');
    await settle(500);
    expect(library.reports()).toHaveLength(1);
    expect(library.reports()[0]).toMatchObject({ id: spec.reportIdentifier, folder: archived });
    const kinds = started.events.map((e) => e.kind);
    expect(kinds).not.toContain('removed');
    expect(kinds).not.toContain('added');
    const move = started.events.at(-1);
    expect(move?.kind === 'updated' && move.previousFolder).toBe(queued);
  });

  it.each([
    ['the stores', '', locationsOf],
    ['the folder above the stores', '', (r: string): StoreLocation[] => [{ path: r, scope: 'extra', label: 'collected' }]],
    // A share with its WER folder inside, or C:\ProgramData\Microsoft\Windows: a full watch of a
    // collector's 1,000,000 folders from there grew past 2 GB.
    ['a folder two levels above the stores', 'WER', (r: string): StoreLocation[] => [{ path: r, scope: 'extra', label: 'collected' }]],
  ])('keeps a very large store current with a light watch of %s: new, rewritten and deleted reports', async (_what, inner, locations) => {
    const stores = join(root, inner);
    if (inner) {
      await mkdir(stores);
      for (const store of ['ReportQueue', 'ReportArchive']) await rename(join(root, store), join(stores, store));
    }
    const built = await buildStore(stores, 12);
    const plans: { depth: number; lightDirs: string[] | null }[] = [];
    const watch: WatchFactory = (watchRoot, options, handlers) => {
      plans.push({ depth: options.depth, lightDirs: options.lightDirs ? [...options.lightDirs].sort() : null });
      return chokidarWatchFactory(watchRoot, options, handlers);
    };
    const started = await startLibrary({ locations: locations(root), lightWatchAbove: 5, watch });
    library = started.library;
    // Light: the watchers see report folders come and go (the entries of the stores and of the
    // folders on the way to them), never the files inside them (a store of 5 or fewer is
    // watched in full).
    const inArchive = built.filter((b) => b.store === 'ReportArchive').length;
    expect(inArchive).toBeGreaterThan(5);
    const inQueue = built.length - inArchive;
    const [queue, archive] = [join(stores, 'ReportQueue'), join(stores, 'ReportArchive')];
    const expected = inner
      ? [{ depth: 2, lightDirs: [root, stores, archive, queue].sort() }]
      : locations(root).length === 1
        ? [{ depth: 1, lightDirs: [root, archive, queue].sort() }]
        : [inQueue > 5 ? { depth: 0, lightDirs: [queue] } : { depth: 1, lightDirs: null }, { depth: 0, lightDirs: [archive] }];
    expect(plans).toEqual(expected);
    const archived = built.find((b) => b.store === 'ReportArchive');
    if (!archived) throw new Error('no archived report');
    const bucket = { id: '0123456789abcdef0123456789abcdef', table: 4, legacyId: '42' };
    await writeFile(join(archived.folder, 'Report.wer'), utf16leWithBom(formatReportWer({ ...archived.spec, bucket })));
    await waitFor(() => library?.reports().find((r) => r.folder === archived.folder)?.bucket?.id === bucket.id, 'the rewrite');
    const { spec } = generatedSpec(99);
    const folder = join(archive, spec.folderName);
    await mkdir(folder);
    await writeFile(join(folder, 'Report.wer'), utf16leWithBom(formatReportWer(spec)));
    await waitFor(() => library?.reports().length === 13, 'the new report');
    await rm(folder, { recursive: true });
    await waitFor(() => library?.reports().length === 12, 'the removal');
    expect(started.events.map((e) => e.kind)).toEqual(['updated', 'added', 'removed']);
  });

  it('writes the cache while reports keep coming faster than its quiet time, within the longest wait', async () => {
    const cacheFile = join(root, 'reports-cache.json');
    // Without the bound, a report every 100 ms would push a save that wants 400 quiet ms away for ever.
    const started = await startLibrary({ locations: locationsOf(root), cacheFile, timing: { cacheSaveDelayMs: 400, cacheMaxWaitMs: 600 } });
    library = started.library;
    await library.whenWatching();
    const written: string[] = [];
    let savedDuringStream = false;
    for (let i = 0; i < 30 && !savedDuringStream; i++) {
      const { spec } = generatedSpec(2000 + i);
      const folder = join(root, 'ReportQueue', spec.folderName);
      await mkdir(folder);
      await writeFile(join(folder, 'Report.wer'), utf16leWithBom(formatReportWer(spec)));
      written.push(spec.reportIdentifier.toLowerCase());
      await settle(100);
      const cache = await readFile(cacheFile, 'utf8').catch(() => '');
      savedDuringStream = written.slice(0, 2).every((id) => cache.includes(id));
    }
    expect(savedDuringStream).toBe(true);
  });

  it('keeps saved reports on disk, reads them back where asked, and announces their changes like any others', async () => {
    const built = await buildStore(root, 30, { attachmentsEvery: 4 });
    const cacheFile = join(root, 'reports-cache.json');
    const started = await startLibrary({ locations: locationsOf(root), cacheFile });
    library = started.library;
    const first = library.reports();
    expect(library.reportsInMemory()).toBe(30);
    // Once the cache is written, every report (a WER folder's own record) is read from it when asked for.
    await waitFor(() => library?.reportsInMemory() === 0, 'the reports stored');
    expect(library.reports()).toEqual(first);
    for (const r of first) expect(library.report(r.id)).toEqual(r);

    const [rewritten, deleted] = built;
    if (!rewritten || !deleted) throw new Error('no reports');
    const bucket = { id: 'fedcba9876543210fedcba9876543210', table: 4, legacyId: '43' };
    await writeFile(join(rewritten.folder, 'Report.wer'), utf16leWithBom(formatReportWer({ ...rewritten.spec, bucket })));
    await waitFor(() => started.events.length === 1, 'the rewrite');
    const update = started.events[0];
    expect(update?.kind === 'updated' && update.report.bucket?.id).toBe(bucket.id);
    expect(library.report(rewritten.spec.reportIdentifier)?.bucket?.id).toBe(bucket.id);
    await rm(deleted.folder, { recursive: true });
    await waitFor(() => started.events.length === 2, 'the removal');
    expect(started.events[1]).toEqual({ kind: 'removed', id: deleted.spec.reportIdentifier, folder: deleted.folder });
    await waitFor(() => library?.reportsInMemory() === 0, 'the rewritten report stored');
    const last = library.reports();
    expect(last).toHaveLength(29);
    expect(last.find((r) => r.folder === rewritten.folder)?.bucket?.id).toBe(bucket.id);
    await library.close();

    // A warm start parses none of them.
    library = (await startLibrary({ locations: locationsOf(root), cacheFile })).library;
    expect(library.reportsInMemory()).toBe(0);
    expect(library.reports()).toEqual(last);
  });

  it('sets the reports a first start reads aside on disk, a few at a time, and moves them to the cache at its first save', async () => {
    await buildStore(root, 60, { attachmentsEvery: 4 });
    library = (await startLibrary({ locations: locationsOf(root), watch: false })).library;
    const expected = library.reports();
    await library.close();
    const data = join(root, 'data');
    const cacheFile = join(data, 'reports-cache.json');
    const spills = () => readdirSync(data).filter((name) => isSpillFileOf(cacheFile, name));
    await mkdir(data);
    await writeFile(`${cacheFile}.999-1.spill`, 'left by a start that crashed');

    // The first save waits, so the spilled reports can be looked at before it.
    const wait = { cacheSaveDelayMs: 60_000, cacheMaxWaitMs: 60_000 };
    library = (await startLibrary({ locations: locationsOf(root), cacheFile, spill: { above: 10, every: 7 }, timing: wait })).library;
    expect(library.reportsInMemory()).toBeLessThan(7);
    const [spilled, ...others] = spills();
    // The crashed start's file is gone; this start's holds the reports.
    expect(others).toEqual([]);
    expect(readFileSync(join(data, spilled ?? ''), 'utf8')).toContain(expected[0]?.id);
    expect(library.reports()).toEqual(expected);
    expect([...library.reportsInOrder()]).toEqual(expected);
    for (const r of expected) expect(library.report(r.id)).toEqual(r);
    expectEngineInListOrder(library);

    // A library swapped in beside it (the app's stores changed) spills to a file of its own,
    // and leaves the first one's alone.
    const second = (await startLibrary({ locations: locationsOf(root), cacheFile, spill: { above: 10, every: 7 }, timing: wait })).library;
    try {
      expect(spills()).toHaveLength(2);
      expect(second.reports()).toEqual(expected);
      expect(library.reports()).toEqual(expected);
    } finally {
      await second.close();
    }
    await library.close();
    // The saves at close moved the reports to the cache: no spill file is left, and a warm start reads none.
    expect(spills()).toEqual([]);
    library = (await startLibrary({ locations: locationsOf(root), cacheFile, spill: { above: 10, every: 7 } })).library;
    expect(library.reportsInMemory()).toBe(0);
    expect(library.reports()).toEqual(expected);
    expect([...library.reportsInOrder()]).toEqual(expected);
    await library.close();

    // A spill file that cannot be written (a file where the data folder should be): the reports stay in memory.
    await rm(data, { recursive: true });
    await writeFile(data, 'not a folder');
    library = (await startLibrary({ locations: locationsOf(root), cacheFile, spill: { above: 10, every: 7 } })).library;
    expect(library.reportsInMemory()).toBe(60);
    expect(library.reports()).toEqual(expected);
  });

  it('never announces a folder WER is still writing when it appears while the watchers start', async () => {
    const { spec } = generatedSpec(4711);
    const folder = join(root, 'ReportArchive', spec.folderName);
    // The folder (no Report.wer yet) appears after the first reading, before the watchers are ready.
    const watch: WatchFactory = (watchRoot, options, handlers) => {
      mkdirSync(folder, { recursive: true });
      return chokidarWatchFactory(watchRoot, options, handlers);
    };
    const started = await startLibrary({ locations: locationsOf(root), watch });
    library = started.library;
    await library.whenWatching();
    expect(library.reports()).toEqual([]);
    await writeFile(join(folder, 'Report.wer'), utf16leWithBom(formatReportWer(spec)));
    await waitFor(() => library?.reports().length === 1, 'the report once complete');
    await settle(300);
    const added = started.events.filter((e) => e.kind === 'added');
    expect(added.map((e) => (e.kind === 'added' ? e.report.id : ''))).toEqual([spec.reportIdentifier.toLowerCase()]);
  });

  it('drops a deleted folder from the index', async () => {
    const built = await buildStore(root, 5);
    const started = await startLibrary({ locations: locationsOf(root) });
    library = started.library;
    expect(library.reports()).toHaveLength(5);
    const victim = built[2]?.folder ?? '';
    await rm(victim, { recursive: true });
    await waitFor(() => library?.reports().length === 4, 'the removal');
    expect(started.events).toEqual([{ kind: 'removed', id: built[2]?.spec.reportIdentifier, folder: victim }]);
  });

  it('loses nothing in a burst of 1,000 new report folders', async () => {
    const started = await startLibrary({ locations: locationsOf(root) });
    library = started.library;
    await buildStore(root, 1000);
    await waitFor(() => library?.reports().length === 1000, '1,000 reports', 20_000);
    await settle(300);
    const added = started.events.filter((e) => e.kind === 'added');
    expect(added).toHaveLength(1000);
    expect(new Set(library.reports().map((r) => r.id)).size).toBe(1000);
  });

  it('reports a store that disappears or becomes unreadable, and resumes when it is back', async () => {
    await buildStore(root, 10);
    const queue = join(root, 'ReportQueue');
    const started = await startLibrary({ locations: locationsOf(root) });
    library = started.library;
    expect(library.reports()).toHaveLength(10);

    await rename(queue, `${queue}.away`);
    await waitFor(() => library?.stores()[0]?.state === 'missing', 'the missing queue');
    expect(library.reports().every((r) => r.store === 'ReportArchive')).toBe(true);

    await rename(`${queue}.away`, queue);
    await waitFor(() => library?.stores()[0]?.state === 'ok' && library.reports().length === 10, 'the queue back');

    // Root ignores file modes, so access denied is simulated where the library looks.
    const fs = jest.requireActual<typeof import('node:fs')>('node:fs');
    const realStat = fs.statSync;
    jest.spyOn(fs, 'statSync').mockImplementation(((p: string, ...rest: []) => {
      if (p === queue) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      return realStat(p, ...rest);
    }) as typeof fs.statSync);
    await waitFor(() => library?.stores()[0]?.state === 'access-denied', 'access denied');
    expect(library.stores()[0]?.message).toMatch(/administrator/);
    jest.restoreAllMocks();
    await waitFor(() => library?.stores()[0]?.state === 'ok', 'readable again');
    const storeEvents = started.events.filter((e) => e.kind === 'store').map((e) => (e.kind === 'store' ? e.status.state : ''));
    expect(storeEvents).toEqual(['missing', 'ok', 'access-denied', 'ok']);

    const { spec } = generatedSpec(500);
    const folder = join(queue, spec.folderName);
    await mkdir(folder);
    await writeFile(join(folder, 'Report.wer'), utf16leWithBom(formatReportWer(spec)));
    await waitFor(() => library?.reports().some((r) => r.folder === folder) ?? false, 'a new report after the comeback');
  });
});

describe('ReportLibrary cache', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-cache-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('starts from the cache, parses only changed folders, and discards a corrupt cache', async () => {
    const built = await buildStore(join(root, 'WER'), 50, { attachmentsEvery: 5 });
    const cacheFile = join(root, 'reports-cache.json');
    const locations = locationsOf(join(root, 'WER'));

    let run = await startLibrary({ locations, cacheFile, watch: false });
    expect(run.info).toMatchObject({ reports: 50, parsed: 50, fromCache: 0, cacheDiscarded: 'no cache yet' });
    const first = run.library.reports();
    await run.library.close();

    run = await startLibrary({ locations, cacheFile, watch: false });
    expect(run.info).toMatchObject({ reports: 50, parsed: 0, fromCache: 50, cacheDiscarded: null });
    expect(run.library.reports()).toEqual(first);
    await run.library.close();

    // One rewritten Report.wer, one new folder, one deleted folder.
    const changed = built[0]?.spec;
    if (!changed) throw new Error('no report');
    await writeFile(join(built[0]?.folder ?? '', 'Report.wer'), utf16leWithBom(formatReportWer({ ...changed, appName: 'Changed name' })));
    await rm(built[1]?.folder ?? '', { recursive: true });
    await buildStore(join(root, 'extra'), 1);
    const { spec } = generatedSpec(777);
    await mkdir(join(root, 'WER', 'ReportArchive', spec.folderName));
    await writeFile(join(root, 'WER', 'ReportArchive', spec.folderName, 'Report.wer'), utf16leWithBom(formatReportWer(spec)));
    run = await startLibrary({ locations, cacheFile, watch: false });
    expect(run.info).toMatchObject({ reports: 50, parsed: 2, fromCache: 48 });
    expect(run.library.reports().find((r) => r.folder === built[0]?.folder)?.appName).toBe('Changed name');
    await run.library.close();

    await writeFile(cacheFile, '{"version":1,"entries":[{"stamp":');
    run = await startLibrary({ locations, cacheFile, watch: false });
    expect(run.info).toMatchObject({ reports: 50, parsed: 50, cacheDiscarded: 'the cache file is corrupt' });
    await run.library.close();

    await writeFile(cacheFile, JSON.stringify({ version: 0, appVersion: '0.0.0', entries: [] }));
    run = await startLibrary({ locations, cacheFile, watch: false });
    expect(run.info).toMatchObject({ parsed: 50, cacheDiscarded: 'the cache was written by another version' });
    await run.library.close();
  });

  it('leaves an unchanged cache as it is: no rewrite after a start or at close that changed nothing', async () => {
    const built = await buildStore(join(root, 'WER'), 20);
    const cacheFile = join(root, 'reports-cache.json');
    const locations = locationsOf(join(root, 'WER'));
    const timing = { cacheSaveDelayMs: 10 };
    let run = await startLibrary({ locations, cacheFile, watch: false, timing });
    await run.library.close();
    const written = await readFile(cacheFile, 'utf8');
    expect(written.split('\n').filter((l) => l !== '')).toHaveLength(21); // a header line, then one line per report

    // Each save writes its time in the header line, so any rewrite would change the file.
    run = await startLibrary({ locations, cacheFile, watch: false, timing });
    expect(run.info).toMatchObject({ parsed: 0, fromCache: 20, cacheDiscarded: null });
    await settle(100);
    await run.library.close();
    expect(await readFile(cacheFile, 'utf8')).toBe(written);

    // Without its records table (a cache of an older version's table, say) the start reads the
    // lines, and saves once so that the next start has a table again.
    const table = await readFile(recordsFileOf(cacheFile));
    await unlink(recordsFileOf(cacheFile));
    run = await startLibrary({ locations, cacheFile, watch: false, timing });
    expect(run.info).toMatchObject({ parsed: 0, fromCache: 20, cacheDiscarded: null });
    await waitFor(() => existsSync(recordsFileOf(cacheFile)), 'the records table written again');
    await run.library.close();
    const rewritten = await readFile(cacheFile, 'utf8');
    expect(rewritten.split('\n').filter((l) => l !== '')).toHaveLength(21);
    expect((await readFile(recordsFileOf(cacheFile))).length).toBe(table.length);
    run = await startLibrary({ locations, cacheFile, watch: false, timing });
    await settle(100);
    await run.library.close();
    expect(await readFile(cacheFile, 'utf8')).toBe(rewritten);

    // A folder changed since: read again, and the cache saved with it.
    const spec = built[0]?.spec;
    if (!spec) throw new Error('no report');
    await writeFile(join(built[0]?.folder ?? '', 'Report.wer'), utf16leWithBom(formatReportWer({ ...spec, appName: 'Changed name' })));
    run = await startLibrary({ locations, cacheFile, watch: false, timing });
    expect(run.info).toMatchObject({ parsed: 1, fromCache: 19 });
    await waitFor(() => readFileSync(cacheFile, 'utf8') !== rewritten, 'the cache saved again');
    expect(await readFile(cacheFile, 'utf8')).toContain('Changed name');
    await run.library.close();
  });

  it('starts a light store from its cached reports as they are, then compares their stamps in the background', async () => {
    const built = await buildStore(join(root, 'WER'), 14);
    const cacheFile = join(root, 'reports-cache.json');
    const locations: StoreLocation[] = [{ path: join(root, 'WER'), scope: 'extra', label: 'collected' }];
    let run = await startLibrary({ locations, cacheFile, lightWatchAbove: 5 });
    await run.library.close();

    // While the app is closed: one report rewritten, one deleted.
    const [changed, deleted] = built;
    if (!changed || !deleted) throw new Error('no reports');
    await writeFile(join(changed.folder, 'Report.wer'), utf16leWithBom(formatReportWer({ ...changed.spec, appName: 'Changed while closed' })));
    await rm(deleted.folder, { recursive: true });
    // The comparison waits a while after the start (the first requests go first).
    const library = new ReportLibrary({ locations, cacheFile, lightWatchAbove: 5, timing: { ...FAST_TIMING, verifyDelayMs: 400, sweepIntervalMs: 60_000 } });
    const events: LibraryEvent[] = [];
    library.subscribe((e) => events.push(e));
    const info = await library.start();
    try {
      // Ready without a listing or a look at any stamp: every report as cached, the deleted one too.
      expect(info).toMatchObject({ reports: 14, parsed: 0, fromCache: 14 });
      expect(library.stores()).toEqual([expect.objectContaining({ state: 'ok', reportCount: 14 })]);
      expect(library.report(changed.spec.reportIdentifier.toLowerCase())?.appName).toBe(changed.spec.appName);
      // The comparison in the background finds both changes, and a folder added meanwhile.
      const { spec: added } = generatedSpec(500);
      await mkdir(join(root, 'WER', 'ReportQueue', added.folderName));
      await writeFile(join(root, 'WER', 'ReportQueue', added.folderName, 'Report.wer'), utf16leWithBom(formatReportWer(added)));
      // Meanwhile the watch sees the folder added, but nothing changed while closed is compared yet.
      await settle(200);
      expect(events.filter((e) => e.kind !== 'added')).toEqual([]);
      await library.whenWatching();
      await waitFor(() => events.length >= 3, 'the changes made while closed');
      expect(library.report(changed.spec.reportIdentifier.toLowerCase())?.appName).toBe('Changed while closed');
      expect(library.report(deleted.spec.reportIdentifier.toLowerCase())).toBeNull();
      expect(library.report(added.reportIdentifier.toLowerCase())).not.toBeNull();
      expect(events).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'updated', report: expect.objectContaining({ appName: 'Changed while closed' }) }),
          { kind: 'removed', id: deleted.spec.reportIdentifier.toLowerCase(), folder: deleted.folder },
          expect.objectContaining({ kind: 'added', report: expect.objectContaining({ folder: join(root, 'WER', 'ReportQueue', added.folderName) }) }),
        ]),
      );
      expect(library.stores()).toEqual([expect.objectContaining({ state: 'ok', reportCount: 14 })]);
    } finally {
      await library.close();
    }
    // Closing during that wait ends it.
    const waiting = new ReportLibrary({ locations, cacheFile, lightWatchAbove: 5, timing: { ...FAST_TIMING, verifyDelayMs: 600_000 } });
    await waiting.start();
    await waiting.close();
    await waiting.whenWatching();
    // Without watchers (the CLI), every stamp is compared before the start resolves.
    await writeFile(join(changed.folder, 'Report.wer'), utf16leWithBom(formatReportWer({ ...changed.spec, appName: 'Changed again' })));
    run = await startLibrary({ locations, cacheFile, lightWatchAbove: 5, watch: false });
    expect(run.info).toMatchObject({ reports: 14, parsed: 1 }); // the 13 cached and the one added
    expect(run.library.report(changed.spec.reportIdentifier.toLowerCase())?.appName).toBe('Changed again');
    await run.library.close();
  });

  it('starts a big store on a worker thread too (as the app does), with the same reports and stamps', async () => {
    await buildStore(join(root, 'WER'), 1100, { attachmentsEvery: 7 });
    // The queue (110 folders) and the archive (990) are each below the 1,024 folders that start
    // workers: they start because every store is listed first and all 1,100 are read together.
    const locations = locationsOf(join(root, 'WER'));
    const onMainThread = await startLibrary({ locations, watch: false });
    const expected = onMainThread.library.reports();
    await onMainThread.library.close();

    const cacheFile = join(root, 'reports-cache.json');
    const worker = countingScanWorker(root);
    useReadHelpers(worker.file, 1);
    try {
      let run = await startLibrary({ locations, cacheFile, watch: false });
      expect(run.info).toMatchObject({ reports: 1100, parsed: 1100 });
      expect(worker.answered()).toBeGreaterThan(0);
      expect(run.library.reports()).toStrictEqual(expected);
      await run.library.close();
      // Each report read by the worker was stored with its own folder's stamp: nothing is read again.
      run = await startLibrary({ locations, cacheFile, watch: false });
      expect(run.info).toMatchObject({ reports: 1100, parsed: 0, fromCache: 1100 });
      await run.library.close();
    } finally {
      useReadHelpers(null);
      await closeReadHelpers();
    }
  });
});

describe('ReportLibrary lookups and store list', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-lookup-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('counts and finds reports by id like reports() does, without sorting the library', async () => {
    const built = await buildStore(join(root, 'WER'), 12);
    // The same report copied elsewhere: two folders, one id.
    const copied = built[3];
    if (!copied) throw new Error('no report');
    await mkdir(join(root, 'copy', copied.spec.folderName), { recursive: true });
    await writeFile(join(root, 'copy', copied.spec.folderName, 'Report.wer'), utf16leWithBom(formatReportWer(copied.spec)));
    const locations = [...locationsOf(join(root, 'WER')), { path: join(root, 'copy'), scope: 'extra' as const, label: 'copy' }];
    const { library } = await startLibrary({ locations, watch: false });
    try {
      const all = library.reports();
      expect(library.count()).toBe(13);
      expect(all).toHaveLength(13);
      for (const r of all) expect(library.report(r.id)).toEqual(all.find((x) => x.id === r.id));
      expect(library.report('no-such-id')).toBeNull();
      const twice = copied.spec.reportIdentifier.toLowerCase();
      expect(library.reportsWithIds([twice])).toHaveLength(2);
      const wanted = [twice, all[7]?.id ?? '', 'no-such-id', all[0]?.id ?? '', twice];
      expect(library.reportsWithIds(wanted)).toEqual(all.filter((r) => wanted.includes(r.id)));
      expect(library.reportsWithIds(['no-such-id'])).toEqual([]);
      // A page's lookup: each id's report as report(id) gives it, the first of the two folders' included.
      expect(library.reportsOf(wanted)).toEqual(wanted.map((id) => library.report(id)));
      expect(library.reportsOf(wanted)[0]).toEqual(all.find((r) => r.id === twice));
    } finally {
      await library.close();
    }
  });

  it('reads a folder reachable from two locations once', async () => {
    await buildStore(join(root, 'WER'), 20);
    const locations = [{ path: join(root, 'WER'), scope: 'extra' as const, label: 'above' }, ...locationsOf(join(root, 'WER'))];
    const { library, info } = await startLibrary({ locations, watch: false });
    try {
      expect(info).toMatchObject({ reports: 20, parsed: 20, fromCache: 0 });
      expect(library.stores().map((s) => [s.label, s.state, s.reportCount])).toEqual([
        ['above', 'ok', 20],
        ['queue', 'ok', 2],
        ['archive', 'ok', 18],
      ]);
    } finally {
      await library.close();
    }
  });

  it('builds the engine of a spilled start in the list\'s order, one report in two folders included', async () => {
    const built = await buildStore(join(root, 'WER'), 40);
    const archived = built.find((b) => b.store === 'ReportArchive');
    if (!archived) throw new Error('no archived report');
    // WER moving a report: for a moment it is in the queue and the archive.
    await cp(archived.folder, join(root, 'WER', 'ReportQueue', basename(archived.folder)), { recursive: true });
    const cacheFile = join(root, 'data', 'reports-cache.json');
    const { library } = await startLibrary({ locations: locationsOf(join(root, 'WER')), cacheFile, watch: false, spill: { above: 5, every: 3 } });
    try {
      expect(library.count()).toBe(41);
      // Spilled into a data folder the start made.
      expect(library.reportsInMemory()).toBeLessThan(3);
      expectEngineInListOrder(library);
      await rm(join(root, 'WER', 'ReportQueue', basename(archived.folder)), { recursive: true });
    } finally {
      await library.close();
    }
    const { library: warm } = await startLibrary({ locations: locationsOf(join(root, 'WER')), cacheFile, watch: false });
    try {
      // A warm start's stored reports lie in the cache file: the same engine.
      expect(warm.count()).toBe(40);
      expectEngineInListOrder(warm);
    } finally {
      await warm.close();
    }
  });

  it('lists a location that could not be opened as a store in error, and reads and watches the others', async () => {
    await buildStore(join(root, 'WER'), 3);
    const broken: StoreLocation = { path: join(root, 'ticket.zip'), scope: 'extra', label: 'Bundle ticket.zip', failure: 'ticket.zip is not a zip file.' };
    const watched: string[] = [];
    const watch: WatchFactory = (watchRoot, options, handlers) => (watched.push(watchRoot), chokidarWatchFactory(watchRoot, options, handlers));
    const { library, events } = await startLibrary({ locations: [...locationsOf(join(root, 'WER')), broken], watch });
    try {
      expect(library.count()).toBe(3);
      expect(library.stores()[2]).toEqual({
        path: join(root, 'ticket.zip'), scope: 'extra', label: 'Bundle ticket.zip', state: 'error', message: 'ticket.zip is not a zip file.', reportCount: 0,
      });
      expect(watched.some((w) => w.includes('ticket.zip'))).toBe(false);
      // The root checks leave it alone: no store event ever says "is not a folder".
      await settle(400);
      expect(events).toEqual([]);
      expect(library.stores()[2]?.message).toBe('ticket.zip is not a zip file.');
    } finally {
      await library.close();
    }
  });
});
