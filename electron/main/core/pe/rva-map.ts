import type { PeHeaders, SectionHeader } from './pe-headers';

/** Where an RVA's bytes live in an image file. */
export interface RvaLocation {
  /** File offset of the RVA. */
  readonly offset: number;
  /** Bytes from `offset` that come from the file before the section's raw data ends. */
  readonly fileBytes: number;
  /** Bytes from the RVA to the end of its section in memory (the rest past `fileBytes` is zero-filled). */
  readonly virtualBytes: number;
  /** The section holding the RVA, or null for the headers. */
  readonly section: SectionHeader | null;
}

/** Size a section occupies in memory: VirtualSize, or the raw size when a linker left it 0. */
export function sectionVirtualSize(section: SectionHeader): number {
  return section.virtualSize !== 0 ? section.virtualSize : section.sizeOfRawData;
}

/**
 * Maps an RVA to a file offset through the section table, the way the loader lays sections out;
 * null when no section (nor the headers) covers it.
 */
export function locateRva(headers: PeHeaders, rva: number): RvaLocation | null {
  if (!(rva >= 0)) return null;
  for (const section of headers.sections) {
    const size = sectionVirtualSize(section);
    const delta = rva - section.virtualAddress;
    if (delta < 0 || delta >= size) continue;
    // The loader copies only min(raw, virtual) bytes; the rest of the section is zeros.
    const fileBytes = Math.max(0, Math.min(section.sizeOfRawData, size) - delta);
    return { offset: section.pointerToRawData + delta, fileBytes, virtualBytes: size - delta, section };
  }
  const headerSize = headers.optional.sizeOfHeaders;
  if (rva < headerSize) return { offset: rva, fileBytes: headerSize - rva, virtualBytes: headerSize - rva, section: null };
  return null;
}

/** The section whose memory range holds an RVA, or null. */
export function sectionAt(headers: PeHeaders, rva: number): SectionHeader | null {
  const loc = locateRva(headers, rva);
  return loc ? loc.section : null;
}
