import { ByteView } from '../minidump/binary';

/** UNW_FLAG_* bits of UNWIND_INFO. */
export const X64UnwindFlag = { ehandler: 1, uhandler: 2, chainInfo: 4 } as const;

/** One RUNTIME_FUNCTION: a function's [begin, end) RVAs and the RVA of its UNWIND_INFO. */
export interface X64RuntimeFunction {
  readonly beginRva: number;
  readonly endRva: number;
  /** Bit 0 set means "points at another RUNTIME_FUNCTION", an indirection some images use. */
  readonly unwindRva: number;
}

/**
 * One decoded unwind code. `prologOffset` is the code's offset from the function start where the
 * prolog instruction ENDS (UNWIND_CODE.CodeOffset): RtlVirtualUnwind skips codes whose offset is
 * beyond the current IP while inside the prolog. Registers are x64 numbers (0 rax … 15 r15) and
 * XMM numbers; sizes and offsets are in bytes, already scaled.
 */
export type X64UnwindCode =
  | { readonly kind: 'push-nonvol'; readonly prologOffset: number; readonly register: number }
  | { readonly kind: 'alloc-large'; readonly prologOffset: number; readonly size: number; readonly slots: 2 | 3 }
  | { readonly kind: 'alloc-small'; readonly prologOffset: number; readonly size: number }
  /** Frame register = rsp + UNWIND_INFO frameOffset (from the header). */
  | { readonly kind: 'set-fpreg'; readonly prologOffset: number }
  | { readonly kind: 'save-nonvol'; readonly prologOffset: number; readonly register: number; readonly offset: number; readonly far: boolean }
  | { readonly kind: 'save-xmm128'; readonly prologOffset: number; readonly register: number; readonly offset: number; readonly far: boolean }
  | { readonly kind: 'push-machframe'; readonly prologOffset: number; readonly errorCode: boolean }
  /** Version 2: the first UWOP_EPILOG gives the common epilog size and whether one ends the function. */
  | { readonly kind: 'epilog-header'; readonly size: number; readonly atEnd: boolean }
  /** Version 2: an epilog starting `offsetFromEnd` bytes before the function's end (0 = padding, skipped). */
  | { readonly kind: 'epilog'; readonly offsetFromEnd: number };

/** A parsed UNWIND_INFO. */
export interface X64UnwindInfo {
  readonly rva: number;
  readonly version: number;
  readonly flags: number;
  readonly hasExceptionHandler: boolean;
  readonly hasTerminationHandler: boolean;
  readonly isChained: boolean;
  readonly prologSize: number;
  /** CountOfCodes as written: slots, not codes (some codes take two or three slots). */
  readonly slotCount: number;
  /** 0 = no frame register; else the register number (5 = rbp …). */
  readonly frameRegister: number;
  /** Frame register offset from rsp in bytes (the header's 4-bit value × 16). */
  readonly frameOffset: number;
  /** In array order: the first code describes the LAST prolog instruction. */
  readonly codes: readonly X64UnwindCode[];
  /** Language handler RVA when EHANDLER/UHANDLER is set (and not chained), else null. */
  readonly handlerRva: number | null;
  /** RVA of the handler-specific data right after the handler RVA, else null. */
  readonly handlerDataRva: number | null;
  /** The parent function whose unwind info is applied after this one (CHAININFO), else null. */
  readonly chained: X64RuntimeFunction | null;
}

/** x64 general register names by unwind number. */
export const X64_REGISTERS: readonly string[] = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'];

/** Largest UNWIND_INFO: header, 255 slots (+1 pad), then a handler RVA or a chained RUNTIME_FUNCTION. */
export const MAX_X64_UNWIND_INFO_BYTES = 4 + 256 * 2 + 12;

