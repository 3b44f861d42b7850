/**
 * Everything a collector derives from a received report, the same way on every collector: the
 * DumpFile token (a digest of the WERREPORT bytes), the bucket number (a digest of the signature)
 * and the report's folder name. Because nothing comes from a counter or a random number, several
 * collectors behind a load balancer answer the same report alike, and a report sent to two of
 * them maps to one folder.
 */
import { createHash } from 'node:crypto';
import type { WerReportDoc } from './werreport-xml';

/** The bucket table the collector answers (one table: its own). */
export const COLLECTOR_BUCKET_TABLE = 1;
/** DumpFile paths are `/reports/<32 hex>/report.cab`; the token ties the PUT to its POST. */
export const DUMP_FILE_PATTERN = /^\/reports\/([0-9a-f]{32})\/report\.cab$/;
const FOLDER_KINDS = ['NonCritical', 'Critical', 'AppCrash', 'AppHang', 'Kernel'];

/** The bucket key of a report: event type + P0..P9, or for kernel reports without them the BC* values. */
export function bucketKey(doc: WerReportDoc): string {
  let values = doc.parameters.map((p) => `${p.id}=${p.value.trim().toLowerCase()}`);
  if (values.length === 0) {
    const bc = doc.secondaryParameters.filter((p) => /^bc(code|p\d)$/i.test(p.name));
    values = (bc.length > 0 ? bc : doc.secondaryParameters).map((p) => `${p.name.toLowerCase()}=${p.value.trim().toLowerCase()}`);
  }
  return createHash('sha256').update([doc.event.eventType.toLowerCase(), ...values].join('\n')).digest('hex');
}

/**
 * The Bucket answered for a report: the first 31 bits of its bucket key, as a positive integer
 * (1 … 2^31-1, so a client storing it in a signed 32-bit field keeps it). Two signatures share a
 * number with a chance of about n²/2^32 for n signatures (≈ 1 % at 10,000).
 */
export function bucketNumber(doc: WerReportDoc): number {
  return Math.floor(Number.parseInt(bucketKey(doc).slice(0, 8), 16) / 2) || 1;
}

/** The DumpFile token of a WERREPORT: the first 128 bits of the SHA-256 of its bytes, in hex. */
export function reportToken(raw: Uint8Array): string {
  return createHash('sha256').update(raw).digest('hex').slice(0, 32);
}

/** The DumpFile path handed out for a token. */
export function dumpFileOf(token: string): string {
  return `/reports/${token}/report.cab`;
}

/** The token of a DumpFile path (already normalised to `/`), or null when it is not one of ours. */
export function tokenOfDumpFile(path: string): string | null {
  return DUMP_FILE_PATTERN.exec(path)?.[1] ?? null;
}

/** The report's folder name in ReportArchive: `<Kind>_<application>_<token>`, like WER's own names. */
export function reportFolderName(doc: WerReportDoc, token: string): string {
  const kind = FOLDER_KINDS[doc.event.reportType] ?? 'NonCritical';
  const app = (doc.parameters.find((p) => p.id === 0)?.value || doc.application?.name || doc.event.eventType)
    .replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[._]+/, '').slice(0, 48) || 'unknown';
  return `${kind}_${app}_${token}`;
}
