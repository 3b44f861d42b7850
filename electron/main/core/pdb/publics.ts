import { ByteView } from '../minidump/binary';
import { parsePublic, recordAt, SymbolKind, type PublicRecord } from './codeview-symbols';
import type { MsfFile } from './msf';
import { fail } from './pdb-error';

const PUBLICS_HEADER_SIZE = 28;
/** The address map is cached whole: 4 bytes a public (4 MB for a million of them). */
const MAX_ADDRESS_MAP = 64 * 1024 * 1024;
/** A public record is small; this bounds one read. */
const RECORD_PEEK = 512;

/** Public symbols of the PDB: the address-sorted map of the publics stream, records read on demand. */
export interface PublicSymbols {
  /** Number of public symbols in the address map. */
  readonly count: number;
  /** The i-th public in address order. Throws on damage. */
  at(i: number): Promise<PublicRecord>;
  /** Index of the last public at or before section:offset (in section order), or -1. */
  nearest(section: number, offset: number): Promise<number>;
}

/**
 * Opens the publics stream (a PSGSI: header, hash table, then the address map of offsets into the
 * symbol record stream). Only the address map is cached; records are read when a lookup probes them.
 */
export async function openPublics(msf: MsfFile, publicsStream: number, recordStream: number): Promise<PublicSymbols> {
  const head = new ByteView(await msf.read(publicsStream, 0, PUBLICS_HEADER_SIZE));
  if (head.length < PUBLICS_HEADER_SIZE) fail('the publics stream is shorter than its header');
  const hashBytes = head.u32(0);
  const mapBytes = head.u32(4);
  const size = msf.streamSize(publicsStream) ?? 0;
  if (mapBytes > MAX_ADDRESS_MAP || PUBLICS_HEADER_SIZE + hashBytes + mapBytes > size) {
    fail(`the publics address map (${mapBytes} bytes after ${hashBytes} bytes of hash) runs past the end of its stream`);
  }
  const raw = await msf.read(publicsStream, PUBLICS_HEADER_SIZE + hashBytes, mapBytes);
  const map = new ByteView(raw);
  const count = Math.floor(map.length / 4);
  const recordSize = msf.streamSize(recordStream) ?? fail('the symbol record stream of the publics does not exist');
  const cache = new Map<number, PublicRecord>();

  async function at(i: number): Promise<PublicRecord> {
    const hit = cache.get(i);
    if (hit) return hit;
    const offset = map.u32(i * 4);
    if (offset >= recordSize) fail(`public symbol ${i} points outside the symbol records`);
    const bytes = await msf.read(recordStream, offset, RECORD_PEEK);
    const v = new ByteView(bytes);
    const r = recordAt(v, 0);
    if (!r || r.kind !== SymbolKind.S_PUB32) fail(`public symbol ${i} does not point at a public symbol record`);
    const pub = parsePublic(v, r);
    if (cache.size > 8192) cache.clear();
    cache.set(i, pub);
    return pub;
  }

  return {
    count,
    at,
    async nearest(section, offset) {
      let lo = 0;
      let hi = count - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const p = await at(mid);
        if (p.section < section || (p.section === section && p.offset <= offset)) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return found;
    },
  };
}
