/**
 * The report list's columns: label, how a column sorts, and the small display helpers the rows
 * share (event family, store names, local time, attachment summary). No React here, so the sort
 * and its tests stay pure.
 */
import { displayApplication, displayModule } from '../../../../shared/report-display';
import type { ForwardResult } from '../../../../shared/cer-model';
import type { WerReport } from '../../../../shared/report-model';
import { exceptionText, offsetSortKey, storeLabel } from '../../../../shared/report-list-text';
import { type ForwardingByReport, latestForward } from '../../state/use-forwarding';
import { sourceLabel } from '../../../../shared/record-sources';

export { storeLabel };

/** The list's columns, in display order. */
export type ColumnId = 'time' | 'event' | 'application' | 'version' | 'module' | 'exception' | 'offset' | 'store' | 'source' | 'attachments' | 'forwarded';

/** What a column may need besides the report: app state kept outside the report (forwarding). */
export interface ColumnContext {
  readonly forwarding: ForwardingByReport;
}

/** No forwarding recorded: what the list uses until the outbox has been read. */
export const EMPTY_COLUMN_CONTEXT: ColumnContext = { forwarding: new Map() };

/** How sort keys compare: numbers, human text (case-insensitive, "v2" before "v10"), or raw code units (hex). */
export type KeyKind = 'number' | 'text' | 'raw';

/** One column of the list. */
export interface Column {
  readonly id: ColumnId;
  readonly label: string;
  /** The first click sorts this way (newest / most attachments first; text A to Z). */
  readonly firstDirection: 'ascending' | 'descending';
  readonly keyKind: KeyKind;
  /** The value sorted on; null or '' sorts last in both directions. */
  readonly sortKey: (r: WerReport, context: ColumnContext) => string | number | null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD HH:MM:SS` in the user's time zone (sorts and reads the same everywhere), or '' when not a time. */
export function formatLocalTime(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Whether a report carries a memory dump (minidump or heap dump) worth opening in a debugger. */
export function hasDump(r: WerReport): boolean {
  return r.attachments.some((a) => a.kind === 'minidump' || a.kind === 'heapdump');
}

function formatSize(bytes: number | null): string {
  if (bytes === null) return 'missing';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** One line per attached file, for the Attachments cell's tooltip. */
export function attachmentsTitle(r: WerReport): string {
  if (r.attachments.length === 0) return 'No files attached';
  return r.attachments.map((a) => `${a.file} (${a.kind}, ${formatSize(a.size)})`).join('\n');
}

function timeKey(r: WerReport): number | null {
  if (!r.eventTime) return null;
  const ms = Date.parse(r.eventTime);
  return Number.isNaN(ms) ? null : ms;
}

/** The Forwarded cell: Sent (with the server's bucket), Queued (retried later) or Failed; '' when never forwarded. */
export function forwardLabel(result: ForwardResult | undefined): string {
  if (!result) return '';
  if (result.state === 'done') return result.bucket ? `Sent · ${result.bucket}` : 'Sent';
  return result.state === 'failed' ? 'Failed' : 'Queued';
}

/** The Forwarded cell's tooltip: where, when, bucket and error, in words. */
export function forwardTitle(result: ForwardResult): string {
  const when = formatLocalTime(result.time);
  const lines = [
    result.state === 'done'
      ? `Sent to ${result.server}${when ? ` on ${when}` : ''}${result.uploaded ? ', files uploaded' : ''}`
      : result.state === 'failed'
        ? `Not sent to ${result.server}`
        : `Queued for ${result.server}: retried the next time reports are forwarded`,
  ];
  if (result.bucket) lines.push(`Bucket ${result.bucket}${result.bucketTable ? ` (table ${result.bucketTable})` : ''}`);
  if (result.error) lines.push(result.error);
  return lines.join('\n');
}

/** Every column of the list. */
export const COLUMNS: readonly Column[] = [
  { id: 'time', label: 'Time', firstDirection: 'descending', keyKind: 'number', sortKey: timeKey },
  { id: 'event', label: 'Event', firstDirection: 'ascending', keyKind: 'text', sortKey: (r) => r.eventType },
  { id: 'application', label: 'Application', firstDirection: 'ascending', keyKind: 'text', sortKey: (r) => displayApplication(r) },
  { id: 'version', label: 'Version', firstDirection: 'ascending', keyKind: 'text', sortKey: (r) => r.fields.applicationVersion ?? null },
  { id: 'module', label: 'Module', firstDirection: 'ascending', keyKind: 'text', sortKey: (r) => displayModule(r) },
  { id: 'exception', label: 'Exception', firstDirection: 'ascending', keyKind: 'text', sortKey: (r) => exceptionText(r) },
  { id: 'offset', label: 'Offset', firstDirection: 'ascending', keyKind: 'raw', sortKey: (r) => offsetSortKey(r.fields.exceptionOffset) },
  { id: 'store', label: 'Store', firstDirection: 'ascending', keyKind: 'text', sortKey: (r) => storeLabel(r.store) },
  { id: 'source', label: 'Source', firstDirection: 'ascending', keyKind: 'text', sortKey: (r) => sourceLabel(r) },
  { id: 'attachments', label: 'Attachments', firstDirection: 'descending', keyKind: 'number', sortKey: (r) => r.attachments.length },
  { id: 'forwarded', label: 'Forwarded', firstDirection: 'ascending', keyKind: 'text', sortKey: (r, c) => forwardLabel(latestForward(c.forwarding, r.id)) },
];

/** The columns shown: Forwarded only once some report has been forwarded (most users never do). */
export function visibleColumns(context: ColumnContext): readonly Column[] {
  return context.forwarding.size > 0 ? COLUMNS : COLUMNS.filter((c) => c.id !== 'forwarded');
}

/** A column by id. */
export function columnById(id: ColumnId): Column {
  const column = COLUMNS.find((c) => c.id === id);
  if (!column) throw new Error(`Unknown column ${id}`);
  return column;
}
