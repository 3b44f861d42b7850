import { existsSync, opendirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { StoreLocation, StoreStatus } from '../../../../shared/store-model';
import { MAX_SEARCH_DEPTH, probeLocation, storeKindOf, storesBelow } from '../store/scan-stores';
import { chokidarWatchFactory, isNetworkPath, type WatchFactory, type WatchHandle } from './watch-factory';
import { watchTarget } from './watch-routing';

/** What the watchers tell the library. */
export interface StoreWatcherCallbacks {
  /** Something changed in or below this folder; read it again. */
  readonly onFolder: (folder: string) => void;
  /** A store's root changed state (gone, back, access denied). */
  readonly onStatus: (location: StoreLocation, status: StoreStatus) => void;
}

/**
 * Above this many report folders a store is watched "light": only its folder list, not the files
 * in each folder (chokidar costs ~18 KB per watched folder: 10,000 folders would take ~200 MB,
 * and its start looks at every entry: see folder-list-watch.ts).
 * Windows keeps at most ~1,000 reports per store, so this is for large collected stores.
 */
export const LIGHT_WATCH_FOLDERS = 2000;

/**
 * How many folders `root` holds, counted up to `limit` (one more: "above"): whether a store is
 * large is known from its first entries, without listing a collector's 300,000 folders.
 */
function countFolders(root: string, limit: number): number {
  let n = 0;
  try {
    const dir = opendirSync(root, { bufferSize: 1024 });
    try {
      for (let e = dir.readSync(); e !== null && n <= limit; e = dir.readSync()) if (e.isDirectory()) n += 1;
    } finally {
      dir.closeSync();
    }
  } catch {
    // An unreadable store counts what was read.
  }
  return n;
}

/** How to watch one root: folder levels below it, and for a light watch the folders whose entries are watched. */
interface WatchPlan {
  readonly depth: number;
  /** Light: only these folders' entries (see WatchOptions.lightDirs); null for a full watch. */
  readonly lightDirs: readonly string[] | null;
}

/**
 * Folder levels to watch below a root: a report folder 0, a store 1 (0 when light), a folder
 * holding large stores at any depth a scan reaches light (its own entries, those of the folders
 * on the way to its stores, and the stores': report folders come and go as in a light store),
 * anything else deeper.
 */
function planFor(root: string, lightAbove: number): WatchPlan {
  if (existsSync(join(root, 'Report.wer'))) return { depth: 0, lightDirs: null };
  if (storeKindOf(basename(root)) !== 'other') {
    const light = countFolders(root, lightAbove) > lightAbove;
    return light ? { depth: 0, lightDirs: [root] } : { depth: 1, lightDirs: null };
  }
  // `serve DIR` over a collector's folder of thousands of reports must not watch every file,
  // whether DIR holds the stores or a folder above them (C:\ProgramData\Microsoft\Windows, a
  // share with its WER folder inside): a full watch of 1,000,000 folders grew past 2 GB.
  const stores = storesBelow(root);
  if (stores.length === 0 || stores.reduce((n, store) => n + countFolders(store, lightAbove - n), 0) <= lightAbove) {
    return { depth: MAX_SEARCH_DEPTH + 1, lightDirs: null };
  }
  const dirs = new Set([root]);
  let depth = 1;
  for (const store of stores) {
    let level = 1;
    for (let dir = dirname(store); dir !== root && dir.length > root.length; dir = dirname(dir), level++) dirs.add(dir);
    depth = Math.max(depth, level);
  }
  for (const store of stores) dirs.add(store);
  return { depth, lightDirs: [...dirs] };
}

function okStatus(location: StoreLocation): StoreStatus {
  return { ...location, state: 'ok', message: null, reportCount: 0 };
}

/**
 * One watcher per store location, plus a periodic look at each root: a store that disappears
 * or becomes unreadable is reported, and watching resumes when it comes back.
 */
export class StoreWatchers {
  private readonly handles = new Map<string, WatchHandle>();
  private readonly light = new Set<string>();
  private readonly lastState = new Map<string, StoreStatus['state']>();
  private healthTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly factory: WatchFactory;

  constructor(
    private readonly locations: readonly StoreLocation[],
    private readonly healthIntervalMs: number,
    factory: WatchFactory | undefined,
    private readonly callbacks: StoreWatcherCallbacks,
    private readonly lightAbove: number = LIGHT_WATCH_FOLDERS,
  ) {
    this.factory = factory ?? chokidarWatchFactory;
  }

  /**
   * Starts watching every location that reads fine now, and the periodic root check. Resolves
   * when the watchers report changes, so nothing written after it is missed.
   */
  async start(): Promise<void> {
    for (const location of this.locations) {
      const state = (probeLocation(location) ?? okStatus(location)).state;
      this.lastState.set(location.path, state);
      if (state === 'ok') this.watch(location);
    }
    this.healthTimer = setInterval(() => this.checkRoots(), this.healthIntervalMs);
    await Promise.all([...this.handles.values()].map((h) => h.ready));
  }

  /** Restarts the watcher of one location (after its root came back); resolves when it is ready. */
  async restart(location: StoreLocation): Promise<void> {
    await this.unwatch(location.path);
    this.watch(location);
    await this.handles.get(location.path)?.ready;
  }

  /** Whether a location is watched light (its folders' files are checked by periodic sweeps instead). */
  isLight(locationPath: string): boolean {
    return this.light.has(locationPath);
  }

  /** Stops every watcher and the root checks. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.healthTimer) clearInterval(this.healthTimer);
    this.healthTimer = null;
    await Promise.all([...this.handles.keys()].map((path) => this.unwatch(path)));
  }

  private watch(location: StoreLocation): void {
    const root = resolve(location.path);
    if (this.closed || this.handles.has(location.path)) return;
    const { depth, lightDirs } = planFor(root, this.lightAbove);
    if (lightDirs) this.light.add(location.path);
    else this.light.delete(location.path);
    try {
      const handle = this.factory(
        root,
        { depth, usePolling: isNetworkPath(location.path), ...(lightDirs ? { lightDirs } : {}) },
        {
          onEvent: (kind, path) => {
            const target = watchTarget(root, kind, path);
            if (target.kind === 'folder') this.callbacks.onFolder(target.folder);
            else if (target.kind === 'root') this.checkRoot(location);
          },
          // Permission errors below the root are normal in WER folders; the root check decides.
          onError: () => this.checkRoot(location),
        },
      );
      this.handles.set(location.path, handle);
    } catch {
      this.checkRoot(location);
    }
  }

  private async unwatch(path: string): Promise<void> {
    const handle = this.handles.get(path);
    this.handles.delete(path);
    await handle?.close().catch(() => undefined);
  }

  private checkRoots(): void {
    for (const location of this.locations) this.checkRoot(location);
  }

  private checkRoot(location: StoreLocation): void {
    if (this.closed) return;
    const status = probeLocation(location) ?? okStatus(location);
    if (this.lastState.get(location.path) === status.state) return;
    this.lastState.set(location.path, status.state);
    if (status.state !== 'ok') void this.unwatch(location.path);
    this.callbacks.onStatus(location, status);
  }
}
