/**
 * The line layer of Report.wer: text → `Key=Value` entries, and the indexed keys
 * (`Sig[3].Value`, `UI[2]`, `File[0].Original.Path`) grouped into sparse, index-sorted lists.
 */
import type {
  IndexedText,
  ParsedReportWer,
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

/** The indexed families of one Report.wer (the parts of ParsedReportWer grouped from `Key[n]` lines). */
export type IndexedGroups = Pick<
  ParsedReportWer,
  'signature' | 'dynamicSignature' | 'ui' | 'loadedModules' | 'state' | 'osInfo' | 'files'
>;

/** Report.wer's entries sorted out: plain keys by lower-cased name, and the indexed families. */
export interface IndexedEntries {
  /** Plain keys (no `[`) by lower-cased name; a later duplicate wins. */
  readonly top: ReadonlyMap<string, string>;
  readonly groups: IndexedGroups;
}

const FAMILIES = ['sig', 'dynamicsig', 'ui', 'loadedmodule', 'state', 'osinfo', 'file'] as const;
type FamilyName = (typeof FAMILIES)[number];

/**
 * Family by base name as written. Windows always writes the same spelling, so an exact hit
 * avoids lower-casing thousands of keys per scan; other spellings fall back to lower case.
 */
const FAMILY_BY_BASE = new Map<string, FamilyName>([
  ...FAMILIES.map((f) => [f, f] as const),
  ['Sig', 'sig'], ['DynamicSig', 'dynamicsig'], ['UI', 'ui'], ['LoadedModule', 'loadedmodule'],
  ['State', 'state'], ['OsInfo', 'osinfo'], ['File', 'file'],
]);
const SUB_BY_NAME = new Map<string, string>([
  ['Name', 'name'], ['Value', 'value'], ['Key', 'key'], ['CabName', 'cabname'], ['Path', 'path'],
  ['Flags', 'flags'], ['Type', 'type'], ['Original.Path', 'original.path'],
]);

function familyOf(base: string): FamilyName | undefined {
  return FAMILY_BY_BASE.get(base) ?? FAMILY_BY_BASE.get(base.toLowerCase());
}

/** The sub-keys of one index of a family (`name`/`value`, `key`/`value`, `cabname`, ...; '' for `UI[n]`). */
type Parts = Record<string, string>;

/** Entries of one family by index; a later duplicate sub-key wins. */
class FamilyParts {
  private readonly byIndex = new Map<number, Parts>();
  private ordered = true;
  private last = -1;

  set(index: number, sub: string, value: string): void {
    const parts = this.byIndex.get(index);
    if (parts) {
      parts[sub] = value;
      return;
    }
    this.byIndex.set(index, { [sub]: value });
    if (index < this.last) this.ordered = false;
    this.last = index;
  }

  /** [index, parts] by index; Windows writes indices in order, so sorting is rarely needed. */
  list(): [number, Parts][] {
    const list = [...this.byIndex];
    return this.ordered ? list : list.sort((a, b) => a[0] - b[0]);
  }
}

/**
 * Sorts entries into plain keys and indexed families in one pass (this runs for every report
 * of a scan, so it avoids regexes and needless string copies). A later duplicate key wins.
 */
export function indexEntries(entries: readonly WerEntry[]): IndexedEntries {
  const top = new Map<string, string>();
  const families = new Map<FamilyName, FamilyParts>();
  const valueFamilies = new Map<FamilyName, Map<number, string>>();
  for (const { key, value } of entries) {
    const open = key.indexOf('[');
    if (open < 0) {
      top.set(key.toLowerCase(), value);
      continue;
    }
    const family = open > 0 ? familyOf(key.slice(0, open)) : undefined;
    if (!family) continue;
    const k = parseIndexedKey(key);
    if (!k) continue;
    if (k.sub === '' && (family === 'ui' || family === 'loadedmodule')) {
      // Value-only lines (UI[n], LoadedModule[n], often 100+ per report) skip the parts objects.
      let values = valueFamilies.get(family);
      if (!values) valueFamilies.set(family, (values = new Map()));
      values.set(k.index, value);
      continue;
    }
    let parts = families.get(family);
    if (!parts) families.set(family, (parts = new FamilyParts()));
    const sub = k.sub === '' ? '' : (SUB_BY_NAME.get(key.slice(key.indexOf(']', open) + 2)) ?? k.sub);
    parts.set(k.index, sub, value);
  }
  const list = (f: FamilyName): [number, Parts][] => families.get(f)?.list() ?? [];
  const sig = (f: FamilyName): SigEntry[] =>
    list(f)
      .filter(([, p]) => p.name !== undefined || p.value !== undefined)
      .map(([index, p]) => ({ index, name: p.name ?? '', value: p.value ?? '' }));
  const text = (f: FamilyName): IndexedText[] => {
    const out: IndexedText[] = [];
    for (const [index, value] of valueFamilies.get(f) ?? []) out.push({ index, value });
    return out.length > 1 && !out.every((e, i) => i === 0 || (out[i - 1] as IndexedText).index < e.index)
      ? out.sort((a, b) => a.index - b.index)
      : out;
  };
  const keyValue = (f: FamilyName): KeyValueEntry[] =>
    list(f)
      .filter(([, p]) => p.key !== undefined || p.value !== undefined)
      .map(([index, p]) => ({ index, key: p.key ?? '', value: p.value ?? null }));
  return {
    top,
    groups: {
      signature: sig('sig'),
      dynamicSignature: sig('dynamicsig'),
      ui: text('ui'),
      loadedModules: text('loadedmodule'),
      state: keyValue('state'),
      osInfo: keyValue('osinfo'),
      files: list('file').map(([index, p]) => fileEntry(index, p)),
    },
  };
}

function fileEntry(index: number, p: Parts): ReportFileEntry {
  const type = parseDecimal(p.type);
  return {
    index,
    cabName: emptyToNull(p.cabname),
    path: emptyToNull(p.path),
    originalPath: emptyToNull(p['original.path']),
    type,
    typeName: type === null ? null : (FILE_TYPE_NAMES[type] ?? null),
    flags: parseDecimal(p.flags),
  };
}

function emptyToNull(s: string | undefined): string | null {
  return s === undefined || s === '' ? null : s;
}
