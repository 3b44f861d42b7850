/**
 * FILETIME (100-ns ticks since 1601-01-01 UTC) to ISO-8601. Report.wer writes them as decimal
 * text; the values exceed 2^53, so all arithmetic is done in BigInt.
 */

/** FILETIME of 1970-01-01T00:00:00Z. */
export const FILETIME_UNIX_EPOCH = 116444736000000000n;

const FILETIME_MAX = (1n << 64n) - 1n;
// ECMAScript dates span ±8.64e15 ms around 1970.
const DATE_LIMIT_MS = 8_640_000_000_000_000n;
// 2^64 has 20 decimal digits; refusing longer text keeps BigInt() cheap on hostile input.
const MAX_DIGITS = 20;

/** ISO-8601 UTC of a FILETIME given as a BigInt; null for zero, negative, >64-bit or out of Date range. */
export function filetimeBigIntToIso(filetime: bigint): string | null {
  if (filetime <= 0n || filetime > FILETIME_MAX) return null;
  const ms = (filetime - FILETIME_UNIX_EPOCH) / 10000n;
  if (ms > DATE_LIMIT_MS || ms < -DATE_LIMIT_MS) return null;
  return new Date(Number(ms)).toISOString();
}

/** 2^64 - 1 in decimal: the largest FILETIME, compared as text against 20-digit values. */
const FILETIME_MAX_TEXT = FILETIME_MAX.toString();
/** Whole milliseconds between 1601 and 1970 (FILETIME_UNIX_EPOCH / 10,000 has no remainder). */
const UNIX_EPOCH_MS = Number(FILETIME_UNIX_EPOCH / 10000n);

/**
 * ISO-8601 UTC of a FILETIME written as decimal text; null for empty, non-numeric, zero or out-of-range text.
 * Same result as filetimeBigIntToIso(BigInt(text)) without BigInt (several times faster; every
 * report of a scan has two or three): dividing by 10,000 ticks is dropping the last four digits,
 * and the quotient of any 64-bit value (< 1.9e15) is exact as a Number.
 */
export function filetimeToIso(value: string | null | undefined): string | null {
  if (value == null) return null;
  const digits = value.trim();
  if (digits.length === 0 || digits.length > MAX_DIGITS || !isAllDigits(digits)) return null;
  if (digits.length === MAX_DIGITS && digits > FILETIME_MAX_TEXT) return null;
  const split = Math.max(0, digits.length - 4);
  const ms = filetimeUnixMs(split === 0 ? 0 : Number(digits.slice(0, split)), Number(digits.slice(split)));
  return ms === null ? null : new Date(ms).toISOString();
}

/**
 * Milliseconds since 1970 of the 64-bit FILETIME `wholeMs * 10,000 + restTicks` (restTicks <
 * 10,000), truncated toward zero like filetimeBigIntToIso; null for zero. Any 64-bit FILETIME
 * is far inside the Date range, so no range check is needed.
 */
export function filetimeUnixMs(wholeMs: number, restTicks: number): number | null {
  if (wholeMs === 0 && restTicks === 0) return null;
  // Before 1970 the tick count is negative, so truncating toward zero rounds a partial millisecond up.
  return wholeMs - UNIX_EPOCH_MS + (wholeMs < UNIX_EPOCH_MS && restTicks > 0 ? 1 : 0);
}

/** A FILETIME as a BigInt from 8 little-endian bytes (as binary structures store it). */
export function filetimeFromLittleEndian(bytes: ArrayLike<number>): bigint {
  let v = 0n;
  for (let i = Math.min(bytes.length, 8) - 1; i >= 0; i--) v = (v << 8n) | BigInt((bytes[i] ?? 0) & 0xff);
  return v;
}

function isAllDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
