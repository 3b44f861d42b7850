import { err, ok, type Result } from '../../../../shared/result';
import { ByteView, TruncatedError, latin1 } from '../minidump/binary';
import { PE32_MAGIC, PE32_PLUS_MAGIC, peArch, type PeArch } from './pe-constants';

/** XP loaded at most 96 sections and later Windows accepts 65,535; more than this is surely hostile. */
export const MAX_SECTIONS = 2048;
/** e_lfanew beyond this is not a header any linker writes (Windows itself caps it far lower). */
const MAX_PE_OFFSET = 0x10000;
const DOS_HEADER_SIZE = 64;
const COFF_HEADER_SIZE = 20;
const SECTION_HEADER_SIZE = 40;
const DATA_DIRECTORY_COUNT = 16;

/** IMAGE_FILE_HEADER. */
export interface CoffHeader {
  readonly machine: number;
  readonly arch: PeArch;
  readonly numberOfSections: number;
  readonly timeDateStamp: number;
  readonly pointerToSymbolTable: number;
  readonly numberOfSymbols: number;
  readonly sizeOfOptionalHeader: number;
  readonly characteristics: number;
}

/** One IMAGE_DATA_DIRECTORY (absent directories have rva 0 and size 0). */
export interface DataDirectory {
  readonly rva: number;
  readonly size: number;
}

/** IMAGE_OPTIONAL_HEADER32 / 64: `kind` tells which; 64-bit-wide fields are bigints in both. */
export interface OptionalHeader {
  readonly kind: 'pe32' | 'pe32+';
  readonly magic: number;
  readonly majorLinkerVersion: number;
  readonly minorLinkerVersion: number;
  readonly sizeOfCode: number;
  readonly sizeOfInitializedData: number;
  readonly sizeOfUninitializedData: number;
  readonly addressOfEntryPoint: number;
  readonly baseOfCode: number;
  /** PE32 only. */
  readonly baseOfData: number | null;
  readonly imageBase: bigint;
  readonly sectionAlignment: number;
  readonly fileAlignment: number;
  readonly majorOperatingSystemVersion: number;
  readonly minorOperatingSystemVersion: number;
  readonly majorImageVersion: number;
  readonly minorImageVersion: number;
  readonly majorSubsystemVersion: number;
  readonly minorSubsystemVersion: number;
  readonly win32VersionValue: number;
  readonly sizeOfImage: number;
  readonly sizeOfHeaders: number;
  readonly checkSum: number;
  readonly subsystem: number;
  readonly dllCharacteristics: number;
  readonly sizeOfStackReserve: bigint;
  readonly sizeOfStackCommit: bigint;
  readonly sizeOfHeapReserve: bigint;
  readonly sizeOfHeapCommit: bigint;
  readonly loaderFlags: number;
  /** As written in the file (may exceed 16 in hostile files). */
  readonly numberOfRvaAndSizes: number;
  /** Always 16 entries; the ones the header does not carry are zero. */
  readonly dataDirectories: readonly DataDirectory[];
}

/** IMAGE_SECTION_HEADER, with a long ("/123") name resolved later when the string table is read. */
export interface SectionHeader {
  readonly name: string;
  readonly virtualSize: number;
  readonly virtualAddress: number;
  readonly sizeOfRawData: number;
  readonly pointerToRawData: number;
  readonly pointerToRelocations: number;
  readonly pointerToLinenumbers: number;
  readonly numberOfRelocations: number;
  readonly numberOfLinenumbers: number;
  readonly characteristics: number;
}

/** Everything in the headers of a PE image. */
export interface PeHeaders {
  /** e_lfanew: where "PE\0\0" starts. */
  readonly peOffset: number;
  readonly coff: CoffHeader;
  readonly optional: OptionalHeader;
  readonly sections: readonly SectionHeader[];
}

/**
 * How many leading bytes of the image `parsePeHeaders` needs, judged from what is known so far
 * (at least the 64-byte DOS header); null when the prefix is too short or not a PE to tell.
 */
