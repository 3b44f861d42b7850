/**
 * The streams behind each entry of a bundle, made when the zip writer reaches the entry (so only
 * one source file is open at a time): copied files stream through a SHA-256 counter, redacted
 * text files are read whole (they are small), redacted and re-encoded; summaries and the manifest
 * are built last, when every file's hash is known.
 */
import { basename } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import type { BundleManifest, BundlePlan, ManifestFile, PlannedFile, PlannedReport, RedactionSummary } from '../../../../shared/export-model';
import { describeFsError } from '../fs-errors';
import type { ReportDetail } from '../../../../shared/report-detail';
import type { WerReport } from '../../../../shared/report-model';
import { describeSource, isLogOnly, sourceKinds } from '../../../../shared/record-sources';
import { readReportDetail, type ReportDetailOptions } from '../report/read-report-detail';
import { readRecordDetail } from '../report/read-record-detail';
import type { RecordBundlePlan } from './bundle-plan';
import type { SymbolLocator } from '../symbols/symbol-locator';
import type { Redactor } from '../redaction/redaction-engine';
import { redactTextFile } from '../redaction/redact-text-file';
import { DigestStream, sha256Of } from './digest-stream';
import { openFileStream, readWhole } from '../file-read';
import { buildManifest } from './manifest';
import { MAX_REDACT_BYTES } from './plan-files';
import { mapSummaryText, type ReportSummary, type SummaryFile, type SummarySection, summarizeReport } from '../../../../shared/report-summary';
import type { BundleSummaryDoc } from './summary-doc';

/** What entry producers share while one bundle is written. */
export interface EntryContext {
  /** The plan; with its records when planned here (the summaries then show every source). */
  readonly plan: BundlePlan | RecordBundlePlan;
  readonly redactor: Redactor | null;
  /** Names the minidumps' frames in the summaries; absent = no symbol work (PDBs never go into bundles). */
  readonly symbols?: SymbolLocator | null;
  readonly createdAt: string;
  /** Manifest entries, in zip order. */
  readonly files: ManifestFile[];
  /** Counts source bytes read (for progress). */
  readonly addBytes: (count: number) => void;
  /** Called when an entry's bytes have all been handed to the zip. */
  readonly fileDone: (zipPath: string) => void;
  /** Fails the whole bundle. */
  readonly fail: (error: unknown) => void;
  /** The source stream being read, so cancelling can close it. */
  current: Readable | null;
  /** Reads a text file to be redacted (read ahead of the zip writer). */
  readonly readText: (file: PlannedFile) => Promise<Uint8Array>;
}

/** Text files read ahead of the one being written: hides disk latency behind redaction and deflate. */
const READ_AHEAD = 4;

/**
 * Reads the files to be redacted a few ahead of the zip writer. Reading ahead changes nothing
 * about the order of redaction (it follows the zip), only when the bytes arrive.
 */
export function textReader(files: readonly PlannedFile[]): (file: PlannedFile) => Promise<Uint8Array> {
  const queue = files.filter((f) => f.treatment === 'redact');
  const position = new Map(queue.map((f, i) => [f, i]));
  const started = new Map<number, Promise<Uint8Array>>();
  const start = (i: number) => {
    const f = queue[i];
    if (!f || started.has(i)) return;
    const read = readWhole(f.source, MAX_REDACT_BYTES);
    // Failures surface when the file's turn comes; until then they must not count as unhandled.
    read.catch(() => undefined);
    started.set(i, read);
  };
  return (file) => {
    const i = position.get(file);
    if (i === undefined) return readWhole(file.source, MAX_REDACT_BYTES);
    for (let k = i; k <= i + READ_AHEAD; k++) start(k);
    const read = started.get(i) as Promise<Uint8Array>;
    started.delete(i);
    return read;
  };
}

/** Reports read at once for the summaries. */
const SUMMARY_BATCH = 4;

function bufferStream(bytes: Uint8Array): Readable {
  const s = new PassThrough();
  s.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return s;
}

function redactPath(ctx: EntryContext, path: string): string {
  return ctx.redactor ? ctx.redactor.redact(path, { count: false }) : path;
}

function reportIdOf(ctx: EntryContext, f: PlannedFile): string | null {
  return ctx.plan.reports[f.reportIndex]?.id ?? null;
}

/** The stream of one planned file: its bytes, or its redacted bytes. */
export async function fileEntryStream(ctx: EntryContext, f: PlannedFile): Promise<Readable> {
  const record = (size: number, sha256: string, redacted: boolean, originalSize: number) =>
    ctx.files.push({
      path: f.zipPath, size, sha256, kind: f.kind, redacted,
      originalPath: redactPath(ctx, f.source), originalSize, report: reportIdOf(ctx, f),
    });
  if (f.treatment === 'redact' && ctx.redactor) {
    const original = await ctx.readText(f).catch((e: unknown) => {
      throw new Error(`${f.source} could not be read: ${describeFsError(e)}`);
    });
    const { bytes } = redactTextFile(basename(f.source), original, ctx.redactor);
    ctx.addBytes(original.length);
    record(bytes.length, sha256Of(bytes), true, original.length);
    const out = bufferStream(bytes);
    out.once('end', () => ctx.fileDone(f.zipPath));
    return out;
  }
  const source = await openFileStream(f.source).catch((e: unknown) => {
    throw new Error(`${f.source} could not be read: ${describeFsError(e)}`);
  });
  const digest = new DigestStream(ctx.addBytes);
  ctx.current = source;
  source.once('error', (e) => ctx.fail(new Error(`${f.source} could not be read: ${describeFsError(e)}`)));
  digest.once('end', () => {
    record(digest.bytes, digest.sha256 ?? '', false, digest.bytes);
    ctx.fileDone(f.zipPath);
  });
  return source.pipe(digest);
}

