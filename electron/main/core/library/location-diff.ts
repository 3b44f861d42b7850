import type { StoreLocation, StoreStatus } from '../../../../shared/store-model';
import { type FoundFolder, listReportFolders } from '../store/scan-stores';
import { type CacheEntry, type FolderStamp, folderStamp, sameStamp } from './report-cache';
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

/**
 * Lists one location and compares each report folder's stamp with the index and the cache:
 * a report whose folder is unchanged is kept (taken from the cache into the index as it is, without
 * an event); the others are returned to be read. Nothing is read or removed here.
 *
 * A location of more than `trustKnownAbove` folders keeps the folders the index or the cache has
 * without a look at their stamps (two stat calls each: seconds for a collector's share) and
 * returns only new ones: the caller compares their stamps later, in the background.
 */
export async function diffLocation(
  location: StoreLocation,
  index: LibraryIndex,
  cache: ReadonlyMap<string, CacheEntry>,
  pause: () => Promise<void>,
  trustKnownAbove = Infinity,
): Promise<LocationDiff> {
  const { status, found } = await listReportFolders(location, pause);
  const trusted = found.length > trustKnownAbove;
  const seen = new Set<string>();
  const changed: ChangedFolder[] = [];
  for (const f of found) {
    await pause();
    seen.add(f.folder);
    const known = index.get(f.folder) ?? cache.get(f.folder);
    if (trusted && known) {
      if (!index.has(f.folder)) index.adopt(known);
      continue;
    }
    const stamp = folderStamp(f.folder);
    if (stamp && known && sameStamp(stamp, known.stamp)) {
      if (!index.has(f.folder)) index.adopt(known);
      continue;
    }
    changed.push({ found: f, stamp });
  }
  return { status, seen, changed, trusted };
}
