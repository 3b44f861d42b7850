/**
 * Parsing and formatting helpers shared by the code tables (exception codes, bug checks,
 * fast-fail reasons). Pure functions over strings and numbers; no BigInt in any public type.
 */

/** Name and one plain-language sentence for a code in one of the tables. */
export interface CodeInfo {
  /** The symbolic constant as Microsoft spells it (`STATUS_ACCESS_VIOLATION`). */
  readonly name: string;
  /** One sentence a support person understands: what happened and what it usually means. */
  readonly summary: string;
}

const HEX = /^(?:0x)?([0-9a-f]{1,16})$/i;
const NEG_DECIMAL = /^-\d{1,10}$/;

/**
 * Reads a 32-bit code written as hex (`0xC0000005`, `c0000005`, `18`, zero-padded or
 * sign-extended 64-bit forms such as `0000000000000048` / `ffffffffc0000005`), a negative decimal
 * string (`-1073741819`, how some tools print exit codes) or a number (negative numbers are taken
 * as two's complement). Returns the unsigned value, or null when the input is not such a code.
 */
export function parseCode32(input: string | number): number | null {
  if (typeof input === 'number') {
    if (!Number.isInteger(input) || input < -0x80000000 || input > 0xffffffff) return null;
    return input >>> 0;
  }
  const text = input.trim();
  if (NEG_DECIMAL.test(text)) return parseCode32(Number(text));
  const m = HEX.exec(text);
  if (!m?.[1]) return null;
  const digits = m[1].toLowerCase().padStart(16, '0');
  const high = digits.slice(0, 8);
  const low = Number.parseInt(digits.slice(8), 16);
  // 32-bit processes store codes sign-extended in 64-bit fields; both halves must agree.
  if (high === '00000000') return low;
  if (high === 'ffffffff' && low >= 0x80000000) return low;
  return null;
}

/** Eight lower-case hex digits without prefix (`c0000005`). */
export function toHex8(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

/** Shortest lower-case hex with a `0x` prefix (`0x48`). */
export function toHexShort(value: number): string {
  return `0x${(value >>> 0).toString(16)}`;
}

/**
 * Reads an address or parameter written as hex (with or without `0x`, up to 64 bits) into a
 * BigInt for internal arithmetic; null when it is not hex.
 */
export function parseHex64(input: string): bigint | null {
  const m = HEX.exec(input.trim());
  return m?.[1] ? BigInt(`0x${m[1]}`) : null;
}
