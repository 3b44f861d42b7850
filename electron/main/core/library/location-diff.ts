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
}

/**
 * Lists one location and compares each report folder's stamp with the index and the cache:
 * a report whose folder is unchanged is kept (taken from the cache into the index as it is, without
 * an event); the others are returned to be read. Nothing is read or removed here. With
 * `listingOnly`, folders the index has are taken as unchanged without a look at their stamps
 * (a light-watched store: its periodic sweep compares them).
 */
export async function diffLocation(
  location: StoreLocation,
  index: LibraryIndex,
  cache: ReadonlyMap<string, CacheEntry>,
  pause: () => Promise<void>,
  listingOnly = false,
): Promise<LocationDiff> {
  const { status, found } = await listReportFolders(location, pause);
  const seen = new Set<string>();
  const changed: ChangedFolder[] = [];
  for (const f of found) {
    await pause();
    seen.add(f.folder);
    if (listingOnly && index.has(f.folder)) continue;
    const stamp = folderStamp(f.folder);
    const cached = index.get(f.folder) ?? cache.get(f.folder);
    if (stamp && cached && sameStamp(stamp, cached.stamp)) {
      if (!index.has(f.folder)) index.adopt(cached);
      continue;
    }
    changed.push({ found: f, stamp });
  }
  return { status, seen, changed };
}
