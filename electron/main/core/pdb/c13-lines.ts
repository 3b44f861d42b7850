import { ByteView } from '../minidump/binary';

const DEBUG_S_IGNORE = 0x80000000;
const DEBUG_S_LINES = 0xf2;
const DEBUG_S_FILECHKSMS = 0xf4;
const DEBUG_S_INLINEELINES = 0xf6;
const CV_LINES_HAVE_COLUMNS = 0x1;
/** Line numbers that mark compiler-generated code rather than a source line. */
const HIDDEN_LINES = new Set([0xfeefee, 0xf00f00]);

/** Where an inlined function starts in the source (DEBUG_S_INLINEELINES). */
export interface InlineeSource {
  /** File checksum offset. */
  readonly file: number;
  readonly line: number;
}

/** Line entry flag: the end of a contribution (covers nothing). */
export const LINE_END = 1;
/** Line entry flag: a contribution's first line extended back to the contribution start. */
export const LINE_SYNTHETIC = 2;

/**
 * A module's C13 line information, sorted by RVA. Entry i covers [rva[i], rva[i + 1]); entries
 * flagged LINE_END mark the end of a contribution and cover nothing; LINE_SYNTHETIC ones extend a
 * contribution's first line back to its start (not in the file as such).
 */
export interface ModuleLines {
  readonly rva: Uint32Array;
  /** Line number (0 = none). */
  readonly line: Uint32Array;
  /** Start column (0 = none). */
  readonly column: Uint16Array;
  /** File checksum offset of each entry. */
  readonly file: Uint32Array;
  readonly flags: Uint8Array;
  /** File checksum offset → offset of the file name in the /names string table. */
  readonly checksums: ReadonlyMap<number, number>;
  /** Inlinee function id → where that function starts in the source. */
  readonly inlinees: ReadonlyMap<number, InlineeSource>;
}

interface Entry {
  readonly rva: number;
  readonly line: number;
  readonly column: number;
  readonly file: number;
  readonly flags: number;
  readonly seq: number;
}

function parseChecksums(v: ByteView, out: Map<number, number>): void {
  let at = 0;
  while (at + 6 <= v.length) {
    out.set(at, v.u32(at));
    at = (at + 6 + v.u8(at + 4) + 3) & ~3;
  }
}

function parseInlinees(v: ByteView, out: Map<number, InlineeSource>): void {
  const extended = v.u32(0) === 1;
  let at = 4;
  while (at + 12 <= v.length) {
    out.set(v.u32(at), { file: v.u32(at + 4), line: v.u32(at + 8) });
    at += 12;
    if (extended) {
      const extra = v.u32(at);
      at += 4 + extra * 4;
    }
  }
}

function parseLines(v: ByteView, sourceRva: (section: number, offset: number) => number | null, out: Entry[]): void {
  const base = sourceRva(v.u16(4), v.u32(0));
  if (base === null) return;
  const hasColumns = (v.u16(6) & CV_LINES_HAVE_COLUMNS) !== 0;
  const size = v.u32(8);
  const first = out.length;
  let at = 12;
  // One block per source file; blocks of several files interleave by address.
  while (at + 12 <= v.length) {
    const file = v.u32(at);
    const count = v.u32(at + 4);
    const blockSize = v.u32(at + 8);
    if (blockSize < 12 || at + blockSize > v.length || count > (blockSize - 12) / 8) break;
    const columns = at + 12 + count * 8;
    const withColumns = hasColumns && columns + count * 4 <= at + blockSize;
    for (let i = 0; i < count; i++) {
      const start = v.u32(at + 16 + i * 8) & 0xffffff;
      out.push({
        rva: (base + v.u32(at + 12 + i * 8)) >>> 0,
        line: HIDDEN_LINES.has(start) ? 0 : start,
        column: withColumns ? v.u16(columns + i * 4) : 0,
        file,
        flags: 0,
        seq: out.length,
      });
    }
    at += blockSize;
  }
  if (out.length === first) return;
  let lowest = out[first]!;
  for (let i = first + 1; i < out.length; i++) if (out[i]!.rva < lowest.rva) lowest = out[i]!;
  // Code before the first entry of a contribution belongs to its first line (as llvm-symbolizer has it).
  if (lowest.rva !== base) out.push({ ...lowest, rva: base, flags: LINE_SYNTHETIC, seq: -1 });
  out.push({ rva: (base + size) >>> 0, line: 0, column: 0, file: lowest.file, flags: LINE_END, seq: out.length });
}

/**
 * Parses a module's C13 subsections (lines, file checksums, inlinee source lines). Damaged
 * subsections are skipped with a problem; what parsed before them is kept.
 */
export function parseC13(bytes: Uint8Array, sourceRva: (section: number, offset: number) => number | null, problems: string[]): ModuleLines {
  const v = new ByteView(bytes);
  const entries: Entry[] = [];
  const checksums = new Map<number, number>();
  const inlinees = new Map<number, InlineeSource>();
  let at = 0;
  while (at + 8 <= v.length) {
    const kind = v.u32(at);
    const length = v.u32(at + 4);
    if (length > v.length - at - 8) {
      problems.push(`a C13 debug subsection (kind 0x${kind.toString(16)}) runs past the end of its module`);
      break;
    }
    const body = v.sub(at + 8, length);
    try {
      if (kind & DEBUG_S_IGNORE) {
        // Marked "ignore" by the linker: skip it.
      } else if (kind === DEBUG_S_LINES) parseLines(body, sourceRva, entries);
      else if (kind === DEBUG_S_FILECHKSMS) parseChecksums(body, checksums);
      else if (kind === DEBUG_S_INLINEELINES) parseInlinees(body, inlinees);
    } catch {
      problems.push(`a C13 debug subsection (kind 0x${kind.toString(16)}) is damaged`);
    }
    at = (at + 8 + length + 3) & ~3;
  }
  // By address; at one address the end of a contribution sorts before a line that starts there,
  // and duplicates keep file order.
  entries.sort((a, b) => a.rva - b.rva || (b.flags & LINE_END) - (a.flags & LINE_END) || a.seq - b.seq);
  const n = entries.length;
  const lines: ModuleLines = {
    rva: new Uint32Array(n),
    line: new Uint32Array(n),
    column: new Uint16Array(n),
    file: new Uint32Array(n),
    flags: new Uint8Array(n),
    checksums,
    inlinees,
  };
  entries.forEach((e, i) => {
    lines.rva[i] = e.rva;
    lines.line[i] = e.line;
    lines.column[i] = e.column;
    lines.file[i] = e.file;
    lines.flags[i] = e.flags;
  });
  return lines;
}

/**
 * The line entry covering `rva`, or -1. Several entries at one address (a zero-length prologue
 * line, then the real one): the last of them covers the code after that address, the first is
 * reported for the address itself (both as llvm-symbolizer does).
 */
export function findLine(lines: ModuleLines, rva: number): number {
  let lo = 0;
  let hi = lines.rva.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (lines.rva[mid]! <= rva) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (at < 0 || lines.flags[at]! & LINE_END) return -1;
  if (lines.rva[at] === rva) while (at > 0 && lines.rva[at - 1] === rva && !(lines.flags[at - 1]! & LINE_END)) at--;
  return at;
}
