import { type Dirent, readdirSync, statSync } from 'node:fs';
import { basename, dirname, resolve, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LibraryEvent } from '../../../../shared/library-model';
import type { WerReport } from '../../../../shared/report-model';
import type { StoreLocation, StoreStatus } from '../../../../shared/store-model';
import { readReportFolder, readReportSummaries, type ReadReport } from '../report/read-report-folder';
import { readInParallel } from '../store/parallel-read';
import { compareReports, compareTimesAndFolders } from '../../../../shared/report-order';
import { type FoundFolder, listReportFolders, reportLocationOf, storeKindOf } from '../store/scan-stores';
import { backgroundSlicer, timeSlicer } from '../time-slice';
import { type FolderStamp, folderStamp, sameStamp } from '../store/folder-stamp';
import { FolderMap } from './folder-map';
import { type CacheEntry, loadReportCache, saveReportCache } from './report-cache';
import { nextSaveAt } from './save-pacing';
import { LightSweep } from './light-sweep';
import { LibraryIndex } from './library-index';
import { diffLocation, type LocationDiff } from './location-diff';
import { DEFAULT_TIMING, type LibraryOptions, type LibraryTiming, type StartInfo } from './library-options';
import { LIGHT_WATCH_FOLDERS, StoreWatchers } from './store-watchers';
import { BackgroundReader } from './background-reader';
import { CAUSED_BY_READ, readFileChange } from './kernel-records';
import { topFrameRead, type TopFrameSymbols } from './top-frame-reader';
import { Emitter } from '../emitter';
import { EventLogLocations } from './event-log-locations';
import { isEventLogLocation } from '../store/event-log-store';
import { MergedView, type SourceChange } from './merged-view';
import { fullReport, type HeldReport, StoredReport, type WindowReader } from './stored-report';
import { DEFAULT_SPILL, removeLeftSpills, ReportSpill } from './report-spill';
import { canJoinOthers } from '../records/merge-records';

// Re-exported: the library's options are part of its interface.
export { DEFAULT_TIMING, type LibraryOptions, type LibraryTiming, type StartInfo };

