/** Reads the PNG and ICO files that build/make-icons.mjs writes (RGBA, filter 0 rows only). */
import { inflateSync } from 'node:zlib';

/** A decoded image. */
export interface Image {
  readonly width: number;
  readonly height: number;
  readonly rgba: Buffer;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Decodes an 8-bit RGBA, non-interlaced PNG whose rows all use filter 0. */
export function decodePng(bytes: Buffer): Image {
  if (!bytes.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('ascii', offset + 4, offset + 8);
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[9] !== 6 || data[12] !== 0) throw new Error('not 8-bit RGBA without interlace');
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4 + 1;
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    if (raw[y * stride] !== 0) throw new Error('unexpected PNG row filter');
    raw.copy(rgba, y * width * 4, y * stride + 1, (y + 1) * stride);
  }
  return { width, height, rgba };
}

/** One image of an .ico: its directory size and the PNG bytes. */
export interface IcoEntry {
  readonly size: number;
  readonly bitCount: number;
  readonly png: Buffer;
}

/** Splits an .ico into its images (each must be a PNG). */
export function readIco(bytes: Buffer): IcoEntry[] {
  if (bytes.readUInt16LE(0) !== 0 || bytes.readUInt16LE(2) !== 1) throw new Error('not an .ico');
  return Array.from({ length: bytes.readUInt16LE(4) }, (_, i) => {
    const e = 6 + 16 * i;
    const length = bytes.readUInt32LE(e + 8);
    const start = bytes.readUInt32LE(e + 12);
    return { size: bytes[e] === 0 ? 256 : (bytes[e] ?? 0), bitCount: bytes.readUInt16LE(e + 6), png: bytes.subarray(start, start + length) };
  });
}
