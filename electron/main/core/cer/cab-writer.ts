/**
 * Writes MS-CAB cabinets: one folder, stored or MSZIP-compressed, with CFDATA checksums and the
 * UTF-8 name flag for non-ASCII names. Files may span many 32 KiB data blocks. No maintained npm
 * package writes CABs, and the layout is small (cer-protocol.md §7.1).
 */
import {
  CAB_BLOCK_SIZE,
  CAB_MAX_NAME_BYTES,
  CAB_SIGNATURE,
  CabAttribute,
  type CabCompression,
  CabCompressionType,
  type CabEntry,
  CFDATA_SIZE,
  CFFILE_SIZE,
  CFFOLDER_SIZE,
  CFHEADER_SIZE,
  toDosDateTime,
} from './cab-format';
import { cfdataChecksum } from './cab-checksum';
import { mszipCompressBlock } from './mszip';

/** Options of {@link writeCab}. */
export interface CabWriteOptions {
  /** `mszip` (default) or `none`. */
  readonly compression?: CabCompression;
  /** Deflate level for MSZIP, 1..9 (default 6). */
  readonly level?: number;
  /** CFHEADER.setID (any number; identifies a set of cabinets). */
  readonly setId?: number;
  /** Time stamp for entries without `mtimeMs` (default: now). */
  readonly defaultMtimeMs?: number;
}

// One folder holds at most 65535 CFDATA blocks: about 2 GiB of uncompressed data.
const MAX_FOLDER_BYTES = 0xffff * CAB_BLOCK_SIZE;
const MAX_FILES = 0xffff;
const ASCII_ONLY = /^[\x01-\x7f]*$/;

interface EncodedName {
  readonly bytes: Uint8Array;
  readonly utf8: boolean;
}

function encodeName(name: string): EncodedName {
  if (name.length === 0) throw new RangeError('A cabinet file name cannot be empty');
  if (name.includes('\0')) throw new RangeError(`A cabinet file name cannot contain NUL: ${JSON.stringify(name)}`);
  const utf8 = !ASCII_ONLY.test(name);
  const bytes = Buffer.from(name, utf8 ? 'utf8' : 'latin1');
  if (bytes.length > CAB_MAX_NAME_BYTES) throw new RangeError(`A cabinet file name is longer than ${CAB_MAX_NAME_BYTES} bytes: ${name}`);
  return { bytes, utf8 };
}

/** Cuts the concatenation of all entries into 32 KiB blocks without copying the whole stream. */
function* blocksOf(entries: readonly CabEntry[]): Generator<Uint8Array> {
  let block = new Uint8Array(CAB_BLOCK_SIZE);
  let fill = 0;
  for (const e of entries) {
    let pos = 0;
    while (pos < e.data.length) {
      const n = Math.min(CAB_BLOCK_SIZE - fill, e.data.length - pos);
      block.set(e.data.subarray(pos, pos + n), fill);
      fill += n;
      pos += n;
      if (fill === CAB_BLOCK_SIZE) {
        yield block;
        block = new Uint8Array(CAB_BLOCK_SIZE);
        fill = 0;
      }
    }
  }
  if (fill > 0) yield block.subarray(0, fill);
}

/** Builds the CFDATA records (header + payload) of one folder. */
function dataRecords(entries: readonly CabEntry[], compression: CabCompression, level: number): Uint8Array[] {
  const records: Uint8Array[] = [];
  let previous: Uint8Array | null = null;
  for (const block of blocksOf(entries)) {
    const payload = compression === 'mszip' ? mszipCompressBlock(block, previous, level) : block;
    if (payload.length > 0xffff) throw new RangeError('A compressed block does not fit a CFDATA record');
    previous = block;
    const record = new Uint8Array(CFDATA_SIZE + payload.length);
    const view = new DataView(record.buffer);
    view.setUint16(4, payload.length, true);
    view.setUint16(6, block.length, true);
    view.setUint32(0, cfdataChecksum(payload, record.subarray(4, 8)), true);
    record.set(payload, CFDATA_SIZE);
    records.push(record);
  }
  return records;
}

/**
 * Writes a cabinet holding `entries` in one folder, in the given order. Throws a RangeError for
 * a name that cannot be stored (empty, NUL, over 255 bytes) or more data than one folder holds.
 */
export function writeCab(entries: readonly CabEntry[], options: CabWriteOptions = {}): Uint8Array {
  const compression = options.compression ?? 'mszip';
  if (entries.length > MAX_FILES) throw new RangeError(`A cabinet holds at most ${MAX_FILES} files`);
  const names = entries.map((e) => encodeName(e.name));
  const total = entries.reduce((sum, e) => sum + e.data.length, 0);
  if (total > MAX_FOLDER_BYTES) throw new RangeError(`${total} bytes do not fit one cabinet folder`);

  const records = dataRecords(entries, compression, options.level ?? 6);
  const folders = entries.length > 0 ? 1 : 0;
  const coffFiles = CFHEADER_SIZE + CFFOLDER_SIZE * folders;
  const filesSize = names.reduce((sum, n) => sum + CFFILE_SIZE + n.bytes.length + 1, 0);
  const coffCabStart = coffFiles + filesSize;
  const cbCabinet = coffCabStart + records.reduce((sum, r) => sum + r.length, 0);
  if (cbCabinet > 0xffffffff) throw new RangeError('The cabinet would exceed 4 GiB');

  const out = new Uint8Array(cbCabinet);
  const view = new DataView(out.buffer);
  out.set(CAB_SIGNATURE, 0);
  view.setUint32(8, cbCabinet, true);
  view.setUint32(16, coffFiles, true);
  out[24] = 3; // versionMinor
  out[25] = 1; // versionMajor
  view.setUint16(26, folders, true);
  view.setUint16(28, entries.length, true);
  view.setUint16(32, (options.setId ?? 0) & 0xffff, true);

  if (folders > 0) {
    view.setUint32(CFHEADER_SIZE, coffCabStart, true);
    view.setUint16(CFHEADER_SIZE + 4, records.length, true);
    view.setUint16(CFHEADER_SIZE + 6, compression === 'mszip' ? CabCompressionType.mszip : CabCompressionType.none, true);
  }

  let at = coffFiles;
  let folderOffset = 0;
  const fallbackMs = options.defaultMtimeMs ?? Date.now();
  entries.forEach((e, i) => {
    const name = names[i] as EncodedName;
    const { date, time } = toDosDateTime(e.mtimeMs ?? fallbackMs);
    const attribs = ((e.attributes ?? CabAttribute.archive) & ~CabAttribute.nameIsUtf8) | (name.utf8 ? CabAttribute.nameIsUtf8 : 0);
    view.setUint32(at, e.data.length, true);
    view.setUint32(at + 4, folderOffset, true);
    view.setUint16(at + 8, 0, true);
    view.setUint16(at + 10, date, true);
    view.setUint16(at + 12, time, true);
    view.setUint16(at + 14, attribs, true);
    out.set(name.bytes, at + CFFILE_SIZE);
    at += CFFILE_SIZE + name.bytes.length + 1;
    folderOffset += e.data.length;
  });

  for (const r of records) {
    out.set(r, at);
    at += r.length;
  }
  return out;
}
