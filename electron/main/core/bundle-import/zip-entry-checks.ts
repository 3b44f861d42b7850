/**
 * Checks of one zip entry before anything is written: its name (zip-slip, absolute paths, drive
 * letters, backslashes, NTFS streams, device names), its type (links, devices) and its encoding.
 * Pure: the importer turns each refusal into one line for the user.
 */
import * as iconv from 'iconv-lite';

/** A name that passed: where it goes, relative to the target, with `/` separators. */
export type EntryName =
  | { readonly kind: 'file' | 'directory'; readonly parts: readonly string[] }
  | { readonly kind: 'refused'; readonly reason: string };

/** Deepest folder nesting accepted (bundles are `reports/<folder>/<file>`). */
const MAX_DEPTH = 32;
const MAX_NAME_LENGTH = 1024;
const RESERVED = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(?:\.|$)/i;

/** Entry name bytes as text: UTF-8 when the entry says so (flag bit 11), else code page 437. */
export function decodeEntryName(raw: Buffer, generalPurposeFlags: number): string {
  return (generalPurposeFlags & 0x800) !== 0 ? raw.toString('utf8') : iconv.decode(raw, 'cp437');
}

function refused(reason: string): EntryName {
  return { kind: 'refused', reason };
}

function componentProblem(part: string): string | null {
  if (part === '..') return 'it points outside the target folder';
  if (part.includes(':')) return 'it holds a colon (a drive letter or an NTFS stream)';
  if (/[\u0000-\u001F\u007F]/.test(part)) return 'it holds control characters';
  if (RESERVED.test(part)) return 'it names a Windows device (CON, NUL, COM1, ...)';
  if (/[. ]$/.test(part)) return 'a part of it ends with a dot or a space, which Windows drops';
  return null;
}

/** Checks an entry name; backslashes count as separators (Windows tools write them). */
export function checkEntryName(name: string): EntryName {
  if (name.length === 0) return refused('it has an empty name');
  if (name.length > MAX_NAME_LENGTH) return refused(`its name is longer than ${MAX_NAME_LENGTH} characters`);
  if (name.includes('\u0000')) return refused('its name holds a NUL character');
  const path = name.replace(/\\/g, '/');
  if (path.startsWith('/')) return refused('it is an absolute path');
  if (/^[A-Za-z]:/.test(path)) return refused('it starts with a drive letter');
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0) return refused('it has an empty name');
  if (parts.length > MAX_DEPTH) return refused(`it is nested deeper than ${MAX_DEPTH} folders`);
  for (const part of parts) {
    const problem = componentProblem(part);
    if (problem) return refused(problem);
  }
  return { kind: path.endsWith('/') ? 'directory' : 'file', parts };
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const FILE_ATTRIBUTE_REPARSE_POINT = 0x400;

/**
 * Why an entry's type is refused, or null for a plain file or folder. Unix-made zips keep the
 * st_mode in the high 16 bits of the external attributes; a link there (S_IFLNK) would point
 * the extraction anywhere. Windows-made ones can flag a reparse point (a junction or link).
 */
export function checkEntryType(externalAttributes: number): string | null {
  const mode = (externalAttributes >>> 16) & 0xffff;
  const type = mode & S_IFMT;
  if (type === S_IFLNK) return 'it is a symbolic link';
  if (type !== 0 && type !== S_IFREG && type !== S_IFDIR) return 'it is a device, pipe or socket, not a file';
  if ((externalAttributes & FILE_ATTRIBUTE_REPARSE_POINT) !== 0) return 'it is a Windows reparse point (a link or junction)';
  return null;
}

/** Why an entry's encoding is refused (encryption, unknown compression), or null. */
export function checkEntryEncoding(generalPurposeFlags: number, compressionMethod: number): string | null {
  if ((generalPurposeFlags & 0x1) !== 0) return 'it is encrypted';
  if (compressionMethod !== 0 && compressionMethod !== 8) return `it uses compression method ${compressionMethod}, which is not supported`;
  return null;
}

/** The key under which two names are the same file on Windows and macOS (case, Unicode form). */
export function entryKey(parts: readonly string[]): string {
  return parts.join('/').normalize('NFC').toLowerCase();
}
