import { existsSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import type { LibraryEvent } from '../../../../shared/library-model';
import { summaryLine } from '../../../../shared/report-display';
import type { WerReport } from '../../../../shared/report-model';
import { Emitter } from '../emitter';
import type { FolderStamp } from '../store/folder-stamp';
import type { CacheEntry } from './report-cache';
import { MultiMap } from './multi-map';
import { StringPool } from './string-pool';
import { fullReport, StoredEntry, StoredReport } from './stored-report';

/** Entries added to the id and parent maps between two pauses of prepareMaps. */
const FILL_SLICE = 5_000;
const NO_STAMP: FolderStamp = { dirMtimeMs: 0, werSize: null, werMtimeMs: null };
const EMPTY: ReadonlySet<string> = new Set();

/** Adds a folder to the set under `key` of a one-to-many map. */
function link(map: Map<string, Set<string>>, key: string, folder: string): void {
  const folders = map.get(key);
  if (folders) folders.add(folder);
  else map.set(key, new Set([folder]));
}

/** Removes a folder from the set under `key`, and the set once empty. */
function unlink(map: Map<string, Set<string>>, key: string, folder: string): void {
  const folders = map.get(key);
  folders?.delete(folder);
  if (folders?.size === 0) map.delete(key);
}

/**
 * The reports of the library by folder, and the events their changes mean: added, updated
 * (including a move from ReportQueue to ReportArchive), removed after a grace period.
 */
export class LibraryIndex {
  private byFolder = new Map<string, CacheEntry>();
  /**
   * Report id → its folders, so a report is found by id without going through every entry. Built
   * when first needed, then kept in step (see ids()): a start from a collector's cache fills
   * byFolder alone (each map of 300,000 folders is a few hundred ms of the start).
   */
  private byId: MultiMap | null = null;
  /**
   * Parent folder (a store, mostly) → its indexed folders, so a store's reports are found without
   * going through every entry. Built when first needed, like byId (see parents()).
   */
  private byParent: Map<string, Set<string>> | null = null;
  /**
   * While the id and parent maps are being filled a slice at a time (see prepareMaps): the entries
   * not added to them yet. Changes meanwhile are kept in the maps as if they were complete.
   */
  private filling: IterableIterator<[string, CacheEntry]> | null = null;
  private readonly removals = new Map<string, NodeJS.Timeout>();
  private readonly events = new Emitter<LibraryEvent>();
  /** The reports' repeated strings, one copy each (a large store's main memory saving). */
  private readonly pool = new StringPool();

  /** @param onChange called after every change (the library schedules a cache write). */
  constructor(
    private readonly removeGraceMs: number,
    private readonly onChange: () => void,
  ) {}

  /** Every entry (report + the folder stamp it was read with). */
  entries(): IterableIterator<CacheEntry> {
    return this.byFolder.values();
  }

  get size(): number {
    return this.byFolder.size;
  }

  /** How many reports are held in memory (the others are stored on disk: see stored-report.ts). */
  inMemory(): number {
    let n = 0;
    for (const { report } of this.byFolder.values()) if (!(report instanceof StoredReport)) n += 1;
    return n;
  }

  get(folder: string): CacheEntry | undefined {
    return this.byFolder.get(folder);
  }

  has(folder: string): boolean {
    return this.byFolder.has(folder);
  }

  /** The entries of the report with this id: normally one, more when the same report sits in two folders. */
  withId(id: string): CacheEntry[] {
    const found: CacheEntry[] = [];
    for (const folder of this.ids().get(id)) {
      const entry = this.byFolder.get(folder);
      if (entry) found.push(entry);
    }
    return found;
  }

  /**
   * Takes the entries of a loaded cache as they are (the map itself, no copy), without events: a
   * start from a cache whose every entry is in the library. Only into an empty index.
   */
  adoptAll(entries: Map<string, CacheEntry>): void {
    if (this.byFolder.size > 0) throw new Error('adoptAll needs an empty index');
    for (const [folder, entry] of entries) if (!(entry.report instanceof StoredReport)) entries.set(folder, { ...entry, report: this.pool.report(entry.report) });
    this.byFolder = entries;
    this.byId = null;
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
   * `from` is still the folder's report; no event (nothing changed). Returns the report now held
   * (with the folder's stamp, see StoredEntry), or null when `from` was not the folder's report.
   */
  store(from: WerReport, to: StoredReport): StoredEntry | null {
    const entry = this.byFolder.get(from.folder);
    if (entry?.report !== from) return null;
    const held = StoredEntry.of(to, entry.stamp);
    this.byFolder.set(from.folder, held);
    return held;
  }

  /** Indexed folders at or below a folder (a snapshot: the caller may remove them meanwhile). */
  foldersUnder(root: string): string[] {
    const found = this.byFolder.has(root) ? [root] : [];
    // One push at a time: spreading a store of 100,000 folders into push() would overflow the stack.
    for (const parent of this.parentsUnder(root)) for (const folder of this.childrenOf(parent)) found.push(folder);
    return found;
  }

  /**
   * The folders at or below `root` that hold indexed folders (the stores of a location), without
   * going through every entry: the index has a few parents for many folders.
   */
  parentsUnder(root: string): string[] {
    const prefix = root.endsWith(sep) ? root : root + sep;
    const found: string[] = [];
    for (const parent of this.parents().keys()) if (parent === root || parent.startsWith(prefix)) found.push(parent);
    return found;
  }

  /** The indexed folders directly inside `parent` (live: iterate it without changing the index meanwhile, or copy it). */
  childrenOf(parent: string): ReadonlySet<string> {
    return this.parents().get(parent) ?? EMPTY;
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
    const moved = this.withId(report.id).find((e) => e.report.folder !== folder && !existsSync(e.report.folder));
    if (moved) {
      this.drop(moved.report.folder);
      this.cancelRemoval(moved.report.folder);
      this.emit({ kind: 'updated', report, summary, previousFolder: moved.report.folder });
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

  /** Sets an entry, keeping the id map in step (a rewritten Report.wer can change a folder's id). */
  private put(entry: CacheEntry): void {
    const folder = entry.report.folder;
    const before = this.byFolder.get(folder);
    if (before && before.report.id !== entry.report.id) this.unlinkId(before.report.id, folder);
    this.byFolder.set(folder, entry);
    this.byId?.add(entry.report.id, folder);
    if (!before && this.byParent) link(this.byParent, dirname(folder), folder);
  }

  /** Deletes an entry and its id link; returns it, or undefined when the folder was not indexed. */
  private drop(folder: string): CacheEntry | undefined {
    const entry = this.byFolder.get(folder);
    if (!entry) return undefined;
    this.byFolder.delete(folder);
    this.unlinkId(entry.report.id, folder);
    if (this.byParent) unlink(this.byParent, dirname(folder), folder);
    return entry;
  }

  private unlinkId(id: string, folder: string): void {
    this.byId?.delete(id, folder);
  }

  /**
   * Fills the id and parent maps a slice at a time between `pause`s (300,000 entries take ~0.6 s),
   * so the first comparison or sweep after a start does not block for them. A lookup meanwhile
   * finishes them at once; `signal` (the library is closing) leaves the rest to the next lookup.
   */
  async prepareMaps(pause: () => Promise<void>, signal?: AbortSignal): Promise<void> {
    this.startFilling();
    while (this.filling && !signal?.aborted) {
      this.fill(FILL_SLICE);
      await pause();
    }
  }

  /** Starts filling the maps when they do not exist yet: from now on every change keeps them. */
  private startFilling(): void {
    if (this.byId && this.byParent) return;
    this.byId = new MultiMap();
    this.byParent = new Map();
    this.filling = this.byFolder.entries();
  }

  /** Adds up to `count` of the entries still to be added (every one when Infinity). */
  private fill(count: number): void {
    const filling = this.filling;
    if (!filling || !this.byId || !this.byParent) return;
    for (let n = 0; n < count; n++) {
      const next = filling.next();
      if (next.done) {
        this.filling = null;
        return;
      }
      const [folder, { report }] = next.value;
      // An entry changed meanwhile was added already (as a change): adding it again changes nothing.
      this.byId.add(report.id, folder);
      link(this.byParent, dirname(folder), folder);
    }
  }

  /** The id map (see byId), complete. */
  private ids(): MultiMap {
    this.startFilling();
    this.fill(Infinity);
    return this.byId as MultiMap;
  }

  /** The parent map (see byParent), complete. */
  private parents(): Map<string, Set<string>> {
    this.startFilling();
    this.fill(Infinity);
    return this.byParent as Map<string, Set<string>>;
  }

  private cancelRemoval(folder: string): void {
    const t = this.removals.get(folder);
    if (t) clearTimeout(t);
    this.removals.delete(folder);
  }
}
