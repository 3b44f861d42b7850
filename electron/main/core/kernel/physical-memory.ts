/**
 * Physical memory of a full or bitmap kernel dump, read by positional reads (these files run to
 * many GB; nothing is loaded whole). Two layouts: a complete dump (DumpType 1) stores the pages
 * of each PHYSICAL_MEMORY_RUN one after the other right after the header; a bitmap dump (DumpType
 * 2, 5, 6: "SDMP"/"FDMP" + "DUMP" right after the header) stores the pages whose bit is set, in
 * page order, from FirstPage on. Two bitmap headers exist (Microsoft's dump.h as published with
 * Singularity, dbgeng's SUMMARY_DUMP32): BITMAP_DUMP (64-bit FirstPage, present and page counts at
 * 0x20/0x28/0x30, bits at 0x38), written by every 64-bit dump and by 32-bit bitmap dumps (5, 6);
 * and the 32-bit kernel summary dump's SUMMARY_DUMP32 (DumpType 2 in a "PAGEDUMP" file: 32-bit
 * HeaderSize = FirstPage at 0xc, BitmapSize = pages at 0x10, Pages = present at 0x14, bits at 0x20).
 */
import { hex } from '../minidump/binary';
import { type ByteSource, MAX_READ_BYTES } from '../minidump/byte-source';
import type { HeaderLayout } from './kernel-layout';

/** Page size of every Windows machine this reader handles. */
export const PAGE_SIZE = 0x1000;
const SDMP = 0x504d4453;
const FDMP = 0x504d4446;
const DUMP = 0x504d5544;
/** Where a bitmap header keeps its counts (all fields 64-bit, or all 32-bit). */
interface BitmapFields {
  readonly wide: boolean;
  readonly firstPage: number;
  readonly present: number;
  readonly pages: number;
  /** Where the bits start, from the bitmap header. */
  readonly bits: number;
}
// BITMAP_DUMP: Signature, ValidDump, DumpOptions, padding to 0x20, FirstPage, TotalPresentPages, Pages, Bitmap.
const BITMAP_DUMP: BitmapFields = { wide: true, firstPage: 0x20, present: 0x28, pages: 0x30, bits: 0x38 };
// SUMMARY_DUMP32: Signature, ValidDump, DumpOptions, HeaderSize, BitmapSize, Pages, then an on-disk
// RTL_BITMAP (SizeOfBitMap, a reserved ULONG, the bits).
const SUMMARY_DUMP32: BitmapFields = { wide: false, firstPage: 0xc, present: 0x14, pages: 0x10, bits: 0x20 };
const DUMP_TYPE_SUMMARY = 2;
// PHYSICAL_MEMORY_DESCRIPTOR64 at 0x88 (NumberOfRuns, NumberOfPages, Run[]); 700 bytes reserved.
const RUNS64 = { at: 0x88, first: 0x98, entry: 16, max: Math.floor((700 - 16) / 16) };
const RUNS32 = { at: 0x64, first: 0x6c, entry: 8, max: Math.floor((700 - 8) / 8) };
// Bits per block of the bitmap's prefix-count index.
const BLOCK_BITS = 4096;

/** Reads whole physical pages (null when the dump does not hold the page). */
export interface PhysicalMemory {
  readonly kind: 'runs' | 'bitmap';
  readPage(pfn: bigint): Promise<Uint8Array | null>;
}

/** A run of physical pages stored in the file at `fileOffset`. */
export interface StoredRun {
  readonly basePage: bigint;
  readonly pageCount: bigint;
  readonly fileOffset: bigint;
}

/** The PHYSICAL_MEMORY_RUNs of a complete dump; problems for counts or sizes that cannot be. */
export function physicalRuns(head: Uint8Array, layout: HeaderLayout, fileSize: number, problems: string[]): readonly StoredRun[] | null {
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const r = layout.bits === 64 ? RUNS64 : RUNS32;
  const count = dv.getUint32(r.at, true);
  if (count === 0 || count > r.max) {
    problems.push(`the physical memory descriptor has ${count} runs (expected 1 to ${r.max}); memory is not read`);
    return null;
  }
  const runs: StoredRun[] = [];
  let fileOffset = BigInt(layout.headerSize);
  for (let i = 0; i < count; i++) {
    const at = r.first + i * r.entry;
    const basePage = layout.bits === 64 ? dv.getBigUint64(at, true) : BigInt(dv.getUint32(at, true));
    const pageCount = layout.bits === 64 ? dv.getBigUint64(at + 8, true) : BigInt(dv.getUint32(at + 4, true));
    runs.push({ basePage, pageCount, fileOffset });
    fileOffset += pageCount * BigInt(PAGE_SIZE);
  }
  if (fileOffset > BigInt(fileSize)) problems.push(`the memory runs need ${fileOffset} bytes but the file has ${fileSize}: the dump is cut; pages past the end are missing`);
  return runs;
}

