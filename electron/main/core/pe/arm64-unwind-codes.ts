/**
 * One decoded ARM64 unwind code (the byte codes of .xdata). `index` is the code's byte position in
 * the code array and `bytes` its raw bytes. Offsets and sizes are in bytes, already scaled;
 * `-x` kinds are the pre-indexed forms (`[sp, #-offset]!`). Registers are x/d register numbers.
 * save_any_reg keeps its offset field unscaled (its scale depends on the register class).
 */
export type Arm64UnwindCode = { readonly index: number; readonly bytes: readonly number[] } & (
  | { readonly kind: 'alloc-s' | 'alloc-m' | 'alloc-l'; readonly size: number }
  | { readonly kind: 'save-r19r20-x' | 'save-fplr' | 'save-fplr-x'; readonly offset: number }
  | { readonly kind: 'save-regp' | 'save-regp-x' | 'save-reg' | 'save-reg-x' | 'save-lrpair'; readonly register: number; readonly offset: number }
  | { readonly kind: 'save-fregp' | 'save-fregp-x' | 'save-freg' | 'save-freg-x'; readonly register: number; readonly offset: number }
  | { readonly kind: 'alloc-z'; readonly vectors: number }
  | { readonly kind: 'add-fp'; readonly offset: number }
  | { readonly kind: 'save-any-reg'; readonly pair: boolean; readonly writeback: boolean; readonly register: number; readonly registerClass: number; readonly offsetField: number }
  | {
      readonly kind:
        | 'set-fp'
        | 'nop'
        | 'end'
        | 'end-c'
        | 'save-next'
        | 'trap-frame'
        | 'machine-frame'
        | 'context'
        | 'ec-context'
        | 'clear-unwound-to-call'
        | 'pac-sign-lr'
        | 'reserved';
    }
);

/** Byte length of the code starting with `b` (reserved codes included, so decoding stays in step). */
export function arm64CodeLength(b: number): number {
  if (b < 0xc0) return 1;
  if (b < 0xe0) return 2; // alloc_m, save_reg*/freg*, alloc_z
  if (b === 0xe0) return 4; // alloc_l
  if (b === 0xe2) return 2; // add_fp
  if (b === 0xe7) return 3; // save_any_reg
  if (b >= 0xf8 && b <= 0xfb) return b - 0xf6; // reserved: 2..5 bytes
  return 1;
}

/** Most codes decoded from one array: a code array is at most 255 words (1,020 bytes). */
const MAX_CODES = 1024;

/**
 * Decodes codes from `start` up to and including the first `end` (or the array's end). A code cut
 * off by the end of the array is reported and dropped.
 */
export function decodeArm64UnwindCodes(codes: Uint8Array, start: number, problems: string[]): Arm64UnwindCode[] {
  const out: Arm64UnwindCode[] = [];
  let i = start;
  while (i < codes.length && out.length < MAX_CODES) {
    const len = arm64CodeLength(codes[i]!);
    if (i + len > codes.length) {
      problems.push(`an unwind code at byte ${i} is cut off by the end of the code array`);
      break;
    }
    const bytes = Array.from(codes.subarray(i, i + len));
    const code = decodeOne(bytes, i);
    out.push(code);
    i += len;
    if (code.kind === 'end') break;
  }
  return out;
}

function decodeOne(b: readonly number[], index: number): Arm64UnwindCode {
  const b0 = b[0]!;
  const b1 = b[1] ?? 0;
  const base = { index, bytes: b };
  if (b0 < 0x20) return { ...base, kind: 'alloc-s', size: b0 * 16 };
  if (b0 < 0x40) return { ...base, kind: 'save-r19r20-x', offset: (b0 & 0x1f) * 8 };
  if (b0 < 0x80) return { ...base, kind: 'save-fplr', offset: (b0 & 0x3f) * 8 };
  if (b0 < 0xc0) return { ...base, kind: 'save-fplr-x', offset: ((b0 & 0x3f) + 1) * 8 };
  if (b0 < 0xc8) return { ...base, kind: 'alloc-m', size: (((b0 & 7) << 8) | b1) * 16 };
  // The save_* family packs a register number X and a scaled offset Z into the low 10 bits.
  const x4 = ((b0 & 3) << 2) | (b1 >> 6);
  const x3 = ((b0 & 1) << 2) | (b1 >> 6);
  const z6 = b1 & 0x3f;
  const z5 = b1 & 0x1f;
  if (b0 < 0xcc) return { ...base, kind: 'save-regp', register: 19 + x4, offset: z6 * 8 };
  if (b0 < 0xd0) return { ...base, kind: 'save-regp-x', register: 19 + x4, offset: (z6 + 1) * 8 };
  if (b0 < 0xd4) return { ...base, kind: 'save-reg', register: 19 + x4, offset: z6 * 8 };
  if (b0 < 0xd6) return { ...base, kind: 'save-reg-x', register: 19 + (((b0 & 1) << 3) | (b1 >> 5)), offset: (z5 + 1) * 8 };
  if (b0 < 0xd8) return { ...base, kind: 'save-lrpair', register: 19 + 2 * x3, offset: z6 * 8 };
  if (b0 < 0xda) return { ...base, kind: 'save-fregp', register: 8 + x3, offset: z6 * 8 };
  if (b0 < 0xdc) return { ...base, kind: 'save-fregp-x', register: 8 + x3, offset: (z6 + 1) * 8 };
  if (b0 < 0xde) return { ...base, kind: 'save-freg', register: 8 + x3, offset: z6 * 8 };
  if (b0 === 0xde) return { ...base, kind: 'save-freg-x', register: 8 + (b1 >> 5), offset: (z5 + 1) * 8 };
  if (b0 === 0xdf) return { ...base, kind: 'alloc-z', vectors: b1 };
  if (b0 === 0xe0) return { ...base, kind: 'alloc-l', size: ((b1 << 16) | (b[2]! << 8) | b[3]!) * 16 };
  if (b0 === 0xe2) return { ...base, kind: 'add-fp', offset: b1 * 8 };
  if (b0 === 0xe7) {
    const b2 = b[2]!;
    return { ...base, kind: 'save-any-reg', pair: (b1 & 0x40) !== 0, writeback: (b1 & 0x20) !== 0, register: b1 & 0x1f, registerClass: b2 >> 6, offsetField: b2 & 0x3f };
  }
  return { ...base, kind: SINGLE_BYTE[b0] ?? 'reserved' };
}

const SINGLE_BYTE: Readonly<Record<number, 'set-fp' | 'nop' | 'end' | 'end-c' | 'save-next' | 'trap-frame' | 'machine-frame' | 'context' | 'ec-context' | 'clear-unwound-to-call' | 'pac-sign-lr'>> = {
  0xe1: 'set-fp',
  0xe3: 'nop',
  0xe4: 'end',
  0xe5: 'end-c',
  0xe6: 'save-next',
  0xe8: 'trap-frame',
  0xe9: 'machine-frame',
  0xea: 'context',
  0xeb: 'ec-context',
  0xec: 'clear-unwound-to-call',
  0xfc: 'pac-sign-lr',
};
