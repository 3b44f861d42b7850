/**
 * First-bytes checks of symbol files before they enter a cache: a server that answers 200 with a
 * login page or an error page must not leave that page in the cache under a PDB's name.
 */
import type { SymbolFileKind } from './symbol-keys';

const PDB_MAGICS: readonly string[] = [
  'Microsoft C/C++ MSF 7.00\r\n\x1aDS\0\0\0', // MSF 7 (every PDB since VC 7)
  'Microsoft C/C++ program database 2.00\r\n\x1aJG\0\0', // MSF 2 (VC 6 and older)
  'BSJB', // portable PDB (.NET); Microsoft's server hands these out too
];

/** Bytes of a file's start needed by {@link looksLike}. */
export const MAGIC_BYTES = 44;

/** Whether the first bytes fit the kind: a PDB's MSF or metadata signature, an image's `MZ`. */
export function looksLike(kind: SymbolFileKind, head: Uint8Array): boolean {
  const text = Buffer.from(head.subarray(0, MAGIC_BYTES)).toString('latin1');
  return kind === 'image' ? text.startsWith('MZ') : PDB_MAGICS.some((m) => text.startsWith(m));
}

/** The start of some bytes as printable text for a message (`"<!DOCTYPE html><htm…"`). */
export function describeStart(head: Uint8Array): string {
  if (head.length === 0) return 'it is empty';
  const text = Buffer.from(head.subarray(0, 24)).toString('latin1').replace(/[^\x20-\x7e]/g, '.');
  return `it starts with "${text}"`;
}

/** The reason a file is refused for the kind, or null when it fits. */
export function magicProblem(kind: SymbolFileKind, head: Uint8Array): string | null {
  if (looksLike(kind, head)) return null;
  return `it is not ${kind === 'pdb' ? 'a PDB' : 'a Windows image'} (${describeStart(head)})`;
}