/** Parses an UNWIND_INFO from bytes read at `rva` (at most MAX_X64_UNWIND_INFO_BYTES are used). */
export function parseX64UnwindInfo(bytes: Uint8Array, rva: number, problems: string[]): X64UnwindInfo | null {
  const v = new ByteView(bytes);
  if (!v.has(0, 4)) {
    problems.push(`the unwind info at RVA 0x${rva.toString(16)} is cut off`);
    return null;
  }
  const version = v.u8(0) & 7;
  const flags = v.u8(0) >> 3;
  if (version !== 1 && version !== 2) {
    problems.push(`the unwind info at RVA 0x${rva.toString(16)} has unknown version ${version}`);
    return null;
  }
  const slotCount = v.u8(2);
  const frame = v.u8(3);
  const isChained = (flags & X64UnwindFlag.chainInfo) !== 0;
  const codes = decodeCodes(v, slotCount, version, rva, problems);
  // The trailer follows the code array padded to an even slot count.
  const trailer = 4 + ((slotCount + 1) & ~1) * 2;
  let handlerRva: number | null = null;
  let chained: X64RuntimeFunction | null = null;
  if (isChained) {
    if (v.has(trailer, 12)) chained = { beginRva: v.u32(trailer), endRva: v.u32(trailer + 4), unwindRva: v.u32(trailer + 8) };
    else problems.push(`the chained entry after the unwind info at RVA 0x${rva.toString(16)} is cut off`);
  } else if ((flags & (X64UnwindFlag.ehandler | X64UnwindFlag.uhandler)) !== 0) {
    if (v.has(trailer, 4)) handlerRva = v.u32(trailer);
    else problems.push(`the handler address after the unwind info at RVA 0x${rva.toString(16)} is cut off`);
  }
  return {
    rva,
    version,
    flags,
    hasExceptionHandler: (flags & X64UnwindFlag.ehandler) !== 0,
    hasTerminationHandler: (flags & X64UnwindFlag.uhandler) !== 0,
    isChained,
    prologSize: v.u8(1),
    slotCount,
    frameRegister: frame & 15,
    frameOffset: (frame >> 4) * 16,
    codes,
    handlerRva,
    handlerDataRva: handlerRva === null ? null : rva + trailer + 4,
    chained,
  };
}

function decodeCodes(v: ByteView, slotCount: number, version: number, rva: number, problems: string[]): X64UnwindCode[] {
  const codes: X64UnwindCode[] = [];
  const where = `the unwind info at RVA 0x${rva.toString(16)}`;
  if (!v.has(4, slotCount * 2)) {
    problems.push(`${where} is cut off inside its unwind codes`);
    return codes;
  }
  const slot = (i: number): number => v.u16(4 + i * 2);
  let seenEpilogHeader = false;
  for (let i = 0; i < slotCount; ) {
    const prologOffset = v.u8(4 + i * 2);
    const op = v.u8(5 + i * 2) & 15;
    const info = v.u8(5 + i * 2) >> 4;
    // How many slots this code uses; operands past the array mean the array is damaged.
    const need = op === 1 ? (info === 0 ? 2 : 3) : op === 4 || op === 8 ? 2 : op === 5 || op === 9 ? 3 : 1;
    if (i + need > slotCount) {
      problems.push(`${where} has a code whose operands run past its ${slotCount} slots`);
      break;
    }
    switch (op) {
      case 0:
        codes.push({ kind: 'push-nonvol', prologOffset, register: info });
        break;
      case 1:
        codes.push(info === 0 ? { kind: 'alloc-large', prologOffset, size: slot(i + 1) * 8, slots: 2 } : { kind: 'alloc-large', prologOffset, size: (slot(i + 1) + slot(i + 2) * 65536) >>> 0, slots: 3 });
        break;
      case 2:
        codes.push({ kind: 'alloc-small', prologOffset, size: info * 8 + 8 });
        break;
      case 3:
        codes.push({ kind: 'set-fpreg', prologOffset });
        break;
      case 4:
      case 5:
        codes.push({ kind: 'save-nonvol', prologOffset, register: info, offset: op === 4 ? slot(i + 1) * 8 : far(slot, i), far: op === 5 });
        break;
      case 8:
      case 9:
        codes.push({ kind: 'save-xmm128', prologOffset, register: info, offset: op === 8 ? slot(i + 1) * 16 : far(slot, i), far: op === 9 });
        break;
      case 10:
        codes.push({ kind: 'push-machframe', prologOffset, errorCode: info !== 0 });
        break;
      case 6:
        // In version 1, opcode 6 is the obsolete UWOP_SAVE_XMM whose slot count is uncertain.
        if (version !== 2) return unknownOpcode(codes, where, op, problems);
        if (!seenEpilogHeader) codes.push({ kind: 'epilog-header', size: prologOffset, atEnd: (info & 1) === 1 });
        else if (prologOffset !== 0 || info !== 0) codes.push({ kind: 'epilog', offsetFromEnd: prologOffset | (info << 8) });
        seenEpilogHeader = true;
        break;
      default:
        return unknownOpcode(codes, where, op, problems);
    }
    i += need;
  }
  return codes;
}

function unknownOpcode(codes: X64UnwindCode[], where: string, op: number, problems: string[]): X64UnwindCode[] {
  problems.push(`${where} has unknown unwind opcode ${op}; the codes after it are not decoded`);
  return codes;
}

function far(slot: (i: number) => number, i: number): number {
  return (slot(i + 1) + slot(i + 2) * 65536) >>> 0;
}
