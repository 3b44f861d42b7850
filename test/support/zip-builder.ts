/**
 * Hostile zips for import tests, written byte by byte (PKWARE APPNOTE 4.3: local file header,
 * data, central directory, end record) because yazl refuses to write the bad names and lying sizes
 * these tests need. Every field is set from the entry spec; nothing is a hand-pasted magic blob.
 */
import { crc32, deflateRawSync } from 'node:zlib';

/** One entry of a raw zip. */
export interface RawZipEntry {
  /** The name as stored (a string is written as UTF-8 with flag bit 11). */
  readonly name: string | Buffer;
  readonly data?: Uint8Array;
  /** 0 stored, 8 deflated (default). */
  readonly method?: 0 | 8;
  /** Uncompressed size written in the headers instead of the real one (a lying size). */
  readonly declaredSize?: number;
  /** External attributes; Unix st_mode goes in the high 16 bits. */
  readonly externalAttributes?: number;
  /** Version made by: high byte 3 = Unix (default), 0 = MS-DOS/Windows. */
  readonly versionMadeBy?: number;
  /** General-purpose flags (default: 0x800, UTF-8 names, for string names). */
  readonly flags?: number;
}

const S_IFLNK = 0o120000;
const S_IFREG = 0o100000;

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
}

/** Builds a zip from raw entry specs. */
export function buildRawZip(entries: readonly RawZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = typeof e.name === 'string' ? Buffer.from(e.name, 'utf8') : e.name;
    const data = Buffer.from(e.data ?? new Uint8Array(0));
    const method = e.method ?? 8;
    const body = method === 8 ? deflateRawSync(data) : data;
    const crc = crc32(data);
    const size = e.declaredSize ?? data.length;
    const flags = e.flags ?? (typeof e.name === 'string' ? 0x800 : 0);
    const common = [u16(20), u16(flags), u16(method), u16(0), u16(0x21), u32(crc), u32(body.length), u32(size), u16(name.length), u16(0)];
    const local = Buffer.concat([u32(0x04034b50), ...common, name, body]);
    const attributes = e.externalAttributes ?? ((S_IFREG | 0o644) << 16) >>> 0;
    centrals.push(
      Buffer.concat([
        u32(0x02014b50), u16(e.versionMadeBy ?? 0x031e), ...common, u16(0), u16(0), u16(0), u32(attributes), u32(offset), name,
      ]),
    );
    locals.push(local);
    offset += local.length;
  }
  const central = Buffer.concat(centrals);
  const end = Buffer.concat([
    u32(0x06054b50), u16(0), u16(0), u16(entries.length), u16(entries.length), u32(central.length), u32(offset), u16(0),
  ]);
  return Buffer.concat([...locals, central, end]);
}

/** A Unix symbolic link entry pointing at `target`. */
export function symlinkEntry(name: string, target: string): RawZipEntry {
  return { name, data: Buffer.from(target), method: 0, externalAttributes: ((S_IFLNK | 0o777) << 16) >>> 0 };
}

/** An entry of `bytes` zero bytes: deflates about 1000:1. */
export function zerosEntry(name: string, bytes: number, declaredSize?: number): RawZipEntry {
  return { name, data: Buffer.alloc(bytes), ...(declaredSize === undefined ? {} : { declaredSize }) };
}

/** A small text entry. */
export function textEntry(name: string, text: string): RawZipEntry {
  return { name, data: Buffer.from(text, 'utf8') };
}
