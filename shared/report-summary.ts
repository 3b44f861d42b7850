/**
 * One report as titled sections of label/value rows: the neutral form the bundle's Markdown and
 * HTML summaries and the UI's "copy as ticket text" render, and the form redaction runs over
 * (every string passes through one function). Pure, so the core and the renderer share it.
 */
import { describeBugCheck, describeExceptionCode, describeFastFail, describeHangType } from './codes';
import { isKernelDump } from './kernel-dump-model';
import { kernelDumpSection } from './kernel-summary';
import type { MinidumpFrame, MinidumpSummary } from './minidump-model';
import type { ReportDetail } from './report-detail';
import { summaryLine } from './report-display';
import { type ExplainRow, explainReport, formatOffset, labelRows } from './report-explain';
import { SEMANTIC_FIELD_INFO, type SemanticFieldId, sigLayout } from './sig-fields';
import { frameLabel, type FrameSymbolFields } from './symbol-model';

/** A frame as the summary shows it: `module!function+0x12 [file @ line]` once symbolized, else module +offset. */
function frameText(f: MinidumpFrame & Partial<FrameSymbolFields>): string {
  if (f.function) return frameLabel(f);
  return f.module ? `${f.module} +${f.offset ?? '?'}` : f.address;
}

/** One label/value line (the same rows as the explanation's facts). */
export type SummaryRow = ExplainRow;

/** A titled group of rows. */
export interface SummarySection {
  readonly title: string;
  readonly rows: readonly SummaryRow[];
}

/** One report of a bundle summary. */
export interface ReportSummary {
  readonly title: string;
  /** Folder inside the zip. */
  readonly zipFolder: string;
  readonly sections: readonly SummarySection[];
}

/** A file of the report and what happened to it in the bundle. */
export interface SummaryFile {
  readonly file: string;
  readonly kind: string;
  readonly size: number | null;
  /** "included", "included, redacted", "left out: …". */
  readonly status: string;
}

/** Frames of the crashing thread listed in a summary. */
const SUMMARY_FRAMES = 12;

function when(iso: string | null | undefined): string | null {
  return iso ? `${iso.slice(0, 19).replace('T', ' ')} UTC` : null;
}

/** Human-readable byte count. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return 'size unknown';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1048576) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1073741824) return `${(bytes / 1048576).toFixed(1)} MB`;
  return `${(bytes / 1073741824).toFixed(2)} GB`;
}

function named(info: { readonly name: string | null; readonly summary: string | null }): string | null {
  return info.name ? `${info.name}: ${info.summary ?? ''}`.trim().replace(/:$/, '') : info.summary;
}

/** A link time written as hex seconds since 1970, as a date; null when it cannot be one. */
function linkDate(value: string): string | null {
  if (!/^[0-9a-f]{8}$/i.test(value)) return null;
  const year = new Date(Number.parseInt(value, 16) * 1000).getUTCFullYear();
  // Reproducible builds write a hash here, which reads as a nonsense date.
  if (year < 1992 || year > 2100) return 'not a date: probably a hash from a reproducible build';
  return `built ${new Date(Number.parseInt(value, 16) * 1000).toISOString().slice(0, 10)}`;
}

/** A plain-language gloss of a semantic field's value (exception names, bug checks, hang types, offsets, build dates). */
export function glossField(field: SemanticFieldId, value: string, exceptionCode: string | undefined): string | null {
  switch (field) {
    case 'exceptionCode':
      return named(describeExceptionCode(value));
    case 'exceptionData':
      return exceptionCode === 'c0000409' ? named(describeFastFail(value)) : null;
    case 'bugCheckCode':
      return named(describeBugCheck(value));
    case 'hangType':
      return describeHangType(value).summary;
    case 'exceptionOffset': {
      const short = formatOffset(value);
      return short === value ? null : short;
    }
    case 'applicationTimestamp':
    case 'moduleTimestamp':
      return linkDate(value);
    default:
      return null;
  }
}

function signatureRows(d: ReportDetail): SummaryRow[] {
  const layout = sigLayout(d.eventType);
  return d.signature.map((s) => {
    const field = layout?.[s.index] ?? null;
    if (!field) return { label: s.name || `Sig[${s.index}]`, value: s.value };
    const gloss = glossField(field, s.value, d.fields.exceptionCode);
    return { label: SEMANTIC_FIELD_INFO[field].label, value: gloss ? `${s.value} (${gloss})` : s.value };
  });
}

function signatureCheck(s: MinidumpSummary): string | null {
  const check = s.signatureCheck;
  if (check?.kind === 'agree') return 'agrees with the report';
  return check?.kind === 'differ' ? check.message : null;
}

