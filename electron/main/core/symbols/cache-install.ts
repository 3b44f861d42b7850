/**
 * Puts symbol files into a downstream cache under `name/ID/name`: copied or unpacked into a
 * temporary file in the target folder, flushed, checked (a PDB must look like a PDB), then
 * renamed. A crash leaves a `*.tmp` file at worst, never a half file under the final name.
 */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, rm, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { err, ok, type Result } from '../../../../shared/result';
import { renameWithRetry } from '../atomic-file';
import { readHead } from '../file-read';
import { describeFsError } from '../fs-errors';
import { expandCabFile } from './cab-expand';
import { compressedName, type SymbolKey } from './symbol-keys';
import { MAGIC_BYTES, magicProblem } from './symbol-magic';

/** Caps of an install. */
export interface InstallOptions {
  readonly maxBytes: number;
  readonly signal?: AbortSignal;
  readonly onBytes?: (written: number, total: number) => void;
}

/** A file to install: the symbol file itself or its CAB-compressed form. */
export interface InstallSource {
  readonly kind: 'file' | 'compressed';
  readonly path: string;
}

/** Where the key lives in a cache folder; refuses a result outside the folder (defence in depth). */
export function cachePath(cacheDir: string, key: SymbolKey): string {
  const path = join(cacheDir, key.name, key.id, key.name);
  const rel = relative(resolve(cacheDir), resolve(path));
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) throw new Error(`${key.name} would land outside the symbol cache`);
  return path;
}

/** A fresh temporary name next to `final`; cache clearing removes leftovers by the suffix. */
export function tempPathFor(final: string): string {
  return `${final}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

/**
 * Checks a finished temporary file and renames it to `final`, or removes it and says why. The
 * message names what was received (`…: it is not a PDB (it starts with "<!DOCTYPE html>")`).
 */
export async function adoptTemp(tmp: string, final: string, key: SymbolKey): Promise<Result<string>> {
  try {
    const problem = magicProblem(key.kind, await readHead(tmp, MAGIC_BYTES));
    if (problem) {
      await rm(tmp, { force: true });
      return err(problem);
    }
    await renameWithRetry(tmp, final);
    return ok(final);
  } catch (e) {
    await rm(tmp, { force: true });
    return err(`it could not be put into the cache (${describeFsError(e)})`);
  }
}

/** Copies or unpacks `source` into the cache folder; returns the cached path. */
export async function installIntoCache(cacheDir: string, key: SymbolKey, source: InstallSource, options: InstallOptions): Promise<Result<string>> {
  const final = cachePath(cacheDir, key);
  const tmp = tempPathFor(final);
  try {
    await mkdir(dirname(final), { recursive: true });
    if (source.kind === 'compressed') {
      const expanded = await expandCabFile(source.path, key.name, tmp, options);
      if (!expanded.ok) return err(`${compressedName(key.name)} cannot be unpacked: ${expanded.error}`);
    } else {
      const size = (await stat(source.path)).size;
      if (size > options.maxBytes) return err(`${source.path} is ${size} bytes, more than the ${options.maxBytes} allowed`);
      await copyFile(source.path, tmp);
      await syncFile(tmp);
    }
  } catch (e) {
    await rm(tmp, { force: true });
    return err(`${key.name} could not be put into the cache ${cacheDir} (${describeFsError(e)})`);
  }
  const adopted = await adoptTemp(tmp, final, key);
  return adopted.ok ? adopted : err(`${source.path}: ${adopted.error}`);
}

/** fsync of a finished file: copyFile does not flush, and the rename must not outrun the data. */
async function syncFile(path: string): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