/** A page reader over the runs of a complete dump. */
export function runsReader(source: ByteSource, runs: readonly StoredRun[]): PhysicalMemory {
  return {
    kind: 'runs',
    async readPage(pfn) {
      for (const run of runs) {
        if (pfn >= run.basePage && pfn < run.basePage + run.pageCount) return page(source, run.fileOffset + (pfn - run.basePage) * BigInt(PAGE_SIZE));
      }
      return null;
    },
  };
}

async function page(source: ByteSource, offset: bigint): Promise<Uint8Array | null> {
  const bytes = await source.read(offset, PAGE_SIZE);
  return bytes.length === PAGE_SIZE ? bytes : null;
}

/** Popcount of a 32-bit value. */
function bitsSet(v: number): number {
  let x = v - ((v >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * Reads the bitmap header after the dump header (its flavour from the header size and DumpType)
 * and returns a page reader, or null with a problem. The bitmap is read once (bounded by the read
 * cap: 16 MiB covers 512 GB of RAM).
 */
export async function bitmapReader(source: ByteSource, layout: HeaderLayout, dumpType: number, problems: string[]): Promise<PhysicalMemory | null> {
  const at = BigInt(layout.headerSize);
  const fields = layout.bits === 32 && dumpType === DUMP_TYPE_SUMMARY ? SUMMARY_DUMP32 : BITMAP_DUMP;
  const head = await source.read(at, fields.bits);
  if (head.length < fields.bits) {
    problems.push('the file ends before the bitmap header; memory is not read');
    return null;
  }
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const signature = dv.getUint32(0, true);
  if ((signature !== SDMP && signature !== FDMP) || dv.getUint32(4, true) !== DUMP) {
    problems.push(`no "SDMP"/"FDMP" bitmap header at ${hex(at)}; memory is not read`);
    return null;
  }
  const field = (offset: number): bigint => (fields.wide ? dv.getBigUint64(offset, true) : BigInt(dv.getUint32(offset, true)));
  const firstPage = field(fields.firstPage);
  const present = field(fields.present);
  const pages = field(fields.pages);
  const bitsAt = at + BigInt(fields.bits);
  const bitmapBytes = (pages + 7n) / 8n;
  if (bitmapBytes > BigInt(MAX_READ_BYTES) || present > pages || firstPage < bitsAt + bitmapBytes || firstPage > source.size) {
    problems.push(`the bitmap header is not consistent (${pages} pages, ${present} present, first page at ${hex(firstPage)}); memory is not read`);
    return null;
  }
  const bitmap = await source.read(bitsAt, Number(bitmapBytes));
  if (bitmap.length < Number(bitmapBytes)) {
    problems.push('the file ends inside the page bitmap; memory is not read');
    return null;
  }
  // Pages present before each 4096-bit block, so a page's file position costs one short count.
  const words = new Uint32Array(Math.ceil(bitmap.length / 4));
  const bv = new DataView(bitmap.buffer, bitmap.byteOffset, bitmap.byteLength);
  for (let i = 0; i + 4 <= bitmap.length; i += 4) words[i / 4] = bv.getUint32(i, true);
  for (let i = bitmap.length & ~3; i < bitmap.length; i++) words[i >> 2]! |= bitmap[i]! << ((i & 3) * 8);
  const wordsPerBlock = BLOCK_BITS / 32;
  const before = new Float64Array(Math.ceil(words.length / wordsPerBlock) + 1);
  let total = 0;
  for (let b = 0; b < before.length - 1; b++) {
    before[b] = total;
    for (let w = b * wordsPerBlock; w < Math.min(words.length, (b + 1) * wordsPerBlock); w++) total += bitsSet(words[w]!);
  }
  before[before.length - 1] = total;
  const set = before[before.length - 1] ?? 0;
  if (BigInt(set) !== present) problems.push(`the bitmap has ${set} pages set but the header says ${present}`);
  return {
    kind: 'bitmap',
    async readPage(pfn) {
      if (pfn >= pages) return null;
      const n = Number(pfn);
      const word = n >>> 5;
      if (((words[word]! >>> (n & 31)) & 1) === 0) return null;
      const block = Math.floor(word / wordsPerBlock);
      let index = before[block]!;
      for (let w = block * wordsPerBlock; w < word; w++) index += bitsSet(words[w]!);
      // The set bits below this page's bit in its own word.
      index += bitsSet(words[word]! & (((1 << (n & 31)) >>> 0) - 1));
      return page(source, firstPage + BigInt(index) * BigInt(PAGE_SIZE));
    },
  };
}
