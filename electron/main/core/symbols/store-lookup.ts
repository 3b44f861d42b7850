/**
 * Lookups in a folder or share: the symbol-store layouts symstore writes (flat `name/ID/name`, or
 * two-tier `na/name/ID/name` when `index2.txt` is there), each with the plain, compressed
 * (`name_`) and pointer (`file.ptr`) forms, and the plain build-output layout (`DIR/name`).
 */
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { readHead } from '../file-read';
import { describeFsError } from '../fs-errors';
import { MAX_FILE_PTR_BYTES, parseFilePointer } from './file-pointer';
import { compressedName, FILE_PTR, storeFolderSegments, type SymbolKey, TWO_TIER_MARKER } from './symbol-keys';

/** Which layout a hit was found in. */
export type StoreLayout = 'flat' | 'two-tier' | 'plain';

/** Something a store holds for a key. Pointers are resolved to their target's form. */
export type StoreHit =
  | { readonly kind: 'file'; readonly path: string; readonly layout: StoreLayout }
  | { readonly kind: 'compressed'; readonly path: string; readonly layout: StoreLayout }
  | { readonly kind: 'message'; readonly message: string }
  | { readonly kind: 'invalid'; readonly message: string };

/** A lookup's hit (null: nothing there) and the paths it looked at. */
export interface StoreLookup {
  readonly hit: StoreHit | null;
  readonly tried: readonly string[];
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The store layout of a folder: two-tier when symstore's `index2.txt` marker is in it. */
export async function storeLayoutOf(dir: string): Promise<'flat' | 'two-tier'> {
  return (await isFile(join(dir, TWO_TIER_MARKER))) ? 'two-tier' : 'flat';
}

/** Looks for the key in a symbol-store folder: the file, then `name_`, then `file.ptr`. */
export async function lookupStore(dir: string, key: SymbolKey): Promise<StoreLookup> {
  const layout = await storeLayoutOf(dir);
  const folder = join(dir, ...storeFolderSegments(key, layout === 'two-tier'));
  const plain = join(folder, key.name);
  const packed = join(folder, compressedName(key.name));
  const pointer = join(folder, FILE_PTR);
  const tried = [plain, packed, pointer];
  if (await isFile(plain)) return { hit: { kind: 'file', path: plain, layout }, tried };
  if (await isFile(packed)) return { hit: { kind: 'compressed', path: packed, layout }, tried };
  if (!(await isFile(pointer))) return { hit: null, tried };
  let bytes: Uint8Array;
  try {
    bytes = await readHead(pointer, MAX_FILE_PTR_BYTES);
  } catch (e) {
    return { hit: { kind: 'invalid', message: `${pointer} cannot be read (${describeFsError(e)})` }, tried };
  }
  return { hit: await followPointer(bytes, key, layout), tried };
}

/**
 * What a `file.ptr` leads to. The target must carry the key's name (or its compressed name):
 * a pointer is not allowed to hand out an unrelated file of this machine.
 */
export async function followPointer(bytes: Uint8Array, key: SymbolKey, layout: StoreLayout): Promise<StoreHit> {
  const pointer = parseFilePointer(bytes);
  if (pointer.kind !== 'path') return pointer;
  // PATH: is usually a Windows path (a share); take its last segment whatever the separator.
  const target = pointer.path.split(/[\\/]/).pop() ?? '';
  const lower = target.toLowerCase();
  let kind: 'file' | 'compressed';
  if (lower === key.name.toLowerCase()) kind = 'file';
  else if (lower === compressedName(key.name).toLowerCase()) kind = 'compressed';
  else return { kind: 'invalid', message: `the store's file.ptr points to "${target.slice(0, 80)}", not to ${key.name}` };
  if (!(await isFile(pointer.path))) return { kind: 'invalid', message: `the store's file.ptr points to ${pointer.path}, which cannot be read` };
  return { kind, path: pointer.path, layout };
}

/** The build-output candidate `DIR/name` (its id is unknown: the caller checks it). */
export async function lookupPlain(dir: string, key: SymbolKey): Promise<StoreLookup> {
  const path = join(dir, basename(key.name));
  return { hit: (await isFile(path)) ? { kind: 'file', path, layout: 'plain' } : null, tried: [path] };
}