function dumpSection(file: string, s: MinidumpSummary): SummarySection {
  const e = s.exception;
  const where = e ? (e.module ? `${e.module} +${e.offset ?? '?'}` : 'in no module') : null;
  const faulting = e?.module ? s.modules.find((m) => m.name === e.module) : undefined;
  const list: [string, string | null][] = [
    ['Exception', e ? `${e.code}${e.name ? ` ${e.name}` : ''} at ${e.address} ${where ?? ''}`.trim() : 'none'],
    ['Access', e?.access && e.target ? `${e.access} of ${e.target}` : null],
    ['Faulting module version', faulting ? (faulting.version ?? '(no version)') : null],
    ['Signature check', signatureCheck(s)],
    ['Exploitability (heuristic)', s.exploitability ? `${s.exploitability.rating}: ${s.exploitability.rule}` : null],
    ['Architecture', s.arch],
    ['OS', `${s.os.platform} ${s.os.version}`.trim()],
    ['Process id', s.processId === null ? null : String(s.processId)],
    ['Dump time', when(s.dumpTime)],
    ['Modules', String(s.modules.length)],
    ['Threads', String(s.threads.length)],
  ];
  const frames = s.stack.slice(0, SUMMARY_FRAMES).map((f, i): [string, string] => [`Frame ${i}`, `${frameText(f)} [${f.trust}]`]);
  return { title: `Minidump (${file})`, rows: labelRows([...list, ...frames, ...s.problems.map((p): [string, string] => ['Problem', p])]) };
}

function whatHappened(d: ReportDetail): SummarySection {
  const value = d.minidump?.content.ok ? d.minidump.content.value : null;
  const x = explainReport(d, value && !isKernelDump(value) ? value : null);
  const warnings = x.warnings.map((w) => ({ label: 'Dump and signature disagree', value: w }));
  return { title: 'What happened', rows: [{ label: 'Summary', value: x.headline }, ...x.facts, ...warnings] };
}

/** The sections of one report: overview, what happened, signature, bucket, minidump, files, problems. */
export function summarizeReport(d: ReportDetail, zipFolder: string, files: readonly SummaryFile[]): ReportSummary {
  const sections: SummarySection[] = [
    {
      title: 'Report',
      rows: labelRows([
        ['Time', when(d.eventTime)],
        ['Event type', d.eventType],
        ['Type', d.reportTypeName],
        ['Report id', d.id],
        ['Store', d.store],
        ['Application', d.appName],
        ['Application path', d.appPath],
        ['Process', d.process ? `pid ${d.process.pid}${d.process.startTime ? `, started ${when(d.process.startTime)}` : ''}` : null],
        ['OS', d.os ? [d.os.version, d.os.architecture, d.os.edition].filter(Boolean).join(' ') : null],
        ['Uploaded', when(d.uploadTime)],
        ['Bucket', d.bucket ? [d.bucket.id, d.bucket.table === null ? null : `table ${d.bucket.table}`, d.bucket.legacyId].filter(Boolean).join(', ') : null],
      ]),
    },
    whatHappened(d),
    { title: 'Signature', rows: signatureRows(d) },
  ];
  if (d.minidump) {
    const { file, content } = d.minidump;
    if (!content.ok) sections.push({ title: `Minidump (${file})`, rows: [{ label: 'Unreadable', value: content.error }] });
    else sections.push(isKernelDump(content.value) ? kernelDumpSection(file, content.value, d.driverFile ?? null) : dumpSection(file, content.value));
  }
  sections.push({
    title: 'Files',
    rows: files.map((f) => ({ label: f.file, value: `${f.kind}, ${formatBytes(f.size)}, ${f.status}` })),
  });
  if (d.problems.length > 0) sections.push({ title: 'Problems', rows: d.problems.map((p, i) => ({ label: `${i + 1}.`, value: p })) });
  return { title: summaryLine(d), zipFolder, sections: sections.filter((s) => s.rows.length > 0) };
}

/** The same summary with `fn` applied to every string (redaction); a row's value gets its label as context. */
export function mapSummaryText(s: ReportSummary, fn: (text: string, context?: string) => string): ReportSummary {
  return {
    title: fn(s.title),
    zipFolder: s.zipFolder,
    sections: s.sections.map((sec) => ({
      title: fn(sec.title),
      rows: sec.rows.map((r) => ({ label: fn(r.label), value: fn(r.value, r.label) })),
    })),
  };
}

/** The same time in UTC, for the tooltip (reports from other machines are easier to match in UTC). */
export function utcTime(iso: string): string {
  return `${iso.slice(0, 19).replace('T', ' ')} UTC`;
}
