import { ByteView } from '../minidump/binary';
import { parseCodeViewRecord, type CodeViewRecord } from './codeview';
import { DataDirectoryIndex } from './pe-constants';
import { dataDirectory, readRva, type PeImage } from './pe-image';

/** IMAGE_DEBUG_TYPE_* values worth naming. */
export const DebugType = { coff: 1, codeView: 2, fpo: 3, misc: 4, exception: 5, fixup: 6, borland: 9, vcFeature: 12, pogo: 13, iltcg: 14, repro: 16, exDllCharacteristics: 20 } as const;

/** One IMAGE_DEBUG_DIRECTORY entry. */
export interface DebugDirectoryEntry {
  readonly characteristics: number;
  readonly timeDateStamp: number;
  readonly majorVersion: number;
  readonly minorVersion: number;
  readonly type: number;
  readonly sizeOfData: number;
  /** RVA of the data when it is mapped (0 when only in the file). */
  readonly addressOfRawData: number;
  /** File offset of the data. */
  readonly pointerToRawData: number;
}

/** What the debug directory says about an image's debug information. */
export interface PeDebugInfo {
  readonly entries: readonly DebugDirectoryEntry[];
  /** The first CodeView record that could be read, or null. */
  readonly codeView: CodeViewRecord | null;
  readonly problems: readonly string[];
}

const ENTRY_SIZE = 28;
/** Real images have a handful of entries; more than this is damage. */
const MAX_ENTRIES = 64;
/** An RSDS header is 24 bytes; the rest is a path, never longer than a few hundred bytes. */
const MAX_CODEVIEW_BYTES = 4096;

/** Parses an array of IMAGE_DEBUG_DIRECTORY entries (whole 28-byte entries only). */
export function parseDebugDirectory(bytes: Uint8Array): DebugDirectoryEntry[] {
  const v = new ByteView(bytes);
  const entries: DebugDirectoryEntry[] = [];
  for (let at = 0; v.has(at, ENTRY_SIZE) && entries.length < MAX_ENTRIES; at += ENTRY_SIZE) {
    entries.push({
      characteristics: v.u32(at),
      timeDateStamp: v.u32(at + 4),
      majorVersion: v.u16(at + 8),
      minorVersion: v.u16(at + 10),
      type: v.u32(at + 12),
      sizeOfData: v.u32(at + 16),
      addressOfRawData: v.u32(at + 20),
      pointerToRawData: v.u32(at + 24),
    });
  }
  return entries;
}

/** Reads the debug directory and its CodeView record (RSDS or NB10): the PDB name, GUID, age, debug id. */
export async function readDebugInfo(image: PeImage): Promise<PeDebugInfo> {
  const problems: string[] = [];
  const dir = dataDirectory(image, DataDirectoryIndex.debug);
  if (!dir) return { entries: [], codeView: null, problems };
  const declared = Math.floor(dir.size / ENTRY_SIZE);
  if (dir.size % ENTRY_SIZE !== 0) problems.push(`the debug directory size ${dir.size} is not a multiple of ${ENTRY_SIZE}`);
  if (declared > MAX_ENTRIES) problems.push(`the debug directory declares ${declared} entries; only ${MAX_ENTRIES} are read`);
  const want = Math.min(declared, MAX_ENTRIES) * ENTRY_SIZE;
  const bytes = await readRva(image, dir.rva, want);
  if (bytes.length < want) problems.push('the debug directory is cut off or outside every section');
  const entries = parseDebugDirectory(bytes);
  let codeView: CodeViewRecord | null = null;
  for (const entry of entries) {
    if (entry.type !== DebugType.codeView) continue;
    const record = await readEntryData(image, entry, Math.min(entry.sizeOfData, MAX_CODEVIEW_BYTES));
    if (record.length === 0) {
      problems.push('the CodeView debug record cannot be read (outside the file or not mapped)');
      continue;
    }
    const parsed = parseCodeViewRecord(record);
    if (parsed.kind === 'unknown') {
      problems.push(`the CodeView debug record has an unknown signature${parsed.signature === null ? '' : ` 0x${parsed.signature.toString(16)}`}`);
      continue;
    }
    codeView = parsed;
    break;
  }
  return { entries, codeView, problems };
}

/** The data of a debug entry: by RVA when mapped, else by file offset (only in the file layout). */
async function readEntryData(image: PeImage, entry: DebugDirectoryEntry, length: number): Promise<Uint8Array> {
  if (length === 0) return new Uint8Array(0);
  if (entry.addressOfRawData !== 0) {
    const bytes = await readRva(image, entry.addressOfRawData, length);
    if (bytes.length > 0) return bytes;
  }
  if (image.layout === 'file' && entry.pointerToRawData !== 0) return image.source.read(BigInt(entry.pointerToRawData), length);
  return new Uint8Array(0);
}