export function requiredHeaderBytes(prefix: Uint8Array): number | null {
  const v = new ByteView(prefix);
  if (!v.has(0, DOS_HEADER_SIZE) || v.u16(0) !== 0x5a4d) return null;
  const pe = v.u32(0x3c);
  if (pe > MAX_PE_OFFSET) return null;
  if (!v.has(pe, 4 + COFF_HEADER_SIZE)) return pe + 4 + COFF_HEADER_SIZE;
  const sections = Math.min(v.u16(pe + 6), MAX_SECTIONS);
  return pe + 4 + COFF_HEADER_SIZE + v.u16(pe + 20) + sections * SECTION_HEADER_SIZE;
}

/**
 * Parses the DOS stub header, COFF header, optional header and section table from the first bytes
 * of an image. A file that is not a PE image is an error; damage after that becomes problems.
 */
export function parsePeHeaders(prefix: Uint8Array, problems: string[]): Result<PeHeaders, string> {
  const v = new ByteView(prefix);
  if (!v.has(0, DOS_HEADER_SIZE)) return err(`not a PE image: only ${prefix.length} bytes, a DOS header needs 64`);
  if (v.u16(0) !== 0x5a4d) return err('not a PE image: no "MZ" signature');
  const peOffset = v.u32(0x3c);
  if (peOffset > MAX_PE_OFFSET) return err(`not a PE image: the PE header offset 0x${peOffset.toString(16)} is implausibly large`);
  if (!v.has(peOffset, 4 + COFF_HEADER_SIZE)) return err('the PE header is cut off (the file ends inside it)');
  if (v.u32(peOffset) !== 0x4550) return err('not a PE image: no "PE" signature at the PE header offset');
  const c = peOffset + 4;
  const coff: CoffHeader = {
    machine: v.u16(c),
    arch: peArch(v.u16(c)),
    numberOfSections: v.u16(c + 2),
    timeDateStamp: v.u32(c + 4),
    pointerToSymbolTable: v.u32(c + 8),
    numberOfSymbols: v.u32(c + 12),
    sizeOfOptionalHeader: v.u16(c + 16),
    characteristics: v.u16(c + 18),
  };
  if (coff.sizeOfOptionalHeader === 0) return err('no optional header: this is an object file, not an image');
  const o = c + COFF_HEADER_SIZE;
  if (!v.has(o, 2)) return err('the optional header is cut off (the file ends inside it)');
  const optional = parseOptionalHeader(v, o, coff.sizeOfOptionalHeader, problems);
  if (!optional.ok) return optional;
  const sections = parseSectionTable(v, o + coff.sizeOfOptionalHeader, coff.numberOfSections, problems);
  return ok({ peOffset, coff, optional: optional.value, sections });
}

