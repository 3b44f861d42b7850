/** Thrown by ByteView on an out-of-bounds field read; callers turn it into a "problem". */
export class TruncatedError extends Error {
  constructor(what: string) {
    super(what);
    this.name = 'TruncatedError';
  }
}

/** Little-endian field reader over one stream's bytes, bounds-checked on every access. */
export class ByteView {
  private readonly dv: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Number of bytes in the view. */
  get length(): number {
    return this.bytes.length;
  }

  /** Whether `size` bytes at `offset` are inside the view. */
  has(offset: number, size: number): boolean {
    return offset >= 0 && size >= 0 && offset + size <= this.bytes.length;
  }

  private need(offset: number, size: number): void {
    if (!this.has(offset, size)) throw new TruncatedError(`field at +${offset} (${size} bytes) is past the end (${this.bytes.length} bytes)`);
  }

  /** Unsigned 8-bit value. */
  u8(offset: number): number {
    this.need(offset, 1);
    return this.dv.getUint8(offset);
  }

  /** Unsigned 16-bit value. */
  u16(offset: number): number {
    this.need(offset, 2);
    return this.dv.getUint16(offset, true);
  }

  /** Unsigned 32-bit value. */
  u32(offset: number): number {
    this.need(offset, 4);
    return this.dv.getUint32(offset, true);
  }

  /** Unsigned 64-bit value. */
  u64(offset: number): bigint {
    this.need(offset, 8);
    return this.dv.getBigUint64(offset, true);
  }

  /** A sub-view (shares memory). */
  sub(offset: number, size: number): ByteView {
    this.need(offset, size);
    return new ByteView(this.bytes.subarray(offset, offset + size));
  }
}

/** "0x"-prefixed lower-case hex of an unsigned value (64-bit safe). */
export function hex(value: bigint | number): string {
  return '0x' + (typeof value === 'bigint' ? value : BigInt(Math.trunc(value))).toString(16);
}

/** Exception-code style hex: "0x" + exactly 8 lower-case digits. */
export function hex32(value: number): string {
  return '0x' + (value >>> 0).toString(16).padStart(8, '0');
}

// Decoders are created once: constructing one per string dominated module-list parsing.
const UTF16 = new TextDecoder('utf-16le');
const UTF8 = new TextDecoder('utf-8');
const LATIN1 = new TextDecoder('latin1');

/** Decodes UTF-16LE bytes (an odd trailing byte is dropped). */
export function utf16le(bytes: Uint8Array): string {
  const even = bytes.length - (bytes.length % 2);
  return UTF16.decode(bytes.subarray(0, even));
}

/** Decodes UTF-8 bytes up to the first NUL, replacing invalid sequences. */
export function utf8z(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return UTF8.decode(end < 0 ? bytes : bytes.subarray(0, end));
}

/** Decodes single-byte text (ANSI of an unknown code page) so that every byte stays visible. */
export function latin1(bytes: Uint8Array): string {
  return LATIN1.decode(bytes);
}

/** Text up to the first NUL character. */
export function cutAtNul(text: string): string {
  const i = text.indexOf('\0');
  return i < 0 ? text : text.slice(0, i);
}

/** Unix seconds as ISO-8601 UTC, or null for 0 / out-of-range values. */
export function unixTimeIso(seconds: number): string | null {
  if (!(seconds > 0)) return null;
  const d = new Date(seconds * 1000);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** FILETIME (100 ns since 1601) as ISO-8601 UTC, or null for 0 / out-of-range values. */
export function fileTimeIso(value: bigint): string | null {
  if (value === 0n) return null;
  const ms = Number(value / 10000n) - 11644473600000;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) || ms <= 0 ? null : d.toISOString();
}

/** File name part of a Windows or POSIX path. */
export function baseName(path: string): string {
  const i = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return i < 0 ? path : path.slice(i + 1);
}

/** Message text of any thrown value. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
