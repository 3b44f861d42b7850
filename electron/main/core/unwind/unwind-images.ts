import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { messageOf } from '../minidump/binary';
import { openFileSource, type ByteSource, type FileByteSource } from '../minidump/byte-source';
import type { MinidumpModule } from '../../../../shared/minidump-model';
import type { MemoryReader } from '../minidump/memory-reader';
import type { ParsedModule } from '../minidump/parse-modules';
import { findX64Function, readX64FunctionTable, readX64Unwind, type X64FunctionTable, type X64Unwind } from '../pe/x64-function-table';
import type { X64RuntimeFunction } from '../pe/x64-unwind-info';
import { DataDirectoryIndex } from '../pe/pe-constants';
import { dataDirectory, openPeImage, readRva, type PeImage } from '../pe/pe-image';
import type { ImageQuery, LocateResult } from '../symbols/locator-types';

/** Where an image used for unwinding came from. */
export type ImageOrigin = 'dump-memory' | 'symbol-path' | 'local-file' | 'caller';

/** An opened module image with its function table; unwind data is read once per function. */
export interface UnwindImage {
  readonly image: PeImage;
  readonly origin: ImageOrigin;
  readonly table: X64FunctionTable;
  /** The .pdata entry holding `rva`, or null (a leaf, or not code). */
  functionAt(rva: number): X64RuntimeFunction | null;
  /** The function's unwind data (own info, then chained parents). */
  unwindOf(fn: X64RuntimeFunction): Promise<X64Unwind>;
  /** Code bytes at an RVA (empty outside the image). */
  code(rva: number, length: number): Promise<Uint8Array>;
}

/** Where images may be looked for, in this order; each is optional. */
export interface ImageSources {
  /** The dump's memory: full dumps hold every mapped image. */
  readonly memory?: MemoryReader | null;
  /** The symbol path (image by name and code id). */
  readonly locator?: { locateImage(query: ImageQuery): Promise<LocateResult> } | null;
  /** Open the module's own absolute path when it exists here with the same code id (default true). */
  readonly localFiles?: boolean;
  /**
   * Images the caller already opened (the symbolizer's, say): when given, asked after the dump's
   * memory and instead of the locator and local files. Its images are not closed here.
   */
  readonly open?: (module: MinidumpModule) => Promise<PeImage | null>;
}

/** The images of one walk, opened at most once each; close() releases the files. */
export interface ImageCache<T = UnwindImage> {
  get(module: ParsedModule): Promise<T | null>;
  close(): Promise<void>;
}

/** How a CPU's unwinder wraps an opened image: its machine, its table, whether the table has entries. */
export interface ImageFlavor<T> {
  readonly arch: 'amd64' | 'arm64' | 'x86';
  wrap(image: PeImage, origin: ImageOrigin): Promise<T>;
  hasFunctions(wrapped: T): boolean;
}

const X64_FLAVOR: ImageFlavor<UnwindImage> = { arch: 'amd64', wrap: (image, origin) => wrap(image, origin), hasFunctions: (w) => w.table.functions.length > 0 };

/** Creates the per-walk image cache; failures become problems and a null image (frames then fall back). */
export function createImageCache(sources: ImageSources, problems: string[]): ImageCache {
  return createImageCacheFor(sources, problems, X64_FLAVOR);
}

/** The per-walk image cache for any CPU's unwind tables (see createImageCache). */
export function createImageCacheFor<T>(sources: ImageSources, problems: string[], flavor: ImageFlavor<T>): ImageCache<T> {
  const opened = new Map<bigint, Promise<T | null>>();
  const files: FileByteSource[] = [];
  const open = async (m: ParsedModule): Promise<T | null> => {
    try {
      const inDump = await fromMemory(m, sources.memory ?? null, flavor);
      if (inDump) return inDump;
      if (sources.open) {
        const image = await sources.open(m.model);
        return image && sameCode(image, m, flavor.arch) ? flavor.wrap(image, 'caller') : null;
      }
      return (await fromLocator(m, sources, files, problems, flavor)) ?? (await fromLocalFile(m, sources, files, flavor));
    } catch (error) {
      problems.push(`unwind: cannot open the image of ${m.model.name}: ${messageOf(error)}`);
      return null;
    }
  };
  return {
    get(m) {
      let hit = opened.get(m.base);
      if (!hit) {
        hit = open(m);
        opened.set(m.base, hit);
      }
      return hit;
    },
    async close() {
      await Promise.all(files.map((f) => f.close().catch(() => undefined)));
    },
  };
}

