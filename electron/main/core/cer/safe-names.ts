/**
 * Extraction safety for names that come from the network (CAB entries): a name is written only
 * when it stays inside the target folder on every platform the explorer runs on.
 */

/** Deepest sub-folder path accepted inside a report folder. */
export const MAX_ENTRY_DEPTH = 4;
const MAX_SEGMENT_CHARS = 255;
const MAX_NAME_CHARS = 1024;
// Characters Windows refuses in file names, plus C0 controls and DEL.
const FORBIDDEN = /[\u0000-\u001f\u007f<>:"|?*]/;
// Device names that Windows resolves to devices whatever the folder or extension.
const DEVICE = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/**
 * A CAB entry name as a safe relative path with `/` separators, or null when it must not be
 * written: absolute paths, UNC paths, drive letters (`C:x`), `.`/`..` segments, empty segments,
 * characters or device names Windows refuses, trailing dots or spaces (Windows drops them, so two
 * names could meet), and paths deeper than {@link MAX_ENTRY_DEPTH} folders. Backslashes separate
 * folders, as in Windows cabinets.
 */
export function safeCabEntryName(name: string): string | null {
  if (name.length === 0 || name.length > MAX_NAME_CHARS) return null;
  const slashed = name.replace(/\\/g, '/');
  if (slashed.startsWith('/')) return null;
  const segments = slashed.split('/');
  if (segments.length > MAX_ENTRY_DEPTH + 1) return null;
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..') return null;
    if (s.length > MAX_SEGMENT_CHARS || FORBIDDEN.test(s) || DEVICE.test(s)) return null;
    if (s.endsWith('.') || s.endsWith(' ')) return null;
  }
  return segments.join('/');
}
