import { type Dirent, readdirSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { LibraryEvent } from '../../../../shared/library-model';
import type { WerReport } from '../../../../shared/report-model';
import type { StoreLocation, StoreStatus } from '../../../../shared/store-model';
import { readReportFolder, type ReadReport } from '../report/read-report-folder';
import { readInParallel } from '../store/parallel-read';
import { compareReports, type FoundFolder, listReportFolders, reportLocationOf, storeKindOf } from '../store/scan-stores';
import { timeSlicer } from '../time-slice';
import { type CacheEntry, type FolderStamp, folderStamp, loadReportCache, sameStamp, saveReportCache } from './report-cache';
import { LibraryIndex } from './library-index';
import { StoreWatchers } from './store-watchers';
import type { WatchFactory } from './watch-factory';

/** Timings of the live library; tests shorten them. */
export interface LibraryTiming {
  /** Quiet time after the last file event of a folder before it is read (WER writes in bursts). */
  readonly debounceMs: number;
  /** How long a vanished folder waits before it leaves the index (a queue → archive move). */
  readonly removeGraceMs: number;
  /** Waits before re-reading a Report.wer that is still being written. */
  readonly retryDelaysMs: readonly number[];
  /** How often each store's root is checked (gone, back, access denied). */
  readonly healthIntervalMs: number;
  /** Quiet time after the last change before the cache is written. */
  readonly cacheSaveDelayMs: number;
  /** How often the folders of light-watched (very large) stores are checked for changed files. */
  readonly sweepIntervalMs: number;
}

/** Defaults: a new report shows within ~0.2 s of its Report.wer being complete. */
export const DEFAULT_TIMING: LibraryTiming = {
  debounceMs: 100,
  removeGraceMs: 500,
  retryDelaysMs: [100, 200, 400, 800, 1600],
  healthIntervalMs: 2000,
  cacheSaveDelayMs: 3000,
  sweepIntervalMs: 5000,
};

/** How to build a library. */
export interface LibraryOptions {
  readonly locations: readonly StoreLocation[];
  /** Where the report cache lives (the app's data folder); no cache when absent. */
  readonly cacheFile?: string;
  /** Watcher factory; false = no live watching (one scan only). */
  readonly watch?: WatchFactory | false;
  readonly timing?: Partial<LibraryTiming>;
  /** Stores with more report folders than this are watched light (default LIGHT_WATCH_FOLDERS). */
  readonly lightWatchAbove?: number;
}

/** Figures about the last start, for the bench and the UI's status line. */
export interface StartInfo {
  readonly reports: number;
  readonly parsed: number;
  readonly fromCache: number;
  readonly cacheDiscarded: string | null;
}

/** Whether a read shows a Report.wer that WER is still writing (so it is read again shortly). */
function looksIncomplete(read: ReadReport, inStore: boolean): boolean {
  const wer = read.reportWer;
  if (!wer) return inStore;
  return wer.lossy || wer.parsed.eventType === null || wer.parsed.eventTime === null;
}

/**
 * The live index of every report in the configured stores: a cached start, then watchers that
 * keep it current, with events for each change. Read-only towards the WER folders.
 */
export class ReportLibrary {
  private readonly timing: LibraryTiming;
  private readonly index: LibraryIndex;
  private readonly statuses = new Map<string, StoreStatus>();
  private readonly debounce = new Map<string, NodeJS.Timeout>();
  private readonly retries = new Map<string, number>();
  private readonly watchers: StoreWatchers | null;
  private saveTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private watching: Promise<void> = Promise.resolve();
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping = false;

  constructor(private readonly options: LibraryOptions) {
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.index = new LibraryIndex(this.timing.removeGraceMs, () => this.scheduleSave());
    this.watchers =
      options.watch === false
        ? null
        : new StoreWatchers(options.locations, this.timing.healthIntervalMs, options.watch, {
            onFolder: (folder) => this.schedule(folder),
            onStatus: (location, status) => void this.onStoreStatus(location, status),
          }, options.lightWatchAbove);
  }

  /**
   * Loads the cache and reconciles it with the disk, reading only changed folders; the index is
   * ready when this resolves. Watching starts in the background: see {@link whenWatching}.
   */
  async start(): Promise<StartInfo> {
    const cache = this.options.cacheFile ? loadReportCache(this.options.cacheFile) : { entries: new Map(), discarded: 'no cache' };
    let parsed = 0;
    for (const location of this.options.locations) {
      parsed += await this.syncLocation(location, cache.entries, false);
    }
    this.scheduleSave();
    this.watching = this.startWatching();
    return { reports: this.index.size, parsed, fromCache: this.index.size - parsed, cacheDiscarded: cache.discarded };
  }

  /** Resolves once every store is watched and changes made while the watchers started are read. */
  whenWatching(): Promise<void> {
    return this.watching;
  }

  private async startWatching(): Promise<void> {
    if (!this.watchers) return;
    await this.watchers.start();
    this.sweepTimer = setInterval(() => void this.sweepLightStores(), this.timing.sweepIntervalMs);
    // Catch what changed between the first reading and the watchers being ready (cheap: stamps only).
    for (const location of this.options.locations) await this.syncLocation(location, new Map(), true);
  }

  /** Every report, newest first. */
  reports(): WerReport[] {
    return [...this.index.entries()].map((e) => e.report).sort(compareReports);
  }

  /** How each store location reads now. */
  stores(): StoreStatus[] {
    return this.options.locations.map((l) => this.statuses.get(l.path) ?? { ...l, state: 'ok', message: null, reportCount: 0 });
  }

  /** Listens to changes; returns the function that stops listening. */
  subscribe(listener: (event: LibraryEvent) => void): () => void {
    return this.index.subscribe(listener);
  }

  /** Stops watching, cancels pending work and writes the cache. */
  async close(): Promise<void> {
    this.closed = true;
    await this.watching.catch(() => undefined);
    for (const t of this.debounce.values()) clearTimeout(t);
    this.debounce.clear();
    this.index.cancelAll();
    if (this.saveTimer) clearTimeout(this.saveTimer);
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.watchers?.close();
    this.saveNow();
  }

  /**
   * Brings one location's part of the index in line with the disk: cached reports whose folder
   * stamp is unchanged are kept, others read. Returns how many folders were parsed.
   */
  private async syncLocation(location: StoreLocation, cache: ReadonlyMap<string, CacheEntry>, announce: boolean): Promise<number> {
    const pause = timeSlicer();
    const { status, found } = await listReportFolders(location, pause);
    this.setStatus(location, status, announce);
    const seen = new Set<string>();
    // Folders to read at start, with their stamps: read together, on worker threads too (see parallel-read.ts).
    const toRead: FoundFolder[] = [];
    const stamps = new Map<string, FolderStamp | null>();
    let parsed = 0;
    for (const f of found) {
      await pause();
      seen.add(f.folder);
      const stamp = folderStamp(f.folder);
      const cached = this.index.get(f.folder) ?? cache.get(f.folder);
      if (stamp && cached && sameStamp(stamp, cached.stamp)) {
        if (!this.index.has(f.folder)) this.index.adopt(cached);
        continue;
      }
      parsed++;
      if (!announce) {
        toRead.push(f);
        stamps.set(f.folder, stamp);
        continue;
      }
      // Live (watchers starting, a store back): a folder WER is still writing is read again like
      // a watcher event, never announced half-written (its id would not even be the report's).
      const read = readReportFolder(f.folder, f, f.entries ? { entries: f.entries } : {});
      if (looksIncomplete(read, f.store !== 'other')) this.schedule(f.folder, this.timing.retryDelaysMs[0] ?? 0);
      else this.index.upsert(read.report, stamp, true);
    }
    await readInParallel(toRead, (report) => this.index.upsert(report, stamps.get(report.folder) ?? null, false), pause);
    if (status.state === 'ok' || status.state === 'missing') {
      for (const folder of this.index.foldersUnder(resolve(location.path))) if (!seen.has(folder)) this.index.remove(folder, announce);
    }
    return parsed;
  }

  /**
   * Light-watched stores report only folders appearing and vanishing; a rewritten Report.wer or
   * a file added later is found here by comparing folder stamps (time-sliced, ~10 µs a folder).
   */
  private async sweepLightStores(): Promise<void> {
    if (this.sweeping || this.closed || !this.watchers) return;
    this.sweeping = true;
    try {
      const pause = timeSlicer();
      for (const location of this.options.locations) {
        if (!this.watchers.isLight(location.path)) continue;
        for (const folder of this.index.foldersUnder(resolve(location.path))) {
          await pause();
          const entry = this.index.get(folder);
          const stamp = folderStamp(folder);
          if (entry && stamp && !sameStamp(stamp, entry.stamp)) this.schedule(folder, 0);
        }
      }
    } finally {
      this.sweeping = false;
    }
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
      await this.syncLocation(location, new Map(), true);
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
      if (!statSync(folder).isDirectory()) return;
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      for (const f of this.index.foldersUnder(folder)) this.index.scheduleRemoval(f);
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
    this.index.upsert(read.report, stamp, true);
  }

  private scheduleSave(): void {
    if (!this.options.cacheFile || this.closed) return;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.saveNow(), this.timing.cacheSaveDelayMs);
  }

  private saveNow(): void {
    this.saveTimer = null;
    if (!this.options.cacheFile) return;
    try {
      saveReportCache(this.options.cacheFile, this.index.entries());
    } catch {
      // A cache that cannot be written only costs a slower next start.
    }
  }
}
