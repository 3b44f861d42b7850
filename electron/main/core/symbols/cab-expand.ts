/**
 * Unpacks the one expected file of a compressed symbol file (`name.pd_`, `name.dl_`: an MS-CAB
 * written by symstore or makecab) into a file, block by block. The CER reader's `readCab` holds a
 * whole cabinet and its output in memory, which suits report CABs but not a multi-GB PDB; this
 * keeps at most a 1 MiB read buffer, one 32 KiB block and its 32 KiB history, and reuses the CER
 * code's CAB layout constants, CFDATA checksum and MSZIP block decoder.
 */
import { type FileHandle, open, rm } from 'node:fs/promises';
import { err, ok, type Result } from '../../../../shared/result';
import { cfdataChecksum } from '../cer/cab-checksum';
import {
  CAB_BLOCK_SIZE,
  CabAttribute,
  CabCompressionType,
  CabHeaderFlag,
  CFDATA_SIZE,
  CFFILE_SIZE,
  CFFOLDER_SIZE,
  CFHEADER_SIZE,
  IFOLD_CONTINUED_FROM_PREV,
} from '../cer/cab-format';
import { mszipDecompressBlock, MSZIP_WINDOW } from '../cer/mszip';
import { describeStart } from './symbol-magic';

/** Caps and hooks of one unpacking. */
export interface CabExpandOptions {
  /** Most bytes the unpacked file may have. */
  readonly maxBytes: number;
  readonly signal?: AbortSignal;
  /** Called after each written chunk with the bytes written so far and the file's size. */
  readonly onBytes?: (written: number, total: number) => void;
}

/** Most entries read from a cabinet's file table: a compressed symbol file holds one. */
const MAX_ENTRIES = 16;
const MAX_NAME_BYTES = 256;
const CHUNK = 1024 * 1024;

class ExpandError extends Error {}

function fail(message: string): never {
  throw new ExpandError(message);
}

/** Positional reads through a 1 MiB window; each refill is a fresh buffer, so views stay valid. */
class WindowReader {
  private start = 0;
  private buffer = new Uint8Array(0);

  constructor(private readonly fh: FileHandle, readonly limit: number) {}

  async read(pos: number, length: number, what: string): Promise<Uint8Array> {
    if (pos < 0 || pos + length > this.limit) fail(`${what} lies outside the cabinet (truncated or damaged)`);
    if (pos < this.start || pos + length > this.start + this.buffer.length) {
      const size = Math.min(Math.max(length, CHUNK), this.limit - pos);
      const fresh = new Uint8Array(size);
      let done = 0;
      while (done < size) {
        const { bytesRead } = await this.fh.read(fresh, done, size - done, pos + done);
        if (bytesRead === 0) fail(`${what} lies outside the cabinet (the file ended early)`);
        done += bytesRead;
      }
      this.start = pos;
      this.buffer = fresh;
    }
    return this.buffer.subarray(pos - this.start, pos - this.start + length);
  }
}

interface Entry {
  readonly size: number;
  readonly offset: number;
  readonly folder: number;
}

/**
 * Writes the cabinet's file named `expectedName` (compared without case; any other name, such as
 * one with `..\` or a drive letter, is refused) to `outPath`, a new file. Never throws for a bad
 * cabinet; a partly written `outPath` is removed.
 */
export async function expandCabFile(cabPath: string, expectedName: string, outPath: string, options: CabExpandOptions): Promise<Result<number>> {
  const fh = await open(cabPath, 'r');
  try {
    return ok(await expand(fh, expectedName, outPath, options));
  } catch (e) {
    if (e instanceof ExpandError) return err(e.message);
    throw e;
  } finally {
    await fh.close();
  }
}

