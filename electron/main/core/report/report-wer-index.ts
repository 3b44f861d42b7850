/**
 * The index layer of Report.wer: entries (see report-wer-lines.ts) → plain keys, and the indexed
 * keys (`Sig[3].Value`, `UI[2]`, `File[0].Original.Path`) grouped into sparse, index-sorted lists.
 */
import type {
  IndexedText,
  ParsedReportWer,
  KeyValueEntry,
  ReportFileEntry,
  SigEntry,
} from '../../../../shared/report-model';
import type { WerEntry } from './report-wer-lines';
import { FILE_TYPE_NAMES, parseDecimal } from './report-wer-values';

/** `Sig[3].Value` → base `sig`, index 3, sub `value` (base and sub lower-cased). */
export interface IndexedKey {
  readonly base: string;
  readonly index: number;
  readonly sub: string;
}

/** Parses an indexed key; null for a plain key or an index that is not 1–9 decimal digits. */
export function parseIndexedKey(key: string): IndexedKey | null {
  const open = key.indexOf('[');
  if (open <= 0) return null;
  const close = indexEnd(key, open);
  if (close < 0) return null;
  const sub = close + 1 < key.length ? key.slice(close + 2).toLowerCase() : '';
  return { base: key.slice(0, open).toLowerCase(), index: digitsValue(key, open + 1, close), sub };
}

/**
 * Position of the `]` that closes the index opened at `open`, when 1–9 decimal digits sit between
 * them and the key ends there or goes on with `.`; else -1.
 */
