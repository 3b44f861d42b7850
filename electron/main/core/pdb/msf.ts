import { MAX_READ_BYTES, type ByteSource } from '../minidump/byte-source';
import { fail, PdbFormatError } from './pdb-error';

/** The 32-byte magic that starts every MSF 7.0 file (the container format of PDB files). */
export const MSF7_MAGIC = 'Microsoft C/C++ MSF 7.00\r\n\x1aDS\0\0\0';
const PDB2_MAGIC = 'Microsoft C/C++ program database 2.00\r\n';
const SUPERBLOCK_SIZE = 56;
const NIL_STREAM = 0xffffffff;
/** The directory (stream sizes + block lists) is cached whole; beyond this it is not believable. */
const MAX_DIRECTORY_BYTES = 64 * 1024 * 1024;
/** Largest stream range one call may read: callers page through anything bigger. */
export const MAX_STREAM_READ = 64 * 1024 * 1024;

/** An opened MSF container: the stream directory is cached, stream bytes are read on demand. */
export interface MsfFile {
  /** Page size in bytes (512 … 32768). */
  readonly blockSize: number;
  /** Number of streams in the directory. */
  readonly streamCount: number;
  /** Problems found in the directory that do not stop reading (shared blocks, short file). */
  readonly problems: readonly string[];
  /** Size of stream `index` in bytes, or null when it does not exist (or is the nil stream). */
  streamSize(index: number): number | null;
  /** Reads `length` bytes at `offset` of a stream (clamped to the stream end); throws PdbFormatError. */
  read(index: number, offset: number, length: number): Promise<Uint8Array>;
}

function text(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

function u32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16)) >>> 0) + bytes[at + 3]! * 0x1000000;
}

/** Reads exactly `length` bytes at a file position, in MAX_READ_BYTES pieces; throws when short. */
async function readExact(source: ByteSource, position: number, length: number, what: string): Promise<Uint8Array> {
  if (length <= MAX_READ_BYTES) {
    const bytes = await source.read(BigInt(position), length);
    if (bytes.length < length) fail(`${what} runs past the end of the file`);
    return bytes;
  }
  const out = new Uint8Array(length);
  for (let done = 0; done < length; ) {
    const piece = await readExact(source, position + done, Math.min(MAX_READ_BYTES, length - done), what);
    out.set(piece, done);
    done += piece.length;
  }
  return out;
}

interface Superblock {
  readonly blockSize: number;
  readonly numBlocks: number;
  readonly directoryBytes: number;
  readonly blockMapAddr: number;
}

function parseSuperblock(head: Uint8Array, fileSize: number, problems: string[]): Superblock {
  if (head.length < SUPERBLOCK_SIZE) fail('not a PDB file: it is shorter than an MSF header');
  const magic = text(head.subarray(0, 32));
  if (text(head).startsWith(PDB2_MAGIC)) fail('this is an old PDB 2.0 file (before Visual C++ 7.0), which is not supported');
  if (magic !== MSF7_MAGIC) fail('not a PDB file: the MSF 7.0 signature is missing');
  const blockSize = u32(head, 32);
  if (![512, 1024, 2048, 4096, 8192, 16384, 32768].includes(blockSize)) fail(`the PDB page size ${blockSize} is not valid`);
  const fpm = u32(head, 36);
  if (fpm !== 1 && fpm !== 2) problems.push(`the free page map is said to be in page ${fpm} (expected 1 or 2)`);
  const numBlocks = u32(head, 40);
  const directoryBytes = u32(head, 44);
  const blockMapAddr = u32(head, 52);
  if (numBlocks === 0) fail('the PDB header says the file has no pages');
  if (numBlocks * blockSize > fileSize) {
    problems.push(`the file is shorter than its header says (${fileSize} of ${numBlocks * blockSize} bytes): it may be truncated`);
  }
  if (directoryBytes < 4 || directoryBytes > MAX_DIRECTORY_BYTES) fail(`the stream directory size ${directoryBytes} is not believable`);
  return { blockSize, numBlocks, directoryBytes, blockMapAddr };
}

/** Usable pages: those the header declares that also exist in the file. */
function pageLimit(sb: Superblock, fileSize: number): number {
  return Math.min(sb.numBlocks, Math.ceil(fileSize / sb.blockSize));
}

async function readDirectory(source: ByteSource, sb: Superblock, pages: number): Promise<Uint32Array> {
  const { blockSize, directoryBytes, blockMapAddr } = sb;
  const dirBlocks = Math.ceil(directoryBytes / blockSize);
  if (blockMapAddr === 0 || blockMapAddr >= pages) fail(`the stream directory's page list is in page ${blockMapAddr}, outside the file`);
  if (dirBlocks >= pages) fail(`the stream directory (${directoryBytes} bytes) is larger than the file`);
  // The page list may spill past one page in very large PDBs: it is read as one contiguous run.
  const map = await readExact(source, blockMapAddr * blockSize, dirBlocks * 4, "the stream directory's page list");
  const dir = new Uint8Array(dirBlocks * blockSize);
  const seen = new Set<number>();
  for (let i = 0; i < dirBlocks; i++) {
    const page = u32(map, i * 4);
    if (page === 0 || page >= pages) fail(`the stream directory points to page ${page}, outside the file`);
    if (seen.has(page)) fail(`the stream directory lists page ${page} twice (a loop)`);
    seen.add(page);
    dir.set(await readExact(source, page * blockSize, blockSize, 'the stream directory'), i * blockSize);
  }
  return new Uint32Array(dir.buffer, 0, directoryBytes >>> 2);
}

