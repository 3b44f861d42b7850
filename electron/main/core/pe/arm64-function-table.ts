import { ByteView } from '../minidump/binary';
import { MAX_ARM64_XDATA_BYTES, parseArm64XData, type Arm64XData } from './arm64-xdata';
import { readExceptionDirectory } from './exception-directory';
import { isZeroEntry, readRva, type PeImage } from './pe-image';

/** Packed unwind data (.pdata Flag 1 or 2): the whole prolog/epilog shape in one word. */
export interface Arm64PackedUnwind {
  /** 1 = packed, 2 = packed fragment (a function part without a prolog). */
  readonly flag: 1 | 2;
  /** Function length in bytes. */
  readonly functionLength: number;
  /** RegF as stored: d8..d(8+RegF) are saved when non-zero. */
  readonly regF: number;
  /** RegI as stored: number of x19.. registers saved. */
  readonly regI: number;
  /** H: the argument registers x0-x7 are homed. */
  readonly homedParameters: boolean;
  /** CR: 0 no lr, 1 lr saved, 2 pacibsp + chained fp/lr, 3 chained fp/lr. */
  readonly cr: number;
  /** Frame size in bytes. */
  readonly frameSize: number;
}

/** One ARM64 RUNTIME_FUNCTION: its unwind data is an .xdata RVA, packed, or a reserved form. */
export type Arm64FunctionEntry =
  | { readonly kind: 'xdata'; readonly beginRva: number; readonly xdataRva: number }
  | { readonly kind: 'packed'; readonly beginRva: number; readonly packed: Arm64PackedUnwind }
  | { readonly kind: 'reserved'; readonly beginRva: number; readonly raw: number };

/** The ARM64 exception directory, sorted by begin RVA. */
export interface Arm64FunctionTable {
  readonly functions: readonly Arm64FunctionEntry[];
  readonly problems: readonly string[];
}

/** A function entry with its unwind data resolved. */
export type Arm64Unwind =
  | { readonly kind: 'packed'; readonly beginRva: number; readonly endRva: number; readonly packed: Arm64PackedUnwind; readonly problems: readonly string[] }
  | { readonly kind: 'xdata'; readonly beginRva: number; readonly endRva: number; readonly xdata: Arm64XData; readonly problems: readonly string[] }
  | { readonly kind: 'unreadable'; readonly beginRva: number; readonly problems: readonly string[] };

const ENTRY_SIZE = 8;

/** Decodes the packed form of an ARM64 .pdata UnwindData word (Flag must be 1 or 2). */
export function decodeArm64Packed(word: number): Arm64PackedUnwind {
  return {
    flag: (word & 3) === 2 ? 2 : 1,
    functionLength: ((word >>> 2) & 0x7ff) * 4,
    regF: (word >>> 13) & 7,
    regI: (word >>> 16) & 15,
    homedParameters: ((word >>> 20) & 1) === 1,
    cr: (word >>> 21) & 3,
    frameSize: ((word >>> 23) & 0x1ff) * 16,
  };
}

/** Reads the ARM64 .pdata table (8-byte entries; the low two bits of the second word pick the form). */
export async function readArm64FunctionTable(image: PeImage): Promise<Arm64FunctionTable> {
  const problems: string[] = [];
  const { bytes, count: usable } = await readExceptionDirectory(image, 'arm64', ENTRY_SIZE, problems);
  const v = new ByteView(bytes);
  const functions: Arm64FunctionEntry[] = [];
  let sorted = true;
  for (let i = 0; i < usable; i++) {
    const beginRva = v.u32(i * ENTRY_SIZE);
    const word = v.u32(i * ENTRY_SIZE + 4);
    if (isZeroEntry(bytes, i * ENTRY_SIZE)) {
      // Zeros are padding (or the zero-filled tail of a section): the table ends here.
      if (i < usable - 1) problems.push(`the function table ends at an all-zero entry after ${i} of ${usable} entries`);
      break;
    }
    const flag = word & 3;
    const entry: Arm64FunctionEntry =
      flag === 0 ? { kind: 'xdata', beginRva, xdataRva: word } : flag === 3 ? { kind: 'reserved', beginRva, raw: word } : { kind: 'packed', beginRva, packed: decodeArm64Packed(word) };
    const prev = functions[functions.length - 1];
    if (prev && prev.beginRva > beginRva) sorted = false;
    functions.push(entry);
  }
  const reserved = functions.filter((f) => f.kind === 'reserved').length;
  if (reserved > 0) problems.push(`${reserved} function entr${reserved === 1 ? 'y uses' : 'ies use'} the reserved unwind form 3`);
  if (!sorted) {
    problems.push('the function table is not sorted by address (the loader requires it); it was sorted');
    functions.sort((a, b) => a.beginRva - b.beginRva);
  }
  return { functions, problems };
}

/** The entry with the highest begin RVA at or below `rva` (a candidate: its length is checked by lookupArm64Function). */
export function findArm64Candidate(table: Arm64FunctionTable, rva: number): Arm64FunctionEntry | null {
  const list = table.functions;
  let lo = 0;
  let hi = list.length - 1;
  let found: Arm64FunctionEntry | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.beginRva <= rva) {
      found = list[mid]!;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Resolves an entry's unwind data: decodes the packed word or reads and parses its .xdata record. */
export async function readArm64Unwind(image: PeImage, entry: Arm64FunctionEntry): Promise<Arm64Unwind> {
  const problems: string[] = [];
  if (entry.kind === 'packed') return { kind: 'packed', beginRva: entry.beginRva, endRva: entry.beginRva + entry.packed.functionLength, packed: entry.packed, problems };
  if (entry.kind === 'reserved') return { kind: 'unreadable', beginRva: entry.beginRva, problems: [`the function at RVA 0x${entry.beginRva.toString(16)} uses the reserved unwind form 3`] };
  // Read the header first: the record's real size is known only from it (most are tiny).
  const head = await readRva(image, entry.xdataRva, 8);
  const size = xdataSize(head);
  const bytes = size === null ? head : await readRva(image, entry.xdataRva, Math.min(size, MAX_ARM64_XDATA_BYTES));
  const xdata = parseArm64XData(bytes, entry.xdataRva, problems);
  if (!xdata) return { kind: 'unreadable', beginRva: entry.beginRva, problems };
  return { kind: 'xdata', beginRva: entry.beginRva, endRva: entry.beginRva + xdata.functionLength, xdata, problems };
}

/** Bytes an .xdata record spans according to its header (null when the header itself is cut off). */
function xdataSize(head: Uint8Array): number | null {
  const v = new ByteView(head);
  if (!v.has(0, 4)) return null;
  const h = v.u32(0);
  let epilogs = (h >>> 22) & 0x1f;
  let words = h >>> 27;
  let size = 4;
  if (epilogs === 0 && words === 0) {
    if (!v.has(4, 4)) return null;
    epilogs = v.u16(4);
    words = v.u8(6);
    size = 8;
  }
  const packedEpilog = ((h >>> 21) & 1) === 1;
  return size + (packedEpilog ? 0 : epilogs * 4) + words * 4 + (((h >>> 20) & 1) === 1 ? 4 : 0);
}

/** The function containing `rva` with its unwind data, or null (a leaf function or no entry). */
export async function lookupArm64Function(image: PeImage, table: Arm64FunctionTable, rva: number): Promise<Arm64Unwind | null> {
  const candidate = findArm64Candidate(table, rva);
  if (!candidate) return null;
  const unwind = await readArm64Unwind(image, candidate);
  if (unwind.kind === 'unreadable') return unwind;
  return rva < unwind.endRva ? unwind : null;
}
