/**
 * Reports kept on disk. A library with a report cache holds each cached WER folder's report as its
 * place in the cache file (offset and length of its JSON) and reads it back when it is asked for
 * (a page of rows, a detail, a change to compare): a collector's 300,000 reports would otherwise
 * hold ~1 GB of objects, and a warm start would parse every one of them. Records that the start
 * itself needs (event and dump records that merge with others, records a background read is still
 * to fill in) stay in memory.
 */
import { closeSync, openSync } from 'node:fs';
import type { WerReport } from '../../../../shared/report-model';
import { readReportFolder } from '../report/read-report-folder';
import { reportLocationOf } from '../store/scan-stores';
import { type FolderStamp, NO_STAMP, stampFromNumbers, stampNumber } from '../store/folder-stamp';
import { readAtSync } from '../file-read';
import { resized } from '../binary-sections';

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
    return bytes.subarray(0, readAtSync(handleOf(this.path), bytes, offset));
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
      const n = readAtSync(this.fd, bytes, offset);
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

/**
 * Where stored reports' JSON is in one file and the stamps of their folders, a row each in typed
 * columns (a cache's records table as loaded or being written, a spill file's reports). A stored
 * report is its id, folder and row: as an object with these five numbers it was 136 bytes with
 * their boxes (56 now), and 1,000,000 reports were 4,000,000 more objects for every collection
 * to copy or trace.
 */
export class StoredPlaces {
  private rows = 0;
  private offsets: Float64Array;
  private lengths: Uint32Array;
  /** The stamps' numbers, NaN for none (see stampNumber). */
  private dirMtime: Float64Array;
  private werSize: Float64Array;
  private werMtime: Float64Array;

  /** An empty table, grown as rows are added. */
  constructor(readonly file: RecordsFile, capacity = 1024) {
    this.offsets = new Float64Array(capacity);
    this.lengths = new Uint32Array(capacity);
    this.dirMtime = new Float64Array(capacity);
    this.werSize = new Float64Array(capacity);
    this.werMtime = new Float64Array(capacity);
  }

  /** A table of these columns as they are (not copied: the caller gives them away). */
  static of(file: RecordsFile, columns: PlaceColumns): StoredPlaces {
    const places = new StoredPlaces(file, 0);
    places.offsets = columns.offsets;
    places.lengths = columns.lengths;
    places.dirMtime = columns.dirMtime;
    places.werSize = columns.werSize;
    places.werMtime = columns.werMtime;
    places.rows = columns.offsets.length;
    return places;
  }

  /** Adds a row (no stamp yet: `null`, set later with setStamp); returns its number. */
  add(offset: number, length: number, stamp: FolderStamp | null): number {
    const row = this.rows;
    if (row === this.offsets.length) {
      const size = Math.max(1024, row * 2);
      this.offsets = resized(this.offsets, size);
      this.lengths = resized(this.lengths, size);
      this.dirMtime = resized(this.dirMtime, size);
      this.werSize = resized(this.werSize, size);
      this.werMtime = resized(this.werMtime, size);
    }
    this.offsets[row] = offset;
    this.lengths[row] = length;
    this.setStamp(row, stamp ?? NO_STAMP);
    this.rows += 1;
    return row;
  }

  offsetAt(row: number): number {
    return this.offsets[row] as number;
  }

  lengthAt(row: number): number {
    return this.lengths[row] as number;
  }

  /** A row's folder stamp (a new object each time). */
  stampAt(row: number): FolderStamp {
    return stampFromNumbers(this.dirMtime[row] as number, this.werSize[row] as number, this.werMtime[row] as number);
  }

  setStamp(row: number, stamp: FolderStamp): void {
    this.dirMtime[row] = stamp.dirMtimeMs;
    this.werSize[row] = stampNumber(stamp.werSize);
    this.werMtime[row] = stampNumber(stamp.werMtimeMs);
  }

  /** Gives back the room grown for rows never added (a table no more rows are added to: up to half of it). */
  trim(): void {
    if (this.rows === this.offsets.length) return;
    const { offsets, lengths, dirMtime, werSize, werMtime } = this.columns();
    this.offsets = offsets.slice();
    this.lengths = lengths.slice();
    this.dirMtime = dirMtime.slice();
    this.werSize = werSize.slice();
    this.werMtime = werMtime.slice();
  }

  /** The rows' columns (views, valid until the next add): what a records table saves. */
  columns(): PlaceColumns {
    const n = this.rows;
    return { offsets: this.offsets.subarray(0, n), lengths: this.lengths.subarray(0, n), dirMtime: this.dirMtime.subarray(0, n), werSize: this.werSize.subarray(0, n), werMtime: this.werMtime.subarray(0, n) };
  }
}

/** The columns of a {@link StoredPlaces}, one value a row. */
export interface PlaceColumns {
  readonly offsets: Float64Array;
  readonly lengths: Uint32Array;
  readonly dirMtime: Float64Array;
  readonly werSize: Float64Array;
  readonly werMtime: Float64Array;
}

/**
 * One report kept on disk: what the library's maps need (id, folder), and its row of a
 * {@link StoredPlaces} (where its JSON is, its folder's stamp). It is its own cache entry
 * ({ stamp, report: this }): the index holds nothing else for its folder.
 */
export class StoredReport {
  constructor(
    readonly id: string,
    readonly folder: string,
    private places: StoredPlaces,
    private row: number,
  ) {}

  /** The file and range this report's JSON is in (a save copies it from there). */
  get place(): { readonly file: RecordsFile; readonly offset: number; readonly length: number } {
    return { file: this.places.file, offset: this.places.offsetAt(this.row), length: this.places.lengthAt(this.row) };
  }

  /** Points at the report's row in a new cache file's table (set in the same step as that file replaces the old one). */
  moveTo(places: StoredPlaces, row: number): void {
    this.places = places;
    this.row = row;
  }

  get report(): StoredReport {
    return this;
  }

  /** The folder's stamp when the report was read (a new object each time). */
  get stamp(): FolderStamp {
    return this.places.stampAt(this.row);
  }

  /** Sets the folder's stamp (the row is this report's alone). */
  setStamp(stamp: FolderStamp): void {
    this.places.setStamp(this.row, stamp);
  }

  /**
   * The report, parsed from the cache file (through `reader`, a window reader of that file, when
   * many are read in the order they lie there). When that fails (the file was deleted or damaged under
   * the library) the folder is read again: a record is never lost to its cache.
   */
  load(reader?: WindowReader): WerReport {
    try {
      const { file, offset, length } = this.place;
      const report = JSON.parse((reader ?? file).read(offset, length).toString('utf8')) as WerReport | null;
      if (report?.id === this.id && report.folder === this.folder && Array.isArray(report.sources)) return report;
    } catch {
      // Read from the folder below.
    }
    return readReportFolder(this.folder, reportLocationOf(this.folder)).report;
  }
}

/** A report as the library holds it: in memory, or on disk. */
export type HeldReport = WerReport | StoredReport;

/** The report itself (read from disk when stored; not kept: the caller holds it as long as it needs it). */
export function fullReport(report: HeldReport): WerReport {
  return report instanceof StoredReport ? report.load() : report;
}
