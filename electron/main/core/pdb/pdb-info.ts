import { ByteView } from '../minidump/binary';
import { fail } from './pdb-error';

const UTF8 = new TextDecoder('utf-8');

/** Feature codes at the end of the PDB info stream. */
const FEATURE_VC140 = 20140508;
const FEATURE_MINIMAL_DEBUG_INFO = 0x494e494d;

/** The PDB info stream (stream 1): identity of the PDB and its named streams. */
export interface PdbInfoStream {
  /** Format version (20000404 = VC 7.0, the one every current toolset writes). */
  readonly version: number;
  /** Creation time stamp (seconds since 1970) written by the linker. */
  readonly signature: number;
  /** Age from the info stream; the DBI stream's age is the one images are matched against. */
  readonly age: number;
  /** GUID as upper-case text with dashes, fields in the usual (little-endian) order. */
  readonly guid: string;
  /** Named streams such as "/names" → stream index. */
  readonly namedStreams: ReadonlyMap<string, number>;
  /** Whether the IPI stream (stream 4, function ids) is present (VC140 feature). */
  readonly hasIpi: boolean;
  /** /DEBUG:FASTLINK or similar: the types live in the object files, not in this PDB. */
  readonly minimalDebugInfo: boolean;
}

function hexBytes(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s.toUpperCase();
}

/** GUID bytes (Data1..3 little-endian) as "XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX". */
export function formatGuid(bytes: Uint8Array): string {
  const v = new ByteView(bytes);
  const d1 = v.u32(0).toString(16).padStart(8, '0');
  const d2 = v.u16(4).toString(16).padStart(4, '0');
  const d3 = v.u16(6).toString(16).padStart(4, '0');
  return `${d1}-${d2}-${d3}-${hexBytes(bytes.subarray(8, 10))}-${hexBytes(bytes.subarray(10, 16))}`.toUpperCase();
}

function cString(bytes: Uint8Array, at: number): string {
  let end = at;
  while (end < bytes.length && bytes[end] !== 0) end++;
  return UTF8.decode(bytes.subarray(at, end));
}

/** Reads the serialized hash table of the named stream map; returns the position after it. */
function parseNamedStreams(v: ByteView, at: number, names: Uint8Array, out: Map<string, number>): number {
  const size = v.u32(at);
  const capacity = v.u32(at + 4);
  at += 8;
  if (size > capacity || capacity > v.length) fail(`the named stream table declares ${size} of ${capacity} entries, which cannot fit`);
  const presentWords = v.u32(at);
  if (presentWords > (v.length - at) / 4) fail('the named stream table is cut short');
  const present = v.sub(at + 4, presentWords * 4);
  at += 4 + presentWords * 4;
  const deletedWords = v.u32(at);
  if (deletedWords > (v.length - at) / 4) fail('the named stream table is cut short');
  at += 4 + deletedWords * 4;
  for (let i = 0; i < capacity && i < presentWords * 32; i++) {
    if (!((present.u32((i >>> 5) * 4) >>> (i & 31)) & 1)) continue;
    const key = v.u32(at);
    const stream = v.u32(at + 4);
    at += 8;
    if (key < names.length) out.set(cString(names, key), stream);
  }
  return at;
}

/** Parses the PDB info stream bytes. Throws PdbFormatError / TruncatedError on damage. */
export function parsePdbInfo(bytes: Uint8Array): PdbInfoStream {
  const v = new ByteView(bytes);
  const version = v.u32(0);
  if (version < 19941610 || version > 20991231) fail(`the PDB info stream has an unknown version ${version}`);
  const signature = v.u32(4);
  const age = v.u32(8);
  if (!v.has(12, 16)) fail('the PDB info stream is cut short');
  const guid = formatGuid(bytes.subarray(12, 28));
  const namedStreams = new Map<string, number>();
  let hasIpi = false;
  let minimalDebugInfo = false;
  if (v.has(28, 4)) {
    const nameBytes = v.u32(28);
    const names = v.sub(32, nameBytes).bytes;
    let at = parseNamedStreams(v, 32 + nameBytes, names, namedStreams);
    for (; v.has(at, 4); at += 4) {
      const code = v.u32(at);
      if (code === FEATURE_VC140) hasIpi = true;
      else if (code === FEATURE_MINIMAL_DEBUG_INFO) minimalDebugInfo = true;
    }
  }
  return { version, signature, age, guid, namedStreams, hasIpi, minimalDebugInfo };
}
