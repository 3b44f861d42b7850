import type { ByteView } from '../minidump/binary';
import { fail } from './pdb-error';

const UTF8 = new TextDecoder('utf-8');

/** CodeView symbol record kinds this reader understands. */
export const SymbolKind = {
  S_END: 0x0006,
  S_THUNK32: 0x1102,
  S_BLOCK32: 0x1103,
  S_WITH32: 0x1104,
  S_PUB32: 0x110e,
  S_LPROC32: 0x110f,
  S_GPROC32: 0x1110,
  S_GMANPROC: 0x112a,
  S_LMANPROC: 0x112b,
  S_SEPCODE: 0x1132,
  S_LPROC32_ID: 0x1146,
  S_GPROC32_ID: 0x1147,
  S_INLINESITE: 0x114d,
  S_INLINESITE_END: 0x114e,
  S_PROC_ID_END: 0x114f,
  S_LPROC32_DPC: 0x1155,
  S_LPROC32_DPC_ID: 0x1156,
  S_INLINESITE2: 0x115d,
} as const;

const PROC_KINDS = new Set<number>([
  SymbolKind.S_LPROC32,
  SymbolKind.S_GPROC32,
  SymbolKind.S_LPROC32_ID,
  SymbolKind.S_GPROC32_ID,
  SymbolKind.S_LPROC32_DPC,
  SymbolKind.S_LPROC32_DPC_ID,
]);
const SCOPE_KINDS = new Set<number>([
  ...PROC_KINDS,
  SymbolKind.S_THUNK32,
  SymbolKind.S_BLOCK32,
  SymbolKind.S_WITH32,
  SymbolKind.S_SEPCODE,
  SymbolKind.S_GMANPROC,
  SymbolKind.S_LMANPROC,
  SymbolKind.S_INLINESITE,
  SymbolKind.S_INLINESITE2,
]);
const END_KINDS = new Set<number>([SymbolKind.S_END, SymbolKind.S_PROC_ID_END, SymbolKind.S_INLINESITE_END]);

/** Whether a record kind is a procedure (S_GPROC32, S_LPROC32 and their _ID/_DPC variants). */
export function isProcKind(kind: number): boolean {
  return PROC_KINDS.has(kind);
}

/** Whether a record kind opens a scope that a matching end record closes. */
export function opensScope(kind: number): boolean {
  return SCOPE_KINDS.has(kind);
}

/** Whether a record kind closes a scope. */
export function closesScope(kind: number): boolean {
  return END_KINDS.has(kind);
}

/** The header of one symbol record: where it is and where the next one starts. */
export interface RecordHeader {
  readonly kind: number;
  /** Offset of the record (its length field) in the view. */
  readonly at: number;
  /** Offset just past the record. */
  readonly next: number;
}

/** Reads the record header at `at`, or null when no whole record fits there. */
export function recordAt(v: ByteView, at: number): RecordHeader | null {
  if (!v.has(at, 4)) return null;
  const length = v.u16(at);
  if (length < 2 || !v.has(at + 2, length)) return null;
  return { kind: v.u16(at + 2), at, next: at + 2 + length };
}

function nameAt(v: ByteView, at: number, end: number): string {
  const bytes = v.bytes.subarray(Math.min(at, end), end);
  const nul = bytes.indexOf(0);
  return UTF8.decode(nul < 0 ? bytes : bytes.subarray(0, nul));
}

/** A procedure record (S_*PROC32*). */
export interface ProcRecord {
  /** Offset of the record's matching end record, relative to the start of the symbol stream. */
  readonly end: number;
  readonly codeSize: number;
  readonly offset: number;
  readonly section: number;
  readonly name: string;
}

/** Parses a procedure record's fields. Throws PdbFormatError when it is cut short. */
export function parseProc(v: ByteView, r: RecordHeader): ProcRecord {
  const a = r.at;
  if (r.next < a + 39) fail(`the procedure record at +${a} is cut short`);
  return { end: v.u32(a + 8), codeSize: v.u32(a + 16), offset: v.u32(a + 32), section: v.u16(a + 36), name: nameAt(v, a + 39, r.next) };
}

/** An inline call site record (S_INLINESITE / S_INLINESITE2). */
export interface InlineSiteRecord {
  readonly parent: number;
  readonly end: number;
  /** Function id (LF_FUNC_ID / LF_MFUNC_ID) of the inlined function, in the IPI stream. */
  readonly inlinee: number;
  /** The binary annotations that describe its code ranges and lines. */
  readonly annotations: Uint8Array;
}

/** Parses an inline site record. Throws PdbFormatError when it is cut short. */
export function parseInlineSite(v: ByteView, r: RecordHeader): InlineSiteRecord {
  const a = r.at;
  const start = r.kind === SymbolKind.S_INLINESITE2 ? a + 20 : a + 16;
  if (start > r.next) fail(`the inline site record at +${a} is cut short`);
  return { parent: v.u32(a + 4), end: v.u32(a + 8), inlinee: v.u32(a + 12), annotations: v.bytes.subarray(start, r.next) };
}

/** A public symbol record (S_PUB32). */
export interface PublicRecord {
  /** CV_PUBSYMFLAGS: 1 code, 2 function, 4 managed, 8 MSIL. */
  readonly flags: number;
  readonly offset: number;
  readonly section: number;
  readonly name: string;
}

/** Parses an S_PUB32 record. Throws PdbFormatError when it is cut short. */
export function parsePublic(v: ByteView, r: RecordHeader): PublicRecord {
  const a = r.at;
  if (r.next < a + 14) fail(`the public symbol record at +${a} is cut short`);
  return { flags: v.u32(a + 4), offset: v.u32(a + 8), section: v.u16(a + 12), name: nameAt(v, a + 14, r.next) };
}
