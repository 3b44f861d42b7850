import type { ReportDetail } from '../../../shared/report-detail';
import { describeSource, isLogOnly } from '../../../shared/record-sources';
import { formatBytes, glossField } from '../../../shared/report-summary';
import { SEMANTIC_FIELD_INFO, sigLayout } from '../../../shared/sig-fields';

function when(iso: string | null): string {
  return iso ? `${iso.slice(0, 19).replace('T', ' ')} UTC` : 'unknown';
}

function section(title: string, rows: readonly (readonly [string, string | null | undefined])[]): string[] {
  const shown = rows.filter((r): r is readonly [string, string] => r[1] !== null && r[1] !== undefined && r[1] !== '');
  if (shown.length === 0) return [];
  const width = Math.max(...shown.map(([k]) => k.length));
  return ['', title, ...shown.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)];
}

function signatureRows(d: ReportDetail): [string, string][] {
  const layout = sigLayout(d.eventType);
  return d.signature.map((s) => {
    const field = layout?.[s.index] ?? null;
    if (!field) return [s.name || `Sig[${s.index}]`, s.value];
    const gloss = glossField(field, s.value, d.fields.exceptionCode);
    return [SEMANTIC_FIELD_INFO[field].label, gloss ? `${s.value}  (${gloss})` : s.value];
  });
}

/** Every place that recorded the crash, when there is more than its report folder. */
function recordedBy(d: ReportDetail): string[] {
  if (d.sources.length <= 1 && !isLogOnly(d)) return [];
  const lines = d.sources.map((s) => `  ${describeSource(s, d)}`);
  if (isLogOnly(d)) lines.push('  (known only from the event log: Windows deleted the report folder, or never wrote one)');
  return ['', 'Recorded by', ...lines];
}

/** A readable text view of one report for `show` without `--json`. */
export function formatReportText(d: ReportDetail, dumpText: (d: ReportDetail) => string[]): string {
  const title = d.fields.application ?? d.appName ?? 'Unknown application';
  const lines = [`${d.eventType ?? 'Unknown event'}: ${title} \u2014 ${d.friendlyEventName ?? d.reportTypeName ?? ''}`.trim()];
  lines.push(
    ...section('Report', [
      ['Time', when(d.eventTime)],
      ['Uploaded', d.uploadTime ? when(d.uploadTime) : null],
      ['Report id', d.id],
      ['Type', d.reportTypeName],
      ['Store', d.store],
      ['Folder', d.folder],
      ['Application', d.appPath],
      ['Process', d.process ? `pid ${d.process.pid}, started ${when(d.process.startTime)}` : null],
      ['OS', d.os ? [d.os.version, d.os.architecture, d.os.edition].filter(Boolean).join(' ') : null],
    ]),
    ...recordedBy(d),
    ...section('Signature', signatureRows(d)),
    ...section('Bucket', d.bucket ? [['Id', d.bucket.id], ['Table', d.bucket.table?.toString()], ['Legacy id', d.bucket.legacyId]] : []),
    ...section('Attachments', d.attachments.map((a) => [a.file, `${a.kind}, ${a.size === null ? 'listed, not in the folder' : formatBytes(a.size)}`])),
    ...dumpText(d),
    ...section('Problems', d.problems.map((p, i) => [`${i + 1}.`, p])),
  );
  return `${lines.join('\n')}\n`;
}
