/**
 * The EVTX reader: streams records chunk by chunk over positional reads, so a multi-GB log never
 * sits in memory (one 64 KiB chunk and its caches at a time). Every chunk present in the file is
 * scanned, also those beyond the header's count (dirty logs). It never throws: failures are items.
 */
import type { ByteSource } from '../minidump/byte-source';
import { readChunk } from './evtx-chunk';
import { crc32 } from './crc32';
import { CHUNK_SIZE, FILE_HEADER_SIZE, FILE_MAGIC, hasMagic } from './evtx-layout';
import type { EvtxFileHeader, EvtxItem, EvtxProblem, EvtxRecord } from './evtx-model';

/** Parses the 4 KiB file header; null when the signature is missing. */
export function parseFileHeader(bytes: Uint8Array): EvtxFileHeader | null {
  if (bytes.length < 128 || !hasMagic(bytes, 0, FILE_MAGIC)) return null;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    firstChunk: Number(dv.getBigUint64(8, true)),
    lastChunk: Number(dv.getBigUint64(16, true)),
    nextRecordId: Number(dv.getBigUint64(24, true)),
    minorVersion: dv.getUint16(36, true),
    majorVersion: dv.getUint16(38, true),
    chunkCount: dv.getUint16(42, true),
    flags: dv.getUint32(120, true),
    crcValid: crc32(bytes, 0, 120) === dv.getUint32(124, true),
  };
}

function fileProblem(code: EvtxProblem['code'], message: string, offset: number | null, chunk: number | null = null): EvtxItem {
  return { kind: 'problem', problem: { code, message, chunk, offset } };
}

/** Streams the log's header, records and problems in file order (records of a wrapped log are not sorted). */
export async function* iterateEvtx(source: ByteSource): AsyncGenerator<EvtxItem, void, undefined> {
  const size = Number(source.size);
  let head: Uint8Array;
  try {
    head = await source.read(0n, FILE_HEADER_SIZE);
  } catch (error) {
    yield fileProblem('io-error', `cannot read the file header: ${String(error)}`, 0);
    return;
  }
  const header = parseFileHeader(head);
  let chunkCount = 0;
  if (!header) {
    // Without a header, still look for chunks: a log with a wiped first block keeps its records.
    yield fileProblem('bad-file-header', 'no ElfFile signature: not an EVTX file, or its header is damaged', 0);
  } else {
    yield { kind: 'header', header };
    chunkCount = header.chunkCount;
    if (!header.crcValid) yield fileProblem('bad-file-crc', 'file header CRC mismatch', 124);
    if (header.majorVersion !== 3) yield fileProblem('bad-file-header', `unknown EVTX version ${header.majorVersion}.${header.minorVersion}`, 36);
  }
  if (size < FILE_HEADER_SIZE) {
    yield fileProblem('truncated', `the file is only ${size} bytes: no chunks`, 0);
    return;
  }
  for (let index = 0; FILE_HEADER_SIZE + index * CHUNK_SIZE < size; index++) {
    const offset = FILE_HEADER_SIZE + index * CHUNK_SIZE;
    let bytes: Uint8Array;
    try {
      bytes = await source.read(BigInt(offset), CHUNK_SIZE);
    } catch (error) {
      yield fileProblem('io-error', `cannot read chunk ${index}: ${String(error)}`, offset, index);
      continue;
    }
    const recovered = index >= chunkCount;
    // Space past the counted chunks is often zeroed or stale garbage: only a real chunk speaks.
    if (recovered && !hasMagic(bytes, 0, [0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00])) continue;
    if (bytes.length < CHUNK_SIZE) yield fileProblem('truncated', `chunk ${index} is cut short at the end of the file`, offset, index);
    const result = readChunk(bytes, { index, offset, recovered });
    for (const problem of result.problems) yield { kind: 'problem', problem };
    for (const record of result.records) yield { kind: 'record', record };
  }
}

/** A whole log collected in memory (tests, small logs); `limit` caps the records kept. */
export interface EvtxLog {
  readonly header: EvtxFileHeader | null;
  readonly records: readonly EvtxRecord[];
  readonly problems: readonly EvtxProblem[];
}

/** Reads every record of a log into memory; use iterateEvtx for big files. */
export async function readEvtx(source: ByteSource, limit = Number.POSITIVE_INFINITY): Promise<EvtxLog> {
  let header: EvtxFileHeader | null = null;
  const records: EvtxRecord[] = [];
  const problems: EvtxProblem[] = [];
  for await (const item of iterateEvtx(source)) {
    if (item.kind === 'header') header = item.header;
    else if (item.kind === 'problem') problems.push(item.problem);
    else if (records.length < limit) records.push(item.record);
  }
  return { header, records, problems };
}
