import { ByteView } from '../minidump/binary';
import type { MsfFile } from './msf';
import { fail } from './pdb-error';

const HEADER_SIZE = 56;
/** Bytes read at a time while walking records from an index point. */
const WINDOW = 16 * 1024;
/** Longest walk from an index point (writers place one every ~8 KB; a missing index is damage). */
const MAX_WALK = 4 * 1024 * 1024;
const MAX_INDEX_BYTES = 32 * 1024 * 1024;
const CACHE_LIMIT = 4096;

/** One type or id record: its kind and the bytes after the kind field. */
export interface TypeRecord {
  readonly kind: number;
  readonly data: ByteView;
}

/** A TPI (types, stream 2) or IPI (ids, stream 4) stream, looked up by type index on demand. */
export interface TypeStream {
  /** The record of type index `ti`, or null when it is outside the stream. Throws on damage. */
  record(ti: number): Promise<TypeRecord | null>;
}

interface Header {
  readonly begin: number;
  readonly end: number;
  readonly recordBytes: number;
  readonly hashStream: number;
  readonly indexOffset: number;
  readonly indexLength: number;
}

function parseHeader(bytes: Uint8Array, streamSize: number): Header {
  const v = new ByteView(bytes);
  if (v.length < HEADER_SIZE) fail('a type stream is shorter than its header');
  const headerSize = v.u32(4);
  if (headerSize !== HEADER_SIZE) fail(`a type stream has an unexpected header size ${headerSize}`);
  const begin = v.u32(8);
  const end = v.u32(12);
  if (end < begin) fail('a type stream declares a negative number of records');
  return {
    begin,
    end,
    recordBytes: Math.min(v.u32(16), streamSize - HEADER_SIZE),
    hashStream: v.u16(20),
    indexOffset: v.u32(40),
    indexLength: v.u32(44),
  };
}

/** Loads the (type index, offset) checkpoints from the hash stream; empty when absent or damaged. */
async function loadIndex(msf: MsfFile, h: Header): Promise<{ readonly ti: Uint32Array; readonly offset: Uint32Array }> {
  const empty = { ti: new Uint32Array(0), offset: new Uint32Array(0) };
  const size = msf.streamSize(h.hashStream);
  if (size === null || h.indexLength === 0 || h.indexLength > MAX_INDEX_BYTES || h.indexOffset + h.indexLength > size) return empty;
  const v = new ByteView(await msf.read(h.hashStream, h.indexOffset, h.indexLength));
  const n = Math.floor(v.length / 8);
  const ti = new Uint32Array(n);
  const offset = new Uint32Array(n);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const t = v.u32(i * 8);
    const o = v.u32(i * 8 + 4);
    // Checkpoints must grow in both fields; a bad one is dropped rather than trusted.
    if (kept > 0 && (t <= ti[kept - 1]! || o <= offset[kept - 1]!)) continue;
    if (t < h.begin || t >= h.end || o >= h.recordBytes) continue;
    ti[kept] = t;
    offset[kept] = o;
    kept++;
  }
  return { ti: ti.subarray(0, kept), offset: offset.subarray(0, kept) };
}

/** Opens a type stream: reads its header and index checkpoints; records are read when asked for. */
export async function openTypeStream(msf: MsfFile, stream: number): Promise<TypeStream> {
  const size = msf.streamSize(stream);
  if (size === null) fail(`type stream ${stream} does not exist`);
  const h = parseHeader(await msf.read(stream, 0, HEADER_SIZE), size);
  let index: { readonly ti: Uint32Array; readonly offset: Uint32Array } | null = null;
  const cache = new Map<number, TypeRecord>();

  function checkpoint(ti: number): { ti: number; offset: number } {
    const idx = index!;
    let lo = 0;
    let hi = idx.ti.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (idx.ti[mid]! <= ti) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return at < 0 ? { ti: h.begin, offset: 0 } : { ti: idx.ti[at]!, offset: idx.offset[at]! };
  }

  async function walk(target: number): Promise<TypeRecord> {
    let { ti, offset } = checkpoint(target);
    let window: Uint8Array = new Uint8Array(0);
    let windowStart = 0;
    const limit = offset + MAX_WALK;
    while (offset < h.recordBytes) {
      if (offset >= limit) fail(`type index 0x${target.toString(16)} is too far from any index point`);
      if (offset + 4 > windowStart + window.length) {
        windowStart = offset;
        window = await msf.read(stream, HEADER_SIZE + offset, Math.min(WINDOW, h.recordBytes - offset));
      }
      const v = new ByteView(window);
      const at = offset - windowStart;
      const length = v.u16(at);
      if (length < 2) fail(`the type record at offset ${offset} has a bad length`);
      if (ti === target) {
        const bytes = at + 2 + length <= window.length ? window.subarray(at + 4, at + 2 + length) : (await msf.read(stream, HEADER_SIZE + offset + 4, length - 2));
        if (bytes.length < length - 2) fail(`the type record at offset ${offset} is cut short`);
        return { kind: v.u16(at + 2), data: new ByteView(bytes) };
      }
      offset += 2 + length;
      ti++;
    }
    fail(`type index 0x${target.toString(16)} is past the end of its stream`);
  }

  return {
    async record(ti) {
      if (ti < h.begin || ti >= h.end) return null;
      const hit = cache.get(ti);
      if (hit) return hit;
      index ??= await loadIndex(msf, h);
      const found = await walk(ti);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(ti, found);
      return found;
    },
  };
}
