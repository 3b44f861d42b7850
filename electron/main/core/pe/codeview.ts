import { ByteView, baseName, utf8z } from '../minidump/binary';
import { nb10DebugId, pdbDebugId } from './code-id';

const RSDS = 0x53445352;
const NB10 = 0x3031424e;

/** A CodeView debug record: where the PDB is and which PDB build matches the image. */
export type CodeViewRecord =
  | {
      readonly kind: 'rsds';
      /** Canonical GUID text, upper case: `XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX`. */
      readonly guid: string;
      readonly age: number;
      /** The PDB path as the linker wrote it (often a build machine's absolute path). */
      readonly pdbPath: string;
      /** File name part of pdbPath: the name a symbol server files the PDB under. */
      readonly pdbName: string;
      /** GUID (no dashes) + age in upper-case hex: the symbol-server key. */
      readonly debugId: string;
    }
  | {
      readonly kind: 'nb10';
      /** Offset field of the NB10 header (0 for a separate PDB). */
      readonly offset: number;
      readonly signature: number;
      readonly age: number;
      readonly pdbPath: string;
      readonly pdbName: string;
      readonly debugId: string;
    }
  | { readonly kind: 'unknown'; readonly signature: number | null };

const hex = (n: number, width: number): string => n.toString(16).toUpperCase().padStart(width, '0');

/** Formats the 16 GUID bytes at `at` (first three fields little-endian) as canonical GUID text. */
export function guidText(v: ByteView, at: number): string {
  let tail = '';
  for (let i = 8; i < 16; i++) tail += hex(v.u8(at + i), 2);
  return `${hex(v.u32(at), 8)}-${hex(v.u16(at + 4), 4)}-${hex(v.u16(at + 6), 4)}-${tail.slice(0, 4)}-${tail.slice(4)}`;
}

/** Parses a CodeView record (RSDS for PDB 7.0, NB10 for PDB 2.0) from its bytes. */
export function parseCodeViewRecord(bytes: Uint8Array): CodeViewRecord {
  const v = new ByteView(bytes);
  if (!v.has(0, 4)) return { kind: 'unknown', signature: null };
  const signature = v.u32(0);
  if (signature === RSDS && v.has(0, 24)) {
    const guid = guidText(v, 4);
    const age = v.u32(20);
    const pdbPath = utf8z(bytes.subarray(24));
    return { kind: 'rsds', guid, age, pdbPath, pdbName: baseName(pdbPath), debugId: pdbDebugId(guid, age) };
  }
  if (signature === NB10 && v.has(0, 16)) {
    const sig = v.u32(8);
    const age = v.u32(12);
    const pdbPath = utf8z(bytes.subarray(16));
    return { kind: 'nb10', offset: v.u32(4), signature: sig, age, pdbPath, pdbName: baseName(pdbPath), debugId: nb10DebugId(sig, age) };
  }
  return { kind: 'unknown', signature };
}
