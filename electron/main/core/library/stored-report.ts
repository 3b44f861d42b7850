/**
 * Reports kept on disk. A library with a report cache holds each cached WER folder's report as its
 * place in the cache file (offset and length of its JSON) and reads it back when it is asked for
 * (a page of rows, a detail, a change to compare): a collector's 300,000 reports would otherwise
 * hold ~1 GB of objects, and a warm start would parse every one of them. Records that the start
 * itself needs (event and dump records that merge with others, records a background read is still
 * to fill in) stay in memory.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { WerReport } from '../../../../shared/report-model';
import { readReportFolder } from '../report/read-report-folder';
import { reportLocationOf } from '../store/scan-stores';
import { type FolderStamp, stampFromNumbers, stampNumber } from '../store/folder-stamp';

/**
 * Handles of record files opened by reads in this synchronous stretch of work: a page of rows or
 * the 5,000 problems of a Problems answer open the file once, and every handle is closed before
 * the next task, so none blocks the file's replacement (Windows) or reads an old file.
 */
const openFiles = new Map<string, number>();

function handleOf(path: string): number {
  let fd = openFiles.get(path);
  if (fd === undefined) {
    fd = openSync(path, 'r');
    if (openFiles.size === 0) queueMicrotask(closeRecordFiles);
    openFiles.set(path, fd);
  }
  return fd;
}

/** Fills `bytes` from `position` (positional reads may return short counts); the count read, short at the end of the file. */
function readAt(fd: number, bytes: Buffer, position: number): number {
  let done = 0;
  while (done < bytes.length) {
    const n = readSync(fd, bytes, done, bytes.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/** Closes the handles reads left open (at the end of the stretch, and before a cache file is replaced). */
export function closeRecordFiles(): void {
  for (const fd of openFiles.values()) closeSync(fd);
  openFiles.clear();
}

/** The report cache file that stored reports are read from (see openFiles for its handle). */
export class RecordsFile {
  constructor(readonly path: string) {}

  /** `length` bytes at `offset` (fewer when the file is shorter); throws when the file cannot be read. */
  read(offset: number, length: number): Buffer {
    const bytes = Buffer.allocUnsafe(length);
    return bytes.subarray(0, readAt(handleOf(this.path), bytes, offset));
  }

  /**
   * A reader for many ranges in rising order (a save copying the stored reports): one read per
   * window of `windowBytes`, not one per report. Close it before the file is replaced.
   */
  windowReader(windowBytes = 4 << 20): WindowReader {
    return new WindowReader(this.path, windowBytes);
  }
}

/** See {@link RecordsFile.windowReader}. */
export class WindowReader {
  private fd: number | null = null;
  private window = Buffer.alloc(0);
  private windowAt = 0;

  constructor(
    private readonly path: string,
    private readonly windowBytes: number,
  ) {}

  /** The bytes of a range; throws when the file cannot be read or is shorter. */
  read(offset: number, length: number): Buffer {
    if (offset < this.windowAt || offset + length > this.windowAt + this.window.length) {
      this.fd ??= openSync(this.path, 'r');
      const bytes = Buffer.allocUnsafe(Math.max(length, this.windowBytes));
      const n = readAt(this.fd, bytes, offset);
      this.window = bytes.subarray(0, n);
      this.windowAt = offset;
      if (n < length) throw new Error(`the report cache ends before byte ${offset + length}`);
    }
    return this.window.subarray(offset - this.windowAt, offset - this.windowAt + length);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.window = Buffer.alloc(0);
  }
}

/** One report kept on disk: what the library's maps need (id, folder), and where its JSON is. */
export class StoredReport {
  constructor(
    readonly id: string,
    readonly folder: string,
    private file: RecordsFile,
    private offset: number,
    private length: number,
  ) {}

  /** The file and range this report's JSON is in (a save copies it from there). */
  get place(): { readonly file: RecordsFile; readonly offset: number; readonly length: number } {
    return { file: this.file, offset: this.offset, length: this.length };
  }

  /** Points at the report's JSON in a new cache file (set in the same step as that file replaces the old one). */
  moveTo(file: RecordsFile, offset: number, length: number): void {
    this.file = file;
    this.offset = offset;
    this.length = length;
  }

  /**
   * The report, parsed from the cache file (through `reader`, a window reader of that file, when
   * many are read in the order they lie there). When that fails (the file was deleted or damaged under
   * the library) the folder is read again: a record is never lost to its cache.
   */
  load(reader?: WindowReader): WerReport {
    try {
      const report = JSON.parse((reader ?? this.file).read(this.offset, this.length).toString('utf8')) as WerReport | null;
      if (report?.id === this.id && report.folder === this.folder && Array.isArray(report.sources)) return report;
    } catch {
      // Read from the folder below.
    }
    return readReportFolder(this.folder, reportLocationOf(this.folder)).report;
  }
}

/**
 * A stored report with the stamp of its folder: what the index keeps for a folder whose report is
 * on disk, as its own cache entry ({ stamp, report: this }). One object where an entry, its stamp
 * and its report were three: ~70 bytes less a report (the 300,000-entry cache loads into 124 MB
 * of heap instead of 146 MB).
 */
export class StoredEntry extends StoredReport {
  private readonly dirMtimeMs: number;
  /** NaN for none (see stampNumber). */
  private readonly werSize: number;
  private readonly werMtimeMs: number;

  constructor(id: string, folder: string, file: RecordsFile, offset: number, length: number, stamp: FolderStamp) {
    super(id, folder, file, offset, length);
    this.dirMtimeMs = stamp.dirMtimeMs;
    this.werSize = stampNumber(stamp.werSize);
    this.werMtimeMs = stampNumber(stamp.werMtimeMs);
  }

  /** A stored report's place with this stamp. */
  static of(report: StoredReport, stamp: FolderStamp): StoredEntry {
    const { file, offset, length } = report.place;
    return new StoredEntry(report.id, report.folder, file, offset, length, stamp);
  }

  get report(): StoredReport {
    return this;
  }

  /** The folder's stamp when the report was read (a new object each time). */
  get stamp(): FolderStamp {
    return stampFromNumbers(this.dirMtimeMs, this.werSize, this.werMtimeMs);
  }
}

/** A report as the library holds it: in memory, or on disk. */
export type HeldReport = WerReport | StoredReport;

/** The report itself (read from disk when stored; not kept: the caller holds it as long as it needs it). */
export function fullReport(report: HeldReport): WerReport {
  return report instanceof StoredReport ? report.load() : report;
}
