/** Small display helpers of the report detail: times, attachment kinds, exploitability ratings. */
import type { ExploitabilityRating } from '../../../../shared/codes';
import type { AttachmentKind } from '../../../../shared/report-model';

/** A time in the user's local time zone, for the page. */
export function localTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

/** What an attachment kind is, in words a support person knows. */
export const ATTACHMENT_KIND_LABELS: Readonly<Record<AttachmentKind, string>> = {
  minidump: 'Minidump (memory snapshot of the failure)',
  heapdump: 'Heap dump (the whole process memory; large, may hold personal data)',
  metadata: 'Report metadata (XML)',
  text: 'Text',
  xml: 'XML',
  csv: 'Process list (CSV)',
  etl: 'Event trace (ETL)',
  other: 'Other file',
};

/** Exploitability ratings as words. */
export const RATING_LABELS: Readonly<Record<ExploitabilityRating, string>> = {
  exploitable: 'Exploitable',
  'probably-exploitable': 'Probably exploitable',
  'probably-not-exploitable': 'Probably not exploitable',
  unknown: 'Unknown',
};

/** A duration in milliseconds as "4 s", "3 min", "2 h 5 min". */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 120) return `${min} min`;
  return `${Math.floor(min / 60)} h ${min % 60} min`;
}
