import { ByteView } from '../minidump/binary';
import { fail } from './pdb-error';

const CONTRIB_V60 = (0xeffe0000 + 19970605) >>> 0;
const CONTRIB_V2 = (0xeffe0000 + 20140516) >>> 0;

/** Section contributions as parallel arrays (500,000 of them in a big PDB: objects would not do). */
export interface SectionContributions {
  readonly count: number;
  /** 1-based section number. */
  readonly section: Uint16Array;
  readonly offset: Uint32Array;
  readonly size: Uint32Array;
  readonly module: Uint16Array;
}

/** One entry of the DBI section map (segment descriptors of the image). */
export interface SectionMapEntry {
  readonly flags: number;
  readonly frame: number;
  readonly offset: number;
  readonly length: number;
}

/** Parses the section contribution substream (versions 6.0 and 2, 28 or 32 bytes an entry). */
export function parseSectionContributions(bytes: Uint8Array): SectionContributions {
  const v = new ByteView(bytes);
  if (v.length === 0) return { count: 0, section: new Uint16Array(0), offset: new Uint32Array(0), size: new Uint32Array(0), module: new Uint16Array(0) };
  const version = v.u32(0);
  if (version !== CONTRIB_V60 && version !== CONTRIB_V2) fail(`the section contribution table has an unknown version 0x${version.toString(16)}`);
  const entry = version === CONTRIB_V2 ? 32 : 28;
  const count = Math.floor((v.length - 4) / entry);
  const out = {
    count,
    section: new Uint16Array(count),
    offset: new Uint32Array(count),
    size: new Uint32Array(count),
    module: new Uint16Array(count),
  };
  for (let i = 0, at = 4; i < count; i++, at += entry) {
    out.section[i] = v.u16(at);
    out.offset[i] = v.u32(at + 4);
    // Sizes are signed in the format; a negative one is damage and contributes nothing.
    const size = v.u32(at + 8);
    out.size[i] = size > 0x7fffffff ? 0 : size;
    out.module[i] = v.u16(at + 16);
  }
  return out;
}

/** Parses the DBI section map substream. */
export function parseSectionMap(bytes: Uint8Array): SectionMapEntry[] {
  const v = new ByteView(bytes);
  if (v.length < 4) return [];
  const count = Math.min(v.u16(0), Math.floor((v.length - 4) / 20));
  const out: SectionMapEntry[] = [];
  for (let i = 0, at = 4; i < count; i++, at += 20) {
    out.push({ flags: v.u16(at), frame: v.u16(at + 6), offset: v.u32(at + 12), length: v.u32(at + 16) });
  }
  return out;
}
