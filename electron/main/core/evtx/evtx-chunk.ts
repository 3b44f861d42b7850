/**
 * One 64 KiB chunk: header and CRC checks, then its records in order. Pure over the chunk's bytes;
 * a bad CRC is reported but the records are still read, a broken record ends the chunk's scan.
 */
import { decodeRecordXml } from './binxml';
import { BinXmlError, createChunkContext, type ChunkContext } from './binxml-context';
import { crc32 } from './crc32';
import { toEvtxRecord } from './evtx-event';
import { CHUNK_HEADER_SIZE, CHUNK_MAGIC, CHUNK_SIZE, RECORD_HEADER_SIZE, hasMagic } from './evtx-layout';
import type { EvtxNode, EvtxProblem, EvtxProblemCode, EvtxRecord } from './evtx-model';
import { fileTimeToIso } from './evtx-time';

/** Where a chunk lies in its file. */
export interface ChunkPlace {
  readonly index: number;
  /** Absolute file offset of the chunk. */
  readonly offset: number;
  /** Beyond the file header's chunk count. */
  readonly recovered: boolean;
}

/** A chunk's outcome: its records and the chunk-level problems. */
export interface ChunkResult {
  readonly records: readonly EvtxRecord[];
  readonly problems: readonly EvtxProblem[];
}

/** True when the bytes start like a chunk (used to tell a used chunk from empty space). */
export function isChunk(bytes: Uint8Array): boolean {
  return hasMagic(bytes, 0, CHUNK_MAGIC);
}

/** Reads every record of one chunk (`bytes` is the whole chunk, possibly truncated at the file end). */
export function readChunk(bytes: Uint8Array, place: ChunkPlace): ChunkResult {
  const problems: EvtxProblem[] = [];
  const problem = (code: EvtxProblemCode, message: string, at: number | null): void => {
    problems.push({ code, message, chunk: place.index, offset: at === null ? null : place.offset + at });
  };
  if (!isChunk(bytes)) {
    problem('bad-chunk-header', `chunk ${place.index} has no ElfChnk signature`, 0);
    return { records: [], problems };
  }
  if (bytes.length < CHUNK_HEADER_SIZE) {
    problem('truncated', `chunk ${place.index} is cut short (${bytes.length} bytes)`, 0);
    return { records: [], problems };
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const freeSpace = dv.getUint32(48, true);
  const headerCrc = crc32(bytes, 128, CHUNK_HEADER_SIZE, crc32(bytes, 0, 120));
  if (headerCrc !== dv.getUint32(124, true)) problem('bad-chunk-crc', `chunk ${place.index}: header CRC mismatch`, 124);
  const cut = bytes.length < CHUNK_SIZE;
  if (cut) {
    // The caller has reported the truncation; the records CRC cannot be checked without the bytes.
  } else if (freeSpace < CHUNK_HEADER_SIZE || freeSpace > bytes.length) {
    problem('bad-chunk-header', `chunk ${place.index}: free space offset ${freeSpace} is impossible`, 48);
  } else if (crc32(bytes, CHUNK_HEADER_SIZE, freeSpace) !== dv.getUint32(52, true)) {
    problem('bad-records-crc', `chunk ${place.index}: event records CRC mismatch`, 52);
  }
  if (place.recovered) problem('chunk-recovered', `chunk ${place.index} lies beyond the header's chunk count; recovered`, 0);

  const ctx = createChunkContext(bytes);
  const records: EvtxRecord[] = [];
  // Scan by record magic, not by the header's last-record offset: dirty chunks have stale headers.
  // Up to the free space offset a damaged record is skipped by searching for the next sound one.
  const used = freeSpace >= CHUNK_HEADER_SIZE && freeSpace <= bytes.length ? freeSpace : bytes.length;
  let at = CHUNK_HEADER_SIZE;
  while (at + RECORD_HEADER_SIZE + 4 <= bytes.length) {
    const size = hasMagic(bytes, at, RECORD_MAGIC) ? dv.getUint32(at + 4, true) : -1;
    if (size === -1 && at >= used) break;
    if (cut && size >= RECORD_HEADER_SIZE + 4 && at + size > bytes.length && size <= CHUNK_SIZE) {
      problem('truncated', `record at chunk offset ${at} is cut off at the end of the file`, at);
      break;
    }
    if (!soundRecord(bytes, dv, at)) {
      const why = size === -1 ? 'no record signature' : size < RECORD_HEADER_SIZE + 4 || at + size > bytes.length ? `impossible size ${size}` : 'trailing size copy does not match';
      problem('bad-record', `record at chunk offset ${at}: ${why}`, at);
      const next = nextSoundRecord(bytes, dv, at + 1, used);
      if (next < 0) break;
      at = next;
      continue;
    }
    records.push(readRecord(ctx, dv, at, size, place));
    at += size;
  }
  if (records.length === 0 && !cut && freeSpace > CHUNK_HEADER_SIZE && freeSpace <= bytes.length) {
    problem('bad-record', `chunk ${place.index}: no readable record`, CHUNK_HEADER_SIZE);
  }
  return { records, problems };
}

const RECORD_MAGIC = [0x2a, 0x2a, 0, 0] as const;

/** A record signature with a possible size whose trailing copy matches. */
function soundRecord(bytes: Uint8Array, dv: DataView, at: number): boolean {
  if (!hasMagic(bytes, at, RECORD_MAGIC) || at + RECORD_HEADER_SIZE + 4 > bytes.length) return false;
  const size = dv.getUint32(at + 4, true);
  return size >= RECORD_HEADER_SIZE + 4 && at + size <= bytes.length && dv.getUint32(at + size - 4, true) === size;
}

/** The next sound record at or after `from` and before `limit`, or -1. */
function nextSoundRecord(bytes: Uint8Array, dv: DataView, from: number, limit: number): number {
  for (let i = from; i < limit; i++) if (bytes[i] === 0x2a && soundRecord(bytes, dv, i)) return i;
  return -1;
}

function readRecord(ctx: ChunkContext, dv: DataView, at: number, size: number, place: ChunkPlace): EvtxRecord {
  const recordId = Number(dv.getBigUint64(at + 8, true));
  const time = fileTimeToIso(dv.getBigUint64(at + 16, true));
  const problems: EvtxProblem[] = [];
  let nodes: EvtxNode[] = [];
  try {
    nodes = decodeRecordXml(ctx, at + RECORD_HEADER_SIZE, at + size - 4);
  } catch (error) {
    // Anything thrown while decoding one record is that record's problem, never the caller's.
    const message = error instanceof BinXmlError ? error.message : `BinXML cannot be decoded (${String(error)})`;
    problems.push({ code: 'bad-binxml', message: `record ${recordId}: ${message}`, chunk: place.index, offset: place.offset + at });
  }
  return toEvtxRecord(nodes, { recordId, time, offset: place.offset + at, chunk: place.index, recovered: place.recovered, problems });
}