interface Layout {
  readonly sizes: Uint32Array;
  readonly firstPage: Uint32Array;
}

/** Splits the directory into stream sizes and the index of each stream's first page entry. */
function layoutStreams(dir: Uint32Array, blockSize: number): Layout {
  const count = dir[0]!;
  if (count === 0) fail('the stream directory lists no streams');
  if (1 + count > dir.length) fail(`the stream directory declares ${count} streams, more than it can hold`);
  const sizes = new Uint32Array(count);
  const firstPage = new Uint32Array(count);
  let next = 1 + count;
  for (let i = 0; i < count; i++) {
    const size = dir[1 + i]!;
    sizes[i] = size;
    firstPage[i] = next;
    if (size !== NIL_STREAM) next += Math.ceil(size / blockSize);
    if (next > dir.length) fail(`stream ${i} declares ${size} bytes, more pages than the directory lists`);
  }
  return { sizes, firstPage };
}

/** Marks bad streams (pages outside the file) and reports pages used twice; returns bad stream indexes. */
function checkPages(dir: Uint32Array, layout: Layout, blockSize: number, pages: number, problems: string[]): Set<number> {
  const bad = new Set<number>();
  const used = new Uint8Array(Math.ceil(pages / 8));
  let reported = 0;
  for (let s = 0; s < layout.sizes.length; s++) {
    const size = layout.sizes[s]!;
    if (size === NIL_STREAM) continue;
    const first = layout.firstPage[s]!;
    const n = Math.ceil(size / blockSize);
    for (let k = 0; k < n; k++) {
      const page = dir[first + k]!;
      if (page === 0 || page >= pages) {
        bad.add(s);
        problems.push(`stream ${s} points to page ${page}, outside the file`);
        break;
      }
      const bit = 1 << (page & 7);
      if (used[page >>> 3]! & bit) {
        // Two owners of one page: one of them reads garbage, but reading stays bounded.
        if (reported++ < 8) problems.push(`page ${page} is used twice (stream ${s}): the PDB is damaged`);
      }
      used[page >>> 3]! |= bit;
    }
  }
  return bad;
}

/** Opens the MSF container of a PDB: reads the superblock and the stream directory (nothing else). */
export async function openMsf(source: ByteSource): Promise<MsfFile> {
  const fileSize = Number(source.size);
  const problems: string[] = [];
  const sb = parseSuperblock(await source.read(0n, SUPERBLOCK_SIZE), fileSize, problems);
  const pages = pageLimit(sb, fileSize);
  let dir: Uint32Array;
  try {
    dir = await readDirectory(source, sb, pages);
  } catch (error) {
    // Linkers write the directory last: a cut-off file loses it first. Say so plainly.
    const declared = sb.numBlocks * sb.blockSize;
    if (error instanceof PdbFormatError && declared > fileSize) fail(`the file is truncated (${fileSize} of ${declared} bytes): ${error.message}`);
    throw error;
  }
  const layout = layoutStreams(dir, sb.blockSize);
  const bad = checkPages(dir, layout, sb.blockSize, pages, problems);
  const { blockSize } = sb;

  const streamSize = (index: number): number | null => {
    if (!Number.isInteger(index) || index < 0 || index >= layout.sizes.length) return null;
    const size = layout.sizes[index]!;
    return size === NIL_STREAM ? null : size;
  };

  return {
    blockSize,
    streamCount: layout.sizes.length,
    problems,
    streamSize,
    async read(index, offset, length) {
      const size = streamSize(index);
      if (size === null) fail(`stream ${index} does not exist`);
      if (bad.has(index)) fail(`stream ${index} is damaged (it points outside the file)`);
      if (!(offset >= 0) || offset > size) fail(`a read at ${offset} is past the end of stream ${index} (${size} bytes)`);
      const end = Math.min(size, offset + Math.max(0, length));
      if (end - offset > MAX_STREAM_READ) fail(`a ${end - offset}-byte read of stream ${index} is larger than allowed`);
      const out = new Uint8Array(end - offset);
      const first = layout.firstPage[index]!;
      let at = offset;
      while (at < end) {
        // Merge consecutive pages into one positional read.
        const k = Math.floor(at / blockSize);
        const start = dir[first + k]!;
        let run = 1;
        const lastK = Math.floor((end - 1) / blockSize);
        while (k + run <= lastK && dir[first + k + run] === start + run) run++;
        const within = at - k * blockSize;
        const len = Math.min(end - at, run * blockSize - within);
        out.set(await readExact(source, start * blockSize + within, len, `stream ${index}`), at - offset);
        at += len;
      }
      return out;
    },
  };
}
