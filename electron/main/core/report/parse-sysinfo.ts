/**
 * sysinfo.txt (`WERxxxx.tmp.txt`): system counters as fixed-width `Key<spaces>Value` lines
 * (`B.` basic info, `P.` performance, `Cf.`/`Cp.`/`Ct.` caches). UTF-16LE without a BOM on disk;
 * this parser takes the decoded text.
 */
import type { SysinfoEntry } from '../../../../shared/metadata-model';

/** Largest number of lines read; a real file has about 115. */
export const MAX_SYSINFO_LINES = 10_000;

/**
 * Parses sysinfo.txt text into key/value pairs in file order. The key is the text up to the
 * first run of whitespace, the value the rest (trimmed); a line with no value keeps `''`.
 * Blank lines are skipped. Never throws.
 */
export function parseSysinfo(text: string): readonly SysinfoEntry[] {
  const entries: SysinfoEntry[] = [];
  const n = text.length;
  let start = 0;
  while (start < n && entries.length < MAX_SYSINFO_LINES) {
    let end = start;
    while (end < n && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    // Index arithmetic rather than trim()/replace(): a hostile megabyte line is never copied.
    let a = start;
    while (a < end && isPadding(text.charCodeAt(a))) a++;
    let z = end;
    while (z > a && isSpace(text.charCodeAt(z - 1))) z--;
    if (z > a) {
      let gap = a;
      while (gap < z && !isSpace(text.charCodeAt(gap))) gap++;
      let value = gap;
      while (value < z && isSpace(text.charCodeAt(value))) value++;
      entries.push({ key: text.slice(a, gap), value: text.slice(value, z) });
    }
    start = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
  }
  return entries;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/** Leading characters of a line that are not part of the key: spaces, a stray BOM, NUL padding. */
function isPadding(c: number): boolean {
  return isSpace(c) || c === 0xfeff || c === 0;
}
