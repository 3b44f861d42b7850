/**
 * Plans a ticket bundle: which files of the selected records go in (a report folder's files, the
 * dumps that recorded the crash; a crash known only from the event log brings its summary only),
 * under which names, what redaction will replace (from a dry run over every text file), what is
 * left out and why, and what the user should be warned about. The plan is the UI's review step;
 * `writeBundle` writes it.
 */
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { APP_VERSION } from '../../../../shared/app-info';
import type {
  BundleOptions,
  BundlePlan,
  LeftOutFile,
  PlannedFile,
  PlannedReport,
  RedactionPlan,
  ResolvedBundleOptions,
} from '../../../../shared/export-model';
import type { WerReport } from '../../../../shared/report-model';
import { summaryLine } from '../../../../shared/report-display';
import { describeFsError } from '../fs-errors';
import { mapLimit } from '../map-limit';
import { isKernelDumpFile, readKernelRecord } from '../kernel/kernel-record';
import { readReportFolder } from '../report/read-report-folder';
import { discoverKnownValues, mergeKnownValues } from '../redaction/discover-values';
import { createRedactor, type Redactor } from '../redaction/redaction-engine';
import { redactTextFile, textOf } from '../redaction/redact-text-file';
import { storeKindOf } from '../store/scan-stores';
import { readWhole } from '../file-read';
import { applyBudget, type Candidate, dumpFileCandidate, folderCandidates, leftOutMessage, MAX_REDACT_BYTES, planWarnings } from './plan-files';
import { placeholderSafe, portableName, uniqueNamer } from './zip-names';

/** BundleOptions with every default applied (dumps default to off when redacting). */
export function resolveBundleOptions(o: BundleOptions): ResolvedBundleOptions {
  const redact = o.redact ?? false;
  const budget = o.sizeBudget ?? null;
  return {
    redact,
    includeDumps: o.includeDumps ?? !redact,
    includeHeapDumps: o.includeHeapDumps ?? false,
    sizeBudget: budget !== null && Number.isFinite(budget) && budget >= 0 ? Math.floor(budget) : null,
    ticketText: o.ticketText ?? '',
    toolVersion: o.toolVersion ?? APP_VERSION,
  };
}

/**
 * What a bundle is made of: a record of the list (a WER folder, a dump, a crash known from the
 * event log, or several of them merged), or the path of a report folder or kernel dump file.
 */
export type BundleTarget = WerReport | string;

/**
 * A plan with the record behind each planned report (`records[i]` belongs to `reports[i]`): the
 * summaries are read from the records, so a merged record's event log and dump sources show.
 * Only the core uses `records`; what crosses to the UI is the BundlePlan.
 */
export interface RecordBundlePlan extends BundlePlan {
  readonly records: readonly WerReport[];
}

interface ListedFolder {
  readonly report: PlannedReport;
  /** The record the report stands for (read from the folder when a path was given). */
  readonly record: WerReport;
  readonly candidates: readonly Candidate[];
  /** Sources that could not be read although the record itself could (a vanished LocalDumps dump). */
  readonly problems: readonly string[];
}

/** The listing with its report index set (known only once unreadable folders are dropped). */
function reindex(l: ListedFolder, index: number): ListedFolder {
  return { ...l, report: { ...l.report, index }, candidates: l.candidates.map((c) => ({ ...c, reportIndex: index })) };
}

function plannedReport(record: WerReport, title: string): PlannedReport {
  return {
    index: -1, id: record.id, folder: record.folder, store: record.store, storeRoot: record.storeRoot, zipFolder: '',
    eventType: record.eventType, eventTime: record.eventTime, title,
  };
}

/** A Minidump store record: its "folder" is the dump file, bundled alone (a dump, so only with dumps on). */
async function listDump(path: string, options: ResolvedBundleOptions): Promise<ListedFolder> {
  const dir = dirname(path);
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => e.name === basename(path));
  const report = readKernelRecord(path, dir);
  return { report: plannedReport(report, summaryLine(report)), record: report, candidates: await folderCandidates(-1, dir, entries, report, options), problems: [] };
}

async function listFolder(folder: string, options: ResolvedBundleOptions): Promise<ListedFolder | string> {
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR' && isKernelDumpFile(folder)) return listDump(folder, options).catch(() => `${folder} could not be read.`);
    return `${folder} could not be read: ${describeFsError(e)}.`;
  }
  const store = storeKindOf(basename(dirname(folder)));
  const storeRoot = store === 'other' ? null : dirname(folder);
  const { report } = readReportFolder(folder, { store, storeRoot }, { entries, sniffAll: true });
  const title = report.eventType ? summaryLine(report) : `${basename(folder)} (no readable Report.wer)`;
  return { report: plannedReport(report, title), record: report, candidates: await folderCandidates(-1, folder, entries, report, options), problems: [] };
}

