/**
 * Bug-check (stop code) lookup for BlueScreen and LiveKernelEvent reports. Codes with the
 * 0x10000000 bit (0x1000007E, 0x1000008E, …) are the "with parameters" variants Windows reports
 * for some stops; they mean the same as the base code.
 */
import { parseCode32, toHex8, toHexShort } from './code-format';
import { BUGCHECK_CODES } from './bugcheck-table';
import { LIVE_DUMP_CODES, LIVE_ONLY_CODES, NO_CRASH_SUMMARY } from './bugcheck-live-table';

/** A bug-check code that parsed as a number. */
export interface ValidBugCheck {
  readonly valid: true;
  /** The code as given, 8 lower-case hex digits (`1000007e`). */
  readonly code: string;
  /** The code the name belongs to, without the 0x10000000 variant bit (`0000007e`). */
  readonly baseCode: string;
  /** True for the 0x1000xxxx "with parameters" variant. */
  readonly withParameters: boolean;
  /** Symbolic name, or null when the code is not in our table. */
  readonly name: string | null;
  /** One plain sentence; for codes not in our table, says so. */
  readonly summary: string;
  /** True for live-dump codes: Windows recorded the problem and kept running (no blue screen). */
  readonly liveDump: boolean;
}

/** Input that is not a bug-check code; `code` is the input as given, trimmed. */
export interface InvalidBugCheck {
  readonly valid: false;
  readonly code: string;
  readonly baseCode: null;
  readonly withParameters: false;
  readonly name: null;
  readonly summary: string;
  readonly liveDump: false;
}

/** Result of describeBugCheck: check `valid` before using `baseCode`. */
export type BugCheckDescription = ValidBugCheck | InvalidBugCheck;

const PARAMETERS_VARIANT = 0x10000000;

/**
 * Describes a bug-check code given as hex text (`'18'`, `'0x18'`, `'00000018'`, `'1000007e'`,
 * as BlueScreen / LiveKernelEvent Sig[0] and event 1001 write it) or a number.
 */
export function describeBugCheck(input: string | number): BugCheckDescription {
  const value = parseCode32(input);
  if (value === null) {
    const code = String(input).trim();
    const summary = `"${code}" is not a bug-check code.`;
    return { valid: false, code, baseCode: null, withParameters: false, name: null, summary, liveDump: false };
  }
  const withParameters = (value & 0xf0000000) === PARAMETERS_VARIANT;
  const base = withParameters ? value & 0x0fffffff : value;
  // The main table's own sentences win; live-only codes it lacks get the generic live-dump one.
  const info = BUGCHECK_CODES[base] ?? LIVE_DUMP_CODES[base];
  const fallback = base === 0 ? NO_CRASH_SUMMARY : `Bug check ${toHexShort(base)} is not in our table; Microsoft’s reference lists it.`;
  return {
    valid: true,
    code: toHex8(value),
    baseCode: toHex8(base),
    withParameters,
    name: info?.name ?? null,
    summary: info?.summary ?? fallback,
    liveDump: LIVE_ONLY_CODES.has(base),
  };
}
