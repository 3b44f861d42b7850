import { type Stats, closeSync, openSync, readSync, statSync } from 'node:fs';
import { mkdir, open, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { renameWithRetry } from '../atomic-file';
import { StringDecoder } from 'node:string_decoder';
import { dirname, join } from 'node:path';
import { APP_VERSION } from '../../../../shared/app-info';
import type { WerReport } from '../../../../shared/report-model';

/**
 * Bumped whenever the parsers' output or the file's layout changes, so old caches are rebuilt,
 * not trusted. 4: JSON Lines (a header line, then one entry per line). 5: the header has a
 * generation (which a query index saved beside it names).
 */
export const CACHE_VERSION = 5;

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

/** The first line of a cache file; each further line is one CacheEntry as JSON. */
interface CacheHeader {
  readonly version: number;
  readonly appVersion: string;
  readonly savedAt: string;
  /** Different in every file written: what a companion file (the query index) says it matches. */
  readonly generation?: string;
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
  /** The file's generation (see CacheHeader), null when it has none or was discarded. */
  readonly generation: string | null;
}

/** Bytes read from the cache file at a time. */
const READ_CHUNK_BYTES = 16 << 20;

/**
 * Calls `onLine` with each line of a UTF-8 file, read a chunk at a time: the cache of a large
 * library is more than one JavaScript string may hold (~512 MB). Stops when `onLine` returns false.
 */
function eachLine(file: string, onLine: (line: string) => boolean): void {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    const decoder = new StringDecoder('utf8');
    let rest = '';
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      const text = rest + (n > 0 ? decoder.write(buffer.subarray(0, n)) : decoder.end());
      const lines = text.split('\n');
      rest = n > 0 ? (lines.pop() ?? '') : '';
      for (const line of lines) if (line !== '' && !onLine(line)) return;
      if (n === 0) return;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Loads the report cache. A missing, corrupt, old-version or foreign file is discarded (the
 * library then reads every folder again); a damaged entry line is skipped (its folder is read
 * again). Never throws.
 */
export function loadReportCache(file: string): LoadedCache {
  const entries = new Map<string, CacheEntry>();
  let discarded: string | null = null;
  let generation: string | null = null;
  let header = true;
  try {
    eachLine(file, (line) => {
      if (header) {
        header = false;
        const read = readHeader(line);
        discarded = read.problem;
        generation = read.generation;
        return discarded === null;
      }
      try {
        const e: unknown = JSON.parse(line);
        if (isEntry(e)) entries.set(e.report.folder, e);
      } catch {
        // One damaged line costs its folder a new read, not the whole cache.
      }
      return true;
    });
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    return { entries: new Map(), discarded: missing ? 'no cache yet' : 'the cache file could not be read', generation: null };
  }
  if (header) discarded = 'the cache file is empty';
  return discarded === null ? { entries, discarded: null, generation } : { entries: new Map(), discarded, generation: null };
}

/** Why a header line rules the file out (null when it is this version's), and the file's generation. */
function readHeader(line: string): { problem: string | null; generation: string | null } {
  let h: CacheHeader | null;
  try {
    h = JSON.parse(line) as CacheHeader | null;
  } catch {
    return { problem: 'the cache file is corrupt', generation: null };
  }
  if (h?.version !== CACHE_VERSION || h.appVersion !== APP_VERSION) return { problem: 'the cache was written by another version', generation: null };
  return { problem: null, generation: typeof h.generation === 'string' && /^[0-9a-f]{16}$/.test(h.generation) ? h.generation : null };
}

/** Entries are written in chunks of about this many characters, never as one string of the whole cache. */
const WRITE_CHUNK_CHARS = 1 << 20;

/**
 * Writes the cache atomically (temp file + rename), so a crash never leaves half a file, and
 * returns the generation written in its header: a header
 * line, then one entry per line (JSON never holds a raw newline), a chunk at a time, so a large
 * library never becomes one string. `pause` lets the event loop run between entries: a library
 * of 300,000 reports takes seconds to write, and a server must keep answering meanwhile. A
 * folder the entries change under while it waits is written as it is when reached.
 */
export async function saveReportCache(file: string, entries: Iterable<CacheEntry>, pause: () => Promise<void> = async () => undefined): Promise<string> {
  const generation = randomBytes(8).toString('hex');
  const header: CacheHeader = { version: CACHE_VERSION, appVersion: APP_VERSION, savedAt: new Date().toISOString(), generation };
  const temp = `${file}.${process.pid}.tmp`;
  // A data folder nothing was saved in yet (a first `serve --data-dir DIR`) does not exist.
  await mkdir(dirname(file), { recursive: true });
  const out = await open(temp, 'w');
  try {
    let chunk = `${JSON.stringify(header)}\n`;
    for (const entry of entries) {
      chunk += `${JSON.stringify(entry)}\n`;
      if (chunk.length >= WRITE_CHUNK_CHARS) {
        await out.write(chunk);
        chunk = '';
      }
      await pause();
    }
    await out.write(chunk);
    await out.close();
    // Retried: on Windows an indexer or virus scanner briefly holding the old cache makes rename fail.
    await renameWithRetry(temp, file);
    return generation;
  } catch (e) {
    await out.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw e;
  }
}