/**
 * The dump files among a record's sources other than `except` (its own dump, or its folder: a
 * dump inside the folder is listed with the folder's files).
 */
function dumpPaths(record: WerReport, except: string | null): string[] {
  const paths = record.sources.flatMap((s) => (s.kind === 'dump' ? [s.path] : []));
  return [...new Set(paths)].filter((p) => p !== except && (except === null || dirname(resolve(p)) !== resolve(except)));
}

/**
 * A record without a report folder: a LocalDumps dump (`CrashDumps`, its folder the dump file)
 * bundles that dump, a crash known only from the event log bundles no file (never the .evtx,
 * which holds every event of the machine) but any dump merged with it; the summary says the rest.
 */
async function listRecordOnly(record: WerReport, options: ResolvedBundleOptions): Promise<ListedFolder | string> {
  const own = record.store === 'CrashDumps' ? record.folder : null;
  const candidates: Candidate[] = [];
  const problems: string[] = [];
  if (own !== null) {
    const c = await dumpFileCandidate(-1, own, options);
    if (typeof c === 'string') return c;
    candidates.push(c);
  }
  for (const path of dumpPaths(record, own)) {
    const c = await dumpFileCandidate(-1, path, options);
    if (typeof c === 'string') problems.push(c);
    else candidates.push(c);
  }
  return { report: plannedReport(record, summaryLine(record)), record, candidates, problems };
}

/** One target listed: a path as its folder says, a record with its folder's files plus its other dump sources. */
async function listTarget(target: BundleTarget, options: ResolvedBundleOptions): Promise<ListedFolder | string> {
  if (typeof target === 'string') return listFolder(target, options);
  if (target.store === 'EventLog' || target.store === 'CrashDumps') return listRecordOnly(target, options);
  const listed = await listFolder(target.folder, options);
  if (typeof listed === 'string') return listed;
  const extra = await Promise.all(dumpPaths(target, target.folder).map((p) => dumpFileCandidate(-1, p, options)));
  return {
    ...listed,
    record: target,
    candidates: [...listed.candidates, ...extra.filter((c): c is Candidate => typeof c !== 'string')],
    problems: extra.filter((c): c is string => typeof c === 'string'),
  };
}

/** When two targets are the same: a path by its resolved form, a record by its id and folder (log records share the log's path). */
function targetKey(target: BundleTarget): string {
  return typeof target === 'string' ? resolve(target) : `${target.id}\n${target.folder}`;
}

/** A path target resolved (so relative folders work); a record as it is. */
function normalTarget(target: BundleTarget): BundleTarget {
  return typeof target === 'string' ? resolve(target) : target;
}

/** Every path the records name (folders, logs, dumps): the discovery pass looks for user names in them. */
function recordPaths(record: WerReport): string[] {
  const paths = [record.folder];
  for (const s of record.sources) {
    if (s.kind === 'wer') paths.push(s.folder);
    else if (s.kind === 'dump') paths.push(s.path);
    else if (s.log !== null) paths.push(s.log);
  }
  return paths;
}

/**
 * The folder name of a record in the zip: its folder's (or dump's) name; a crash known only from
 * the event log has neither, so it is named after its event type and id.
 */
function zipFolderName(record: WerReport): string {
  if (record.store !== 'EventLog') return basename(record.folder);
  return `${record.eventType ?? 'crash'}-eventlog-${record.id.slice(0, 8)}`;
}

/** Files read at once: enough to hide file-system latency, few enough to bound memory and handles. */
const READ_BATCH = 16;

/**
 * Reads the files in batches (in parallel within a batch) and hands each to `use` in order, so
 * placeholder numbering follows the plan's file order. A file that vanished since it was listed
 * is skipped here; writing then fails with a clear message.
 */
async function eachInOrder(paths: readonly string[], use: (path: string, bytes: Uint8Array) => void): Promise<void> {
  for (let i = 0; i < paths.length; i += READ_BATCH) {
    const batch = paths.slice(i, i + READ_BATCH);
    const contents = await Promise.all(batch.map((p) => readWhole(p, MAX_REDACT_BYTES).catch(() => null)));
    contents.forEach((bytes, j) => {
      if (bytes) use(batch[j] as string, bytes);
    });
  }
}

/** Texts the discovery pass looks at: folder paths and every file that will be redacted. */
async function discoveryTexts(listed: readonly ListedFolder[], candidates: readonly Candidate[]): Promise<string[]> {
  const texts = listed.flatMap((l) => recordPaths(l.record));
  const redacted = candidates.filter((c) => c.decision.kind === 'include' && c.decision.treatment === 'redact');
  await eachInOrder(redacted.map((c) => c.source), (_path, bytes) => texts.push(textOf(bytes)));
  return texts;
}

