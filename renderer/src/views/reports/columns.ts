/**
 * The report list's columns: label, the direction a first click sorts, and the small display
 * helpers the rows share (store names, local time, attachment summary, forwarding). No React here.
 */
import type { ForwardResult } from '../../../../shared/cer-model';
import type { WerReport } from '../../../../shared/report-model';
import { storeLabel } from '../../../../shared/report-list-text';
import type { ForwardingByReport } from '../../state/use-forwarding';

export { storeLabel };

/** The list's columns, in display order. */
export type ColumnId = 'time' | 'event' | 'application' | 'version' | 'module' | 'exception' | 'offset' | 'store' | 'source' | 'attachments' | 'forwarded';

/** What a column may need besides the report: app state kept outside the report (forwarding). */
export interface ColumnContext {
  readonly forwarding: ForwardingByReport;
}

/** One column of the list. */
export interface Column {
  readonly id: ColumnId;
  readonly label: string;
  /** The first click sorts this way (newest / most attachments first; text A to Z). */
  readonly firstDirection: 'ascending' | 'descending';
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
  { id: 'time', label: 'Time', firstDirection: 'descending' },
  { id: 'event', label: 'Event', firstDirection: 'ascending' },
  { id: 'application', label: 'Application', firstDirection: 'ascending' },
  { id: 'version', label: 'Version', firstDirection: 'ascending' },
  { id: 'module', label: 'Module', firstDirection: 'ascending' },
  { id: 'exception', label: 'Exception', firstDirection: 'ascending' },
  { id: 'offset', label: 'Offset', firstDirection: 'ascending' },
  { id: 'store', label: 'Store', firstDirection: 'ascending' },
  { id: 'source', label: 'Source', firstDirection: 'ascending' },
  { id: 'attachments', label: 'Attachments', firstDirection: 'descending' },
  { id: 'forwarded', label: 'Forwarded', firstDirection: 'ascending' },
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
