import type { AttachmentKind } from '../../../../shared/report-model';

/** How many leading bytes `classifyAttachment` looks at. */
export const SNIFF_BYTES = 16;

const WER_FILE_TYPE_HEAPDUMP = 3;
const WER_FILE_TYPE_ETL = 9;

function startsWith(head: Uint8Array, bytes: readonly number[]): boolean {
  return bytes.every((b, i) => head[i] === b);
}

/** Whether the bytes open an XML document in UTF-16LE/BE (with or without BOM) or UTF-8. */
function looksLikeXml(head: Uint8Array): boolean {
  return (
    startsWith(head, [0xff, 0xfe, 0x3c, 0x00]) ||
    startsWith(head, [0xfe, 0xff, 0x00, 0x3c]) ||
    startsWith(head, [0xef, 0xbb, 0xbf, 0x3c]) ||
    startsWith(head, [0x3c, 0x00, 0x3f, 0x00]) ||
    startsWith(head, [0x3c, 0x3f, 0x78, 0x6d])
  );
}

/** Whether the bytes look like text: a UTF-16 BOM, UTF-16 without BOM, or no control bytes. */
function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return true;
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return true;
  // UTF-16LE without BOM (memory.csv, sysinfo.txt): ASCII in even bytes, zero in odd bytes.
  if (head.length >= 4 && head[1] === 0 && head[3] === 0 && head[0] !== 0) return true;
  return head.every((b) => b >= 0x20 || b === 0x09 || b === 0x0a || b === 0x0d);
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** Whether the name alone decides the kind, so a scan need not open the file to sniff it. */
export function kindFromName(fileName: string, fileType: number | null): AttachmentKind | null {
  const ext = extensionOf(fileName);
  if (ext === 'hdmp' || fileType === WER_FILE_TYPE_HEAPDUMP) return 'heapdump';
  if (ext === 'mdmp' || ext === 'dmp') return 'minidump';
  if (ext === 'etl' || fileType === WER_FILE_TYPE_ETL) return 'etl';
  if (ext === 'csv') return 'csv';
  if (ext === 'xml') return /WERInternalMetadata/i.test(fileName) ? 'metadata' : 'xml';
  return null;
}

/**
 * Classifies a report attachment. The first bytes win over the name (a `.txt` that holds UTF-16
 * XML is AppCompat.txt); the name and `File[n].Type` decide when the bytes are not at hand.
 */
export function classifyAttachment(
  fileName: string,
  head: Uint8Array | null,
  fileType: number | null = null,
): AttachmentKind {
  const byName = kindFromName(fileName, fileType);
  if (head && head.length > 0) {
    if (startsWith(head, [0x4d, 0x44, 0x4d, 0x50])) return byName === 'heapdump' ? 'heapdump' : 'minidump';
    // "PAGE": a kernel dump (a BlueScreen report's Minidump\*.dmp or MEMORY.DMP copy).
    if (startsWith(head, [0x50, 0x41, 0x47, 0x45]) && byName === 'minidump') return 'minidump';
    if (looksLikeXml(head)) return /WERInternalMetadata/i.test(fileName) ? 'metadata' : 'xml';
    if (byName === 'minidump' || byName === 'heapdump') return 'other'; // a dump name without MDMP / PAGE bytes
    if (byName) return byName;
    if (looksLikeText(head)) return 'text';
    return 'other';
  }
  if (byName) return byName;
  return extensionOf(fileName) === 'txt' ? 'text' : 'other';
}
