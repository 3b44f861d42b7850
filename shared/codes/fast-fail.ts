/**
 * Fast-fail reason lookup. A 0xC0000409 (STATUS_STACK_BUFFER_OVERRUN) report carries the
 * FAST_FAIL_* reason as its Exception Data (BEX/BEX64 Sig[8]) or ExceptionInformation[0].
 */
import { parseCode32, toHexShort } from './code-format';
import { FAST_FAIL_CODES, type FastFailCategory } from './fast-fail-table';

export type { FastFailCategory } from './fast-fail-table';

/** A fast-fail reason that parsed as a number. */
export interface ValidFastFail {
  readonly valid: true;
  /** The reason as a number (`72`). */
  readonly code: number;
  /** The reason as short hex (`0x48`). */
  readonly hex: string;
  /** `FAST_FAIL_…` name, or null when the reason is not in our table. */
  readonly name: string | null;
  /** One plain sentence; for reasons not in our table, says so. */
  readonly summary: string;
  readonly category: FastFailCategory | null;
}

/** Input that is not a fast-fail reason number. */
export interface InvalidFastFail {
  readonly valid: false;
  readonly code: null;
  readonly hex: null;
  readonly name: null;
  readonly summary: string;
  readonly category: null;
}

/** Result of describeFastFail: check `valid` before using `code`. */
export type FastFailDescription = ValidFastFail | InvalidFastFail;

/**
 * Describes a fast-fail reason given as hex text (`'7'`, `'0x48'`, `'0000000000000048'` as in
 * BEX64 Sig[8]) or a number. Reasons not in our table keep `name` null rather than a guess.
 */
export function describeFastFail(input: string | number): FastFailDescription {
  const code = parseCode32(input);
  if (code === null) {
    const summary = `"${String(input).trim()}" is not a fast-fail reason code.`;
    return { valid: false, code: null, hex: null, name: null, summary, category: null };
  }
  const hex = toHexShort(code);
  const info = FAST_FAIL_CODES[code];
  return {
    valid: true,
    code,
    hex,
    name: info?.name ?? null,
    summary: info?.summary ?? `Fast-fail reason ${hex} is not in our table (it may be newer, or not public).`,
    category: info?.category ?? null,
  };
}
