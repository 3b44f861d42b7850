import { findArm64Candidate, readArm64FunctionTable, readArm64Unwind, type Arm64FunctionEntry, type Arm64FunctionTable, type Arm64Unwind } from '../pe/arm64-function-table';
import { readRva, type PeImage } from '../pe/pe-image';
import type { CodeReader } from './x64-registers';
import { createImageCacheFor, type ImageCache, type ImageOrigin, type ImageSources } from './unwind-images';

/** An opened arm64 module image with its .pdata; unwind data is read once per function. */
export interface Arm64UnwindImage {
  readonly image: PeImage;
  readonly origin: ImageOrigin;
  readonly table: Arm64FunctionTable;
  /**
   * The function holding `rva` with its unwind data: null when no entry covers it (a leaf, or not
   * code); an `unreadable` unwind when the entry's data cannot be read.
   */
  unwindAt(rva: number): Promise<Arm64Unwind | null>;
  /** Code bytes at an RVA (empty outside the image). */
  readonly code: CodeReader;
}

/** Creates the per-walk cache of arm64 images (same sources and order as the amd64 walker). */
export function createArm64ImageCache(sources: ImageSources, problems: string[]): ImageCache<Arm64UnwindImage> {
  return createImageCacheFor(sources, problems, { arch: 'arm64', wrap: wrapArm64, hasFunctions: (w) => w.table.functions.length > 0 });
}

async function wrapArm64(image: PeImage, origin: ImageOrigin): Promise<Arm64UnwindImage> {
  const table = await readArm64FunctionTable(image);
  const unwinds = new Map<Arm64FunctionEntry, Promise<Arm64Unwind>>();
  const unwindOf = (entry: Arm64FunctionEntry): Promise<Arm64Unwind> => {
    let hit = unwinds.get(entry);
    if (!hit) {
      hit = readArm64Unwind(image, entry);
      unwinds.set(entry, hit);
    }
    return hit;
  };
  return {
    image,
    origin,
    table,
    async unwindAt(rva) {
      const entry = findArm64Candidate(table, rva);
      if (!entry) return null;
      const unwind = await unwindOf(entry);
      if (unwind.kind === 'unreadable') return unwind;
      return rva < unwind.endRva ? unwind : null;
    },
    code: (rva, length) => readRva(image, rva, length),
  };
}
