/**
 * The line layer of Report.wer: text → `Key=Value` entries, and the indexed keys
 * (`Sig[3].Value`, `UI[2]`, `File[0].Original.Path`) grouped into sparse, index-sorted lists.
 */
import type {
  IndexedText,
  KeyValueEntry,
  ReportFileEntry,
  SigEntry,
} from '../../../../shared/report-model';
import { FILE_TYPE_NAMES, parseDecimal } from './report-wer-values';

/** One `Key=Value` line, split at the first `=`. */
export interface WerEntry {
  readonly key: string;
  readonly value: string;
}

/** The lines of a Report.wer text. */
export interface WerLines {
  readonly entries: readonly WerEntry[];
  /** Non-empty lines that are not `Key=Value` (no `=`, or nothing before it). */
  readonly malformedLines: number;
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

/** Splits Report.wer text into entries: CRLF, LF or lone CR; first `=` only; linear time. */
export function splitWerLines(text: string): WerLines {
  const entries: WerEntry[] = [];
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
      const key = eq >= 0 ? text.slice(start, eq).trim() : '';
      if (key !== '') entries.push({ key, value: text.slice(eq + 1, end) });
      else if (!isBlank(text, start, end)) malformedLines++;
    }
    start = end + (end === cr && cr + 1 === lf ? 2 : 1);
  }
  return { entries, malformedLines };
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 0) return false;
  }
  return true;
}

/** `Sig[3].Value` → base `sig`, index 3, sub `value` (base and sub lower-cased). */
export interface IndexedKey {
  readonly base: string;
  readonly index: number;
  readonly sub: string;
}

/** Parses an indexed key; null for a plain key or an index that is not 1–9 decimal digits. */
export function parseIndexedKey(key: string): IndexedKey | null {
  // Hand-rolled instead of a regex: this runs for every line of thousands of reports per scan.
  const open = key.indexOf('[');
  if (open <= 0) return null;
  let index = 0;
  let i = open + 1;
  for (; i < key.length && i - open <= 10; i++) {
    const c = key.charCodeAt(i);
    if (c < 48 || c > 57) break;
    index = index * 10 + (c - 48);
  }
  const digits = i - open - 1;
  if (digits === 0 || digits > 9 || key.charCodeAt(i) !== 93 /* ] */) return null;
  const restStart = i + 1;
  if (restStart < key.length && key.charCodeAt(restStart) !== 46 /* . */) return null;
  const sub = restStart < key.length ? key.slice(restStart + 1).toLowerCase() : '';
  return { base: key.slice(0, open).toLowerCase(), index, sub };
}

/** The indexed families of one Report.wer. */
export interface IndexedGroups {
  readonly signature: readonly SigEntry[];
  readonly dynamicSignature: readonly SigEntry[];
  readonly ui: readonly IndexedText[];
  readonly loadedModules: readonly IndexedText[];
  readonly state: readonly KeyValueEntry[];
  readonly osInfo: readonly KeyValueEntry[];
  readonly files: readonly ReportFileEntry[];
}

type Parts = Map<string, string>;
type Family = Map<number, Parts>;

const FAMILIES = ['sig', 'dynamicsig', 'ui', 'loadedmodule', 'state', 'osinfo', 'file'] as const;
type FamilyName = (typeof FAMILIES)[number];
const FAMILY_SET: ReadonlySet<string> = new Set(FAMILIES);

/** Groups the indexed entries by family and index; a later duplicate key wins over an earlier one. */
export function groupIndexed(entries: readonly WerEntry[]): IndexedGroups {
  const families = new Map<FamilyName, Family>(FAMILIES.map((f) => [f, new Map()]));
  for (const { key, value } of entries) {
    const k = parseIndexedKey(key);
    if (!k || !FAMILY_SET.has(k.base)) continue;
    const family = families.get(k.base as FamilyName) as Family;
    let parts = family.get(k.index);
    if (!parts) family.set(k.index, (parts = new Map()));
    parts.set(k.sub, value);
  }
  const sorted = (f: FamilyName): [number, Parts][] =>
    [...(families.get(f) as Family)].sort((a, b) => a[0] - b[0]);
  const sig = (f: FamilyName): SigEntry[] =>
    sorted(f)
      .filter(([, p]) => p.has('name') || p.has('value'))
      .map(([index, p]) => ({ index, name: p.get('name') ?? '', value: p.get('value') ?? '' }));
  const text = (f: FamilyName): IndexedText[] =>
    sorted(f)
      .filter(([, p]) => p.has(''))
      .map(([index, p]) => ({ index, value: p.get('') ?? '' }));
  const keyValue = (f: FamilyName): KeyValueEntry[] =>
    sorted(f)
      .filter(([, p]) => p.has('key') || p.has('value'))
      .map(([index, p]) => ({ index, key: p.get('key') ?? '', value: p.get('value') ?? null }));
  return {
    signature: sig('sig'),
    dynamicSignature: sig('dynamicsig'),
    ui: text('ui'),
    loadedModules: text('loadedmodule'),
    state: keyValue('state'),
    osInfo: keyValue('osinfo'),
    files: sorted('file').map(([index, p]) => fileEntry(index, p)),
  };
}

function fileEntry(index: number, p: Parts): ReportFileEntry {
  const type = parseDecimal(p.get('type'));
  return {
    index,
    cabName: emptyToNull(p.get('cabname')),
    path: emptyToNull(p.get('path')),
    originalPath: emptyToNull(p.get('original.path')),
    type,
    typeName: type === null ? null : (FILE_TYPE_NAMES[type] ?? null),
    flags: parseDecimal(p.get('flags')),
  };
}

function emptyToNull(s: string | undefined): string | null {
  return s === undefined || s === '' ? null : s;
}