function indexEnd(key: string, open: number): number {
  let i = open + 1;
  while (i < key.length && i - open <= 10) {
    const c = key.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  const digits = i - open - 1;
  if (digits === 0 || digits > 9 || key.charCodeAt(i) !== 93 /* ] */) return -1;
  return i + 1 === key.length || key.charCodeAt(i + 1) === 46 /* . */ ? i : -1;
}

/** The number written in decimal digits from `start` to `end` (at most 9 digits, so exact). */
function digitsValue(key: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) n = n * 10 + (key.charCodeAt(i) - 48);
  return n;
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

/** Family by lower-cased base name, for spellings other than Windows' own (see FAMILY_SPELLINGS). */
const FAMILY_BY_BASE = new Map<string, FamilyName>(FAMILIES.map((f) => [f, f]));
/** Windows' spelling of the sub-keys the groups read, with their lower-case form. */
const SUB_SPELLINGS: readonly (readonly [string, string])[] = [
  ['Name', 'name'], ['Value', 'value'], ['Key', 'key'], ['CabName', 'cabname'], ['Path', 'path'],
  ['Flags', 'flags'], ['Type', 'type'], ['Original.Path', 'original.path'],
];

/** The lower-cased sub-key of `key` from `from` on; Windows' spellings are matched in place, without a copy. */
function subOf(key: string, from: number): string {
  const length = key.length - from;
  for (const [name, sub] of SUB_SPELLINGS) {
    if (name.length === length && key.startsWith(name, from)) return sub;
  }
  return key.slice(from).toLowerCase();
}

/** Windows' own spelling of each family name, by first letter: checked without slicing the key. */
const FAMILY_SPELLINGS: ReadonlyMap<number, readonly (readonly [string, FamilyName])[]> = new Map([
  [0x53 /* S */, [['Sig', 'sig'], ['State', 'state']]],
  [0x44 /* D */, [['DynamicSig', 'dynamicsig']]],
  [0x55 /* U */, [['UI', 'ui']]],
  [0x4c /* L */, [['LoadedModule', 'loadedmodule']]],
  [0x4f /* O */, [['OsInfo', 'osinfo']]],
  [0x46 /* F */, [['File', 'file']]],
]);

/** The family of `key`, whose `[` is at `open`; other spellings fall back to lower case. */
function familyOf(key: string, open: number): FamilyName | undefined {
  for (const [name, family] of FAMILY_SPELLINGS.get(key.charCodeAt(0)) ?? []) {
    if (name.length === open && key.startsWith(name)) return family;
  }
  return FAMILY_BY_BASE.get(key.slice(0, open).toLowerCase());
}

/**
 * The sub-keys of one index of a family that the groups read (`Sig[n].Name`, `OsInfo[n].Key`,
 * `File[n].CabName`, ...). Other sub-keys are not kept: they only make the index exist (a
 * `File[n]` with none of these is still a file). One fixed shape keeps this hot code monomorphic.
 */
class IndexParts {
  name: string | undefined = undefined;
  value: string | undefined = undefined;
  key: string | undefined = undefined;
  cabname: string | undefined = undefined;
  path: string | undefined = undefined;
  originalPath: string | undefined = undefined;
  type: string | undefined = undefined;
  flags: string | undefined = undefined;

  /** Records one sub-key (lower case); a later duplicate wins. */
  set(sub: string, value: string): void {
    switch (sub) {
      case 'name': this.name = value; break;
      case 'value': this.value = value; break;
      case 'key': this.key = value; break;
      case 'cabname': this.cabname = value; break;
      case 'path': this.path = value; break;
      case 'original.path': this.originalPath = value; break;
      case 'type': this.type = value; break;
      case 'flags': this.flags = value; break;
      default: break;
    }
  }
}

/** Entries of one family by index. */
class FamilyParts {
  private readonly byIndex = new Map<number, IndexParts>();
  private ordered = true;
  private last = -1;

  set(index: number, sub: string, value: string): void {
    let parts = this.byIndex.get(index);
    if (!parts) {
      this.byIndex.set(index, (parts = new IndexParts()));
      if (index < this.last) this.ordered = false;
      this.last = index;
    }
    parts.set(sub, value);
  }

  /** [index, parts] by index; Windows writes indices in order, so sorting is rarely needed. */
  list(): [number, IndexParts][] {
    const list = [...this.byIndex];
    return this.ordered ? list : list.sort((a, b) => a[0] - b[0]);
  }
}

/** The families being collected; value-only lines (`UI[n]`, `LoadedModule[n]`) keep just the text. */
class Families {
  readonly sig = new FamilyParts();
  readonly dynamicsig = new FamilyParts();
  readonly state = new FamilyParts();
  readonly osinfo = new FamilyParts();
  readonly file = new FamilyParts();
  readonly ui = new Map<number, string>();
  readonly loadedmodule = new Map<number, string>();
}

/**
 * Sorts entries into plain keys and indexed families in one pass (this runs for every report
 * of a scan, so it avoids regexes, needless string copies and per-call closures). A later
 * duplicate key wins.
 */
export function indexEntries(entries: readonly WerEntry[]): IndexedEntries {
  const top = new Map<string, string>();
  const families = new Families();
  for (const { key, value } of entries) {
    const open = key.indexOf('[');
    if (open < 0) {
      top.set(key.toLowerCase(), value);
      continue;
    }
    const family = open > 0 ? familyOf(key, open) : undefined;
    if (!family) continue;
    // The index is read in place (no parseIndexedKey object): this loop sees every line of a scan.
    const close = indexEnd(key, open);
    if (close < 0) continue;
    const index = digitsValue(key, open + 1, close);
    const sub = close + 2 >= key.length ? '' : subOf(key, close + 2);
    if (family === 'ui' || family === 'loadedmodule') {
      // Value-only lines (UI[n], LoadedModule[n], often 100+ per report) skip the parts objects;
      // a sub-key on them (`UI[1].x`) is not a family line.
      if (sub === '') families[family].set(index, value);
      continue;
    }
    families[family].set(index, sub, value);
  }
  return {
    top,
    groups: {
      signature: sigList(families.sig),
      dynamicSignature: sigList(families.dynamicsig),
      ui: textList(families.ui),
      loadedModules: textList(families.loadedmodule),
      state: keyValueList(families.state),
      osInfo: keyValueList(families.osinfo),
      files: families.file.list().map(([index, p]) => fileEntry(index, p)),
    },
  };
}

function sigList(family: FamilyParts): SigEntry[] {
  const out: SigEntry[] = [];
  for (const [index, p] of family.list()) {
    if (p.name !== undefined || p.value !== undefined) out.push({ index, name: p.name ?? '', value: p.value ?? '' });
  }
  return out;
}

function keyValueList(family: FamilyParts): KeyValueEntry[] {
  const out: KeyValueEntry[] = [];
  for (const [index, p] of family.list()) {
    if (p.key !== undefined || p.value !== undefined) out.push({ index, key: p.key ?? '', value: p.value ?? null });
  }
  return out;
}

function textList(values: ReadonlyMap<number, string>): IndexedText[] {
  const out: IndexedText[] = [];
  let ordered = true;
  for (const [index, value] of values) {
    if (out.length > 0 && (out[out.length - 1] as IndexedText).index >= index) ordered = false;
    out.push({ index, value });
  }
  return ordered ? out : out.sort((a, b) => a.index - b.index);
}

function fileEntry(index: number, p: IndexParts): ReportFileEntry {
  const type = parseDecimal(p.type);
  return {
    index,
    cabName: emptyToNull(p.cabname),
    path: emptyToNull(p.path),
    originalPath: emptyToNull(p.originalPath),
    type,
    typeName: type === null ? null : (FILE_TYPE_NAMES[type] ?? null),
    flags: parseDecimal(p.flags),
  };
}

function emptyToNull(s: string | undefined): string | null {
  return s === undefined || s === '' ? null : s;
}
