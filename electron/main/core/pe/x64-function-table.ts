import { ByteView } from '../minidump/binary';
import { readExceptionDirectory } from './exception-directory';
import { isZeroEntry, readRva, type PeImage } from './pe-image';
import { MAX_X64_UNWIND_INFO_BYTES, parseX64UnwindInfo, type X64RuntimeFunction, type X64UnwindInfo } from './x64-unwind-info';

/** The x64 exception directory (.pdata): RUNTIME_FUNCTIONs sorted by begin RVA. */
export interface X64FunctionTable {
  readonly functions: readonly X64RuntimeFunction[];
  readonly problems: readonly string[];
}

/** One step of a chain: a function entry and the unwind info it leads to. */
export interface X64UnwindLink {
  readonly function: X64RuntimeFunction;
  readonly info: X64UnwindInfo;
}

/**
 * The unwind data that applies to a function: links[0] is its own UNWIND_INFO, each further link
 * the chained parent (UNW_FLAG_CHAININFO) that RtlVirtualUnwind applies next, in order.
 */
export interface X64Unwind {
  readonly links: readonly X64UnwindLink[];
  readonly problems: readonly string[];
}

const ENTRY_SIZE = 12;
/** Longest chain followed; real chains are one or two links (Windows' own code has no deeper ones). */
export const MAX_CHAIN_DEPTH = 32;

/** Reads the RUNTIME_FUNCTION table of an x64 image (sorted; zero-length entries dropped with a problem). */
export async function readX64FunctionTable(image: PeImage): Promise<X64FunctionTable> {
  const problems: string[] = [];
  const { bytes, count: usable } = await readExceptionDirectory(image, 'amd64', ENTRY_SIZE, problems);
  const v = new ByteView(bytes);
  const functions: X64RuntimeFunction[] = [];
  let empty = 0;
  let sorted = true;
  for (let i = 0; i < usable; i++) {
    const at = i * ENTRY_SIZE;
    const fn = { beginRva: v.u32(at), endRva: v.u32(at + 4), unwindRva: v.u32(at + 8) };
    if (isZeroEntry(bytes, at, ENTRY_SIZE)) {
      // Zeros are padding (or the zero-filled tail of a section): the table ends here.
      if (i < usable - 1) problems.push(`the function table ends at an all-zero entry after ${i} of ${usable} entries`);
      break;
    }
    if (fn.endRva <= fn.beginRva) {
      empty++;
      continue;
    }
    const prev = functions[functions.length - 1];
    if (prev && prev.beginRva > fn.beginRva) sorted = false;
    functions.push(fn);
  }
  if (empty > 0) problems.push(`${empty} function entr${empty === 1 ? 'y ends' : 'ies end'} before it begins and ${empty === 1 ? 'is' : 'are'} ignored`);
  if (!sorted) {
    problems.push('the function table is not sorted by address (the loader requires it); it was sorted');
    functions.sort((a, b) => a.beginRva - b.beginRva);
  }
  return { functions, problems };
}

/** Entries looked at backwards from the last begin ≤ rva, for tables with nested (overlapping) ranges. */
const MAX_OVERLAP_SCAN = 16;

/**
 * The function whose [begin, end) range holds `rva` (binary search), or null for a leaf or unknown
 * code. Where ranges nest (LLVM emits a chained fragment inside its parent) the innermost wins.
 */
export function findX64Function(table: X64FunctionTable, rva: number): X64RuntimeFunction | null {
  const list = table.functions;
  let lo = 0;
  let hi = list.length - 1;
  let last = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.beginRva <= rva) {
      last = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  for (let i = last; i >= 0 && i > last - MAX_OVERLAP_SCAN; i--) {
    const fn = list[i]!;
    if (rva < fn.endRva) return fn;
  }
  return null;
}

/**
 * Reads a function's UNWIND_INFO and follows chained entries (and RUNTIME_FUNCTION indirections,
 * unwind RVAs with bit 0 set) up to MAX_CHAIN_DEPTH; a loop stops the walk with a problem.
 */
export async function readX64Unwind(image: PeImage, fn: X64RuntimeFunction): Promise<X64Unwind> {
  const problems: string[] = [];
  const links: X64UnwindLink[] = [];
  const visited = new Set<number>();
  let current = fn;
  for (let step = 0; ; step++) {
    if (step >= MAX_CHAIN_DEPTH) {
      problems.push(`the chained unwind entries are more than ${MAX_CHAIN_DEPTH} deep; the rest are ignored`);
      break;
    }
    const target = current.unwindRva;
    if (visited.has(target)) {
      problems.push(`the chained unwind entries form a loop (back to RVA 0x${target.toString(16)})`);
      break;
    }
    visited.add(target);
    if ((target & 1) !== 0) {
      // An indirect entry: the real RUNTIME_FUNCTION is at the (even) address.
      const entry = new ByteView(await readRva(image, target - 1, ENTRY_SIZE));
      if (!entry.has(0, ENTRY_SIZE)) {
        problems.push(`the indirect function entry at RVA 0x${(target - 1).toString(16)} cannot be read`);
        break;
      }
      current = { beginRva: entry.u32(0), endRva: entry.u32(4), unwindRva: entry.u32(8) };
      continue;
    }
    const bytes = await readRva(image, target, MAX_X64_UNWIND_INFO_BYTES);
    const info = parseX64UnwindInfo(bytes, target, problems);
    if (!info) break;
    links.push({ function: current, info });
    if (!info.chained) break;
    current = info.chained;
  }
  return { links, problems };
}
