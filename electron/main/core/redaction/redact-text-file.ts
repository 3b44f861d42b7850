/**
 * Redacts one text file of a report as bytes: decode (UTF-16 with or without BOM, UTF-8, code
 * page), redact, re-encode the same way, so Report.wer stays UTF-16LE and parseable. XML files get
 * XML-escaped placeholders so they stay well-formed. Pure: bytes in, bytes out.
 */
import { decodeText, encodeText } from '../text/decode-text';
import type { Redactor } from './redaction-engine';

/** A redacted file. */
export interface RedactedText {
  readonly bytes: Uint8Array;
  /** The encoding the file was read and written in. */
  readonly encoding: string;
  /** Whether decoding replaced invalid bytes (the output then differs beyond the redactions). */
  readonly lossy: boolean;
}

/** Whether a text is XML (by name or by its first non-blank character). */
export function looksLikeXml(fileName: string, text: string): boolean {
  return /\.xml$/i.test(fileName) || /^\s*</.test(text.slice(0, 256));
}

/** Decoded text of a file's bytes (any encoding decodeText knows). */
export function textOf(bytes: Uint8Array): string {
  return decodeText(bytes).text;
}

/** Redacts a text file's bytes and re-encodes them in their original encoding and BOM. */
export function redactTextFile(fileName: string, bytes: Uint8Array, redactor: Redactor): RedactedText {
  const decoded = decodeText(bytes);
  const escape = looksLikeXml(fileName, decoded.text) ? 'xml' : 'none';
  const text = redactor.redact(decoded.text, { escape });
  // Untouched files keep their exact bytes, even where decoding was lossy.
  const out = text === decoded.text ? bytes : encodeText(text, decoded.encoding, decoded.bom);
  return { bytes: out, encoding: decoded.encoding, lossy: decoded.lossy };
}

/**
 * Whether the first bytes of an unclassified file are text that can be redacted safely: they
 * decode without loss and hold no control characters besides tab, line breaks and form feed.
 */
export function isRedactableText(head: Uint8Array): boolean {
  if (head.length === 0) return true;
  // A cut in the middle of a multi-byte character at the end of the sample is not damage.
  const decoded = decodeText(head.subarray(0, head.length - (head.length % 2)));
  const body = decoded.text.slice(0, -2);
  if (decoded.lossy && /\uFFFD/.test(body)) return false;
  return !/[\u0000-\u0008\u000B\u000E-\u001F\u007F]/.test(body);
}
