/**
 * The Settings page's view of the symbol cache: its size, and clearing it. Clearing deletes only
 * what a symbol cache holds (`name.ext/ID/…` folders with any temporary files left in them,
 * the remembered misses), never other things: a cache setting that points at the wrong folder must not empty it.
 */
import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { err, ok, type Result } from '../../../../shared/result';
import { describeFsError } from '../fs-errors';
import { mapLimit } from '../map-limit';
import { MISSES_FILE } from './miss-cache';

/** How much a cache folder holds. */
export interface SymbolCacheSize {
  readonly bytes: number;
  readonly files: number;
}

/** What clearing did: entries removed, and entries left because they are not cache content. */
export interface SymbolCacheClearing {
  readonly removed: number;
  readonly kept: readonly string[];
}

// A store folder's sub-folders are ids: GUID+age (33-40), NB10 (9-16) or code ids (9-16 hex).
const ID_FOLDER = /^[0-9a-f]{9,40}$/i;
// The misses list's own temporary files (atomic writes cut short by a crash).
const MISSES_TEMP = /^wer-explorer-misses\.json\..+\.tmp$/;
const WALK_PARALLEL = 8;

function isMissing(e: unknown): boolean {
  return (e as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** The size of everything under `dir` (links are not followed); a missing folder is empty. */
export async function symbolCacheSize(dir: string): Promise<Result<SymbolCacheSize>> {
  try {
    return ok(await sizeOf(dir));
  } catch (e) {
    if (isMissing(e)) return ok({ bytes: 0, files: 0 });
    return err(`The size of the symbol cache ${dir} cannot be read (${describeFsError(e)}).`);
  }
}

async function sizeOf(path: string): Promise<SymbolCacheSize> {
  const info = await lstat(path);
  if (!info.isDirectory()) return info.isFile() ? { bytes: info.size, files: 1 } : { bytes: 0, files: 0 };
  const names = await readdir(path);
  const parts = await mapLimit(names, WALK_PARALLEL, async (name) => {
    try {
      return await sizeOf(join(path, name));
    } catch (e) {
      // Removed while walking (a lookup renaming its temporary file): it simply is not there.
      if (isMissing(e)) return { bytes: 0, files: 0 };
      throw e;
    }
  });
  return parts.reduce((a, b) => ({ bytes: a.bytes + b.bytes, files: a.files + b.files }), { bytes: 0, files: 0 });
}

/** Whether a top-level entry is cache content: a `name.ext` folder holding only id folders. */
async function isCacheEntry(dir: string, name: string): Promise<boolean> {
  if (name === MISSES_FILE || MISSES_TEMP.test(name)) return true;
  const path = join(dir, name);
  const info = await lstat(path);
  if (!info.isDirectory() || !/^[^.].*\.[^.]+$/.test(name)) return false;
  const children = await readdir(path, { withFileTypes: true });
  return children.length > 0 && children.every((c) => c.isDirectory() && ID_FOLDER.test(c.name));
}

/** Empties a symbol cache folder of what a cache holds; the folder itself stays. */
export async function clearSymbolCache(dir: string): Promise<Result<SymbolCacheClearing>> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if (isMissing(e)) return ok({ removed: 0, kept: [] });
    return err(`The symbol cache ${dir} cannot be read (${describeFsError(e)}).`);
  }
  let removed = 0;
  const kept: string[] = [];
  try {
    for (const name of names) {
      if (await isCacheEntry(dir, name)) {
        await rm(join(dir, name), { recursive: true, force: true });
        removed++;
      } else {
        kept.push(name);
      }
    }
  } catch (e) {
    return err(`The symbol cache ${dir} could not be cleared completely (${describeFsError(e)}).`);
  }
  return ok({ removed, kept });
}
