/**
 * The small memory dump's TRIAGE_DUMP header (right after the dump header): where the context,
 * stack, driver list, string pool, unloaded drivers and data blocks are, and whether the file is
 * whole (SizeOfDump, the "TRGD" marker at ValidOffset). Every offset and count is checked against
 * the bytes at hand; a bad one becomes a problem and that part is skipped.
 */
import type { KernelTriage } from '../../../../shared/kernel-dump-model';
import { ByteView, hex } from '../minidump/binary';
import { type HeaderLayout, TRIAGE32, TRIAGE64, TRIAGE_FIELDS, TRIAGE_VALID_MARKER, type TriageLayout } from './kernel-layout';

/** A checked region of the file: offset and length inside the bytes at hand. */
export interface Region {
  readonly offset: number;
  readonly length: number;
}

/** The triage header's fields, with every region checked (null = absent or out of bounds). */
export interface TriageHeader {
  readonly layout: TriageLayout;
  readonly summary: KernelTriage;
  readonly context: Region | null;
  readonly exception: Region | null;
  readonly stack: Region | null;
  readonly topOfStack: bigint;
  readonly driverList: Region | null;
  readonly driverCount: number;
  readonly stringPool: Region | null;
  readonly unloaded: number | null;
}

/** More drivers than this means the count is garbage (a real system loads a few hundred). */
export const MAX_DRIVERS = 4096;
// A real small dump holds a few hundred data blocks; a 16-bit count is far beyond that.
const MAX_DATA_BLOCKS = 1 << 16;

/**
 * Checks one region against the bytes at hand and the file; pushes a problem when it does not
 * fit. With `partial`, a region that starts inside the bytes is cut to what is there (a cut
 * dump still shows the part of its driver list or stack that was written).
 */
export function checkRegion(
  what: string,
  offset: number,
  length: number,
  available: number,
  fileSize: number,
  problems: string[],
  partial = false,
): Region | null {
  if (offset === 0 || length === 0) return null;
  const end = offset + length;
  if (end <= available) return { offset, length };
  const kept = partial && offset < available ? { offset, length: available - offset } : null;
  const fate = kept ? `only its first ${kept.length} bytes are there` : 'it is skipped';
  if (end <= fileSize) problems.push(`the ${what} (${hex(offset)}, ${length} bytes) lies beyond the ${available} bytes read; ${fate}`);
  else problems.push(`the ${what} (${hex(offset)}, ${length} bytes) runs past the end of the file (${fileSize} bytes); ${fate}`);
  return kept;
}

/** The data blocks' count and total bytes, checking each entry against the file. */
function dataBlocks(view: ByteView, layout: TriageLayout, base: number, fileSize: number, problems: string[]): { count: number; bytes: number } {
  const offset = view.u32(base + layout.dataBlocksOffset);
  const count = view.u32(base + layout.dataBlocksCount);
  if (offset === 0 || count === 0) return { count: 0, bytes: 0 };
  if (count > MAX_DATA_BLOCKS) {
    problems.push(`DataBlocksCount ${count} is implausible; the data blocks are ignored`);
    return { count: 0, bytes: 0 };
  }
  const table = checkRegion('data block table', offset, count * layout.dataBlockSize, view.length, fileSize, problems);
  if (!table) return { count: 0, bytes: 0 };
  let bytes = 0;
  let outside = 0;
  // Entry: virtual address (pointer), then ULONG file offset and ULONG size.
  const ptr = layout.dataBlockSize - 8;
  for (let i = 0; i < count; i++) {
    const at = offset + i * layout.dataBlockSize + ptr;
    const blockOffset = view.u32(at);
    const blockSize = view.u32(at + 4);
    if (blockOffset + blockSize > fileSize) outside++;
    else bytes += blockSize;
  }
  if (outside > 0) problems.push(`${outside} of ${count} data blocks lie past the end of the file`);
  return { count, bytes };
}

/**
 * Reads the triage header from the file's first bytes. `bytes` may be a prefix of the file
 * (`fileSize` is the whole size). Returns null (with a problem) when the header is not there.
 */
export function parseTriageHeader(bytes: Uint8Array, header: HeaderLayout, fileSize: number, problems: string[]): TriageHeader | null {
  const layout = header.bits === 64 ? TRIAGE64 : TRIAGE32;
  const base = header.headerSize;
  const view = new ByteView(bytes);
  if (!view.has(base, layout.size)) {
    problems.push(`the file ends before the small dump's triage header (${hex(base)}, ${layout.size} bytes)`);
    return null;
  }
  const f = (field: keyof typeof TRIAGE_FIELDS): number => view.u32(base + TRIAGE_FIELDS[field]);
  const sizeOfDump = f('sizeOfDump');
  const validOffset = f('validOffset');
  if (fileSize < sizeOfDump) problems.push(`the file is ${fileSize} bytes but the dump says it is ${sizeOfDump} (SizeOfDump): it was cut; what is left is shown`);
  const markerAt = validOffset;
  const marker = view.has(markerAt, 4) ? view.u32(markerAt) : null;
  if (marker !== TRIAGE_VALID_MARKER) {
    problems.push(
      marker === null
        ? `the end marker "TRGD" at ValidOffset ${hex(validOffset)} is missing (the file ends first): the dump is incomplete`
        : `no "TRGD" end marker at ValidOffset ${hex(validOffset)}: Windows did not finish writing this dump`,
    );
  }
  const topOfStack = header.bits === 64 ? view.u64(base + layout.topOfStack) : BigInt(view.u32(base + layout.topOfStack));
  const available = bytes.length;
  const region = (what: string, offset: number, length: number, partial = false): Region | null =>
    checkRegion(what, offset, length, available, fileSize, problems, partial);

  const driverCount = f('driverCount');
  let driverList: Region | null = null;
  if (driverCount > MAX_DRIVERS) problems.push(`DriverCount ${driverCount} is implausible; the driver list is ignored`);
  else driverList = region('driver list', f('driverListOffset'), driverCount * layout.driverEntrySize, true);
  const unloadedOffset = f('unloadedDriversOffset');
  const unloaded = unloadedOffset !== 0 && region('unloaded driver list', unloadedOffset, layout.unloadedHeader) ? unloadedOffset : null;
  const blocks = dataBlocks(view, layout, base, fileSize, problems);

  return {
    layout,
    context: region('crash context', f('contextOffset'), header.contextSize),
    exception: region('exception record', f('exceptionOffset'), header.bits === 64 ? 0x98 : 0x50),
    stack: region('saved stack', f('callStackOffset'), f('sizeOfCallStack'), true),
    topOfStack,
    driverList,
    // Whole entries only: a list cut mid-entry keeps the entries before the cut.
    driverCount: driverList ? Math.floor(driverList.length / layout.driverEntrySize) : 0,
    stringPool: region('driver name pool', f('stringPoolOffset'), f('stringPoolSize'), true),
    unloaded,
    summary: {
      servicePackBuild: f('servicePackBuild'),
      sizeOfDump,
      validOffset,
      complete: fileSize >= sizeOfDump && marker === TRIAGE_VALID_MARKER,
      topOfStack: hex(topOfStack),
      stackBytes: f('sizeOfCallStack'),
      prcbOffset: f('prcbOffset'),
      processOffset: f('processOffset'),
      threadOffset: f('threadOffset'),
      dataBlocks: blocks.count,
      dataBlockBytes: blocks.bytes,
    },
  };
}
