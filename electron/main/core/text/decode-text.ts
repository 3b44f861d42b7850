/**
 * Turns the bytes of a WER text file into a string, remembering how they were encoded so a writer
 * can put edited text back the same way. Report.wer, memory.csv and sysinfo.txt are UTF-16LE,
 * with a BOM on Windows 10+ and without one on Windows 7/8.1; pastes and hand-made copies are
 * UTF-8 or an ANSI code page.
 */
import * as iconv from 'iconv-lite';
import type { DecodedText, TextEncoding } from '../../../../shared/report-model';

/** Options of {@link decodeText}. */
export interface DecodeTextOptions {
  /** Code page for bytes that are neither UTF-16 nor valid UTF-8 (an iconv-lite name). */
  readonly fallbackEncoding?: string;
}

/** What {@link detectEncoding} found at the start of a byte array. */
export interface DetectedEncoding {
  readonly encoding: TextEncoding;
  /** Length of the byte-order mark at the start (0 when there is none). */
  readonly bomLength: number;
}

/** The code page used when the caller names none: what an English/Western Windows writes. */
export const DEFAULT_FALLBACK_ENCODING = 'windows-1252';

// A few hundred bytes are plenty: every WER text file starts with ASCII keys or a header line.
const SAMPLE_BYTES = 512;

const utf8Fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Lenient = new TextDecoder('utf-8', { ignoreBOM: true });

/** Finds the encoding of text bytes from the BOM, else from where the zero bytes sit. */
export function detectEncoding(bytes: Uint8Array): DetectedEncoding {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  const utf16 = guessUtf16(bytes);
  if (utf16) return { encoding: utf16, bomLength: 0 };
  return { encoding: 'utf-8', bomLength: 0 };
}

/**
 * ASCII-heavy UTF-16 has a zero in nearly every high byte and almost none in the low bytes.
 * Comparing both positions (not only byte[1] and byte[3]) keeps a UTF-8 file with a few stray
 * NULs, or a binary blob full of zeros, from being taken for UTF-16.
 */
function guessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, SAMPLE_BYTES) & ~1;
  if (n < 2) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros >= pairs * 0.3 && evenZeros * 4 <= oddZeros) return 'utf-16le';
  if (evenZeros >= pairs * 0.3 && oddZeros * 4 <= evenZeros) return 'utf-16be';
  return null;
}

/** Decodes text bytes: BOM first, then UTF-16 by zero-byte pattern, then UTF-8, then a code page. Never throws. */
export function decodeText(bytes: Uint8Array, options?: DecodeTextOptions): DecodedText {
  const detected = detectEncoding(bytes);
  const body = bytes.subarray(detected.bomLength);
  const bom = detected.bomLength > 0;
  if (detected.encoding === 'utf-16le' || detected.encoding === 'utf-16be') {
    return { ...decodeUtf16(body, detected.encoding === 'utf-16be'), encoding: detected.encoding, bom };
  }
  try {
    return { text: utf8Fatal.decode(body), encoding: 'utf-8', bom, lossy: false };
  } catch {
    // Not UTF-8. With a UTF-8 BOM the writer meant UTF-8, so keep it and mark the damage.
    if (bom) return { text: utf8Lenient.decode(body), encoding: 'utf-8', bom, lossy: true };
  }
  return decodeLegacy(body, options?.fallbackEncoding);
}

function decodeUtf16(body: Uint8Array, bigEndian: boolean): { text: string; lossy: boolean } {
  // An odd byte count (a truncated copy) cannot end in a whole code unit: drop the stray byte.
  const odd = body.length % 2 === 1;
  let even = odd ? body.subarray(0, body.length - 1) : body;
  if (bigEndian) even = swapBytePairs(even);
  // Buffer's UCS-2 slice plus a well-formedness check is about 2x faster than TextDecoder (this
  // runs for every Report.wer of a scan) and gives the same result: a lone surrogate is what
  // makes UTF-16 invalid, and both turn each one into U+FFFD.
  const text = Buffer.from(even.buffer, even.byteOffset, even.byteLength).toString('utf16le');
  if (isWellFormed(text)) return { text, lossy: odd };
  return { text: toWellFormed(text), lossy: true };
}

// String.prototype.isWellFormed/toWellFormed are ES2024 (Node 20 has them; the ES2023 lib does not type them).
type WellFormedString = string & { isWellFormed(): boolean; toWellFormed(): string };
const isWellFormed = (s: string): boolean => (s as WellFormedString).isWellFormed();
const toWellFormed = (s: string): string => (s as WellFormedString).toWellFormed();

function decodeLegacy(body: Uint8Array, requested: string | undefined): DecodedText {
  const encoding =
    requested && iconv.encodingExists(requested) ? requested : DEFAULT_FALLBACK_ENCODING;
  const text = iconv.decode(body, encoding);
  // iconv-lite turns bytes the code page leaves undefined (0x81 in windows-1252) into U+FFFD.
  return { text, encoding, bom: false, lossy: text.includes('\uFFFD') };
}

function swapBytePairs(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length & ~1);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out[i] = bytes[i + 1] as number;
    out[i + 1] = bytes[i] as number;
  }
  return out;
}

/**
 * Encodes text the way {@link decodeText} found it, so an edited file keeps its encoding and
 * BOM. Legacy code pages have no BOM, so `bom` is ignored for them. Throws a RangeError for an
 * encoding iconv-lite does not know (a programming error: decodeText only returns known ones).
 */
export function encodeText(text: string, encoding: TextEncoding, bom: boolean): Uint8Array {
  switch (encoding.toLowerCase()) {
    case 'utf-16le':
      return withBom(bom ? [0xff, 0xfe] : [], Buffer.from(text, 'utf16le'));
    case 'utf-16be':
      return withBom(bom ? [0xfe, 0xff] : [], swapBytePairs(Buffer.from(text, 'utf16le')));
    case 'utf-8':
      return withBom(bom ? [0xef, 0xbb, 0xbf] : [], Buffer.from(text, 'utf8'));
    default:
      if (!iconv.encodingExists(encoding)) throw new RangeError(`Unknown text encoding: ${encoding}`);
      return new Uint8Array(iconv.encode(text, encoding));
  }
}

function withBom(bom: readonly number[], body: Uint8Array): Uint8Array {
  const out = new Uint8Array(bom.length + body.length);
  out.set(bom, 0);
  out.set(body, bom.length);
  return out;
}
