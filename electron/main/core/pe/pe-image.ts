import { err, ok, type Result } from '../../../../shared/result';
import { ByteView, latin1, messageOf } from '../minidump/binary';
import { createCachedSource, type ByteSource } from '../minidump/byte-source';
import { peCodeId } from './code-id';
import { DATA_DIRECTORY_NAMES } from './pe-constants';
import { parsePeHeaders, requiredHeaderBytes, type DataDirectory, type PeHeaders, type SectionHeader } from './pe-headers';
import { locateRva } from './rva-map';

/**
 * How the bytes are laid out: `file` = a PE file on disk (RVAs go through the section table);
 * `mapped` = an image as the loader mapped it, e.g. read from a dump's memory (offset = RVA).
 */
export type ImageLayout = 'file' | 'mapped';

/** Options for openPeImage. */
export interface PeImageOptions {
  /** Defaults to `file`. */
  readonly layout?: ImageLayout;
}

/** An opened image: parsed headers plus the source that later lazy reads go to. */
export interface PeImage {
  readonly source: ByteSource;
  readonly layout: ImageLayout;
  readonly headers: PeHeaders;
  /** Symbol-server code id: `%08X` TimeDateStamp + `%x` SizeOfImage. */
  readonly codeId: string;
  /** Damage found in the headers (the image is still usable). */
  readonly problems: readonly string[];
  /**
   * Failures of the source itself (I/O errors) met by any read so far; such a read returns no
   * bytes, so the reader that asked reports the data as cut off instead of throwing.
   */
  readonly readErrors: readonly string[];
}

/** Most header bytes read: the DOS stub, NT headers and a full 2,048-section table fit. */
const MAX_HEADER_BYTES = 128 * 1024;
/** COFF string tables in images hold only long section names; a megabyte is plenty. */
const MAX_STRING_TABLE = 1024 * 1024;
/** Longest NUL-terminated name read (export names, forwarders, DLL names). */
export const MAX_NAME_BYTES = 4096;

/**
 * Reads and checks the headers of a PE image from any ByteSource, and nothing else: every other
 * part is read only when asked for. Not a PE image (or unreadable headers) is an error.
 */
export async function openPeImage(source: ByteSource, options: PeImageOptions = {}): Promise<Result<PeImage, string>> {
  const layout = options.layout ?? 'file';
  const readErrors: string[] = [];
  // Many small reads follow (names, unwind records): a block cache turns them into a few reads.
  const cached = createCachedSource(failSoft(source, readErrors));
  const problems: string[] = [];
  try {
    let prefix = await cached.read(0n, 4096);
    const need = requiredHeaderBytes(prefix);
    if (need !== null && need > prefix.length) prefix = await cached.read(0n, Math.min(need, MAX_HEADER_BYTES));
    if (readErrors.length > 0) return err(`cannot read the image headers: ${readErrors[0]}`);
    const parsed = parsePeHeaders(prefix, problems);
    if (!parsed.ok) return parsed;
    let headers = parsed.value;
    if (layout === 'file') {
      headers = await resolveLongSectionNames(cached, headers, problems);
      checkSectionsFitFile(headers.sections, cached.size, problems);
    }
    const opt = headers.optional;
    return ok({ source: cached, layout, headers, codeId: peCodeId(headers.coff.timeDateStamp, opt.sizeOfImage), problems, readErrors });
  } catch (error) {
    return err(`cannot read the image headers: ${messageOf(error)}`);
  }
}

/** Most distinct read failures remembered (a dying disk fails every read). */
const MAX_READ_ERRORS = 16;

/** Turns read failures into empty reads, remembering why, so no reader ever sees an exception. */
function failSoft(source: ByteSource, errors: string[]): ByteSource {
  return {
    size: source.size,
    async read(offset, length) {
      try {
        return await source.read(offset, length);
      } catch (error) {
        const text = messageOf(error);
        if (errors.length < MAX_READ_ERRORS && !errors.includes(text)) errors.push(text);
        return new Uint8Array(0);
      }
    },
  };
}