async function expand(fh: FileHandle, expectedName: string, outPath: string, options: CabExpandOptions): Promise<number> {
  const fileSize = (await fh.stat()).size;
  const head = await new WindowReader(fh, fileSize).read(0, Math.min(fileSize, CFHEADER_SIZE), 'the header');
  if (head.length < CFHEADER_SIZE || Buffer.from(head.subarray(0, 4)).toString('latin1') !== 'MSCF') {
    fail(`it is not a cabinet (${describeStart(head)})`);
  }
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const cbCabinet = view.getUint32(8, true);
  if (cbCabinet > fileSize) fail(`it is truncated (the header says ${cbCabinet} bytes, the file has ${fileSize})`);
  if (head[25] !== 1) fail(`its format version ${head[25]}.${head[24]} is unknown`);
  const flags = view.getUint16(30, true);
  if (flags & (CabHeaderFlag.prevCabinet | CabHeaderFlag.nextCabinet)) fail('it is one part of a multi-cabinet set');
  const cFolders = view.getUint16(26, true);
  const cFiles = view.getUint16(28, true);
  if (cFiles === 0 || cFiles > MAX_ENTRIES) fail(`it holds ${cFiles} files, not the one a compressed symbol file holds`);
  // Everything past cbCabinet is not part of the cabinet: reads stop there.
  const limited = new WindowReader(fh, cbCabinet);
  let foldersAt = CFHEADER_SIZE;
  let folderReserve = 0;
  let dataReserve = 0;
  if (flags & CabHeaderFlag.reservePresent) {
    const r = await limited.read(CFHEADER_SIZE, 4, 'the reserve sizes');
    folderReserve = r[2] ?? 0;
    dataReserve = r[3] ?? 0;
    foldersAt += 4 + ((r[0] ?? 0) | ((r[1] ?? 0) << 8));
  }
  const entry = await findEntry(limited, view.getUint32(16, true), cFiles, cFolders, expectedName);
  if (entry.size > options.maxBytes) fail(`${expectedName} would be ${entry.size} bytes, more than the ${options.maxBytes} allowed`);
  const f = await limited.read(foldersAt + entry.folder * (CFFOLDER_SIZE + folderReserve), CFFOLDER_SIZE, `folder ${entry.folder}`);
  const fv = new DataView(f.buffer, f.byteOffset, f.byteLength);
  const compression = fv.getUint16(6, true) & 0x0f;
  if (compression === CabCompressionType.lzx) fail('it is compressed with LZX, which WER Explorer cannot unpack yet');
  if (compression === CabCompressionType.quantum) fail('it is compressed with Quantum, which WER Explorer cannot unpack');
  if (compression !== CabCompressionType.none && compression !== CabCompressionType.mszip) fail(`it uses an unknown compression type ${compression}`);
  const folder = { start: fv.getUint32(0, true), blocks: fv.getUint16(4, true), mszip: compression === CabCompressionType.mszip, dataReserve };
  // 'wx': the caller's fresh temporary name; an existing file is never overwritten (nor removed).
  const out = await open(outPath, 'wx');
  try {
    await copyRange(limited, out, folder, entry, options);
    await out.sync();
  } catch (e) {
    await out.close();
    await rm(outPath, { force: true });
    throw e;
  }
  await out.close();
  return entry.size;
}

async function findEntry(reader: WindowReader, coffFiles: number, cFiles: number, cFolders: number, expectedName: string): Promise<Entry> {
  const names: string[] = [];
  let pos = coffFiles;
  for (let i = 0; i < cFiles; i++) {
    const raw = await reader.read(pos, Math.max(0, Math.min(CFFILE_SIZE + MAX_NAME_BYTES, reader.limit - pos)), `the entry of file ${i}`);
    const v = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    if (raw.length <= CFFILE_SIZE) fail(`the entry of file ${i} is cut off`);
    const nul = raw.indexOf(0, CFFILE_SIZE);
    if (nul < 0) fail(`the name of file ${i} is not terminated`);
    const utf8 = (v.getUint16(14, true) & CabAttribute.nameIsUtf8) !== 0;
    const name = Buffer.from(raw.subarray(CFFILE_SIZE, nul)).toString(utf8 ? 'utf8' : 'latin1');
    const folder = v.getUint16(8, true);
    if (name.toLowerCase() === expectedName.toLowerCase()) {
      if (folder >= IFOLD_CONTINUED_FROM_PREV) fail(`${expectedName} continues in another cabinet`);
      if (folder >= cFolders) fail(`${expectedName} refers to folder ${folder}, which does not exist`);
      return { size: v.getUint32(0, true), offset: v.getUint32(4, true), folder };
    }
    names.push(JSON.stringify(name.slice(0, 80)));
    pos += nul + 1;
  }
  return fail(`it holds ${names.join(', ')} instead of ${expectedName}`);
}

