/**
 * The level-1 answer of MS-CER2 (cer-protocol.md §6): `Key=Value` lines in ANSI. The spec's
 * grammar and its own examples disagree (`Bucket = 500`, empty `Response =`), so the parser is
 * lenient: CRLF or LF, split at the first `=`, trimmed, keys case-insensitive, junk skipped.
 * The collector writes the strict form.
 */
import * as iconv from 'iconv-lite';
import type { CerAnswer } from '../../../../shared/cer-model';

/** Most answer bytes looked at; real answers are a few hundred bytes. */
export const MAX_ANSWER_BYTES = 64 * 1024;
const KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
const MAX_VALUE_CHARS = 4096;
const KNOWN = new Set(['bucket', 'buckettable', 'response', 'idata', 'dumpfile', 'dumpserver', 'memorydump', 'fdoc',
  'regkey', 'regtree', 'wql', 'getfile', 'getfileversion', 'moduleinfo']);

/** A parsed answer and whether it looked like a CER answer at all. */
export interface ParsedCerAnswer {
  readonly answer: CerAnswer;
  /** False for a body with no known key (an error page, binary junk): not an acknowledgement. */
  readonly recognised: boolean;
}

/** Parses an answer body (bytes in cp1252, or text). Never throws. */
export function parseCerAnswer(body: Uint8Array | string): ParsedCerAnswer {
  const text = typeof body === 'string'
    ? body.slice(0, MAX_ANSWER_BYTES)
    : iconv.decode(Buffer.from(body.subarray(0, MAX_ANSWER_BYTES)), 'windows-1252');
  const values: Record<string, string> = {};
  let recognised = false;
  for (const line of text.split(/\r\n|\n|\r/)) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (!KEY.test(key)) continue;
    const lower = key.toLowerCase();
    values[lower] = line.slice(eq + 1).trim().slice(0, MAX_VALUE_CHARS);
    if (KNOWN.has(lower)) recognised = true;
  }
  const get = (k: string): string | null => values[k] ?? null;
  const nonEmpty = (k: string): string | null => (get(k) ? get(k) : null);
  return {
    recognised,
    answer: {
      bucket: nonEmpty('bucket'),
      bucketTable: nonEmpty('buckettable'),
      response: get('response'),
      iData: get('idata') === '1',
      dumpFile: nonEmpty('dumpfile'),
      dumpServer: nonEmpty('dumpserver'),
      values,
    },
  };
}

/** The strict form a collector sends: `Key=Value\r\n` per pair, ASCII only, no spaces around `=`. */
export function formatCerAnswer(pairs: readonly (readonly [string, string])[]): string {
  return pairs
    .map(([k, v]) => `${k}=${v.replace(/[^\x20-\x7e]/g, '')}\r\n`)
    .join('');
}
