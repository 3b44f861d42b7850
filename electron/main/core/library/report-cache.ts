import { type Stats, closeSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_VERSION } from '../../../../shared/app-info';
import type { WerReport } from '../../../../shared/report-model';

/** Bumped whenever the parsers' output changes shape, so old caches are rebuilt, not trusted. */
export const CACHE_VERSION = 3;

/** What says whether a report folder changed since it was read: its mtime and Report.wer's. */
export interface FolderStamp {
  /** Changes when a file is added to or removed from the folder. */
  readonly dirMtimeMs: number;
  readonly werSize: number | null;
  readonly werMtimeMs: number | null;
}

/** One cached report with the stamp of the folder when it was read. */
export interface CacheEntry {
  readonly stamp: FolderStamp;
  readonly report: WerReport;
}

interface CacheFile {
  readonly version: number;
  readonly appVersion: string;
  readonly savedAt: string;
  readonly entries: readonly CacheEntry[];
}

/**
 * The stamp of a report folder now; null when the folder is gone or unreadable. For a Minidump
 * record (a dump file) it is the file's mtime and size.
 */
export function folderStamp(folder: string): FolderStamp | null {
  let dir: Stats;
  try {
    dir = statSync(folder);
  } catch {
    return null;
  }
  if (dir.isFile()) return { dirMtimeMs: dir.mtimeMs, werSize: dir.size, werMtimeMs: dir.mtimeMs };
  try {
    const wer = statSync(join(folder, 'Report.wer'));
    return { dirMtimeMs: dir.mtimeMs, werSize: wer.size, werMtimeMs: wer.mtimeMs };
  } catch {
    return { dirMtimeMs: dir.mtimeMs, werSize: null, werMtimeMs: null };
  }
}

/** Whether two stamps say the folder is unchanged. */
export function sameStamp(a: FolderStamp, b: FolderStamp): boolean {
  return a.dirMtimeMs === b.dirMtimeMs && a.werSize === b.werSize && a.werMtimeMs === b.werMtimeMs;
}

function isEntry(value: unknown): value is CacheEntry {
  const e = value as CacheEntry | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.stamp?.dirMtimeMs === 'number' &&
    typeof e.report?.id === 'string' &&
    typeof e.report.folder === 'string' &&
    Array.isArray(e.report.signature) &&
    Array.isArray(e.report.attachments)
  );
}

/** The outcome of loading a cache: its entries by folder, or why it was discarded. */
export interface LoadedCache {
  readonly entries: Map<string, CacheEntry>;
  /** Why the file was not used (missing, corrupt, older version); null when it was. */
  readonly discarded: string | null;
}

/**
 * Loads the report cache. A missing, corrupt, old-version or foreign file is discarded (the
 * library then reads every folder again); this never throws.
 */
export function loadReportCache(file: string): LoadedCache {
  let parsed: CacheFile;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    return { entries: new Map(), discarded: missing ? 'no cache yet' : 'the cache file is corrupt' };
  }
  if (parsed?.version !== CACHE_VERSION || parsed.appVersion !== APP_VERSION || !Array.isArray(parsed.entries)) {
    return { entries: new Map(), discarded: 'the cache was written by another version' };
  }
  const entries = new Map<string, CacheEntry>();
  for (const e of parsed.entries) if (isEntry(e)) entries.set(e.report.folder, e);
  return { entries, discarded: null };
}

/** Entries are written in chunks of about this many characters, never as one string of the whole cache. */
const WRITE_CHUNK_CHARS = 1 << 20;

/**
 * Writes the cache atomically (temp file + rename), so a crash never leaves half a file. The file
 * is written entry by entry: a cache of 100,000 reports is ~200 MB of JSON, which as one string
 * would raise the process's memory for good.
 */
export function saveReportCache(file: string, entries: Iterable<CacheEntry>): void {
  const head = JSON.stringify({ version: CACHE_VERSION, appVersion: APP_VERSION, savedAt: new Date().toISOString(), entries: [] });
  const temp = `${file}.${process.pid}.tmp`;
  let fd: number | null = null;
  try {
    fd = openSync(temp, 'w');
    // The same document as JSON.stringify(CacheFile): the entries array is the last member.
    let chunk = head.slice(0, -'[]}'.length) + '[';
    let first = true;
    for (const entry of entries) {
      chunk += (first ? '' : ',') + JSON.stringify(entry);
      first = false;
      if (chunk.length >= WRITE_CHUNK_CHARS) {
        writeFileSync(fd, chunk);
        chunk = '';
      }
    }
    writeFileSync(fd, `${chunk}]}`);
    closeSync(fd);
    fd = null;
    renameSync(temp, file);
  } catch (e) {
    try {
      if (fd !== null) closeSync(fd);
      unlinkSync(temp);
    } catch {
      // Nothing was written.
    }
    throw e;
  }
}
