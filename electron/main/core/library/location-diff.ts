import type { StoreLocation, StoreStatus } from '../../../../shared/store-model';
import { stampsInParallel } from '../store/parallel-read';
import { type FoundFolder, listReportFolders } from '../store/scan-stores';
import { backgroundSlicer } from '../time-slice';
import { type FolderStamp, sameStamp } from '../store/folder-stamp';
import type { CacheEntry } from './report-cache';
import type { LibraryIndex } from './library-index';

/** A report folder that has to be read, with the stamp it had when listed. */
export interface ChangedFolder {
  readonly found: FoundFolder;
  readonly stamp: FolderStamp | null;
}

/** One location compared with the index: how it reads, every report folder in it, and those to read. */
export interface LocationDiff {
  readonly status: StoreStatus;
  readonly seen: ReadonlySet<string>;
  readonly changed: readonly ChangedFolder[];
  /** Whether known folders were kept without a look at their stamps (see `trustKnownAbove`). */
  readonly trusted: boolean;
}

/** How `diffLocation` compares. */
export interface DiffOptions {
  /**
   * A location of more folders than this keeps the folders the index or the cache has without a
   * look at their stamps (two stat calls each: seconds for a collector's share) and returns only
   * new ones: the caller compares their stamps later, in the background. Default: never.
   */
  readonly trustKnownAbove?: number;
  /**
   * Work that nobody waits on, while the library serves requests: stamps taken on this thread
   * (without a scan worker) are taken at most half the time, never in one stretch.
   */
  readonly background?: boolean;
}

/**
 * Lists one location and compares each report folder's stamp with the index and the cache:
 * a report whose folder is unchanged is kept (taken from the cache into the index as it is, without
 * an event); the others are returned to be read. Nothing is read or removed here.
 */
export async function diffLocation(
  location: StoreLocation,
  index: LibraryIndex,
  cache: ReadonlyMap<string, CacheEntry>,
  pause: () => Promise<void>,
  options: DiffOptions = {},
): Promise<LocationDiff> {
  const { status, found } = await listReportFolders(location, pause);
  const trusting = found.length > (options.trustKnownAbove ?? Infinity);
  // Whether any known folder was kept unseen: a first start of a large store (nothing cached) has
  // stamped every folder it reads, and has nothing to compare later.
  let trusted = false;
  const seen = new Set<string>();
  const toCompare: FoundFolder[] = [];
  for (const f of found) {
    await pause();
    seen.add(f.folder);
    const known = index.get(f.folder) ?? cache.get(f.folder);
    if (trusting && known) {
      trusted = true;
      if (!index.has(f.folder)) index.adopt(known);
      continue;
    }
    toCompare.push(f);
  }
  // On a worker thread when there are many (the stat calls of a large store take seconds).
  const stamps = await stampsInParallel(
    toCompare.map((f) => f.folder),
    options.background ? backgroundSlicer() : pause,
  );
  const changed: ChangedFolder[] = [];
  toCompare.forEach((f, i) => {
    const stamp = stamps[i] ?? null;
    const known = index.get(f.folder) ?? cache.get(f.folder);
    if (stamp && known && sameStamp(stamp, known.stamp)) {
      if (!index.has(f.folder)) index.adopt(known);
      return;
    }
    changed.push({ found: f, stamp });
  });
  return { status, seen, changed, trusted };
}
