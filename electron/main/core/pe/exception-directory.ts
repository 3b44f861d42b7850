import { MAX_READ_BYTES } from '../minidump/byte-source';
import { DataDirectoryIndex } from './pe-constants';
import { dataDirectory, readRva, type PeImage } from './pe-image';

/** The raw entries of an image's exception directory (.pdata) and what was wrong with it. */
export interface ExceptionDirectoryBytes {
  readonly bytes: Uint8Array;
  /** Whole entries in `bytes`. */
  readonly count: number;
}

/**
 * Reads the .pdata entries of an image of `arch` (`entrySize` bytes each: 12 on x64, 8 on ARM64),
 * capped at one bounded read; problems say when the directory is odd-sized, too large or cut off.
 */
export async function readExceptionDirectory(
  image: PeImage,
  arch: 'amd64' | 'arm64',
  entrySize: number,
  problems: string[],
): Promise<ExceptionDirectoryBytes> {
  const label = arch === 'amd64' ? 'x64' : 'ARM64';
  if (image.headers.coff.arch !== arch) {
    problems.push(`not an ${label} image (${image.headers.coff.arch}): no ${label} function table`);
    return { bytes: new Uint8Array(0), count: 0 };
  }
  const dir = dataDirectory(image, DataDirectoryIndex.exception);
  if (!dir) return { bytes: new Uint8Array(0), count: 0 };
  if (dir.size % entrySize !== 0) problems.push(`the exception directory size ${dir.size} is not a multiple of ${entrySize}`);
  const maxEntries = Math.floor(MAX_READ_BYTES / entrySize);
  let count = Math.floor(dir.size / entrySize);
  if (count > maxEntries) {
    problems.push(`the exception directory declares ${count} functions; only ${maxEntries} are read`);
    count = maxEntries;
  }
  const bytes = await readRva(image, dir.rva, count * entrySize);
  const usable = Math.floor(bytes.length / entrySize);
  if (usable < count) problems.push(`the exception directory is cut off after ${usable} of ${count} functions`);
  return { bytes, count: usable };
}
