/**
 * The report cache's table of records, saved beside it (`reports-cache.records`): each entry's
 * folder, id, stamp and where its JSON is in the cache file, as binary columns. A warm start reads
 * this table alone (tens of MB), not the whole cache (620 MB for 300,000 reports, whose every line
 * prefix it parsed). Layout (little-endian):
 *
 *   header (40 bytes): magic "WERRECS\0", format version u32, record count u32, payload length u32,
 *                      CRC-32 of the payload u32, the cache file's generation (8 bytes), the cache
 *                      file's length in bytes (f64)
 *   payload:           sections (see binary-sections.ts): folders and ids (string lists),
 *                      dirMtimeMs, werSize, werMtimeMs (f64, NaN for none), JSON offset (f64),
 *                      JSON length (u32), stored (u8: 1 when the report is kept on disk)
 *
 * The table is trusted only when it names the generation of the cache file beside it and that
 * file's length; anything else (an older table, a crash between the two writes, a cache edited by
 * hand) and the cache is read line by line instead.
 */
import { bytesOf, checkedPayload, resized, saveSectionFile, type Section, SectionReader, StringColumn, viewOf } from '../binary-sections';
import { type FolderStamp, stampFromNumbers, stampNumber } from '../store/folder-stamp';

/** Bumped whenever the layout changes: an older table is ignored (the cache is read line by line). */
const RECORDS_VERSION = 1;
const MAGIC = Buffer.from('WERRECS\0', 'latin1');
const HEADER_BYTES = 40;
const PAYLOAD_AT = { length: 16, crc: 20 };
const LAYOUT = { headerBytes: HEADER_BYTES, at: PAYLOAD_AT };

/** The records table of a cache file: `reports-cache.json` → `reports-cache.records`. */
export function recordsFileOf(cacheFile: string): string {
  return `${cacheFile.replace(/\.json$/i, '')}.records`;
}

/** One cache entry as the table holds it. */
export interface CacheRecord {
  readonly folder: string;
  readonly id: string;
  readonly stamp: FolderStamp;
  /** Where the report's JSON is in the cache file. */
  readonly offset: number;
  readonly length: number;
  /** Whether the report is kept on disk (else it is parsed at start). */
  readonly stored: boolean;
}

/** The table being written, an entry at a time (in file order), then saved by `save`. */
export class CacheRecordsWriter {
  private readonly folders = new StringColumn();
  private readonly ids = new StringColumn();
  private count = 0;
  /** The number columns, grown as entries come (written as they are: no copy at save). */
  private dirMtime = new Float64Array(1024);
  private werSize = new Float64Array(1024);
  private werMtime = new Float64Array(1024);
  private offsets = new Float64Array(1024);
  private lengths = new Uint32Array(1024);
  private stored = new Uint8Array(1024);

  /** Adds an entry; returns its row (see offsetAt, lengthAt). */
  add(folder: string, id: string, stamp: FolderStamp, offset: number, length: number, stored: boolean): number {
    const row = this.count;
    if (row === this.offsets.length) this.grow(row * 2);
    this.folders.add(folder);
    this.ids.add(id);
    this.dirMtime[row] = stamp.dirMtimeMs;
    this.werSize[row] = stampNumber(stamp.werSize);
    this.werMtime[row] = stampNumber(stamp.werMtimeMs);
    this.offsets[row] = offset;
    this.lengths[row] = length;
    this.stored[row] = stored ? 1 : 0;
    this.count += 1;
    return row;
  }

  /** Where a row's report JSON is in the cache file. */
  offsetAt(row: number): number {
    return this.offsets[row] as number;
  }

  lengthAt(row: number): number {
    return this.lengths[row] as number;
  }

  private grow(size: number): void {
    this.dirMtime = resized(this.dirMtime, size);
    this.werSize = resized(this.werSize, size);
    this.werMtime = resized(this.werMtime, size);
    this.offsets = resized(this.offsets, size);
    this.lengths = resized(this.lengths, size);
    this.stored = resized(this.stored, size);
  }

  /**
   * Saves the table for a cache file of this generation and length, atomically (temp file +
   * rename), written a section piece at a time between `pause`s.
   */
  async save(file: string, generation: string, cacheBytes: number, pause: () => Promise<void>): Promise<void> {
    const n = this.count;
    const sections: Section[] = [
      ...this.folders.sections(),
      ...this.ids.sections(),
      ...[this.dirMtime, this.werSize, this.werMtime, this.offsets, this.lengths, this.stored].map((column) => [bytesOf(column.subarray(0, n))]),
    ];
    await saveSectionFile(file, LAYOUT, sections, (header) => {
      MAGIC.copy(header, 0);
      header.writeUInt32LE(RECORDS_VERSION, 8);
      header.writeUInt32LE(this.folders.count, 12);
      header.write(generation, 24, 'hex');
      header.writeDoubleLE(cacheBytes, 32);
    }, pause);
  }
}

/**
 * Calls `onRecord` with each record of a table in file order, when the table matches the cache
 * file of this generation and length and holds together (checksum, column sizes, ranges inside the
 * cache file); returns false, having called nothing, when it does not. Never throws. (No object per
 * record: the caller makes the one it keeps.)
 */
export function eachCacheRecord(bytes: Buffer, generation: string, cacheBytes: number, onRecord: (record: CacheRecord) => void): boolean {
  if (bytes.length < HEADER_BYTES || !bytes.subarray(0, 8).equals(MAGIC) || bytes.readUInt32LE(8) !== RECORDS_VERSION) return false;
  if (bytes.toString('hex', 24, 32) !== generation || bytes.readDoubleLE(32) !== cacheBytes) return false;
  const payload = checkedPayload(bytes, HEADER_BYTES, PAYLOAD_AT);
  if (!payload) return false;
  const count = bytes.readUInt32LE(12);
  const reader = new SectionReader(payload);
  const folders = reader.packedStrings();
  const ids = reader.packedStrings();
  const [dirMtime, werSize, werMtime, offsets] = [0, 1, 2, 3].map(() => viewOf(reader.next(), count, Float64Array));
  const lengths = viewOf(reader.next(), count, Uint32Array);
  const stored = viewOf(reader.next(), count, Uint8Array);
  if (folders?.length !== count || ids?.length !== count || !dirMtime || !werSize || !werMtime || !offsets || !lengths || !stored) return false;
  for (let i = 0; i < count; i++) {
    const offset = offsets[i] as number;
    if (!(offset >= 0 && offset + (lengths[i] as number) <= cacheBytes)) return false;
  }
  for (let i = 0; i < count; i++) {
    onRecord({
      folder: folders.at(i),
      id: ids.at(i),
      stamp: stampFromNumbers(dirMtime[i] as number, werSize[i] as number, werMtime[i] as number),
      offset: offsets[i] as number,
      length: lengths[i] as number,
      stored: stored[i] === 1,
    });
  }
  return true;
}
