/**
 * Reads MS-CAB cabinets (stored and MSZIP folders). Cabinets come from the network, so every
 * offset, count and size is checked against the bytes at hand, and the number of files and the
 * total uncompressed size are capped before anything is inflated. Names are returned as stored:
 * making them safe to write is {@link safeCabEntryName}'s job (safe-names.ts).
 */
import * as iconv from 'iconv-lite';
import { err, ok, type Result } from '../../../../shared/result';
import {
  CAB_BLOCK_SIZE,
  CabAttribute,
  type CabCompression,
  CabCompressionType,
  CabHeaderFlag,
  CFDATA_SIZE,
  CFFILE_SIZE,
  CFFOLDER_SIZE,
  CFHEADER_SIZE,
  fromDosDateTime,
  IFOLD_CONTINUED_FROM_PREV,
} from './cab-format';
import { cfdataChecksum } from './cab-checksum';
import { mszipDecompressBlock, MSZIP_WINDOW } from './mszip';

/** Caps for reading a cabinet from an untrusted source. */
export interface CabReadLimits {
  /** Most files accepted (default 10,000). */
  readonly maxFiles?: number;
  /** Most uncompressed bytes produced in total (default 512 MiB). */
  readonly maxTotalBytes?: number;
}

/** One file read from a cabinet. */
export interface CabFile {
  /** The name exactly as stored (may hold `\`, `..`, a drive letter: not safe to write as is). */
  readonly name: string;
  readonly data: Uint8Array;
  readonly mtimeMs: number | null;
  /** CFFILE.attribs as stored. */
  readonly attributes: number;
  readonly folder: number;
}

/** A cabinet's files and how each folder was compressed. */
export interface CabArchive {
  readonly files: readonly CabFile[];
  readonly folders: readonly CabCompression[];
}

/** Default cap on files per cabinet. */
export const DEFAULT_CAB_MAX_FILES = 10_000;
/** Default cap on uncompressed bytes per cabinet. */
export const DEFAULT_CAB_MAX_TOTAL_BYTES = 512 * 1024 * 1024;
const MAX_NAME_SCAN = 257;

interface FolderInfo {
  readonly coffCabStart: number;
  readonly blocks: number;
  readonly compression: CabCompression;
}

interface FileInfo {
  readonly name: string;
  readonly size: number;
  readonly offset: number;
  readonly folder: number;
  readonly mtimeMs: number | null;
  readonly attributes: number;
}

class CabError extends Error {}

function fail(message: string): never {
  throw new CabError(message);
}

/**
 * Reads every file of a cabinet into memory. Never throws: a damaged, truncated, multi-part or
 * LZX/Quantum cabinet, or one over the limits, gives an error sentence.
 */
export function readCab(bytes: Uint8Array, limits: CabReadLimits = {}): Result<CabArchive> {
  try {
    return ok(readUnsafe(bytes, limits.maxFiles ?? DEFAULT_CAB_MAX_FILES, limits.maxTotalBytes ?? DEFAULT_CAB_MAX_TOTAL_BYTES));
  } catch (e) {
    if (e instanceof CabError) return err(`The cabinet cannot be read: ${e.message}.`);
    throw e;
  }
}

function readUnsafe(input: Uint8Array, maxFiles: number, maxTotal: number): CabArchive {
  if (input.length < CFHEADER_SIZE) fail(`it is only ${input.length} bytes long`);
  if (input[0] !== 0x4d || input[1] !== 0x53 || input[2] !== 0x43 || input[3] !== 0x46) fail('it does not start with "MSCF"');
  const head = new DataView(input.buffer, input.byteOffset, input.byteLength);
  const cbCabinet = head.getUint32(8, true);
  if (cbCabinet < CFHEADER_SIZE) fail('its header gives an impossible size');
  if (cbCabinet > input.length) fail(`it is truncated (the header says ${cbCabinet} bytes, ${input.length} arrived)`);
  const cab = input.subarray(0, cbCabinet);
  const view = new DataView(cab.buffer, cab.byteOffset, cab.byteLength);
  if (cab[25] !== 1) fail(`its format version ${cab[25]}.${cab[24]} is unknown`);
  const coffFiles = view.getUint32(16, true);
  const cFolders = view.getUint16(26, true);
  const cFiles = view.getUint16(28, true);
  const flags = view.getUint16(30, true);
  if (flags & (CabHeaderFlag.prevCabinet | CabHeaderFlag.nextCabinet)) fail('it is one part of a multi-cabinet set, which is not supported');
  if (cFiles > maxFiles) fail(`it holds ${cFiles} files (at most ${maxFiles} are accepted)`);

  let pos = CFHEADER_SIZE;
  let folderReserve = 0;
  let dataReserve = 0;
  if (flags & CabHeaderFlag.reservePresent) {
    need(cab, pos, 4, 'the reserve sizes');
    const headerReserve = view.getUint16(pos, true);
    folderReserve = cab[pos + 2] ?? 0;
    dataReserve = cab[pos + 3] ?? 0;
    pos += 4 + headerReserve;
  }
  const folders: FolderInfo[] = [];
  for (let i = 0; i < cFolders; i++) {
    need(cab, pos, CFFOLDER_SIZE + folderReserve, `folder ${i}`);
    folders.push({
      coffCabStart: view.getUint32(pos, true),
      blocks: view.getUint16(pos + 4, true),
      compression: compressionOf(view.getUint16(pos + 6, true)),
    });
    pos += CFFOLDER_SIZE + folderReserve;
  }
  const files = readFileTable(cab, view, coffFiles, cFiles, cFolders);
  const claimed = files.reduce((sum, f) => sum + f.size, 0);
  if (claimed > maxTotal) fail(`its files add up to ${claimed} bytes (at most ${maxTotal} are accepted)`);

  const folderData = new Map<number, Uint8Array>();
  let budget = maxTotal;
  // Only folders that files use are read, and only as far as their files reach.
  const neededByFolder = new Map<number, number>();
  for (const f of files) neededByFolder.set(f.folder, Math.max(neededByFolder.get(f.folder) ?? 0, f.offset + f.size));
  for (const [index, needed] of neededByFolder) {
    const folder = folders[index] as FolderInfo;
    if (needed > budget) fail(`its folders add up to more than ${maxTotal} bytes`);
    budget -= needed;
    folderData.set(index, readFolder(cab, view, folder, index, needed, dataReserve));
  }
  return {
    folders: folders.map((f) => f.compression),
    files: files.map((f) => ({
      name: f.name,
      data: (folderData.get(f.folder) as Uint8Array).subarray(f.offset, f.offset + f.size),
      mtimeMs: f.mtimeMs,
      attributes: f.attributes,
      folder: f.folder,
    })),
  };
}

