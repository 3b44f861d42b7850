import { existsSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import type { LibraryEvent } from '../../../../shared/library-model';
import { summaryLine } from '../../../../shared/report-display';
import type { WerReport } from '../../../../shared/report-model';
import { Emitter } from '../emitter';
import { type FolderStamp, NO_STAMP } from '../store/folder-stamp';
import { FolderMap, type KnownFolder } from './folder-map';
import type { FolderRecords } from './merged-view';
import type { CacheEntry } from './report-cache';
import { StringPool } from './string-pool';
import { fullReport, type HeldReport, StoredReport } from './stored-report';

/** Entries counted in the parent map between two pauses of prepareMaps. */
const FILL_SLICE = 5_000;

/** Adds `by` to the count under `key` (none: 0, not kept; below 0 only while the map is filled). */
function count(map: Map<string, number>, key: string, by: 1 | -1): void {
  const n = (map.get(key) ?? 0) + by;
  if (n === 0) map.delete(key);
  else map.set(key, n);
}

/** The folder `path` is directly inside, when it is inside `prefix` (a folder ending with a separator); a cheap test first. */
function directlyIn(path: string, prefix: string, parent: string): boolean {
  return path.length > prefix.length && path.startsWith(prefix) && dirname(path) === parent;
}

/**
 * The reports of the library by folder, and the events their changes mean: added, updated
 * (including a move from ReportQueue to ReportArchive), removed after a grace period. Its
 * records are the merged view's folder records (see FolderRecords): no second map of them.
 */
export class LibraryIndex implements FolderRecords {
  private byFolder = new FolderMap<CacheEntry>();
  /**
   * Parent folder (a store, mostly) → how many indexed folders it holds, so the stores of a
   * location are known without going through every entry (their folders are found in byFolder: a
   * set of folders per store held every folder a second time, ~35 MB at 1,000,000). Built when
   * first needed, then kept in step (see parents()): a start from a collector's cache fills
   * byFolder alone.
   */
  private byParent: Map<string, number> | null = null;
  /**
   * While the parent map is being filled a slice at a time (see prepareMaps): the folders indexed
   * when it started that are not counted yet. Changes meanwhile are counted as they happen (a
   * folder added +1, one removed -1), so once every one of those folders is counted the counts
   * are the index's now.
   */
  private filling: IterableIterator<string> | null = null;
  private readonly removals = new Map<string, NodeJS.Timeout>();
  private readonly events = new Emitter<LibraryEvent>();
  /** The reports' repeated strings, one copy each (a large store's main memory saving). */
  private readonly pool = new StringPool();

  /**
   * @param onChange called after every change (the library schedules a cache write).
   * @param foldersWithId the folders (or dump files) of the records with a report id, as the
   *   library lists them: a report found in a new folder while its old one is gone was moved. The
   *   library's merged view has the one id map (the index had its own: ~50 bytes a report).
   * @param changing called before a folder's record is replaced or removed, with the record it
   *   had (undefined when none): see MergedView.folderChanging. Not called for a record swapped
   *   for its stored copy (see store), which is the same report.
   */
  constructor(
    private readonly removeGraceMs: number,
    private readonly onChange: () => void,
    private readonly foldersWithId: (id: string) => Iterable<string>,
    private readonly changing: (folder: string, before: HeldReport | undefined) => void = () => undefined,
  ) {}

  /** Every entry (report + the folder stamp it was read with). */
  entries(): IterableIterator<CacheEntry> {
    return this.byFolder.values();
  }

  get size(): number {
    return this.byFolder.size;
  }

  recordAt(folder: string): HeldReport | undefined {
    return this.byFolder.get(folder)?.report;
  }

  *records(): IterableIterator<HeldReport> {
    for (const { report } of this.byFolder.values()) yield report;
  }

  rowFoldersWithId(id: string): IterableIterator<string> {
    return this.byFolder.rowKeysWithId(id);
  }

  laterFolderIds(): IterableIterator<readonly [string, string]> {
    return this.byFolder.laterKeyIds((entry) => entry.report.id);
  }

  *madeRecords(): IterableIterator<HeldReport> {
    for (const { report } of this.byFolder.madeValues()) yield report;
  }

  /** How many reports are held in memory (the others are stored on disk: see stored-report.ts). */
  inMemory(): number {
    let n = 0;
    for (const { report } of this.byFolder.madeValues()) if (!(report instanceof StoredReport)) n += 1;
    return n;
  }

  /**
   * The entries made so far: every entry but some whose reports are kept on disk (those a loaded
   * cache's table has not made yet, see FolderMap), so every one held in memory.
   */
  madeEntries(): IterableIterator<CacheEntry> {
    return this.byFolder.madeValues();
  }

  get(folder: string): CacheEntry | undefined {
    return this.byFolder.get(folder);
  }

  /** The index's own string of a folder and the stamp its report was read with, without making a report kept on disk. */
  known(folder: string): KnownFolder | undefined {
    return this.byFolder.known(folder, (entry) => ({ folder: entry.report.folder, stamp: entry.stamp }));
  }

  has(folder: string): boolean {
    return this.byFolder.has(folder);
  }

  /**
   * Takes the entries of a loaded cache as they are (the map itself, no copy), without events: a
   * start from a cache whose every entry is in the library. Only into an empty index.
   */
  adoptAll(entries: FolderMap<CacheEntry>): void {
    if (this.byFolder.size > 0) throw new Error('adoptAll needs an empty index');
    // The rows not made yet are kept on disk: nothing of theirs to pool.
    for (const entry of [...entries.madeValues()]) {
      if (!(entry.report instanceof StoredReport)) entries.set(entry.report.folder, { ...entry, report: this.pool.report(entry.report) });
    }
    this.byFolder = entries;
    this.byParent = null;
    this.filling = null;
  }

  /** Takes an entry as it is, without an event (a cached report whose folder is unchanged). */
  adopt(entry: CacheEntry): void {
    const { report } = entry;
    this.put(report instanceof StoredReport ? entry : { ...entry, report: this.pool.report(report) });
  }

  /**
   * Keeps a report on disk instead of in memory (the cache now holds it at `to`'s place), when
   * `from` is still the folder's report; no event (nothing changed). Returns `to`, given the
   * folder's stamp (its own entry from now on), or null when `from` was not the folder's report.
   */
  store(from: WerReport, to: StoredReport): StoredReport | null {
    const entry = this.byFolder.get(from.folder);
    if (entry?.report !== from) return null;
    to.setStamp(entry.stamp);
    this.byFolder.set(from.folder, to, true);
    return to;
  }

  /**
   * Indexed folders at or below a folder (a snapshot: the caller may remove them meanwhile). Goes
   * through every entry when `root` holds indexed folders (a location's listing is compared with
   * every one of its folders anyway); a report folder alone is looked up.
   */
  foldersUnder(root: string): string[] {
    const found = this.byFolder.has(root) ? [root] : [];
    if (this.parentsUnder(root).length === 0) return found;
    const prefix = withSeparator(root);
    for (const folder of this.byFolder.keys()) if (folder.startsWith(prefix)) found.push(folder);
    return found;
  }

  /**
   * The folders at or below `root` that hold indexed folders (the stores of a location), without
   * going through every entry: the index has a few parents for many folders.
   */
  parentsUnder(root: string): string[] {
    const prefix = withSeparator(root);
    const found: string[] = [];
    for (const parent of this.parents().keys()) if (parent === root || parent.startsWith(prefix)) found.push(parent);
    return found;
  }

  /**
   * The indexed folders directly inside `parent`, found as they are reached (live, like a Map's
   * iteration: folders added meanwhile are reached, removed ones skipped). Goes through every
   * entry: for a store that holds most of them (a collector's) that is what its sweep costs anyway.
   */
  *childrenOf(parent: string): Generator<string> {
    if (!this.parents().has(parent)) return;
    const prefix = withSeparator(parent);
    for (const folder of this.byFolder.keys()) if (directlyIn(folder, prefix, parent)) yield folder;
  }

  /** Listens to changes; returns the function that stops listening. */
  subscribe(listener: (event: LibraryEvent) => void): () => void {
    return this.events.subscribe(listener);
  }

  /** Sends an event to every listener; a failing listener does not stop the others. */
  emit(event: LibraryEvent): void {
    this.events.emit(event);
  }

  /** Adds or replaces a report (its repeated strings pooled); with `announce`, emits added / updated / moved. */
  upsert(read: WerReport, stamp: FolderStamp | null, announce: boolean): void {
    const folder = read.folder;
    const existing = this.byFolder.get(folder);
    this.cancelRemoval(folder);
    if (existing && JSON.stringify(fullReport(existing.report)) === JSON.stringify(read)) {
      // Unchanged: the report held (in memory or on disk) stays, with the new stamp; no event.
      this.put({ stamp: stamp ?? NO_STAMP, report: existing.report });
      this.onChange();
      return;
    }
    const report = this.pool.report(read);
    this.put({ stamp: stamp ?? NO_STAMP, report });
    this.onChange();
    if (!announce) return;
    const summary = summaryLine(report);
    if (existing) {
      this.emit({ kind: 'updated', report, summary, previousFolder: null });
      return;
    }
    // The same report in another folder that is gone: WER moved it (ReportQueue → ReportArchive).
    const moved = [...this.foldersWithId(report.id)].find((f) => f !== folder && this.byFolder.has(f) && !existsSync(f));
    if (moved) {
      this.drop(moved);
      this.cancelRemoval(moved);
      this.emit({ kind: 'updated', report, summary, previousFolder: moved });
      return;
    }
    this.emit({ kind: 'added', report, summary });
  }

  /** Removes a vanished folder after the grace period, unless it is back (or moved) by then. */
  scheduleRemoval(folder: string): void {
    if (this.removals.has(folder) || !this.byFolder.has(folder)) return;
    this.removals.set(
      folder,
      setTimeout(() => {
        this.removals.delete(folder);
        if (!existsSync(folder)) this.remove(folder, true);
      }, this.removeGraceMs),
    );
  }

  /** Removes a report now; with `announce`, emits removed. */
  remove(folder: string, announce: boolean): void {
    const entry = this.drop(folder);
    if (!entry) return;
    this.onChange();
    if (announce) this.emit({ kind: 'removed', id: entry.report.id, folder });
  }

  /** Cancels every pending removal (the library is closing). */
  cancelAll(): void {
    for (const t of this.removals.values()) clearTimeout(t);
    this.removals.clear();
  }

  /** Sets an entry, keeping the parent map in step. */
  private put(entry: CacheEntry): void {
    const folder = entry.report.folder;
    const before = this.byFolder.get(folder);
    if (before?.report !== entry.report) this.changing(folder, before?.report);
    this.byFolder.set(folder, entry);
    if (!before && this.byParent) count(this.byParent, dirname(folder), 1);
  }

  /** Deletes an entry; returns it, or undefined when the folder was not indexed. */
  private drop(folder: string): CacheEntry | undefined {
    const entry = this.byFolder.get(folder);
    if (!entry) return undefined;
    this.changing(folder, entry.report);
    this.byFolder.delete(folder);
    if (this.byParent) count(this.byParent, dirname(folder), -1);
    return entry;
  }

  /**
   * Fills the parent map a slice at a time between `pause`s, so the first comparison or sweep
   * after a start does not block for it. A lookup meanwhile finishes it at once; `signal` (the
   * library is closing) leaves the rest to the next lookup.
   */
  async prepareMaps(pause: () => Promise<void>, signal?: AbortSignal): Promise<void> {
    this.startFilling();
    while (this.filling && !signal?.aborted) {
      this.fill(FILL_SLICE);
      await pause();
    }
  }

  /** Starts filling the parent map when there is none: from now on every change is counted (see filling). */
  private startFilling(): void {
    if (this.byParent) return;
    this.byParent = new Map();
    this.filling = [...this.byFolder.keys()][Symbol.iterator]();
  }

  /**
   * Counts up to `slice` of the folders still to be counted (every one when Infinity). Folders of
   * one store mostly come one after another: one directly in the last folder's parent is counted
   * under that parent's string, without making its own (dirname of each folder of a 1,000,000-report
   * collector was ~100 MB of garbage during the start's background work).
   */
  private fill(slice: number): void {
    const { filling, byParent } = this;
    if (!filling || !byParent) return;
    let parent: string | null = null;
    for (let n = 0; n < slice; n++) {
      const next = filling.next();
      if (next.done) {
        this.filling = null;
        return;
      }
      const folder = next.value;
      if (parent === null || !isNameIn(folder, parent)) parent = dirname(folder);
      count(byParent, parent, 1);
    }
  }

  /** The parent map (see byParent), complete. */
  private parents(): Map<string, number> {
    this.startFilling();
    this.fill(Infinity);
    return this.byParent as Map<string, number>;
  }

  private cancelRemoval(folder: string): void {
    const t = this.removals.get(folder);
    if (t) clearTimeout(t);
    this.removals.delete(folder);
  }
}

/**
 * Whether `path` is `parent` (as dirname gives it), a separator and a name with no separator of
 * either kind: then dirname(path) is `parent`. False says nothing (dirname tells).
 */
function isNameIn(path: string, parent: string): boolean {
  if (path.length < parent.length + 2 || path.charCodeAt(parent.length) !== sep.charCodeAt(0) || !path.startsWith(parent)) return false;
  for (let i = parent.length + 1; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c === 0x2f || c === 0x5c) return false;
  }
  return true;
}

/** A folder path with one separator at its end (the prefix of every path inside it). */
function withSeparator(folder: string): string {
  return folder.endsWith(sep) ? folder : folder + sep;
}
