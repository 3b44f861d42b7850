import type { StoreLocation, StoreStatus } from '../../../../shared/store-model';
import { stampsInParallel } from '../store/parallel-read';
import { eachReportFolder, type FoundFolder } from '../store/scan-stores';
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
   * Once a location has listed more folders than this, the folders the index or the cache has are
   * kept without a look at their stamps (two stat calls each: seconds for a collector's share);
   * only new ones are returned: the caller compares their stamps later, in the background.
   * Default: never.
   */
  readonly trustKnownAbove?: number;
  /**
   * Work that nobody waits on, while the library serves requests: stamps taken on this thread
   * (without a scan worker) are taken between pauses that give way to requests (see
   * backgroundSlicer), never in one stretch.
   */
  readonly background?: boolean;
}

/**
 * Lists one location and compares each report folder's stamp with the index and the cache:
 * a report whose folder is unchanged is kept (taken from the cache into the index as it is, without
 * an event); the others are returned to be read. Nothing is read or removed here.
 *
 * The listing is compared a batch at a time as it comes (see eachReportFolder): what is held at
 * the end is the set of folders seen (the index's own strings where it has the folder) and the
 * changed ones. Listing a 300,000-folder store whole, then stamping it whole, held ~100 MB more
 * at once, every start's background comparison.
 */
export async function diffLocation(
  location: StoreLocation,
  index: LibraryIndex,
  cache: { get(folder: string): CacheEntry | undefined },
  pause: () => Promise<void>,
  options: DiffOptions = {},
): Promise<LocationDiff> {
  const trustAbove = options.trustKnownAbove ?? Infinity;
  // Whether any known folder was kept unseen: a first start of a large store (nothing cached) has
  // stamped every folder it reads, and has nothing to compare later.
  let trusted = false;
  let listed = 0;
  const seen = new Set<string>();
  const changed: ChangedFolder[] = [];
  const stampPause = options.background ? backgroundSlicer() : pause;
  const status = await eachReportFolder(location, pause, async (batch) => {
    const toCompare: FoundFolder[] = [];
    for (const f of batch) {
      listed += 1;
      // Known to the index (no report kept on disk made for it: see LibraryIndex.known) or the cache.
      const inIndex = index.known(f.folder);
      const cached = inIndex ? undefined : cache.get(f.folder);
      // The string the index keeps (or will keep) for this folder: the listing's own copy goes with the batch.
      seen.add(inIndex?.folder ?? cached?.report.folder ?? f.folder);
      if ((inIndex || cached) && listed > trustAbove) {
        trusted = true;
        if (cached) index.adopt(cached);
        continue;
      }
      toCompare.push(f);
    }
    if (toCompare.length === 0) return;
    // On a worker thread when there are many (the stat calls of a large store take seconds).
    const stamps = await stampsInParallel(
      toCompare.map((f) => f.folder),
      stampPause,
    );
    toCompare.forEach((f, i) => {
      const stamp = stamps[i] ?? null;
      const inIndex = index.known(f.folder);
      const cached = inIndex ? undefined : cache.get(f.folder);
      const known = inIndex ?? cached;
      if (stamp && known && sameStamp(stamp, known.stamp)) {
        if (cached) index.adopt(cached);
        return;
      }
      changed.push({ found: f, stamp });
    });
  });
  return { status, seen, changed, trusted };
}