function parseOptionalHeader(v: ByteView, o: number, size: number, problems: string[]): Result<OptionalHeader, string> {
  const magic = v.u16(o);
  if (magic !== PE32_MAGIC && magic !== PE32_PLUS_MAGIC) return err(`unknown optional header magic 0x${magic.toString(16)}`);
  const wide = magic === PE32_PLUS_MAGIC;
  // Fixed part before the data directories: 96 bytes in PE32, 112 in PE32+.
  const fixed = wide ? 112 : 96;
  if (size < fixed) return err(`the optional header is ${size} bytes, too small for ${wide ? 'PE32+' : 'PE32'} (${fixed})`);
  if (!v.has(o, fixed)) return err('the optional header is cut off (the file ends inside it)');
  // Fields that are 32-bit in PE32 and 64-bit in PE32+ shift everything after ImageBase.
  const word = (at: number): bigint => (wide ? v.u64(at) : BigInt(v.u32(at)));
  const w = wide ? 8 : 4;
  const stack = o + 72;
  const loaderFlags = stack + 4 * w;
  const declared = v.u32(loaderFlags + 4);
  let usable = Math.min(declared, DATA_DIRECTORY_COUNT, Math.floor((size - fixed) / 8));
  if (declared > DATA_DIRECTORY_COUNT) problems.push(`the optional header declares ${declared} data directories; only 16 exist`);
  else if (usable < declared) problems.push(`the optional header is too small for its ${declared} data directories`);
  const dirs: DataDirectory[] = [];
  const dirStart = o + fixed;
  for (let i = 0; i < DATA_DIRECTORY_COUNT; i++) {
    if (i < usable && !v.has(dirStart + i * 8, 8)) {
      problems.push('the data directories are cut off (the file ends inside them)');
      usable = i;
    }
    dirs.push(i < usable ? { rva: v.u32(dirStart + i * 8), size: v.u32(dirStart + i * 8 + 4) } : { rva: 0, size: 0 });
  }
  return ok({
    kind: wide ? 'pe32+' : 'pe32',
    magic,
    majorLinkerVersion: v.u8(o + 2),
    minorLinkerVersion: v.u8(o + 3),
    sizeOfCode: v.u32(o + 4),
    sizeOfInitializedData: v.u32(o + 8),
    sizeOfUninitializedData: v.u32(o + 12),
    addressOfEntryPoint: v.u32(o + 16),
    baseOfCode: v.u32(o + 20),
    baseOfData: wide ? null : v.u32(o + 24),
    imageBase: wide ? v.u64(o + 24) : BigInt(v.u32(o + 28)),
    sectionAlignment: v.u32(o + 32),
    fileAlignment: v.u32(o + 36),
    majorOperatingSystemVersion: v.u16(o + 40),
    minorOperatingSystemVersion: v.u16(o + 42),
    majorImageVersion: v.u16(o + 44),
    minorImageVersion: v.u16(o + 46),
    majorSubsystemVersion: v.u16(o + 48),
    minorSubsystemVersion: v.u16(o + 50),
    win32VersionValue: v.u32(o + 52),
    sizeOfImage: v.u32(o + 56),
    sizeOfHeaders: v.u32(o + 60),
    checkSum: v.u32(o + 64),
    subsystem: v.u16(o + 68),
    dllCharacteristics: v.u16(o + 70),
    sizeOfStackReserve: word(stack),
    sizeOfStackCommit: word(stack + w),
    sizeOfHeapReserve: word(stack + 2 * w),
    sizeOfHeapCommit: word(stack + 3 * w),
    loaderFlags: v.u32(loaderFlags),
    numberOfRvaAndSizes: declared,
    dataDirectories: dirs,
  });
}

function parseSectionTable(v: ByteView, at: number, declared: number, problems: string[]): SectionHeader[] {
  let count = declared;
  if (count > MAX_SECTIONS) {
    problems.push(`the image declares ${declared} sections; only the first ${MAX_SECTIONS} are read`);
    count = MAX_SECTIONS;
  }
  const sections: SectionHeader[] = [];
  for (let i = 0; i < count; i++) {
    const s = at + i * SECTION_HEADER_SIZE;
    if (!v.has(s, SECTION_HEADER_SIZE)) {
      problems.push(`the section table is cut off after ${i} of ${declared} sections`);
      break;
    }
    sections.push(parseSection(v, s));
  }
  return sections;
}

function parseSection(v: ByteView, s: number): SectionHeader {
  const raw = v.bytes.subarray(s, s + 8);
  const end = raw.indexOf(0);
  return {
    // Section names are bytes, not text: latin1 keeps every byte visible.
    name: latin1(end < 0 ? raw : raw.subarray(0, end)),
    virtualSize: v.u32(s + 8),
    virtualAddress: v.u32(s + 12),
    sizeOfRawData: v.u32(s + 16),
    pointerToRawData: v.u32(s + 20),
    pointerToRelocations: v.u32(s + 24),
    pointerToLinenumbers: v.u32(s + 28),
    numberOfRelocations: v.u16(s + 32),
    numberOfLinenumbers: v.u16(s + 34),
    characteristics: v.u32(s + 36),
  };
}

/** Runs a parser that reads through ByteView and turns a stray out-of-bounds read into a problem. */
export function guardTruncation<T>(what: string, fallback: T, problems: string[], parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof TruncatedError) {
      problems.push(`${what} is cut off: ${error.message}`);
      return fallback;
    }
    throw error;
  }
}