interface FolderPlan {
  readonly start: number;
  readonly blocks: number;
  readonly mszip: boolean;
  readonly dataReserve: number;
}

/** Decodes the folder's blocks and writes the bytes that belong to the entry. */
async function copyRange(reader: WindowReader, out: FileHandle, folder: FolderPlan, entry: Entry, options: CabExpandOptions): Promise<void> {
  const end = entry.offset + entry.size;
  let produced = 0;
  let written = 0;
  let history: Uint8Array = new Uint8Array(0);
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const flush = async (): Promise<void> => {
    if (pendingBytes === 0) return;
    await out.write(Buffer.concat(pending));
    written += pendingBytes;
    pending = [];
    pendingBytes = 0;
    options.onBytes?.(written, entry.size);
  };
  let pos = folder.start;
  for (let b = 0; b < folder.blocks && produced < end; b++) {
    if (options.signal?.aborted) fail('cancelled');
    const hdr = await reader.read(pos, CFDATA_SIZE + folder.dataReserve, `data block ${b}`);
    const hv = new DataView(hdr.buffer, hdr.byteOffset, hdr.byteLength);
    const cbData = hv.getUint16(4, true);
    const cbUncomp = hv.getUint16(6, true);
    const headerTail = hdr.slice(4);
    const payload = await reader.read(pos + hdr.length, cbData, `data block ${b}`);
    const csum = hv.getUint32(0, true);
    if (csum !== 0 && csum !== cfdataChecksum(payload, headerTail)) fail(`data block ${b} has a wrong checksum (damaged)`);
    if (cbUncomp > CAB_BLOCK_SIZE) fail(`data block ${b} claims ${cbUncomp} bytes (most is ${CAB_BLOCK_SIZE})`);
    let block: Uint8Array = payload;
    if (folder.mszip) {
      const inflated = mszipDecompressBlock(payload, history, cbUncomp);
      if (!inflated.ok) fail(`${inflated.error} (block ${b})`);
      block = inflated.value;
      history = lastWindow(history, block);
    } else if (cbData !== cbUncomp) {
      fail(`stored data block ${b} has inconsistent sizes`);
    }
    const from = Math.max(entry.offset, produced) - produced;
    const to = Math.min(end, produced + block.length) - produced;
    if (to > from) {
      // Copied: the block may be a view of the read buffer or of zlib's output.
      pending.push(block.slice(from, to));
      pendingBytes += to - from;
    }
    if (pendingBytes >= CHUNK) await flush();
    produced += block.length;
    pos += hdr.length + cbData;
  }
  await flush();
  if (written < entry.size) fail(`the data ends after ${written} of ${entry.size} bytes (truncated)`);
}

/** The last 32 KiB of the folder's output, which the next MSZIP block may refer back into. */
function lastWindow(history: Uint8Array, block: Uint8Array): Uint8Array {
  if (block.length >= MSZIP_WINDOW) return block.slice(block.length - MSZIP_WINDOW);
  const keep = Math.min(history.length, MSZIP_WINDOW - block.length);
  const next = new Uint8Array(keep + block.length);
  next.set(history.subarray(history.length - keep), 0);
  next.set(block, keep);
  return next;
}
