import { ByteView, cutAtNul, utf16le } from '../minidump/binary';
import { guardTruncation } from './pe-headers';
import { readRva, type PeImage } from './pe-image';
import { findResources, ResourceType, type ResourceEntry } from './resource-directory';

/** VS_FIXEDFILEINFO, with the two versions already formatted as `a.b.c.d`. */
export interface FixedFileInfo {
  readonly fileVersion: string;
  readonly productVersion: string;
  readonly fileFlagsMask: number;
  readonly fileFlags: number;
  readonly fileOs: number;
  readonly fileType: number;
  readonly fileSubtype: number;
  readonly fileDate: bigint;
}

/** One StringTable block: its `040904b0`-style language/code-page key and its strings in file order. */
export interface VersionStringTable {
  readonly key: string;
  readonly strings: readonly { readonly key: string; readonly value: string }[];
}

/** The version resource: fixed info, every string table, and the commonly shown strings. */
export interface VersionInfo {
  readonly fixed: FixedFileInfo | null;
  readonly stringTables: readonly VersionStringTable[];
  /** From the first string table that has each key (null when none does). */
  readonly companyName: string | null;
  readonly fileDescription: string | null;
  readonly productName: string | null;
  readonly fileVersion: string | null;
  readonly productVersion: string | null;
  readonly originalFilename: string | null;
  readonly problems: readonly string[];
}

const VS_FFI_SIGNATURE = 0xfeef04bd;
/** wLength is 16-bit: a VS_VERSIONINFO is never bigger. */
const MAX_VERSION_BYTES = 0xffff;
/** VS_VERSIONINFO (0) → StringFileInfo (1) → StringTable (2) → String (3): strings have no children. */
const LEAF_DEPTH = 3;
const MAX_CHILDREN = 1024;

interface Node {
  readonly key: string;
  readonly type: number;
  readonly value: Uint8Array;
  readonly children: readonly Node[];
}

const align4 = (n: number): number => (n + 3) & ~3;

/**
 * Reads the RT_VERSION resource and parses it; null when the image has none. Images often carry
 * one per language (Wine's have dozens): `language` is preferred, then any English, then neutral.
 */
export async function readVersionInfo(image: PeImage, language = 0x409): Promise<VersionInfo | null> {
  const found = await findResources(image, ResourceType.version);
  const entry = pickLanguage(found.entries, language);
  if (!entry) return found.problems.length > 0 ? emptyInfo(found.problems) : null;
  const bytes = await readRva(image, entry.dataRva, Math.min(entry.size, MAX_VERSION_BYTES));
  const problems = [...found.problems];
  if (bytes.length < Math.min(entry.size, MAX_VERSION_BYTES)) problems.push('the version resource is cut off or outside every section');
  const info = parseVersionInfo(bytes);
  return { ...info, problems: [...problems, ...info.problems] };
}

/** The entry in the wanted language, else English (primary language 9), else neutral, else the first. */
function pickLanguage(entries: readonly ResourceEntry[], language: number): ResourceEntry | undefined {
  const rank = (e: ResourceEntry): number => {
    if (typeof e.language !== 'number') return 4;
    if (e.language === language) return 0;
    if ((e.language & 0x3ff) === 9) return 1;
    if ((e.language & 0x3ff) === 0) return 2;
    return 3;
  };
  let best: ResourceEntry | undefined;
  for (const e of entries) if (!best || rank(e) < rank(best)) best = e;
  return best;
}

function emptyInfo(problems: readonly string[]): VersionInfo {
  const none = { companyName: null, fileDescription: null, productName: null, fileVersion: null, productVersion: null, originalFilename: null };
  return { fixed: null, stringTables: [], ...none, problems };
}

