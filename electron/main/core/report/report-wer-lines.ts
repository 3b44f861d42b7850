/**
 * The line layer of Report.wer: text → `Key=Value` entries (all of them, or those whose keys a
 * caller needs). report-wer-index.ts sorts the entries into plain keys and indexed families.
 */

/** One `Key=Value` line, split at the first `=`. */
export interface WerEntry {
  readonly key: string;
  readonly value: string;
}

/** The lines of a Report.wer text. */
export interface WerLines {
  /** The `Key=Value` lines (only those whose key the filter keeps, when one is given). */
  readonly entries: readonly WerEntry[];
  /** All `Key=Value` lines, kept or not. */
  readonly keyValueLines: number;
  /** Non-empty lines that are not `Key=Value` (no `=`, or nothing before it). */
  readonly malformedLines: number;
}

/**
 * Which keys splitWerLines materializes, by the lower-cased ASCII letter a key starts with: a
 * caller that needs a few keys skips the slicing of all other lines (the LoadedModule[n] lines
 * are half of a real Report.wer). Indexed by char code; keys that start otherwise are all kept.
 */
export type KeyInitials = Readonly<Uint8Array>;

/** The KeyInitials that keep every key starting like one of `keys` (case-insensitive). */
export function keyInitials(keys: readonly string[]): KeyInitials {
  const keep = new Uint8Array(128).fill(1);
  for (let c = 0x61; c <= 0x7a; c++) keep[c] = keep[c - 0x20] = 0;
  for (const key of keys) {
    const c = key.charCodeAt(0) | 0x20;
    if (c >= 0x61 && c <= 0x7a) keep[c] = keep[c - 0x20] = 1;
  }
  return keep;
}

/**
 * Whether the line from `start` with its first `=` at `eq` has a key the filter drops: its
 * first character after spaces and tabs is an ASCII letter before the `=` (so the trimmed key
 * is not empty: the line is a well-formed `Key=Value`) whose initial is not kept.
 */
function dropsKey(text: string, start: number, eq: number, keep: KeyInitials): boolean {
  let i = start;
  let c = text.charCodeAt(i);
  while ((c === 32 || c === 9) && i < eq) c = text.charCodeAt(++i);
  return i < eq && c < 128 && keep[c] === 0;
}

/**
 * Next position at or after `from` of `ch`, reusing `cached` (an earlier answer for the same
 * character) while it still lies ahead: native indexOf stays fast, and a character that is far
 * away or absent is not searched for again on every line, so the whole split stays linear.
 */
function nextIndex(text: string, ch: string, from: number, cached: number): number {
  if (cached >= from || cached === -2) return cached;
  const i = text.indexOf(ch, from);
  return i < 0 ? -2 : i;
}

/** Options of splitWerLines. */
export interface SplitOptions {
  /** Lines whose key starts with a letter this does not keep are counted, not sliced. */
  readonly keep?: KeyInitials;
  /** Give each value its own memory (see ownCopy): for callers that keep values but not the text. */
  readonly ownValues?: boolean;
}

/**
 * `s` in memory of its own. V8 makes a slice of 13 or more characters a view into its parent,
 * so one short value kept from a Report.wer would keep the whole decoded text alive: a scan's
 * 10,000 WerReports held 64 MB instead of 28 MB, and the young-generation GC copied every text
 * when it promoted the reports. Concatenating and slicing again makes V8 copy the characters.
 */
export function ownCopy(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** Splits Report.wer text into entries: CRLF, LF or lone CR; first `=` only; linear time. */
export function splitWerLines(text: string, options: SplitOptions = {}): WerLines {
  const { keep, ownValues = false } = options;
  const entries: WerEntry[] = [];
  let keyValueLines = 0;
  let malformedLines = 0;
  const n = text.length;
  let start = 0;
  // -1: not searched yet; -2: none left in the text.
  let nextLf = -1;
  let nextCr = -1;
  let nextEq = -1;
  while (start < n) {
    nextLf = nextIndex(text, '\n', start, nextLf);
    nextCr = nextIndex(text, '\r', start, nextCr);
    const lf = nextLf < 0 ? n : nextLf;
    const cr = nextCr < 0 ? n : nextCr;
    const end = Math.min(lf, cr);
    nextEq = nextIndex(text, '=', start, nextEq);
    const eq = nextEq >= 0 && nextEq < end ? nextEq : -1;
    if (end > start) {
      if (keep && eq >= 0 && dropsKey(text, start, eq, keep)) {
        keyValueLines++;
      } else {
        const key = eq >= 0 ? text.slice(start, eq).trim() : '';
        if (key !== '') {
          const value = text.slice(eq + 1, end);
          entries.push({ key, value: ownValues ? ownCopy(value) : value });
          keyValueLines++;
        } else if (!isBlank(text, start, end)) malformedLines++;
      }
    }
    start = end + (end === cr && cr + 1 === lf ? 2 : 1);
  }
  return { entries, keyValueLines, malformedLines };
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 0) return false;
  }
  return true;
}
