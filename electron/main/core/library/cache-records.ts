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
 *                      JSON length (u32), the folder's and the id's hashes (u32 each, see
 *                      folderHash: rows are found by them without a map of every folder or id),
 *                      stored (u8: 1 when the report is kept on disk)
 *
 * The table is trusted only when it names the generation of the cache file beside it and that
 * file's length; anything else (an older table, a crash between the two writes, a cache edited by
 * hand) and the cache is read line by line instead.
 */
import { closeSync, fstatSync, openSync } from 'node:fs';
import { bytesOf, PackedStrings, resized, saveSectionFile, type Section, SectionStream, StringColumn, viewOf } from '../binary-sections';
import { readAtSync } from '../file-read';
import type { FolderStamp } from '../store/folder-stamp';
import { folderHash } from './folder-map';
import { type RecordsFile, StoredPlaces } from './stored-report';

/** Bumped whenever the layout changes: an older table is ignored (the cache is read line by line). */
const RECORDS_VERSION = 2;
const MAGIC = Buffer.from('WERRECS\0', 'latin1');
const HEADER_BYTES = 40;
const PAYLOAD_AT = { length: 16, crc: 20 };
const LAYOUT = { headerBytes: HEADER_BYTES, at: PAYLOAD_AT };

/** The records table of a cache file: `reports-cache.json` → `reports-cache.records`. */
export function recordsFileOf(cacheFile: string): string {
  return `${cacheFile.replace(/\.json$/i, '')}.records`;
}

/** The table being written, an entry at a time (in file order), then saved by `save`. */
export class CacheRecordsWriter {
  private readonly folders = new StringColumn();
  private readonly ids = new StringColumn();
  private hashes = new Uint32Array(1024);
  private idHashes = new Uint32Array(1024);
  private stored = new Uint8Array(1024);

  /**
   * @param places the rows of the new cache file: where each entry's JSON is and its folder's
   *   stamp, the table the stored reports point at once the file replaces the old one.
   */
  constructor(readonly places: StoredPlaces) {}

  /** Adds an entry; returns its row of `places`. */
  add(folder: string, id: string, stamp: FolderStamp, offset: number, length: number, stored: boolean): number {
    const row = this.places.add(offset, length, stamp);
    if (row >= this.stored.length) {
      this.stored = resized(this.stored, Math.max(1024, row * 2));
      this.hashes = resized(this.hashes, this.stored.length);
      this.idHashes = resized(this.idHashes, this.stored.length);
    }
    this.folders.add(folder);
    this.ids.add(id);
    this.hashes[row] = folderHash(folder);
    this.idHashes[row] = folderHash(id);
    this.stored[row] = stored ? 1 : 0;
    return row;
  }

  /**
   * Saves the table for a cache file of this generation and length, atomically (temp file +
   * rename), written a section piece at a time between `pause`s.
   */
  async save(file: string, generation: string, cacheBytes: number, pause: () => Promise<void>): Promise<void> {
    const { dirMtime, werSize, werMtime, offsets, lengths } = this.places.columns();
    const sections: Section[] = [
      ...this.folders.sections(),
      ...this.ids.sections(),
      ...[dirMtime, werSize, werMtime, offsets, lengths, this.hashes.subarray(0, offsets.length), this.idHashes.subarray(0, offsets.length), this.stored.subarray(0, offsets.length)].map((column) => [
        bytesOf(column),
      ]),
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

/** A records table as read: each row's folder, id and whether its report is kept on disk, and the rows' places. */
export interface CacheRecords {
  readonly count: number;
  readonly folders: readonly string[];
  /** Each row's report id, decoded when asked for (most are never: see FolderMap.rowKeysWithId). */
  readonly ids: PackedStrings;
  /** Each folder's and each id's folderHash, as saved. */
  readonly hashes: Uint32Array;
  readonly idHashes: Uint32Array;
  /** 1 where the report is kept on disk (else it is parsed at start). */
  readonly stored: Uint8Array;
  /** Where each row's JSON is in the cache file and its folder's stamp. */
  readonly places: StoredPlaces;
}

/**
 * The records of a table file, when it matches the cache file of this generation and length and
 * holds together (checksum, column sizes, ranges inside the cache file); null when it does not.
 * Read in order a chunk at a time (see SectionStream): the strings are decoded as they come, the
 * file is never held whole. Throws only when the file cannot be read (missing, say).
 */
export function readCacheRecords(path: string, generation: string, cacheBytes: number, file: RecordsFile): CacheRecords | null {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(HEADER_BYTES);
    if (readAtSync(fd, header, 0) < HEADER_BYTES || !header.subarray(0, 8).equals(MAGIC) || header.readUInt32LE(8) !== RECORDS_VERSION) return null;
    if (header.toString('hex', 24, 32) !== generation || header.readDoubleLE(32) !== cacheBytes) return null;
    const payloadBytes = header.readUInt32LE(PAYLOAD_AT.length);
    if (fstatSync(fd).size !== HEADER_BYTES + payloadBytes) return null;
    const count = header.readUInt32LE(12);
    const stream = new SectionStream(fd, HEADER_BYTES, payloadBytes);
    const strings = () => {
      const lengths = viewOf(stream.nextBytes(), count, Uint32Array);
      return lengths && stream.nextStrings(lengths);
    };
    const folders = strings();
    // The ids stay bytes, each decoded when asked for: 1,000,000 made at start were ~0.3 s of a
    // warm start, and a row is found by its id through the ids' hashes.
    const idLengths = folders && viewOf(stream.nextBytes(), count, Uint32Array);
    const idBytes = idLengths && stream.nextBytes();
    const ids = idLengths && idBytes && PackedStrings.of(idLengths, idBytes);
    const [dirMtime, werSize, werMtime, offsets] = [0, 1, 2, 3].map(() => viewOf(stream.nextBytes(), count, Float64Array));
    const lengths = viewOf(stream.nextBytes(), count, Uint32Array);
    const hashes = viewOf(stream.nextBytes(), count, Uint32Array);
    const idHashes = viewOf(stream.nextBytes(), count, Uint32Array);
    const stored = viewOf(stream.nextBytes(), count, Uint8Array);
    if (!folders || !ids || !dirMtime || !werSize || !werMtime || !offsets || !lengths || !hashes || !idHashes || !stored) return null;
    if (!stream.finished(header.readUInt32LE(PAYLOAD_AT.crc))) return null;
    if (!hashesHold(count, (row) => folders[row] as string, hashes) || !hashesHold(count, (row) => ids.at(row), idHashes)) return null;
    for (let i = 0; i < count; i++) {
      const offset = offsets[i] as number;
      if (!(offset >= 0 && offset + (lengths[i] as number) <= cacheBytes)) return null;
    }
    return { count, folders, ids, hashes, idHashes, stored, places: StoredPlaces.of(file, { offsets, lengths, dirMtime, werSize, werMtime }) };
  } finally {
    closeSync(fd);
  }
}

/** Rows whose saved folder hash is checked at load (spread over the table). */
const HASHES_CHECKED = 64;

/**
 * Whether saved hashes are folderHash's of the strings, checked on rows spread over the table:
 * hashes of another function (a table saved by another build) would hide every row from its lookups.
 */
function hashesHold(count: number, stringAt: (row: number) => string, hashes: Uint32Array): boolean {
  const step = Math.max(1, Math.floor(count / HASHES_CHECKED));
  for (let row = 0; row < count; row += step) if (folderHash(stringAt(row)) !== hashes[row]) return false;
  return true;
}
