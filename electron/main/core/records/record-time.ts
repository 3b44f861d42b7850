/**
 * Event times (`2025-06-01T12:00:00.0000001Z`, 100 ns) next to report times (`Date#toISOString`,
 * milliseconds): parsing, and the form records share. Plain text work, no Date objects: a log
 * has tens of thousands of events.
 */

const ISO = /^(\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d)(?:\.(\d+))?Z$/;

/**
 * A time as the other records write it (`Date#toISOString`: milliseconds, the extra digits of an
 * event time cut, not rounded, as Report.wer's FILETIMEs are cut), so lists sort and show alike.
 * Null when the text is not an ISO-8601 UTC time.
 */
export function reportTime(text: string | null): string | null {
  const m = text === null ? null : ISO.exec(text);
  if (!m) return null;
  const fraction = m[2] ?? '';
  return `${m[1]!}.${fraction.length >= 3 ? fraction.slice(0, 3) : fraction.padEnd(3, '0')}Z`;
}

/** Milliseconds since 1970 of an ISO-8601 UTC time with any number of fraction digits; null when not one. */
export function isoMs(text: string | null): number | null {
  const time = reportTime(text);
  if (time === null) return null;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? null : ms;
}
