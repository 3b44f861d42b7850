import { ByteView } from '../minidump/binary';
import { decodeArm64UnwindCodes, type Arm64UnwindCode } from './arm64-unwind-codes';

/** One epilog scope of an ARM64 .xdata record. */
export interface Arm64EpilogScope {
  /** Offset of the epilog from the function start, in bytes. */
  readonly startOffset: number;
  /** Byte index into the code array where this epilog's codes start. */
  readonly startIndex: number;
  /** The 4 reserved bits, kept so damage is visible. */
  readonly reserved: number;
  readonly codes: readonly Arm64UnwindCode[];
}

/** A parsed ARM64 .xdata record (the non-packed unwind form). */
export interface Arm64XData {
  readonly rva: number;
  /** Function length in bytes. */
  readonly functionLength: number;
  readonly version: number;
  /** X: an exception handler RVA and its data follow the codes. */
  readonly hasExceptionData: boolean;
  /** E: one epilog that shares the code array from `singleEpilogIndex`, and no scope list. */
  readonly packedEpilog: boolean;
  /** Whether the counts came from the extended header word (both short counts were 0). */
  readonly extendedHeader: boolean;
  readonly epilogCount: number;
  readonly codeWords: number;
  readonly epilogScopes: readonly Arm64EpilogScope[];
  /** With E set: the code index of the single epilog; else null. */
  readonly singleEpilogIndex: number | null;
  /** The unwind code bytes exactly as stored (codeWords × 4 bytes, including padding). */
  readonly codeBytes: readonly number[];
  /** Codes from index 0 up to the first `end`: the prolog, in reverse instruction order. */
  readonly prolog: readonly Arm64UnwindCode[];
  /** With E set: the single epilog's codes; else empty (see epilogScopes). */
  readonly singleEpilog: readonly Arm64UnwindCode[];
  readonly handlerRva: number | null;
  readonly handlerDataRva: number | null;
}

/** Codes decoded for all epilog scopes of one record together. */
const MAX_DECODED_CODES = 16384;

/** Most bytes an .xdata record can need: header words, 65,535 scopes, 255 code words, handler. */
export const MAX_ARM64_XDATA_BYTES = 8 + 65535 * 4 + 255 * 4 + 4;

/** Parses an ARM64 .xdata record from bytes read at `rva`. */
export function parseArm64XData(bytes: Uint8Array, rva: number, problems: string[]): Arm64XData | null {
  const v = new ByteView(bytes);
  const where = `the ARM64 unwind data at RVA 0x${rva.toString(16)}`;
  if (!v.has(0, 4)) {
    problems.push(`${where} is cut off`);
    return null;
  }
  const h = v.u32(0);
  const hasExceptionData = ((h >>> 20) & 1) === 1;
  const packedEpilog = ((h >>> 21) & 1) === 1;
  let epilogCount = (h >>> 22) & 0x1f;
  let codeWords = h >>> 27;
  let at = 4;
  const extendedHeader = epilogCount === 0 && codeWords === 0;
  if (extendedHeader) {
    if (!v.has(4, 4)) {
      problems.push(`${where} is cut off inside its extended header`);
      return null;
    }
    epilogCount = v.u16(4);
    codeWords = v.u8(6);
    at = 8;
  }
  const scopeCount = packedEpilog ? 0 : epilogCount;
  const scopesAt = at;
  const codesAt = scopesAt + scopeCount * 4;
  const codeEnd = codesAt + codeWords * 4;
  if (!v.has(0, codeEnd)) {
    problems.push(`${where} is cut off (needs ${codeEnd} bytes, ${bytes.length} readable)`);
    return null;
  }
  const codeArray = bytes.subarray(codesAt, codeEnd);
  // Scopes usually share code sequences; decoding each start index once keeps a hostile record
  // (65,535 scopes over 1,020 code bytes) from producing tens of millions of codes.
  const decoded = new Map<number, readonly Arm64UnwindCode[]>();
  let budget = MAX_DECODED_CODES;
  const codesFrom = (index: number): readonly Arm64UnwindCode[] => {
    const hit = decoded.get(index);
    if (hit) return hit;
    if (budget <= 0) return [];
    const codes = decodeArm64UnwindCodes(codeArray, index, problems);
    budget -= codes.length;
    if (budget <= 0) problems.push(`${where}: more than ${MAX_DECODED_CODES} epilog codes; the remaining scopes are not decoded`);
    decoded.set(index, codes);
    return codes;
  };
  const prolog = codesFrom(0);
  const epilogScopes: Arm64EpilogScope[] = [];
  let badScopes = 0;
  for (let i = 0; i < scopeCount; i++) {
    const s = v.u32(scopesAt + i * 4);
    const startIndex = s >>> 22;
    if (startIndex >= codeArray.length) badScopes++;
    epilogScopes.push({ startOffset: (s & 0x3ffff) * 4, startIndex, reserved: (s >>> 18) & 15, codes: codesFrom(startIndex) });
  }
  if (badScopes > 0) problems.push(`${where}: ${badScopes} epilog scope(s) start past the ${codeArray.length} code bytes`);
  let handlerRva: number | null = null;
  if (hasExceptionData) {
    if (v.has(codeEnd, 4)) handlerRva = v.u32(codeEnd);
    else problems.push(`${where}: the exception handler address is cut off`);
  }
  const singleEpilogIndex = packedEpilog ? epilogCount : null;
  return {
    rva,
    functionLength: (h & 0x3ffff) * 4,
    version: (h >>> 18) & 3,
    hasExceptionData,
    packedEpilog,
    extendedHeader,
    epilogCount,
    codeWords,
    epilogScopes,
    singleEpilogIndex,
    codeBytes: Array.from(codeArray),
    prolog,
    singleEpilog: singleEpilogIndex === null ? [] : codesFrom(singleEpilogIndex),
    handlerRva,
    handlerDataRva: handlerRva === null ? null : rva + codeEnd + 4,
  };
}