/** Runs redaction over every file to be redacted, counting what it replaces. */
async function dryRun(files: readonly PlannedFile[], redactor: Redactor): Promise<void> {
  const redacted = files.filter((f) => f.treatment === 'redact').map((f) => f.source);
  await eachInOrder(redacted, (path, bytes) => void redactTextFile(path, bytes, redactor));
}

/** Progress and cancel of planning (a redacting plan reads every text file). */
export interface PlanControl {
  /** Aborting makes planBundle reject with the signal's reason (an AbortError). */
  readonly signal?: AbortSignal;
  /** Called as report folders are listed. */
  readonly onProgress?: (progress: { readonly foldersDone: number; readonly foldersTotal: number }) => void;
}

/**
 * Plans a bundle of the given records (or report folder paths). What cannot be listed becomes
 * `problems`; a target given twice is planned once. Reads every text file when redaction is on
 * (twice: to discover values, then to count replacements), and only directory listings otherwise.
 */
export async function planBundle(targets: readonly BundleTarget[], options: BundleOptions = {}, control: PlanControl = {}): Promise<RecordBundlePlan> {
  const { signal, onProgress } = control;
  signal?.throwIfAborted();
  const resolved = resolveBundleOptions(options);
  const byKey = new Map<string, BundleTarget>();
  for (const t of targets) if (!byKey.has(targetKey(t))) byKey.set(targetKey(t), normalTarget(t));
  const unique = [...byKey.values()];
  const listed: ListedFolder[] = [];
  const problems: string[] = [];
  let foldersDone = 0;
  const results = await mapLimit(unique, 8, async (target) => {
    signal?.throwIfAborted();
    const result = await listTarget(target, resolved);
    onProgress?.({ foldersDone: ++foldersDone, foldersTotal: unique.length });
    return result;
  });
  for (const result of results) {
    if (typeof result === 'string') problems.push(result);
    else {
      problems.push(...result.problems);
      listed.push(reindex(result, listed.length));
    }
  }
  const candidates = applyBudget(listed.flatMap((l) => l.candidates), resolved.sizeBudget);

  let redactor: Redactor | null = null;
  let known: RedactionPlan['known'] = [];
  if (resolved.redact) {
    signal?.throwIfAborted();
    known = mergeKnownValues(options.knownValues ?? [], discoverKnownValues(await discoveryTexts(listed, candidates)));
    redactor = createRedactor({ known });
  }
  const nameOf = (raw: string) => portableName(placeholderSafe(redactor ? redactor.redact(raw, { count: false }) : raw));

  const reports: PlannedReport[] = [];
  const files: PlannedFile[] = [];
  const leftOut: LeftOutFile[] = [];
  const folderNamer = uniqueNamer();
  const byReport = new Map<number, Candidate[]>();
  for (const c of candidates) {
    const list = byReport.get(c.reportIndex);
    if (list) list.push(c);
    else byReport.set(c.reportIndex, [c]);
  }
  for (const l of listed) {
    const zipFolder = `reports/${folderNamer(nameOf(zipFolderName(l.record)))}`;
    reports.push({ ...l.report, zipFolder, title: redactor ? redactor.redact(l.report.title, { count: false }) : l.report.title });
    const fileNamer = uniqueNamer();
    for (const c of byReport.get(l.report.index) ?? []) {
      const zipPath = `${zipFolder}/${fileNamer(nameOf(c.file))}`;
      if (c.decision.kind === 'include' && c.size !== null) {
        files.push({ reportIndex: c.reportIndex, source: c.source, zipPath, size: c.size, mtimeMs: c.mtimeMs, kind: c.kind, treatment: c.decision.treatment });
      } else if (c.decision.kind === 'leave') {
        const message = leftOutMessage(c.decision.reason, c.size, resolved.sizeBudget);
        leftOut.push({ reportIndex: c.reportIndex, source: c.source, zipPath, size: c.size, kind: c.kind, reason: c.decision.reason, message });
      }
    }
  }

  let redaction: RedactionPlan | null = null;
  if (redactor) {
    signal?.throwIfAborted();
    await dryRun(files, redactor);
    signal?.throwIfAborted();
    redaction = { summary: redactor.summary(), placeholders: redactor.placeholders(), known };
  }
  const unreadable = reports.filter((r) => r.eventType === null).map((r) => r.zipFolder);
  return {
    options: resolved,
    reports,
    files,
    leftOut,
    totalBytes: files.reduce((sum, f) => sum + f.size, 0),
    warnings: planWarnings(files, resolved.redact, unreadable),
    redaction,
    problems,
    records: listed.map((l) => l.record),
  };
}