/** Parses VS_VERSIONINFO bytes (as stored in the resource) into fixed info and string tables. */
export function parseVersionInfo(bytes: Uint8Array): VersionInfo {
  const problems: string[] = [];
  const v = new ByteView(bytes);
  const root = guardTruncation('the version resource', null, problems, () => parseNode(v, 0, bytes.length, 0, problems));
  if (!root) return emptyInfo(problems.length > 0 ? problems : ['the version resource is empty']);
  if (root.key !== 'VS_VERSION_INFO') problems.push(`the version resource starts with "${root.key}", not VS_VERSION_INFO`);
  const fixed = parseFixed(root.value, problems);
  const stringTables: VersionStringTable[] = [];
  for (const child of root.children) {
    if (child.key !== 'StringFileInfo') continue;
    for (const table of child.children) {
      stringTables.push({ key: table.key, strings: table.children.map((s) => ({ key: s.key, value: textValue(s.value) })) });
    }
  }
  const pick = (key: string): string | null => {
    for (const t of stringTables) for (const s of t.strings) if (s.key === key) return s.value;
    return null;
  };
  return {
    fixed,
    stringTables,
    companyName: pick('CompanyName'),
    fileDescription: pick('FileDescription'),
    productName: pick('ProductName'),
    fileVersion: pick('FileVersion'),
    productVersion: pick('ProductVersion'),
    originalFilename: pick('OriginalFilename'),
    problems,
  };
}

/** One block: wLength, wValueLength, wType, a NUL-terminated UTF-16 key, the value, then children. */
function parseNode(v: ByteView, at: number, limit: number, depth: number, problems: string[]): Node | null {
  if (!v.has(at, 6)) return null;
  const declared = v.u16(at);
  if (declared < 6) {
    problems.push(`a version block at +0x${at.toString(16)} has an impossible length ${declared}`);
    return null;
  }
  let end = at + declared;
  if (end > limit) {
    problems.push(`a version block at +0x${at.toString(16)} runs past its parent`);
    end = limit;
  }
  const valueLength = v.u16(at + 2);
  const type = v.u16(at + 4);
  let keyEnd = at + 6;
  while (keyEnd + 1 < end && (v.u8(keyEnd) !== 0 || v.u8(keyEnd + 1) !== 0)) keyEnd += 2;
  const key = utf16le(v.bytes.subarray(at + 6, keyEnd));
  const valueAt = Math.min(align4(keyEnd + 2), end);
  // Text values count UTF-16 units in wValueLength, binary ones count bytes; some tools get this
  // wrong, so a text value simply runs to the end of its block and is cut at the NUL. Blocks with
  // children (StringFileInfo, StringTable) have no value, whatever their wType says.
  const isText = type === 1 && valueLength > 0;
  const valueBytes = valueLength === 0 ? 0 : isText ? end - valueAt : Math.min(valueLength, end - valueAt);
  const value = v.bytes.subarray(valueAt, valueAt + Math.max(0, valueBytes));
  const children: Node[] = [];
  if (!isText && depth < LEAF_DEPTH) {
    let child = align4(valueAt + value.length);
    while (child + 6 <= end && children.length < MAX_CHILDREN) {
      const node = parseNode(v, child, end, depth + 1, problems);
      if (!node) break;
      children.push(node);
      // Each block's wLength moves us on; a zero would loop, and parseNode rejects it above.
      child = align4(child + Math.max(6, v.u16(child)));
    }
  }
  return { key, type, value, children };
}

function parseFixed(value: Uint8Array, problems: string[]): FixedFileInfo | null {
  const v = new ByteView(value);
  if (value.length === 0) return null;
  if (!v.has(0, 52) || v.u32(0) !== VS_FFI_SIGNATURE) {
    problems.push('the fixed file info (VS_FIXEDFILEINFO) is missing or damaged');
    return null;
  }
  const version = (ms: number, ls: number): string => `${ms >>> 16}.${ms & 0xffff}.${ls >>> 16}.${ls & 0xffff}`;
  return {
    fileVersion: version(v.u32(8), v.u32(12)),
    productVersion: version(v.u32(16), v.u32(20)),
    fileFlagsMask: v.u32(24),
    fileFlags: v.u32(28),
    fileOs: v.u32(32),
    fileType: v.u32(36),
    fileSubtype: v.u32(40),
    fileDate: (BigInt(v.u32(44)) << 32n) | BigInt(v.u32(48)),
  };
}

function textValue(bytes: Uint8Array): string {
  return cutAtNul(utf16le(bytes));
}