function checkSectionsFitFile(sections: readonly SectionHeader[], size: bigint, problems: string[]): void {
  for (const s of sections) {
    if (s.sizeOfRawData > 0 && BigInt(s.pointerToRawData) + BigInt(s.sizeOfRawData) > size) {
      problems.push(`section "${printable(s.name)}" runs past the end of the file (the file is cut off or damaged)`);
    }
  }
}

/** A name from the file made safe for a message: control and non-ASCII bytes become "?". */
function printable(name: string): string {
  return name.replace(/[^\x20-\x7e]/g, '?');
}

/** Replaces "/123" section names (an offset into the COFF string table) with the real name. */
async function resolveLongSectionNames(source: ByteSource, headers: PeHeaders, problems: string[]): Promise<PeHeaders> {
  const { pointerToSymbolTable, numberOfSymbols } = headers.coff;
  if (!headers.sections.some((s) => /^\/\d+$/.test(s.name)) || pointerToSymbolTable === 0) return headers;
  const at = BigInt(pointerToSymbolTable) + BigInt(numberOfSymbols) * 18n;
  const sizeBytes = await source.read(at, 4);
  if (sizeBytes.length < 4) {
    problems.push('long section names point to a string table past the end of the file');
    return headers;
  }
  const size = Math.min(new ByteView(sizeBytes).u32(0), MAX_STRING_TABLE);
  const table = await source.read(at, size);
  const sections = headers.sections.map((s) => {
    const m = /^\/(\d+)$/.exec(s.name);
    if (!m) return s;
    const off = Number(m[1]);
    if (off < 4 || off >= table.length) {
      problems.push(`section name "${s.name}" points outside the string table`);
      return s;
    }
    const rest = table.subarray(off);
    const end = rest.indexOf(0);
    return { ...s, name: latin1(end < 0 ? rest : rest.subarray(0, end)) };
  });
  return { ...headers, sections };
}

/**
 * Reads `length` bytes at an RVA in either layout. In a file, bytes past a section's raw data but
 * inside its memory size read as zeros (as the loader fills them); the result is shorter than
 * asked when the RVA range leaves its section or the source ends.
 */
export async function readRva(image: PeImage, rva: number, length: number): Promise<Uint8Array> {
  if (!(length > 0) || !(rva >= 0) || rva > 0xffffffff) return new Uint8Array(0);
  if (image.layout === 'mapped') return image.source.read(BigInt(rva), length);
  const loc = locateRva(image.headers, rva);
  if (!loc) return new Uint8Array(0);
  const want = Math.min(length, loc.virtualBytes);
  const fromFile = Math.min(want, loc.fileBytes);
  const bytes = fromFile > 0 ? await image.source.read(BigInt(loc.offset), fromFile) : new Uint8Array(0);
  if (bytes.length < fromFile || want === fromFile) return bytes;
  const out = new Uint8Array(want);
  out.set(bytes);
  return out;
}

/** Reads a NUL-terminated single-byte string at an RVA (at most MAX_NAME_BYTES); null if unreadable or unterminated. */
export async function readCString(image: PeImage, rva: number, max = MAX_NAME_BYTES): Promise<string | null> {
  // Most names are short: read a small piece first and widen only when no NUL is in it.
  for (let chunk = Math.min(256, max); ; chunk = Math.min(chunk * 4, max)) {
    const bytes = await readRva(image, rva, chunk);
    const end = bytes.indexOf(0);
    if (end >= 0) return latin1(bytes.subarray(0, end));
    if (bytes.length < chunk || chunk >= max) return null;
  }
}

/** Whether the 8 or 12 bytes of a table entry at `at` are all zero (function tables end at one). */
export function isZeroEntry(bytes: Uint8Array, at: number, size = 8): boolean {
  for (let i = at; i < at + size; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** A data directory by index, or null when the image does not have it (rva or size 0). */
export function dataDirectory(image: PeImage, index: number): DataDirectory | null {
  const dir = image.headers.optional.dataDirectories[index];
  return dir && dir.rva !== 0 && dir.size !== 0 ? dir : null;
}

/** Human name of a data directory index, for problem texts. */
export function dataDirectoryName(index: number): string {
  return DATA_DIRECTORY_NAMES[index] ?? `#${index}`;
}