/** A ByteSource over the dump memory of one module (offset 0 = its base), across range boundaries. */
function moduleMemorySource(memory: MemoryReader, m: ParsedModule): ByteSource {
  const size = m.end - m.base;
  return {
    size,
    async read(offset, length) {
      if (offset < 0n || offset >= size || !(length > 0)) return new Uint8Array(0);
      const want = Math.min(length, Number(size - offset));
      const out = new Uint8Array(want);
      let done = 0;
      while (done < want) {
        const piece = await memory.readFrom(m.base + offset + BigInt(done), want - done);
        if (!piece || piece.length === 0) break;
        out.set(piece, done);
        done += piece.length;
      }
      return done === want ? out : out.subarray(0, done);
    },
  };
}

async function fromMemory<T>(m: ParsedModule, memory: MemoryReader | null, flavor: ImageFlavor<T>): Promise<T | null> {
  if (!memory || !memory.find(m.base)) return null;
  const r = await openPeImage(moduleMemorySource(memory, m), { layout: 'mapped' });
  if (!r.ok || !sameCode(r.value, m, flavor.arch)) return null;
  const image = await flavor.wrap(r.value, 'dump-memory');
  // A normal dump may hold a module's first page but not its .pdata: then look elsewhere, or a
  // function with unwind data would pass for a leaf.
  return flavor.hasFunctions(image) || !dataDirectory(r.value, DataDirectoryIndex.exception) ? image : null;
}

async function fromLocator<T>(m: ParsedModule, sources: ImageSources, files: FileByteSource[], problems: string[], flavor: ImageFlavor<T>): Promise<T | null> {
  if (!sources.locator) return null;
  const found = await sources.locator.locateImage({ name: m.model.name, codeId: m.model.codeId });
  if (found.kind === 'error') problems.push(`unwind: ${m.model.name}: ${found.message}`);
  if (found.kind !== 'found') return null;
  return fromFile(found.path, m, files, 'symbol-path', flavor);
}

async function fromLocalFile<T>(m: ParsedModule, sources: ImageSources, files: FileByteSource[], flavor: ImageFlavor<T>): Promise<T | null> {
  const path = m.model.path;
  // Only absolute local paths: a bare file name would resolve against whatever folder we run in,
  // and a UNC path could block the walk on an unreachable server.
  if (sources.localFiles === false || !isAbsolute(path) || /^[\\/]{2}/.test(path) || !existsSync(path)) return null;
  return fromFile(path, m, files, 'local-file', flavor);
}

async function fromFile<T>(path: string, m: ParsedModule, files: FileByteSource[], origin: ImageOrigin, flavor: ImageFlavor<T>): Promise<T | null> {
  const file = await openFileSource(path);
  files.push(file);
  const r = await openPeImage(file, { layout: 'file' });
  return r.ok && sameCode(r.value, m, flavor.arch) ? flavor.wrap(r.value, origin) : null;
}

/** A different build at the same name would unwind with the wrong tables: the code id must match. */
function sameCode(image: PeImage, m: ParsedModule, arch: ImageFlavor<unknown>['arch']): boolean {
  return image.headers.coff.arch === arch && image.codeId.toUpperCase() === m.model.codeId.toUpperCase();
}

async function wrap(image: PeImage, origin: ImageOrigin): Promise<UnwindImage> {
  const table = await readX64FunctionTable(image);
  const unwinds = new Map<number, Promise<X64Unwind>>();
  return {
    image,
    origin,
    table,
    functionAt: (rva) => findX64Function(table, rva),
    unwindOf(fn) {
      let hit = unwinds.get(fn.beginRva);
      if (!hit) {
        hit = readX64Unwind(image, fn);
        unwinds.set(fn.beginRva, hit);
      }
      return hit;
    },
    code: (rva, length) => readRva(image, rva, length),
  };
}