/** Each report's files and what happened to them, by report index. */
function fileRows(plan: BundlePlan): Map<number, SummaryFile[]> {
  const rows = new Map<number, SummaryFile[]>();
  const add = (index: number, row: SummaryFile) => {
    const list = rows.get(index);
    if (list) list.push(row);
    else rows.set(index, [row]);
  };
  for (const f of plan.files) {
    add(f.reportIndex, { file: basename(f.zipPath), kind: f.kind, size: f.size, status: f.treatment === 'redact' ? 'included, redacted' : 'included' });
  }
  for (const l of plan.leftOut) add(l.reportIndex, { file: basename(l.zipPath), kind: l.kind, size: l.size, status: `left out: ${l.message}` });
  return rows;
}

/** One report read again from disk now: from its record when the plan has it, else from its folder. */
function readPlanned(r: PlannedReport, record: WerReport | undefined, options: ReportDetailOptions): Promise<ReportDetail> {
  return record ? readRecordDetail(record, options) : readReportDetail(r.folder, { store: r.store, storeRoot: r.storeRoot }, options);
}

/**
 * The "Recorded by" section: one sentence per source (which events, which dump), for any record
 * that is more than its WER folder; a crash known only from the event log says so.
 */
function sourcesSection(record: WerReport | undefined): SummarySection | null {
  if (!record || record.sources.length === 0) return null;
  const kinds = sourceKinds(record);
  if (kinds.length === 1 && kinds[0] === 'wer' && record.sources.length === 1) return null;
  const rows = record.sources.map((s, i) => ({ label: `${i + 1}.`, value: describeSource(s, record) }));
  if (isLogOnly(record)) rows.push({ label: 'Note', value: 'Known only from the event log: Windows deleted the report folder, or never wrote one.' });
  return { title: 'Recorded by', rows };
}

/** The summary with the sources section after its first section (the report's overview). */
function withSources(summary: ReportSummary, record: WerReport | undefined): ReportSummary {
  const section = sourcesSection(record);
  if (!section) return summary;
  return { ...summary, sections: [...summary.sections.slice(0, 1), section, ...summary.sections.slice(1)] };
}

/** Summaries of every report, read again from disk now (with the minidump summary), redacted. */
export async function buildSummaryDoc(ctx: EntryContext, redaction: RedactionSummary | null): Promise<BundleSummaryDoc> {
  const { plan, redactor } = ctx;
  const records = 'records' in plan ? plan.records : [];
  const clean = (text: string, context?: string) => (redactor ? redactor.redact(text, { count: false, context }) : text);
  // Read a few reports at a time (reading is mostly waiting on the disk), but summarise and
  // redact them in plan order, so any new placeholder gets the same number on every run.
  const reports: ReportSummary[] = [];
  const files = fileRows(plan);
  for (let i = 0; i < plan.reports.length; i += SUMMARY_BATCH) {
    const batch = plan.reports.slice(i, i + SUMMARY_BATCH);
    const symbols = ctx.symbols !== undefined ? { symbols: ctx.symbols } : {};
    const details = await Promise.all(batch.map((r) => readPlanned(r, records[r.index], symbols)));
    details.forEach((detail, j) => {
      const r = batch[j] as (typeof batch)[number];
      const summary = withSources(summarizeReport(detail, r.zipFolder, files.get(r.index) ?? []), records[r.index]);
      reports.push(mapSummaryText(summary, clean));
    });
  }
  return {
    createdAt: ctx.createdAt,
    toolVersion: plan.options.toolVersion,
    ticketText: clean(plan.options.ticketText),
    redaction,
    warnings: plan.warnings,
    leftOut: plan.leftOut.map((l) => ({ path: l.zipPath, reason: l.reason, message: l.message })),
    reports,
  };
}

/** A generated entry (summary.md, summary.html): listed in the manifest, then streamed. */
export function generatedEntryStream(ctx: EntryContext, zipPath: string, text: string): Readable {
  const bytes = Buffer.from(text, 'utf8');
  ctx.files.push({
    path: zipPath, size: bytes.length, sha256: sha256Of(bytes), kind: 'summary', redacted: ctx.redactor !== null,
    originalPath: null, originalSize: null, report: null,
  });
  const out = bufferStream(bytes);
  out.once('end', () => ctx.fileDone(zipPath));
  return out;
}

/** The manifest entry: built last, once every other entry's hash is known. */
export function manifestEntry(ctx: EntryContext, redaction: RedactionSummary | null): { manifest: BundleManifest; stream: Readable } {
  const manifest = buildManifest({
    plan: ctx.plan,
    createdAt: ctx.createdAt,
    files: ctx.files,
    redaction,
    redactPath: (p) => redactPath(ctx, p),
  });
  return { manifest, stream: bufferStream(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8')) };
}