/** Whether a folder is at or below a location (the test made once for the location). */
function underLocation(location: StoreLocation): (folder: string) => boolean {
  const root = resolve(location.path);
  const prefix = root.endsWith(sep) ? root : root + sep;
  return (folder) => folder === root || folder.startsWith(prefix);
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Whether a read shows a Report.wer that WER is still writing (so it is read again shortly). */
function looksIncomplete({ reportWer: wer }: ReadReport, inStore: boolean): boolean {
  return wer ? wer.lossy || wer.parsed.eventType === null || wer.parsed.eventTime === null : inStore;
}

/**
 * The live index of every report in the configured stores: a cached start, then watchers that
 * keep it current, with events for each change. Folders and dump files are indexed one by one
 * (the index); saved event logs are read whole (logs); what the user sees is their merge, one
 * record per crash (view). Read-only towards the WER folders.
 */
export class ReportLibrary {
  private readonly timing: LibraryTiming;
  private readonly index: LibraryIndex;
  private readonly view: MergedView;
  private readonly events = new Emitter<LibraryEvent>();
  /** Locations read folder by folder (everything but the event logs). */
  private readonly folderLocations: readonly StoreLocation[];
  private readonly logs: EventLogLocations;
  private readonly statuses = new Map<string, StoreStatus>();
  private readonly debounce = new Map<string, NodeJS.Timeout>();
  private readonly retries = new Map<string, number>();
  private readonly watchers: StoreWatchers | null;
  private saveTimer: NodeJS.Timeout | null = null;
  /** The cache writes in progress, one after the other (see saveNow). */
  private saving: Promise<void> = Promise.resolve();
  /** Whether the index changed since the cache on disk was written (or loaded). */
  private unsaved = false;
  /** When the first unsaved change was made, and when the last save ended and took (see save-pacing.ts). */
  private unsavedSince: number | null = null;
  private lastSave = { end: 0, ms: 0 };
  /** The generation of the cache file on disk (null while it is written, or when there is none). */
  private generation: string | null = null;
  private readonly saved = new Emitter<string>();
  /** Locations started from cached reports whose stamps are still to be compared (see start). */
  private readonly unverified = new Set<string>();
  private closed = false;
  /** Aborted by close(): ends the wait before comparing stores (see LibraryTiming.verifyDelayMs). */
  private readonly closing = new AbortController();
  private watching: Promise<void> = Promise.resolve();
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping = false;
  private readonly sweep: LightSweep;
  /** The spill file of the start (see report-spill.ts) until a save moved its reports to the cache. */
  private spill: ReportSpill | null = null;
  /** Made once start() has built the first list: the view's id map being filled (see whenIdsPrepared). */
  private idsPrepared: Promise<void> = Promise.resolve();
  /** Set once start() has built the first list: later changes are announced. */
  private started = false;
  /** Fills in the driver at fault of Minidump records in the background. */
  private readonly causedBy = new BackgroundReader(CAUSED_BY_READ, (report, stamp) => this.adoptBackgroundRead(report, stamp));
  /** Fills in the top frame of native crashes (problems group by it) in the background. */
  private readonly topFrames: BackgroundReader;

  /** `topFrameSymbols`: the symbol path top frames are read with (local files only; absent: the modules' own files). */
  constructor(private readonly options: LibraryOptions & { readonly topFrameSymbols?: TopFrameSymbols }) {
    this.topFrames = new BackgroundReader(topFrameRead(options.topFrameSymbols), (report, stamp) => this.adoptBackgroundRead(report, stamp));
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.index = new LibraryIndex(
      this.timing.removeGraceMs,
      () => this.scheduleSave(),
      (id) => this.view.foldersWithId(id),
      (folder, before) => this.view.folderChanging(folder, before),
    );
    this.view = new MergedView(this.index);
    this.index.subscribe((event) => this.onIndexEvent(event));
    this.sweep = new LightSweep(this.index, (folder) => this.schedule(folder, 0));
    this.folderLocations = options.locations.filter((l) => !isEventLogLocation(l));
    this.logs = new EventLogLocations(
      options.locations.filter((l) => isEventLogLocation(l)),
      {
        onChanges: (changes) => this.applyChanges(changes),
        onStatus: (location, status) => this.setStatus(location, status, this.started),
      },
    );
    this.watchers =
      options.watch === false
        ? null
        : new StoreWatchers(this.folderLocations, this.timing.healthIntervalMs, options.watch, {
            onFolder: (folder) => this.schedule(folder),
            onStatus: (location, status) => void this.onStoreStatus(location, status),
          }, options.lightWatchAbove);
  }

  /**
   * Loads the cache and reconciles it with the disk, reading only changed folders; the index is
   * ready when this resolves. Watching starts in the background: see {@link whenWatching}.
   */
  async start(): Promise<StartInfo> {
    const cache = this.options.cacheFile ? loadReportCache(this.options.cacheFile) : { entries: new FolderMap<CacheEntry>(), discarded: 'no cache', generation: null };
    const pause = timeSlicer();
    // Every store is listed before any folder is read, so the changed folders of all stores are
    // read in one go: enough of them together start worker threads (see parallel-read.ts), and
    // no worker waits while the next store is listed.
    const toRead: FoundFolder[] = [];
    const stamps = new Map<string, FolderStamp | null>();
    // A large store (watched light) starts from its cached reports as they are; their stamps are
    // compared once the library is ready (see startWatching). Without watchers, before.
    const trustAbove = this.watchers ? (this.options.lightWatchAbove ?? LIGHT_WATCH_FOLDERS) : Infinity;
    for (const location of this.folderLocations) {
      // More cached reports than that, and the store is there: started from them without even a
      // listing (a collector's share takes seconds to list); new, changed and vanished folders
      // are found by the comparison in the background.
      // Counted by their keys: no list of 1,000,000 entries (nor a pair for each) made to count them.
      const under = underLocation(location);
      let cached = 0;
      if (trustAbove !== Infinity) for (const folder of cache.entries.keys()) if (under(folder)) cached += 1;
      if (cached > trustAbove && isFolder(location.path)) {
        // Nothing is read before every location is listed: the index holds cached entries alone.
        // The cache's own map when this store holds every entry of it (a collector's share): no copy.
        if (cached === cache.entries.size && this.index.size === 0) this.index.adoptAll(cache.entries);
        else for (const [folder, entry] of cache.entries) if (under(folder)) this.index.adopt(entry);
        this.unverified.add(location.path);
        this.setStatus(location, { ...location, state: 'ok', message: null, reportCount: cached }, false);
        continue;
      }
      const diff = await diffLocation(location, this.index, cache.entries, pause, { trustKnownAbove: trustAbove });
      if (diff.trusted) this.unverified.add(location.path);
      this.setStatus(location, diff.status, false);
      // Before any read, the index holds only cached reports adopted by this or earlier listings:
      // one under this store that its listing did not find is gone.
      this.dropVanished(location, diff, false);
      for (const { found, stamp } of diff.changed) {
        // A folder reachable from two locations is read once.
        if (stamps.has(found.folder)) continue;
        stamps.set(found.folder, stamp);
        toRead.push(found);
      }
    }
    const spill = this.spillFor(toRead.length);
    let unspilled: string[] = [];
    await readInParallel(toRead, (report) => {
      this.index.upsert(report, stamps.get(report.folder) ?? null, false);
      if (!spill) return;
      unspilled.push(report.folder);
      if (unspilled.length < spill.every) return;
      this.spillRead(spill.file, unspilled);
      unspilled = [];
    }, pause);
    spill?.file.close();
    for (const entry of this.index.madeEntries()) {
      // A stored report lacks nothing (see storable); its stamp is not even made (an object each).
      const { report } = entry;
      if (report instanceof StoredReport) continue;
      this.causedBy.add(report, entry.stamp);
      this.topFrames.add(report, entry.stamp);
    }
    const logRecords = await this.logs.start();
    this.view.reset(logRecords);
    // The view's id map (lookups by id), made right after the start a slice at a time (~0.3 s at
    // 300,000, ~0.8-1.2 s at 1,000,000) at full speed: every page of rows asked for before it is
    // whole is found in a pass over the records (see reportsOf; ~0.1 s at 1,000,000), so one made
    // giving way to requests made every keystroke of the first seconds pay that pass (the first
    // 0.87 s at 1,000,000 after a cold start). A single lookup meanwhile finishes it at once.
    this.idsPrepared = this.view.prepareIds(timeSlicer(), this.closing.signal);
    this.started = true;
    const parsed = toRead.length;
    this.generation = cache.generation;
    // Reports read or removed scheduled a save already; a cache that was used as it is stays as it is
    // (rewriting 300,000 unchanged entries right after start would compete with the first requests),
    // unless it had no records table to start from (an older version's, say): every start would
    // read its lines again (~20 s at 1,000,000).
    if (cache.discarded !== null || cache.readByLine === true) this.scheduleSave();
    this.watching = this.startWatching();
    return { reports: this.view.size, parsed, fromCache: this.index.size - parsed, cacheDiscarded: cache.discarded };
  }

  /**
   * The spill file of a start that reads `count` folders (see report-spill.ts): only with a cache
   * (the spilled reports' next home) and above the spill threshold.
   */
  private spillFor(count: number): { readonly file: ReportSpill; readonly every: number } | null {
    const cacheFile = this.options.cacheFile;
    if (!cacheFile) return null;
    removeLeftSpills(cacheFile);
    const options = this.options.spill ?? DEFAULT_SPILL;
    if (options === false || count <= options.above) return null;
    const file = new ReportSpill(cacheFile);
    this.spill = file;
    return { file, every: options.every };
  }

  /** Moves the storable reports just read from these folders to the spill file. */
  private spillRead(file: ReportSpill, folders: readonly string[]): void {
    const held: WerReport[] = [];
    for (const folder of folders) {
      const report = this.index.get(folder)?.report;
      if (report && !(report instanceof StoredReport) && this.storable(report)) held.push(report);
    }
    const stored = file.write(held);
    if (stored) held.forEach((from, i) => this.index.store(from, stored[i] as StoredReport));
  }

  /** Resolves once every store is watched and changes made while the watchers started are read. */
  whenWatching(): Promise<void> {
    return this.watching;
  }

  private async startWatching(): Promise<void> {
    if (!this.watchers) return;
    this.logs.watch(this.timing.healthIntervalMs);
    await this.watchers.start();
    // Catch what changed between the first reading and the watchers being ready (cheap: stamps
    // only). A store started from its cache unverified has every stamp compared now; another
    // light store only its listing (its sweep compares the stamps of its folders over time).
    const watchers = this.watchers;
    try {
      if (this.unverified.size > 0) await sleep(this.timing.verifyDelayMs, undefined, { signal: this.closing.signal }).catch(() => undefined);
      // The maps the comparison and the sweeps look folders up in, made a slice at a time first (a
      // start from the cache of a large store made none).
      await this.index.prepareMaps(backgroundSlicer(), this.closing.signal);
      for (const location of this.folderLocations) {
        if (this.closed) return;
        const verify = this.unverified.delete(location.path);
        await this.syncLocation(location, !verify && watchers.isLight(location.path));
      }
    } finally {
      // The sweeps start after the comparison (which looks at every folder they would): a sweep
      // during it made the maps at once and ran beside it.
      if (!this.closed) this.sweepTimer = setInterval(() => void this.sweepLightStores(), this.timing.sweepIntervalMs);
    }
  }

  /** Every record, one per crash, newest first (a sorted copy: use {@link count} or {@link report} where they do). */
  reports(): WerReport[] {
    return [...this.view.records()].sort(compareReports);
  }

  /**
   * Every record in the order of {@link reports}, stored ones read one at a time as they are
   * reached (and once before, for their time): the engine of a library listing an id twice is
   * built from it without holding every report at once (see synced-query.ts).
   */
  *reportsInOrder(): Generator<WerReport> {
    const held = [...this.view.heldRecords()];
    const times = held.map((r) => (r instanceof StoredReport ? r.load().eventTime : r.eventTime));
    const order = held.map((_, i) => i);
    order.sort((a, b) => compareTimesAndFolders(times[a] ?? null, (held[a] as HeldReport).folder, times[b] ?? null, (held[b] as HeldReport).folder));
    for (const i of order) yield fullReport(held[i] as HeldReport);
  }

  /**
   * Calls `each` with every record, in the order they are cheapest to read: those in memory, then
   * the stored ones in the order they lie in their files, read a window at a time (in the list's
   * order they were one positional read each: seconds at 300,000). What an engine is built from.
   */
  eachRecord(each: (report: WerReport) => void): void {
    const stored: StoredReport[] = [];
    for (const record of this.view.heldRecords()) {
      if (record instanceof StoredReport) stored.push(record);
      else each(record);
    }
    const places = stored.map((r) => r.place);
    const order = stored.map((_, i) => i);
    order.sort((a, b) => {
      const pa = places[a] as StoredReport['place'];
      const pb = places[b] as StoredReport['place'];
      return pa.file.path < pb.file.path ? -1 : pa.file.path > pb.file.path ? 1 : pa.offset - pb.offset;
    });
    const readers = new Map<string, WindowReader>();
    try {
      for (const i of order) {
        const { file } = places[i] as StoredReport['place'];
        let reader = readers.get(file.path);
        if (!reader) readers.set(file.path, (reader = file.windowReader()));
        each((stored[i] as StoredReport).load(reader));
      }
    } finally {
      for (const reader of readers.values()) reader.close();
    }
  }

  /** Resolves once the map that lookups by id go through is made (a slice at a time after the start). */
  whenIdsPrepared(): Promise<void> {
    return this.idsPrepared;
  }

  /** The library's own string of a report id (its record's), undefined when no record has it. */
  heldId(id: string): string | undefined {
    return this.view.heldId(id);
  }

  /** How many records there are. */
  count(): number {
    return this.view.size;
  }

  /** How many folders' reports are held in memory; the others are read from the cache file when asked for. */
  reportsInMemory(): number {
    return this.index.inMemory();
  }

  /** The report with this id, or null; of one report in two folders, the one {@link reports} lists first. */
  report(id: string): WerReport | null {
    return this.reportsWithIds([id])[0] ?? null;
  }

  /**
   * The report of each id as {@link report} gives it (null for an id no record has), looked up
   * together: a page of rows. Right after a start, while the id map is still being made, this
   * does not wait for the map (see MergedView.withIds).
   */
  reportsOf(ids: readonly string[]): (WerReport | null)[] {
    const found = this.view.withIds(ids);
    return ids.map((id) => (found.get(id) ?? []).sort(compareReports)[0] ?? null);
  }

  /** The reports with any of these ids, newest first; only the matches are sorted. */
  reportsWithIds(ids: Iterable<string>): WerReport[] {
    const found: WerReport[] = [];
    for (const id of new Set(ids)) found.push(...this.view.withId(id));
    return found.sort(compareReports);
  }

  /** How each store location reads now. */
  stores(): StoreStatus[] {
    return this.options.locations.map((l) => this.statuses.get(l.path) ?? { ...l, state: 'ok', message: null, reportCount: 0 });
  }

  /** Listens to changes; returns the function that stops listening. */
  subscribe(listener: (event: LibraryEvent) => void): () => void {
    return this.events.subscribe(listener);
  }

  /** Stops watching, cancels pending work and writes the cache. */
  async close(): Promise<void> {
    this.closed = true;
    this.closing.abort();
    this.causedBy.close();
    this.topFrames.close();
    await this.logs.close();
    await this.watching.catch(() => undefined);
    for (const t of this.debounce.values()) clearTimeout(t);
    this.debounce.clear();
    this.index.cancelAll();
    if (this.saveTimer) clearTimeout(this.saveTimer);
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.watchers?.close();
    await this.saveNow();
    // Nothing reads from a closed library: a spill file the last save could not empty goes too.
    this.spill?.remove();
    this.spill = null;
  }

  /**
   * Brings one location's part of the index in line with the disk while the library is live
   * (watchers starting, a store back): changed folders are read and announced, vanished ones removed.
   */
  private async syncLocation(location: StoreLocation, listingOnly = false): Promise<void> {
    const pause = backgroundSlicer();
    const diff = await diffLocation(location, this.index, new Map(), pause, { trustKnownAbove: listingOnly ? -1 : Infinity, background: true });
    this.setStatus(location, diff.status, true);
    for (const { found: f, stamp } of diff.changed) {
      await pause();
      // A folder WER is still writing is read again like a watcher event, never announced
      // half-written (its id would not even be the report's).
      if (f.store === 'Minidump' || f.store === 'CrashDumps') {
        for (const record of readReportSummaries([f])) this.upsert(record, stamp); // a dump file's own record
        continue;
      }
      const read = readReportFolder(f.folder, f, f.entries ? { entries: f.entries } : {});
      if (looksIncomplete(read, f.store !== 'other')) this.schedule(f.folder, this.timing.retryDelaysMs[0] ?? 0);
      else this.upsert(read.report, stamp);
    }
    // After the reads, so a report that moved within the location is one update, not removed + added.
    this.dropVanished(location, diff, true);
  }

  /** Removes the reports of a location whose folders its listing no longer found (unless it could not be listed). */
  private dropVanished(location: StoreLocation, diff: LocationDiff, announce: boolean): void {
    if (diff.status.state !== 'ok' && diff.status.state !== 'missing') return;
    for (const folder of this.index.foldersUnder(resolve(location.path))) if (!diff.seen.has(folder)) this.index.remove(folder, announce);
  }

  /**
   * Light-watched stores report only folders appearing and vanishing; a rewritten Report.wer or
   * a file added later is found here, with work per tick that does not grow with the store (see
   * light-sweep.ts).
   */
  private async sweepLightStores(): Promise<void> {
    if (this.sweeping || this.closed || !this.watchers) return;
    this.sweeping = true;
    try {
      const watchers = this.watchers;
      const roots = this.folderLocations.filter((l) => watchers.isLight(l.path)).map((l) => resolve(l.path));
      await this.sweep.tick(roots, backgroundSlicer());
    } finally {
      this.sweeping = false;
    }
  }

  /**
   * What a change of the index means for the merged list: a folder's record set or gone (a
   * report WER moved is both at once, announced as one update). Store events pass through.
   */
  private onIndexEvent(event: LibraryEvent): void {
    if (event.kind === 'store') return this.events.emit(event);
    if (!this.started) return;
    if (event.kind === 'removed') return this.applyChanges([{ key: event.folder, record: null }]);
    const changes: SourceChange[] = [{ key: event.report.folder, record: event.report }];
    if (event.kind === 'updated' && event.previousFolder) changes.unshift({ key: event.previousFolder, record: null });
    this.applyChanges(changes);
  }

  private applyChanges(changes: readonly SourceChange[]): void {
    for (const event of this.view.apply(changes)) this.events.emit(event);
  }

  private setStatus(location: StoreLocation, status: StoreStatus, announce: boolean): void {
    const before = this.statuses.get(location.path);
    this.statuses.set(location.path, status);
    if (announce && (before?.state !== status.state || before.message !== status.message)) this.index.emit({ kind: 'store', status });
  }

  private async onStoreStatus(location: StoreLocation, status: StoreStatus): Promise<void> {
    if (this.closed) return;
    const before = this.statuses.get(location.path)?.state;
    if (status.state === 'ok' && before !== 'ok') {
      // The store is back: watch it again first, so nothing written meanwhile is missed, then read it.
      await this.watchers?.restart(location);
      await this.syncLocation(location);
    } else if (status.state === 'missing') {
      for (const folder of this.index.foldersUnder(resolve(location.path))) this.index.remove(folder, true);
      this.setStatus(location, status, true);
    } else {
      this.setStatus(location, status, true);
    }
    this.scheduleSave();
  }

  /** Coalesces the burst of events WER causes while writing a folder into one read. */
  private schedule(folder: string, delay = this.timing.debounceMs): void {
    if (this.closed) return;
    const pending = this.debounce.get(folder);
    if (pending) clearTimeout(pending);
    this.debounce.set(
      folder,
      setTimeout(() => {
        this.debounce.delete(folder);
        void this.refresh(folder);
      }, delay),
    );
  }

  private async refresh(folder: string): Promise<void> {
    if (this.closed) return;
    let entries: Dirent[];
    try {
      if (!statSync(folder).isDirectory()) {
        const change = readFileChange(folder);
        if (change.kind === 'folder') this.schedule(change.folder, 0);
        else if (change.kind === 'record') this.upsert(change.report, folderStamp(folder));
        return;
      }
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      for (const f of this.index.foldersUnder(folder)) this.index.scheduleRemoval(f);
      if (!this.index.has(folder) && this.index.has(dirname(folder))) this.schedule(dirname(folder), 0); // a deleted attachment
      return;
    }
    const inStore = storeKindOf(basename(resolve(folder, '..'))) !== 'other';
    const hasWer = entries.some((e) => e.isFile() && e.name.toLowerCase() === 'report.wer');
    if (!hasWer && !inStore) {
      // A folder above reports (a store or a copied tree appeared): find the reports in it.
      const { found } = await listReportFolders({ path: folder, scope: 'extra', label: folder });
      for (const f of found) this.schedule(f.folder, 0);
      return;
    }
    const stamp = folderStamp(folder);
    const read = readReportFolder(folder, reportLocationOf(folder), { entries });
    const attempt = this.retries.get(folder) ?? 0;
    const delay = this.timing.retryDelaysMs[attempt];
    if (looksIncomplete(read, inStore) && delay !== undefined) {
      this.retries.set(folder, attempt + 1);
      this.schedule(folder, delay);
      return;
    }
    this.retries.delete(folder);
    this.upsert(read.report, stamp);
  }

  /** Adds or replaces a report with an event; a Minidump record's driver at fault, a native crash's top frame are read next. */
  private upsert(report: WerReport, stamp: FolderStamp | null): void {
    this.index.upsert(report, stamp, true);
    this.causedBy.add(report, stamp);
    this.topFrames.add(report, stamp);
  }

  /** Takes a record a background read filled in, unless its folder was read again meanwhile. */
  private adoptBackgroundRead(report: WerReport, stamp: FolderStamp | null): void {
    const current = this.index.get(report.folder);
    if (current && (stamp === null || sameStamp(current.stamp, stamp))) this.index.upsert(report, stamp, true);
  }

  /**
   * Whether a saved report may be kept on disk (read back when asked for): a WER folder's own
   * record, which merges with nothing on its own and lacks nothing a background read fills in.
   * Event and dump records (which join others) and records still to be read again stay in memory.
   */
  private storable(report: WerReport): boolean {
    const [only, more] = report.sources;
    return only?.kind === 'wer' && only.folder === report.folder && more === undefined && !canJoinOthers(report) && !this.causedBy.wants(report) && !this.topFrames.wants(report);
  }

  /** Where the report cache lives; null without one. */
  get cacheFile(): string | null {
    return this.options.cacheFile ?? null;
  }

  /**
   * The generation of the cache file whose entries are exactly the library's records now, or
   * null when they differ (changes not saved yet, a save running, no cache) or the records are
   * not all from folders (event logs are read at each start, not cached). A companion file
   * saved with this generation (the query index) matches the records while it is unchanged.
   */
  cacheGeneration(): string | null {
    if (this.unsaved || this.options.locations.some((l) => isEventLogLocation(l))) return null;
    return this.generation;
  }

  /** Listens to completed cache saves after which the library was unchanged (with the generation written). */
  onCacheSaved(listener: (generation: string) => void): () => void {
    return this.saved.subscribe(listener);
  }

  /** Resolves once the top frames queued so far are read (tests and the bench wait on it). */
  whenTopFramesRead(): Promise<void> {
    return this.topFrames.idle();
  }

  private scheduleSave(): void {
    if (!this.options.cacheFile) return;
    // Marked even while closing: close() writes what is unsaved.
    this.unsaved = true;
    if (this.closed) return;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    const now = Date.now();
    this.unsavedSince ??= now;
    const at = nextSaveAt({
      now,
      quietMs: this.timing.cacheSaveDelayMs,
      maxWaitMs: this.timing.cacheMaxWaitMs,
      unsavedSince: this.unsavedSince,
      lastSaveEnd: this.lastSave.end,
      lastSaveMs: this.lastSave.ms,
    });
    this.saveTimer = setTimeout(() => void this.saveNow(), Math.max(0, at - now));
  }

  /**
   * Writes the cache in the background (time-sliced: the library keeps answering meanwhile); a
   * save asked for while one runs follows it. Resolves when the cache on disk is current.
   */
  private saveNow(): Promise<void> {
    this.saveTimer = null;
    const file = this.options.cacheFile;
    if (!file || !this.unsaved) return this.saving;
    this.unsaved = false;
    this.unsavedSince = null;
    this.generation = null;
    this.saving = this.saving.then(() => {
      const started = Date.now();
      const ended = () => {
        const end = Date.now();
        this.lastSave = { end, ms: end - started };
      };
      // The spill file of a finished start: this save moves every report stored in it to the cache.
      const spill = this.spill?.closed ? this.spill : null;
      return saveReportCache(file, this.index.entries(), backgroundSlicer(), (report) => this.storable(report)).then(
        async ({ generation, stored }) => {
          ended();
          if (spill && this.spill === spill) {
            spill.remove();
            this.spill = null;
          }
          this.generation = generation;
          if (!this.unsaved) this.saved.emit(generation);
          // Saved reports are read back from the file from now on (memory that stays put); a
          // report that changed meanwhile stays (see LibraryIndex.store).
          const pause = backgroundSlicer();
          for (const { from, report } of stored) {
            // The view's folder records are the index's: it holds the stored copy from now on too.
            this.index.store(from, report);
            await pause();
          }
        },
        () => {
          ended();
          // A cache that cannot be written only costs a slower next start; the next save tries again.
          this.unsaved = true;
          this.unsavedSince ??= Date.now();
        },
      );
    });
    return this.saving;
  }
}
