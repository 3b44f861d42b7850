import { ByteView } from '../minidump/binary';

/** One image section header (IMAGE_SECTION_HEADER) as the PDB stores it. */
export interface PdbSection {
  /** Section name such as ".text" (up to 8 characters). */
  readonly name: string;
  /** RVA of the section start. */
  readonly rva: number;
  /** Bytes the section occupies in memory (VirtualSize, or the raw size when that is 0). */
  readonly size: number;
  /** IMAGE_SCN_* flags. */
  readonly characteristics: number;
}

/** Parses a section header stream (40-byte IMAGE_SECTION_HEADER records). */
export function parseSectionHeaders(bytes: Uint8Array): PdbSection[] {
  const v = new ByteView(bytes);
  const out: PdbSection[] = [];
  for (let at = 0; at + 40 <= v.length; at += 40) {
    let name = '';
    for (let i = 0; i < 8 && bytes[at + i] !== 0; i++) name += String.fromCharCode(bytes[at + i]!);
    const virtualSize = v.u32(at + 8);
    out.push({ name, rva: v.u32(at + 12), size: virtualSize || v.u32(at + 16), characteristics: v.u32(at + 36) });
  }
  return out;
}

/** An OMAP table (address translation after binary rewriting) as sorted (from, to) pairs. */
export interface Omap {
  readonly from: Uint32Array;
  readonly to: Uint32Array;
}

/** Parses an OMAP stream (8-byte (from, to) pairs sorted by `from`); unsorted entries are dropped. */
export function parseOmap(bytes: Uint8Array): Omap {
  const v = new ByteView(bytes);
  const n = Math.floor(v.length / 8);
  const from = new Uint32Array(n);
  const to = new Uint32Array(n);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    const f = v.u32(i * 8);
    if (kept > 0 && f < from[kept - 1]!) continue;
    from[kept] = f;
    to[kept] = v.u32(i * 8 + 4);
    kept++;
  }
  return { from: from.subarray(0, kept), to: to.subarray(0, kept) };
}

/** Translates an address through an OMAP table: null when it maps nowhere. */
export function mapThroughOmap(omap: Omap, address: number): number | null {
  let lo = 0;
  let hi = omap.from.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (omap.from[mid]! <= address) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (at < 0 || omap.to[at] === 0) return null;
  return (omap.to[at]! + (address - omap.from[at]!)) >>> 0;
}

/**
 * Address translation between the image (what a crash reports) and the PDB's "source" address
 * space, in which all symbol and line records are expressed. They differ only after binary
 * rewriting (OMAP): then records use the original section layout, and queries go through the
 * to-source table first.
 */
export interface AddressMap {
  /** Section headers of the source layout (what section:offset pairs are relative to). */
  readonly sections: readonly PdbSection[];
  /** Whether an OMAP table is applied. */
  readonly usesOmap: boolean;
  /** section:offset of a record → source RVA, or null for an unknown section. */
  sourceRva(section: number, offset: number): number | null;
  /** Image RVA → source RVA (identity without OMAP), or null when it maps nowhere. */
  toSource(rva: number): number | null;
  /** Source RVA → image RVA (identity without OMAP), or null when it maps nowhere. */
  toImage(rva: number): number | null;
  /** Source RVA → 1-based section number and offset, or null when in no section. */
  sectionOf(rva: number): { readonly section: number; readonly offset: number } | null;
}

/** Builds the address map from section headers and the optional OMAP tables. */
export function createAddressMap(sections: readonly PdbSection[], toSource: Omap | null, fromSource: Omap | null): AddressMap {
  return {
    sections,
    usesOmap: toSource !== null || fromSource !== null,
    sourceRva(section, offset) {
      const s = sections[section - 1];
      return s ? (s.rva + offset) >>> 0 : null;
    },
    toSource: (rva) => (toSource ? mapThroughOmap(toSource, rva) : rva),
    toImage: (rva) => (fromSource ? mapThroughOmap(fromSource, rva) : rva),
    sectionOf(rva) {
      for (let i = 0; i < sections.length; i++) {
        const s = sections[i]!;
        if (rva >= s.rva && rva - s.rva < Math.max(s.size, 1)) return { section: i + 1, offset: rva - s.rva };
      }
      return null;
    },
  };
}
