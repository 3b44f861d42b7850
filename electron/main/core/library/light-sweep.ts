import { type Dir, opendirSync, statSync } from 'node:fs';
import { sep } from 'node:path';
import type { LibraryIndex } from './library-index';
import { type FolderStamp, folderStamp, sameStamp } from '../store/folder-stamp';
import { childPath } from '../store/child-path';

/** How the sweep looks at the disk; injected so tests can count the calls. */
export interface SweepProbe {
  /** A store folder's own mtime (changes when a report folder is added, removed or renamed); null when unreadable. */
  readonly mtimeMs: (dir: string) => number | null;
  /** The folders directly inside a store (files and dot folders left out); null when unreadable. */
  readonly listFolders: (dir: string) => string[] | null;
  /** A report folder's stamp, as the index keeps it. */
  readonly stamp: (folder: string) => FolderStamp | null;
}

/** The real disk. */
export const FS_PROBE: SweepProbe = {
  mtimeMs: (dir) => statSync(dir, { throwIfNoEntry: false })?.mtimeMs ?? null,
  listFolders: (dir) => {
    // A buffer of entries at a time (no array of every Dirent): ~2x faster over 300,000 folders.
    const names: string[] = [];
    let entries: Dir | null = null;
    try {
      entries = opendirSync(dir, { bufferSize: 1024 });
      for (let e = entries.readSync(); e !== null; e = entries.readSync()) {
        // Dot folders are working areas (a CER collector's `.cer-collector`), never reports.
        if (e.isDirectory() && !e.name.startsWith('.')) names.push(e.name);
      }
    } catch {
      return null;
    } finally {
      entries?.closeSync();
    }
    return names;
  },
  stamp: folderStamp,
};

/** How much a sweep does per tick. */
export interface SweepLimits {
  /** Report folders whose stamp is compared per tick by the rolling pass (in-place changes of old reports). */
  readonly slice: number;
  /** How long a folder counts as recently changed: it is compared at every tick meanwhile. */
  readonly hotMs: number;
  /** At most this many recently changed folders (the oldest fall back to the rolling pass). */
  readonly hotMax: number;
}

/**
 * Defaults: a light store of 100,000 reports is gone through in 100 ticks (~8 minutes at one tick
 * every 5 s), at ~2,000 stat calls a tick; a report added or changed within the last 5 minutes is
 * checked at every tick.
 */
export const DEFAULT_SWEEP_LIMITS: SweepLimits = { slice: 1000, hotMs: 5 * 60_000, hotMax: 5000 };

/** Clock and probe of a sweep (tests inject both). */
export interface SweepDeps {
  readonly probe?: SweepProbe;
  readonly now?: () => number;
  readonly limits?: Partial<SweepLimits>;
}

function isUnder(path: string, roots: readonly string[]): boolean {
  return roots.some((root) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep));
}

/**
 * Finds the changes a light watch misses in very large stores (report folders' own files) with
 * work per tick that does not grow with the store:
 * - each store folder's mtime is read; only a store whose mtime changed is listed, and its new and
 *   vanished report folders are passed on (a safety net for file events the watcher missed);
 * - recently added or changed reports are compared at every tick (WER and collectors add files
 *   to a report shortly after writing it);
 * - a rolling pass compares `slice` other folders per tick, continuing where the last tick
 *   stopped, so an in-place rewrite of an old report (Report.wer rewritten, a file added) is found
 *   within ceil(folders / slice) ticks.
 * It never reads reports itself: changed folders go to `onChanged` (the library reads them).
 */
export class LightSweep {
  private readonly probe: SweepProbe;
  private readonly now: () => number;
  private readonly limits: SweepLimits;
  /** Store folder → its mtime at the last tick. */
  private readonly storeMtimes = new Map<string, number>();
  /** Recently added or changed folder → until when it is compared at every tick (oldest first). */
  private readonly hot = new Map<string, number>();
  /** The rolling pass: the stores of this round, the one being gone through, and where in it. */
  private round: string[] = [];
  private roundAt = 0;
  private cursor: Iterator<string> | null = null;

  constructor(
    private readonly index: LibraryIndex,
    private readonly onChanged: (folder: string) => void,
    deps: SweepDeps = {},
  ) {
    this.probe = deps.probe ?? FS_PROBE;
    this.now = deps.now ?? Date.now;
    this.limits = { ...DEFAULT_SWEEP_LIMITS, ...deps.limits };
    index.subscribe((event) => {
      if (event.kind === 'added' || event.kind === 'updated') this.markHot(event.report.folder);
    });
  }

  /** Marks a folder as recently changed: it is compared at every tick for the next `hotMs`. */
  markHot(folder: string): void {
    this.hot.delete(folder);
    this.hot.set(folder, this.now() + this.limits.hotMs);
    if (this.hot.size > this.limits.hotMax) {
      const oldest = this.hot.keys().next();
      if (!oldest.done) this.hot.delete(oldest.value);
    }
  }

  /**
   * One tick over the light-watched location roots (resolved paths); `pause` lets the event loop
   * run between folders (each stat may be a network round trip).
   */
  async tick(roots: readonly string[], pause: () => Promise<void>): Promise<void> {
    if (roots.length === 0) return;
    const stores = roots.flatMap((root) => this.index.parentsUnder(root));
    for (const store of stores) {
      await pause();
      this.checkStore(store);
    }
    await this.checkHot(roots, pause);
    await this.rollOn(stores, pause);
  }

  /** Lists a store whose mtime changed and passes on the folders that appeared or vanished. */
  private checkStore(store: string): void {
    const mtime = this.probe.mtimeMs(store);
    const before = this.storeMtimes.get(store);
    if (mtime === null) {
      this.storeMtimes.delete(store);
      return;
    }
    this.storeMtimes.set(store, mtime);
    // The first look only learns the mtime: the library compared the store when it started.
    if (before === undefined || before === mtime) return;
    const names = this.probe.listFolders(store);
    if (!names) return;
    const listed = new Set(names.map((name) => childPath(store, name)));
    for (const folder of listed) if (!this.index.has(folder)) this.onChanged(folder);
    for (const folder of [...this.index.childrenOf(store)]) if (!listed.has(folder)) this.onChanged(folder);
  }

  private async checkHot(roots: readonly string[], pause: () => Promise<void>): Promise<void> {
    const now = this.now();
    for (const [folder, until] of [...this.hot]) {
      if (until <= now || !this.index.has(folder)) this.hot.delete(folder);
      else if (isUnder(folder, roots)) {
        await pause();
        this.compare(folder);
      }
    }
  }

  /** Compares the next `slice` folders of the round; a new round starts once every store is done. */
  private async rollOn(stores: readonly string[], pause: () => Promise<void>): Promise<void> {
    if (this.roundAt >= this.round.length) {
      this.round = [...stores];
      this.roundAt = 0;
      this.cursor = null;
    }
    let left = this.limits.slice;
    while (left > 0 && this.roundAt < this.round.length) {
      const store = this.round[this.roundAt] as string;
      // The iteration is live: folders added or removed since the last tick are seen or skipped.
      this.cursor ??= this.index.childrenOf(store);
      const next = this.cursor.next();
      if (next.done) {
        this.roundAt++;
        this.cursor = null;
        continue;
      }
      left--;
      await pause();
      if (!this.hot.has(next.value)) this.compare(next.value);
    }
  }

  private compare(folder: string): void {
    const entry = this.index.get(folder);
    const stamp = this.probe.stamp(folder);
    if (entry && stamp && !sameStamp(stamp, entry.stamp)) this.onChanged(folder);
  }
}
