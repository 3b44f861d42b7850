/**
 * How symsrv names a file in a symbol store: `name/ID/name` where ID is the PDB's GUID and age or
 * the image's TimeDateStamp and SizeOfImage. Names and ids come from dumps (hostile input), so
 * they are validated here before any of them becomes part of a path or a URL.
 */
import { err, ok, type Result } from '../../../../shared/result';
import { safeCabEntryName } from '../cer/safe-names';

/** Which kind of file a lookup is for. */
export type SymbolFileKind = 'pdb' | 'image';

/** A validated lookup: the file name (one path segment) and its store id. */
export interface SymbolKey {
  readonly kind: SymbolFileKind;
  /** File name only, case kept (`ntdll.pdb`, `ntdll.dll`). */
  readonly name: string;
  /** The store folder between the two names (`1EB8…1`, `5B1C2A4B1e5000`). */
  readonly id: string;
}

/** The pointer file a store may hold instead of the symbol file. */
export const FILE_PTR = 'file.ptr';
/** The marker of symstore's two-tier layout (`na/name.pdb/ID/name.pdb`). */
export const TWO_TIER_MARKER = 'index2.txt';

const HEX = /^[0-9A-F]+$/;

/** The last segment of a path as dumps write it (`C:\build\out\app.pdb` → `app.pdb`), if safe. */
function fileNameOf(name: string): string | null {
  const last = name.trim().split(/[\\/]/).pop() ?? '';
  // A single safe segment: no drive letter, device name, `..` or characters Windows refuses.
  return last.length > 0 && safeCabEntryName(last) === last ? last : null;
}

/**
 * A PDB lookup. `debugId` is the dump's id: an RSDS GUID (32 hex digits, dashes and braces
 * allowed) followed by the age, or an NB10 signature (8 hex digits) followed by the age. The
 * store id is upper-case hex with the age unpadded, as symstore writes it.
 */
export function pdbKey(name: string, debugId: string): Result<SymbolKey> {
  const file = fileNameOf(name);
  if (!file) return err(`"${name.slice(0, 80)}" is not a usable PDB file name.`);
  const id = debugId.replace(/[{}-]/g, '').toUpperCase();
  const guidLength = id.length >= 33 ? 32 : 8;
  const age = id.slice(guidLength);
  if (!HEX.test(id) || age.length === 0 || age.length > 8 || (id.length > 16 && id.length < 33)) {
    return err(`"${debugId.slice(0, 80)}" is not a PDB debug id (GUID or signature, then age, in hex).`);
  }
  return ok({ kind: 'pdb', name: file, id: id.slice(0, guidLength) + parseInt(age, 16).toString(16).toUpperCase() });
}

/**
 * An image lookup. `codeId` is `%08X` TimeDateStamp + `%x` SizeOfImage (the dump's code id);
 * it is normalised to exactly that spelling, which is the one symstore writes.
 */
export function imageKey(name: string, codeId: string): Result<SymbolKey> {
  const file = fileNameOf(name);
  if (!file) return err(`"${name.slice(0, 80)}" is not a usable image file name.`);
  const id = codeId.trim().toUpperCase();
  if (!HEX.test(id) || id.length < 9 || id.length > 16) {
    return err(`"${codeId.slice(0, 80)}" is not an image code id (timestamp and image size, in hex).`);
  }
  return ok({ kind: 'image', name: file, id: formatCodeId(parseInt(id.slice(0, 8), 16), parseInt(id.slice(8), 16)) });
}

/** The code id of an image: `%08X` TimeDateStamp followed by `%x` SizeOfImage. */
export function formatCodeId(timestamp: number, sizeOfImage: number): string {
  return (timestamp >>> 0).toString(16).padStart(8, '0').toUpperCase() + (sizeOfImage >>> 0).toString(16);
}

/** The name of the compressed (CAB) form: the last character becomes `_` (`x.pdb` → `x.pd_`). */
export function compressedName(name: string): string {
  return `${name.slice(0, -1)}_`;
}

/** The segments of the key's folder in a store (`name/ID`, or `na/name/ID` in the two-tier layout). */
export function storeFolderSegments(key: SymbolKey, twoTier: boolean): readonly string[] {
  // symstore's two-tier prefix is the first two characters of the name (the name itself if shorter).
  return twoTier ? [key.name.slice(0, 2), key.name, key.id] : [key.name, key.id];
}

/** A short label of the key for messages (`ntdll.pdb 1EB8…1`). */
export function describeKey(key: SymbolKey): string {
  return `${key.name} (${key.kind === 'pdb' ? 'debug id' : 'code id'} ${key.id})`;
}
