import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { mkdir, open, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { renameSyncWithRetry } from '../atomic-file';
import { dirname } from 'node:path';
import { APP_VERSION } from '../../../../shared/app-info';
import type { WerReport } from '../../../../shared/report-model';
import type { FolderStamp } from '../store/folder-stamp';
import { type CacheRecords, CacheRecordsWriter, readCacheRecords, recordsFileOf } from './cache-records';
import { FolderMap } from './folder-map';
import { closeRecordFiles, type HeldReport, RecordsFile, StoredPlaces, StoredReport, type WindowReader } from './stored-report';

/**
 * Bumped whenever the parsers' output or the file's layout changes, so old caches are rebuilt,
 * not trusted. 4: JSON Lines (a header line, then one entry per line). 5: the header has a
 * generation (which a query index saved beside it names). 6: each entry line starts with its
 * folder, id, stamp and whether it is kept on disk (see readEntry). Each save also writes a
 * table of the entries beside the file (cache-records.ts), which a start reads instead of the lines.
 */
export const CACHE_VERSION = 6;

/** One cached report (in memory, or kept on disk) with the stamp of the folder when it was read. */
export interface CacheEntry {
  readonly stamp: FolderStamp;
  readonly report: HeldReport;
}

/** The first line of a cache file; each further line is one entry (see readEntry). */
interface CacheHeader {
  readonly version: number;
  readonly appVersion: string;
  readonly savedAt: string;
  /** Different in every file written: what a companion file (the query index) says it matches. */
  readonly generation?: string;
}

function isStamp(s: FolderStamp | undefined): s is FolderStamp {
  const orNull = (v: unknown) => v === null || typeof v === 'number';
  return typeof s?.dirMtimeMs === 'number' && orNull(s.werSize) && orNull(s.werMtimeMs);
}

function isReport(value: unknown): value is WerReport {
  const r = value as WerReport | null;
  return typeof r === 'object' && r !== null && typeof r.id === 'string' && typeof r.folder === 'string' && Array.isArray(r.signature) && Array.isArray(r.attachments);
}

/** The outcome of loading a cache: its entries by folder, or why it was discarded. */
export interface LoadedCache {
  readonly entries: FolderMap<CacheEntry>;
  /** Why the file was not used (missing, corrupt, older version); null when it was. */
  readonly discarded: string | null;
  /** The file's generation (see CacheHeader), null when it has none or was discarded. */
  readonly generation: string | null;
  /**
   * True when the file was read line by line (its records table missing, of another version or
   * not matching it): its next save writes a table the next start can read instead.
   */
  readonly readByLine?: boolean;
}

/** Bytes read from the cache file at a time. */
const READ_CHUNK_BYTES = 16 << 20;
const NEWLINE = 0x0a;
const TAB = 0x09;

/** One line of a file: bytes `start` to `end` of `data` (valid during the call), `offset` the file offset of its first. */
type OnLine = (data: Buffer, start: number, end: number, offset: number) => boolean;

/**
 * Calls `onLine` with each line of a file, read a chunk at a time: the cache of a large library is
 * more than one JavaScript string may hold (~512 MB). No object per line (300,000 views of the
 * chunk were a third of a warm start's garbage). Stops when `onLine` returns false.
 */
function eachLine(file: string, onLine: OnLine): void {
  const fd = openSync(file, 'r');
  try {
    let buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    // Bytes in the buffer (the start of a line the last read cut), and the file offset of its first.
    let filled = 0;
    let bufferAt = 0;
    for (;;) {
      if (filled === buffer.length) {
        // One line longer than the buffer.
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, filled);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, filled, buffer.length - filled, null);
      const data = buffer.subarray(0, filled + n);
      let start = 0;
      for (let end = data.indexOf(NEWLINE); end >= 0; end = data.indexOf(NEWLINE, start)) {
        if (end > start && !onLine(data, start, end, bufferAt + start)) return;
        start = end + 1;
      }
      if (n === 0) {
        if (start < data.length) onLine(data, start, data.length, bufferAt + start);
        return;
      }
      // The cut line moves to the front; the next read goes after it.
      buffer.copyWithin(0, start, data.length);
      filled = data.length - start;
      bufferAt += start;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * One entry line: `[folder, id, dirMtimeMs, werSize, werMtimeMs, stored]`, a tab, then the
 * report's JSON (JSON never holds a raw tab or newline). A line marked stored is kept on disk
 * (a StoredReport: the prefix is all that is parsed); the others are parsed whole. Null when the
 * line is damaged.
 */
function readEntry(data: Buffer, start: number, end: number, offset: number, places: StoredPlaces): CacheEntry | null {
  const tab = data.indexOf(TAB, start);
  if (tab < 0 || tab >= end) return null;
  try {
    const prefix: unknown = JSON.parse(data.toString('utf8', start, tab));
    if (!Array.isArray(prefix) || prefix.length !== 6) return null;
    const [folder, id, dirMtimeMs, werSize, werMtimeMs, stored] = prefix as [unknown, unknown, number, number | null, number | null, unknown];
    const stamp = { dirMtimeMs, werSize, werMtimeMs };
    if (typeof folder !== 'string' || typeof id !== 'string' || !isStamp(stamp)) return null;
    if (stored === 1) return new StoredReport(id, folder, places, places.add(offset + tab + 1 - start, end - tab - 1, stamp));
    const report: unknown = JSON.parse(data.toString('utf8', tab + 1, end));
    return isReport(report) && report.folder === folder ? { stamp, report } : null;
  } catch {
    return null;
  }
}

/**
 * Loads the report cache: from its records table when the table matches the file (see
 * cache-records.ts), else line by line. A missing, corrupt, old-version or foreign file is
 * discarded (the library then reads every folder again); a damaged entry line is skipped (its
 * folder is read again). Never throws.
 */
export function loadReportCache(file: string): LoadedCache {
  const records = new RecordsFile(file);
  let start: { header: string; bytes: number } | null;
  try {
    start = headerLine(file);
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    return { entries: new FolderMap(), discarded: missing ? 'no cache yet' : 'the cache file could not be read', generation: null };
  }
  if (start) {
    const { problem, generation } = readHeader(start.header);
    if (problem !== null) return { entries: new FolderMap(), discarded: problem, generation: null };
    const entries = generation === null ? null : fromTable(file, generation, start.bytes, records);
    if (entries) return { entries, discarded: null, generation };
  }
  return fromLines(file, records);
}

/** The cache file's first line (when it is within the first 64 KB) and the file's length; null when the file is empty. */
function headerLine(file: string): { header: string; bytes: number } | null {
  const fd = openSync(file, 'r');
  try {
    const bytes = fstatSync(fd).size;
    if (bytes === 0) return null;
    const start = Buffer.allocUnsafe(Math.min(bytes, 64 << 10));
    const n = readSync(fd, start, 0, start.length, 0);
    const end = start.subarray(0, n).indexOf(NEWLINE);
    return { header: start.toString('utf8', 0, end < 0 ? n : end), bytes };
  } finally {
    closeSync(fd);
  }
}

/**
 * The entries as the records table beside the cache lists them, or null when there is no table
 * or it does not match this file. Reports kept on disk cost no read; the few in memory (event
 * and dump records) are parsed from their lines, and a damaged one is skipped.
 */
function fromTable(file: string, generation: string, cacheBytes: number, records: RecordsFile): FolderMap<CacheEntry> | null {
  let table: CacheRecords | null;
  try {
    table = readCacheRecords(recordsFileOf(file), generation, cacheBytes, records);
  } catch {
    return null;
  }
  if (!table) return null;
  const { count, folders, ids, hashes, idHashes, stored, places } = table;
  // The few reports not kept on disk (event and dump records) are parsed now; a damaged one is
  // left out (its folder is read again).
  const parsed = new Map<number, CacheEntry>();
  const damaged = new Uint8Array(count);
  const reader = records.windowReader();
  try {
    for (let row = 0; row < count; row++) {
      if (stored[row] === 1) continue;
      try {
        const report: unknown = JSON.parse(reader.read(places.offsetAt(row), places.lengthAt(row)).toString('utf8'));
        if (isReport(report) && report.folder === folders[row]) {
          parsed.set(row, { stamp: places.stampAt(row), report });
          continue;
        }
      } catch {
        // Damaged: left out below.
      }
      damaged[row] = 1;
    }
  } finally {
    reader.close();
  }
  // A report kept on disk is made when its row is first reached (see FolderMap): no step per row
  // here. The parsed ones are reached now: a row not reached yet is one kept on disk.
  const make = (row: number): CacheEntry => parsed.get(row) ?? new StoredReport(ids.at(row), folders[row] as string, places, row);
  const idAt = (row: number) => ids.at(row);
  const entries = new FolderMap<CacheEntry>({ count, folders, hashes, idAt, idHashes, make, stampAt: (row) => places.stampAt(row) }, damaged);
  for (const row of parsed.keys()) entries.get(folders[row] as string);
  return entries;
}

/** The entries of the cache file, read line by line (no table, or one that does not match). */
function fromLines(file: string, records: RecordsFile): LoadedCache {
  const entries = new FolderMap<CacheEntry>();
  const places = new StoredPlaces(records);
  let discarded: string | null = null;
  let generation: string | null = null;
  let header = true;
  try {
    eachLine(file, (data, start, end, offset) => {
      if (header) {
        header = false;
        const read = readHeader(data.toString('utf8', start, end));
        discarded = read.problem;
        generation = read.generation;
        return discarded === null;
      }
      // One damaged line costs its folder a new read, not the whole cache.
      const entry = readEntry(data, start, end, offset, places);
      if (entry) entries.set(entry.report.folder, entry);
      return true;
    });
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    return { entries: new FolderMap(), discarded: missing ? 'no cache yet' : 'the cache file could not be read', generation: null };
  }
  if (header) discarded = 'the cache file is empty';
  places.trim();
  return discarded === null ? { entries, discarded: null, generation, readByLine: true } : { entries: new FolderMap(), discarded, generation: null };
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

/** Entries are written in chunks of about this many bytes, never as one buffer of the whole cache. */
const WRITE_CHUNK_BYTES = 1 << 20;
const NEWLINE_BYTES = Buffer.from('\n');

/** A saved cache: its generation, and the reports in memory it now keeps on disk. */
export interface SavedCache {
  readonly generation: string;
  /**
   * Each written report that was in memory and is storable, with its stored copy: the caller swaps
   * in the copy wherever the report is still current (memory that stays put).
   */
  readonly stored: readonly { readonly from: WerReport; readonly report: StoredReport }[];
}

/**
 * A stored report's JSON as it is in its file; when the file fails it (gone, shorter, other
 * bytes there), the report as {@link StoredReport.load} gives it: a save never fails, and never
 * copies what is not the report, because its old file was damaged.
 */
function storedJson(report: StoredReport, readers: Map<string, WindowReader>): Buffer {
  const { file, offset, length } = report.place;
  try {
    let reader = readers.get(file.path);
    if (!reader) readers.set(file.path, (reader = file.windowReader()));
    const bytes = reader.read(offset, length);
    if (bytes[0] === 0x7b && bytes.includes(`"id":${JSON.stringify(report.id)}`) && bytes.includes(`"folder":${JSON.stringify(report.folder)}`)) return bytes;
  } catch {
    // Read as the report below.
  }
  return Buffer.from(JSON.stringify(report.load()));
}

/**
 * Writes the cache atomically (temp file + rename), so a crash never leaves half a file, and
 * returns its generation (see SavedCache): a header line, then one entry per line (see readEntry),
 * a chunk at a time, so a large library never becomes one string. A stored report's JSON is copied
 * as it is from where it is (no parse); a report in memory is marked stored when `storable` says
 * so. Stored reports point at the new file from the moment it replaces the old one (one
 * synchronous step: no read in between sees new bytes at old offsets). `pause` lets the event loop
 * run between entries: a library of 300,000 reports takes seconds to write, and a server must
 * keep answering meanwhile. A folder the entries change under while it waits is written as it is
 * when reached.
 */
export async function saveReportCache(
  file: string,
  entries: Iterable<CacheEntry>,
  pause: () => Promise<void> = async () => undefined,
  storable: (report: WerReport) => boolean = () => false,
): Promise<SavedCache> {
  const generation = randomBytes(8).toString('hex');
  const header: CacheHeader = { version: CACHE_VERSION, appVersion: APP_VERSION, savedAt: new Date().toISOString(), generation };
  const temp = `${file}.${process.pid}.tmp`;
  const records = new RecordsFile(file);
  // A data folder nothing was saved in yet (a first `serve --data-dir DIR`) does not exist.
  await mkdir(dirname(file), { recursive: true });
  const out = await open(temp, 'w');
  // Stored reports are copied from their file (the one being replaced, mostly) a window at a time.
  const readers = new Map<string, WindowReader>();
  const closeReaders = () => {
    for (const reader of readers.values()) reader.close();
    readers.clear();
  };
  const table = new CacheRecordsWriter(new StoredPlaces(records));
  // Stored reports copied, and their rows in the table (where they are in the new file): two
  // arrays, not an object each (1,000,000 of those were ~50 MB held until the file was renamed).
  const moved: StoredReport[] = [];
  const movedRows: number[] = [];
  const stored: { from: WerReport; report: StoredReport }[] = [];
  let parts: Buffer[] = [];
  let partBytes = 0;
  let at = 0;
  const put = (bytes: Buffer) => {
    parts.push(bytes);
    partBytes += bytes.length;
    at += bytes.length;
  };
  const flush = async () => {
    if (parts.length > 0) await out.writev(parts);
    parts = [];
    partBytes = 0;
  };
  try {
    put(Buffer.from(`${JSON.stringify(header)}\n`));
    for (const { stamp, report } of entries) {
      const onDisk = report instanceof StoredReport;
      const keep = onDisk || storable(report);
      put(Buffer.from(`${JSON.stringify([report.folder, report.id, stamp.dirMtimeMs, stamp.werSize, stamp.werMtimeMs, keep ? 1 : 0])}\t`));
      const jsonAt = at;
      put(onDisk ? storedJson(report, readers) : Buffer.from(JSON.stringify(report)));
      const row = table.add(report.folder, report.id, stamp, jsonAt, at - jsonAt, keep);
      if (onDisk) {
        moved.push(report);
        movedRows.push(row);
      } else if (keep) stored.push({ from: report, report: new StoredReport(report.id, report.folder, table.places, row) });
      put(NEWLINE_BYTES);
      if (partBytes >= WRITE_CHUNK_BYTES) await flush();
      await pause();
    }
    await flush();
    closeReaders();
    await out.close();
    // Synchronous (retried on Windows, where an indexer or virus scanner briefly holding the old
    // cache makes rename fail): the file and the stored reports' offsets change together.
    closeRecordFiles();
    renameSyncWithRetry(temp, file);
    moved.forEach((report, i) => report.moveTo(table.places, movedRows[i] as number));
    table.places.trim();
    // A table that cannot be written (or a crash before it is) leaves an older one that names
    // another generation: the next start reads the lines instead.
    await table.save(recordsFileOf(file), generation, at, pause).catch(() => undefined);
    return { generation, stored };
  } catch (e) {
    closeReaders();
    await out.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw e;
  }
}
