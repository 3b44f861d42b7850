import { ByteView, cutAtNul, utf16le } from './binary';
import type { ByteSource } from './byte-source';
import { StreamType, streamTypeName } from './stream-types';

/** MDMP as a little-endian u32. */
export const MINIDUMP_SIGNATURE = 0x504d444d;
/** Low 16 bits of the header Version field. */
export const MINIDUMP_VERSION = 0xa793;
/** Header size: the directory cannot start inside it. */
export const HEADER_SIZE = 32;
/** Directory entries read at most (real dumps have fewer than 30). */
export const MAX_STREAMS = 1024;
/** Longest MINIDUMP_STRING read, in bytes (32 K UTF-16 code units, the NT path limit). */
export const MAX_STRING_BYTES = 65534;

/** The 32-byte file header. */
export interface MinidumpHeader {
  readonly version: number;
  readonly streamCount: number;
  readonly directoryRva: number;
  readonly timeDateStamp: number;
  readonly flags: bigint;
}

/** One directory entry whose location was checked against the file size. */
export interface StreamLocation {
  readonly type: number;
  readonly size: number;
  readonly rva: number;
}

/** Header + directory, and bounds-checked access to the bytes they point at. */
export class DumpReader {
  /** First entry of each stream type whose location lies inside the file. */
  readonly streams = new Map<number, StreamLocation>();
  /** Every non-unused entry in directory order (for display), including invalid ones. */
  readonly directory: StreamLocation[] = [];

  /** File size as a number: exact, since files stay far below 2^53 bytes. */
  private readonly fileSize: number;

  constructor(
    readonly source: ByteSource,
    readonly header: MinidumpHeader,
    private readonly problems: string[],
  ) {
    this.fileSize = Number(source.size);
  }

  /** Whether [offset, offset + size) lies in the file; offset 0 means "absent" and is never valid. */
  inFile(offset: bigint | number, size: bigint | number): boolean {
    // Number arithmetic on the hot path (every string and record read); BigInt only for huge values.
    if (typeof offset === 'number' && typeof size === 'number') return offset > 0 && size >= 0 && offset + size <= this.fileSize;
    const o = BigInt(offset);
    const s = BigInt(size);
    return o > 0n && s >= 0n && o + s <= this.source.size;
  }

  /** Reads exactly `size` bytes at `rva`, or null when absent (RVA 0), out of bounds, or too big. */
  async bytes(rva: bigint | number, size: number, cap: number): Promise<Uint8Array | null> {
    if (size > cap || size < 0 || !this.inFile(rva, size)) return null;
    if (size === 0) return new Uint8Array(0);
    const b = await this.source.read(BigInt(rva), size);
    return b.length === size ? b : null;
  }

  /** Reads a stream's bytes (capped); null when the stream is missing. */
  async stream(type: number, cap: number): Promise<ByteView | null> {
    const loc = this.streams.get(type);
    if (!loc) return null;
    const size = Math.min(loc.size, cap);
    if (size < loc.size) this.problems.push(`${streamTypeName(type)}: only the first ${cap} of ${loc.size} bytes are read`);
    const b = await this.bytes(loc.rva, size, cap);
    return b ? new ByteView(b) : null;
  }

  /** Reads a MINIDUMP_STRING (u32 byte length + UTF-16LE); null when absent or out of bounds. */
  async string(rva: bigint | number): Promise<string | null> {
    const head = await this.bytes(rva, 4, 4);
    if (!head) return null;
    const declared = (head[0]! | (head[1]! << 8) | (head[2]! << 16) | (head[3]! << 24)) >>> 0;
    const at = Number(rva) + 4;
    const len = Math.min(declared, MAX_STRING_BYTES, Math.max(0, this.fileSize - at));
    if (len === 0) return '';
    const body = await this.bytes(at, len, MAX_STRING_BYTES);
    return body ? cutAtNul(utf16le(body)) : null;
  }
}

/** Header fields, or an error message when the bytes are not a minidump. */
export function parseHeader(bytes: Uint8Array): MinidumpHeader | string {
  if (bytes.length < HEADER_SIZE) return `too small to be a minidump (${bytes.length} bytes)`;
  const v = new ByteView(bytes);
  const signature = v.u32(0);
  if (signature !== MINIDUMP_SIGNATURE) {
    return `not a minidump (signature ${Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ')}, expected 4d 44 4d 50 "MDMP")`;
  }
  const version = v.u32(4);
  if ((version & 0xffff) !== MINIDUMP_VERSION) {
    return `unsupported minidump version 0x${(version & 0xffff).toString(16)} (expected 0xa793)`;
  }
  return { version, streamCount: v.u32(8), directoryRva: v.u32(12), timeDateStamp: v.u32(20), flags: v.u64(24) };
}

/** Opens the header and directory; an error message when the file cannot be a usable minidump. */
export async function openDump(source: ByteSource, problems: string[]): Promise<DumpReader | string> {
  const head = await source.read(0n, HEADER_SIZE);
  const header = parseHeader(head);
  if (typeof header === 'string') return header;
  if (header.directoryRva < HEADER_SIZE) {
    return `corrupt minidump: stream directory at offset ${header.directoryRva} overlaps the ${HEADER_SIZE}-byte header`;
  }
  const reader = new DumpReader(source, header, problems);
  const room = source.size - BigInt(header.directoryRva);
  const fits = room > 0n ? Number(room / 12n > BigInt(MAX_STREAMS) ? BigInt(MAX_STREAMS) : room / 12n) : 0;
  const count = Math.min(header.streamCount, fits, MAX_STREAMS);
  if (count < header.streamCount) {
    problems.push(`directory: ${header.streamCount} streams declared, ${count} fit in the file`);
  }
  if (count === 0) return 'corrupt minidump: the stream directory is empty or lies past the end of the file';
  const dir = new ByteView(await source.read(BigInt(header.directoryRva), count * 12));
  for (let i = 0; i < count && dir.has(i * 12, 12); i++) {
    const type = dir.u32(i * 12);
    const size = dir.u32(i * 12 + 4);
    const rva = dir.u32(i * 12 + 8);
    if (type === StreamType.unused) continue;
    const loc: StreamLocation = { type, size, rva };
    reader.directory.push(loc);
    if (size === 0) continue;
    if (!reader.inFile(rva, size)) {
      problems.push(`${streamTypeName(type)} stream: ${size} bytes at offset ${rva} lie outside the ${source.size}-byte file`);
      continue;
    }
    if (!reader.streams.has(type)) reader.streams.set(type, loc);
  }
  if (reader.streams.size === 0) return 'corrupt minidump: no stream lies inside the file';
  return reader;
}
