/**
 * A minimal MSF 7.0 (PDB container) splitter and writer for tests, independent of the reader under
 * test: it takes a real PDB apart into its streams and lays them out again with another page size,
 * scattered pages, a padded stream, or a hand-made (hostile) directory. llvm-pdbutil reads what it
 * writes (checked in msf-layout.test.ts), so rewritten files are real PDBs.
 */
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';

/** The MSF 7.0 signature (32 bytes). */
export const MSF_MAGIC = 'Microsoft C/C++ MSF 7.00\r\n\x1aDS\0\0\0';
const NIL = 0xffffffff;

/** A PDB taken apart: its page size and streams (null = nil stream). */
export interface MsfStreams {
  readonly blockSize: number;
  readonly streams: readonly (Uint8Array | null)[];
  /** Page numbers of each stream in the original file, and of the directory. */
  readonly pages: readonly (readonly number[])[];
  readonly directoryPages: readonly number[];
}

function u32(b: Uint8Array, at: number): number {
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(at, true);
}

/** Splits a (well-formed) PDB into its streams. */
export function splitMsf(file: Uint8Array): MsfStreams {
  const bs = u32(file, 32);
  const dirBytes = u32(file, 44);
  const mapPage = u32(file, 52);
  const dirPages: number[] = [];
  for (let i = 0; i < Math.ceil(dirBytes / bs); i++) dirPages.push(u32(file, mapPage * bs + i * 4));
  const dir = new Uint8Array(dirPages.length * bs);
  dirPages.forEach((p, i) => dir.set(file.subarray(p * bs, (p + 1) * bs), i * bs));
  const count = u32(dir, 0);
  let word = 1 + count;
  const streams: (Uint8Array | null)[] = [];
  const pages: number[][] = [];
  for (let s = 0; s < count; s++) {
    const size = u32(dir, 4 + s * 4);
    if (size === NIL) {
      streams.push(null);
      pages.push([]);
      continue;
    }
    const out = new Uint8Array(size);
    const list: number[] = [];
    for (let k = 0; k < Math.ceil(size / bs); k++, word++) {
      const p = u32(dir, word * 4);
      list.push(p);
      out.set(file.subarray(p * bs, p * bs + Math.min(bs, size - k * bs)), k * bs);
    }
    streams.push(out);
    pages.push(list);
  }
  return { blockSize: bs, streams, pages, directoryPages: dirPages };
}

/** How to lay the streams out. */
export interface LayoutOptions {
  readonly blockSize?: number;
  /** Unused pages left between consecutive data pages (spreads streams over the file). */
  readonly gap?: number;
  /** First page used for stream data. */
  readonly firstPage?: number;
  /** Grow one stream's declared size to `size` bytes with pages that are never written (sparse). */
  readonly pad?: { readonly stream: number; readonly size: number };
  /** Put the directory and its page list before the streams (linkers put them last). */
  readonly directoryFirst?: boolean;
}

/** A laid-out MSF: pages to write (all others are zero) and the total page count. */
export interface MsfImage {
  readonly blockSize: number;
  readonly pageCount: number;
  readonly pages: ReadonlyMap<number, Uint8Array>;
}

/** Lays streams out as an MSF image. */
export function layoutMsf(streams: readonly (Uint8Array | null)[], options: LayoutOptions = {}): MsfImage {
  const bs = options.blockSize ?? 4096;
  const gap = options.gap ?? 0;
  const pages = new Map<number, Uint8Array>();
  let next = Math.max(3, options.firstPage ?? 3);
  // Free page map pages sit at 1, 2 and every blockSize pages after: never use them for data.
  const take = (): number => {
    while (next % bs === 1 || next % bs === 2) next++;
    const p = next;
    next += 1 + gap;
    return p;
  };
  const sizes = streams.map((data, s) => (data ? (options.pad?.stream === s ? Math.max(options.pad.size, data.length) : data.length) : NIL));
  const pageTotal = sizes.reduce((n, size) => n + (size === NIL ? 0 : Math.ceil(size / bs)), 0);
  const dirBytes = 4 * (1 + streams.length + pageTotal);
  const dirPages: number[] = [];
  let mapPage = 0;
  const placeDirectory = (): void => {
    for (let k = 0; k < Math.ceil(dirBytes / bs); k++) dirPages.push(take());
    mapPage = take();
  };
  if (options.directoryFirst) placeDirectory();
  const lists: number[][] = streams.map((data, s) => {
    const list: number[] = [];
    if (!data) return list;
    for (let k = 0; k < Math.ceil(sizes[s]! / bs); k++) {
      const p = take();
      list.push(p);
      if (k * bs < data.length) pages.set(p, data.subarray(k * bs, Math.min(data.length, (k + 1) * bs)));
    }
    return list;
  });
  if (!options.directoryFirst) placeDirectory();
  const words = [streams.length, ...sizes, ...lists.flat()];
  const dir = new Uint8Array(dirBytes);
  const dv = new DataView(dir.buffer);
  words.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, true));
  dirPages.forEach((p, k) => pages.set(p, dir.subarray(k * bs, Math.min(dir.length, (k + 1) * bs))));
  const map = new Uint8Array(dirPages.length * 4);
  dirPages.forEach((p, i) => new DataView(map.buffer).setUint32(i * 4, p, true));
  pages.set(mapPage, map);
  const pageCount = next - gap;
  pages.set(0, superblock(bs, pageCount, dir.length, mapPage));
  return { blockSize: bs, pageCount, pages };
}

/** The 56-byte MSF superblock. */
export function superblock(blockSize: number, pageCount: number, directoryBytes: number, mapPage: number): Uint8Array {
  const sb = new Uint8Array(56);
  for (let i = 0; i < 32; i++) sb[i] = MSF_MAGIC.charCodeAt(i);
  const dv = new DataView(sb.buffer);
  dv.setUint32(32, blockSize, true);
  dv.setUint32(36, 1, true);
  dv.setUint32(40, pageCount, true);
  dv.setUint32(44, directoryBytes, true);
  dv.setUint32(52, mapPage, true);
  return sb;
}

/** The image as one buffer (small files). */
export function msfBytes(image: MsfImage): Uint8Array {
  const out = new Uint8Array(image.pageCount * image.blockSize);
  for (const [p, data] of image.pages) out.set(data, p * image.blockSize);
  return out;
}

/** Writes the image as a sparse file: only its pages are written, the rest are holes. */
export function writeMsfFile(path: string, image: MsfImage): void {
  const fd = openSync(path, 'w');
  try {
    ftruncateSync(fd, image.pageCount * image.blockSize);
    for (const [p, data] of image.pages) writeSync(fd, data, 0, data.length, p * image.blockSize);
  } finally {
    closeSync(fd);
  }
}