function need(cab: Uint8Array, pos: number, length: number, what: string): void {
  if (pos < 0 || pos + length > cab.length) fail(`${what} lies outside the cabinet (truncated or damaged)`);
}

function compressionOf(typeCompress: number): CabCompression {
  switch (typeCompress & 0x0f) {
    case CabCompressionType.none:
      return 'none';
    case CabCompressionType.mszip:
      return 'mszip';
    case CabCompressionType.lzx:
      return fail('it uses LZX compression, which is not supported (only stored and MSZIP cabinets are)');
    case CabCompressionType.quantum:
      return fail('it uses Quantum compression, which is not supported (only stored and MSZIP cabinets are)');
    default:
      return fail(`it uses an unknown compression type ${typeCompress}`);
  }
}

function readFileTable(cab: Uint8Array, view: DataView, coffFiles: number, cFiles: number, cFolders: number): FileInfo[] {
  const files: FileInfo[] = [];
  let pos = coffFiles;
  for (let i = 0; i < cFiles; i++) {
    need(cab, pos, CFFILE_SIZE + 1, `the entry of file ${i}`);
    const folder = view.getUint16(pos + 8, true);
    const attributes = view.getUint16(pos + 14, true);
    const nameStart = pos + CFFILE_SIZE;
    const limit = Math.min(cab.length, nameStart + MAX_NAME_SCAN);
    let end = nameStart;
    while (end < limit && cab[end] !== 0) end++;
    if (end >= limit) fail(`the name of file ${i} is not terminated`);
    if (end === nameStart) fail(`file ${i} has an empty name`);
    if (folder >= IFOLD_CONTINUED_FROM_PREV) fail(`file ${i} continues in another cabinet, which is not supported`);
    if (folder >= cFolders) fail(`file ${i} refers to folder ${folder}, which does not exist`);
    files.push({
      name: decodeName(cab.subarray(nameStart, end), (attributes & CabAttribute.nameIsUtf8) !== 0),
      size: view.getUint32(pos, true),
      offset: view.getUint32(pos + 4, true),
      folder,
      mtimeMs: fromDosDateTime(view.getUint16(pos + 10, true), view.getUint16(pos + 12, true)),
      attributes,
    });
    pos = end + 1;
  }
  return files;
}

function decodeName(bytes: Uint8Array, utf8: boolean): string {
  if (utf8) return Buffer.from(bytes).toString('utf8');
  // Without the flag the name is in the writer's ANSI code page; Western Windows is the best guess.
  return bytes.every((b) => b < 0x80) ? Buffer.from(bytes).toString('latin1') : iconv.decode(Buffer.from(bytes), 'windows-1252');
}

/** Reads the first `needed` uncompressed bytes of a folder, block by block. */
function readFolder(cab: Uint8Array, view: DataView, folder: FolderInfo, index: number, needed: number, reserve: number): Uint8Array {
  const out = new Uint8Array(needed);
  let written = 0;
  let pos = folder.coffCabStart;
  for (let b = 0; b < folder.blocks && written < needed; b++) {
    need(cab, pos, CFDATA_SIZE + reserve, `data block ${b} of folder ${index}`);
    const csum = view.getUint32(pos, true);
    const cbData = view.getUint16(pos + 4, true);
    const cbUncomp = view.getUint16(pos + 6, true);
    const payloadStart = pos + CFDATA_SIZE + reserve;
    need(cab, payloadStart, cbData, `data block ${b} of folder ${index}`);
    const payload = cab.subarray(payloadStart, payloadStart + cbData);
    if (csum !== 0 && csum !== cfdataChecksum(payload, cab.subarray(pos + 4, payloadStart))) {
      fail(`data block ${b} of folder ${index} has a wrong checksum (damaged)`);
    }
    if (cbUncomp > CAB_BLOCK_SIZE) fail(`data block ${b} of folder ${index} claims ${cbUncomp} bytes (most is ${CAB_BLOCK_SIZE})`);
    let block: Uint8Array;
    if (folder.compression === 'none') {
      if (cbData !== cbUncomp) fail(`stored data block ${b} of folder ${index} has inconsistent sizes`);
      block = payload;
    } else {
      const history = out.subarray(Math.max(0, written - MSZIP_WINDOW), written);
      const inflated = mszipDecompressBlock(payload, history, cbUncomp);
      if (!inflated.ok) fail(`${inflated.error} (block ${b} of folder ${index})`);
      block = inflated.value;
    }
    const take = Math.min(block.length, needed - written);
    out.set(block.subarray(0, take), written);
    written += take;
    pos = payloadStart + cbData;
  }
  if (written < needed) fail(`folder ${index} ends after ${written} bytes, but its files need ${needed} (truncated)`);
  return out;
}
