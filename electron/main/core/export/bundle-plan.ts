/**
 * Plans a ticket bundle: which files of the selected report folders go in, under which names, what
 * redaction will replace (from a dry run over every text file), what is left out and why, and what
 * the user should be warned about. The plan is the UI's review step; `writeBundle` writes it.
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
import { applyBudget, type Candidate, folderCandidates, leftOutMessage, MAX_REDACT_BYTES, planWarnings } from './plan-files';
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

interface ListedFolder {
  readonly report: PlannedReport;
  readonly candidates: readonly Candidate[];
}

/** The listing with its report index set (known only once unreadable folders are dropped). */
function reindex(l: ListedFolder, index: number): ListedFolder {
  return { report: { ...l.report, index }, candidates: l.candidates.map((c) => ({ ...c, reportIndex: index })) };
}

/** A Minidump store record: its "folder" is the dump file, bundled alone (a dump, so only with dumps on). */
async function listDump(path: string, options: ResolvedBundleOptions): Promise<ListedFolder> {
  const dir = dirname(path);
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => e.name === basename(path));
  const report = readKernelRecord(path, dir);
  const planned: PlannedReport = {
    index: -1, id: report.id, folder: path, store: 'Minidump', storeRoot: dir, zipFolder: '', eventType: report.eventType, eventTime: report.eventTime,
    title: summaryLine(report),
  };
  return { report: planned, candidates: await folderCandidates(-1, dir, entries, report, options) };
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
  const planned: PlannedReport = {
    index: -1, id: report.id, folder, store, storeRoot, zipFolder: '', eventType: report.eventType, eventTime: report.eventTime,
    title: report.eventType ? summaryLine(report) : `${basename(folder)} (no readable Report.wer)`,
  };
  return { report: planned, candidates: await folderCandidates(-1, folder, entries, report, options) };
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
  const texts = listed.map((l) => l.report.folder);
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
 * Plans a bundle of the given report folders. Folders that cannot be listed become `problems`;
 * a folder given twice is planned once. Reads every text file when redaction is on (twice: to
 * discover values, then to count replacements), and only directory listings otherwise.
 */
export async function planBundle(folders: readonly string[], options: BundleOptions = {}, control: PlanControl = {}): Promise<BundlePlan> {
  const { signal, onProgress } = control;
  signal?.throwIfAborted();
  const resolved = resolveBundleOptions(options);
  const unique = [...new Set(folders.map((f) => resolve(f)))];
  const listed: ListedFolder[] = [];
  const problems: string[] = [];
  let foldersDone = 0;
  const results = await mapLimit(unique, 8, async (folder) => {
    signal?.throwIfAborted();
    const result = await listFolder(folder, resolved);
    onProgress?.({ foldersDone: ++foldersDone, foldersTotal: unique.length });
    return result;
  });
  for (const result of results) {
    if (typeof result === 'string') problems.push(result);
    else listed.push(reindex(result, listed.length));
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
    const zipFolder = `reports/${folderNamer(nameOf(basename(l.report.folder)))}`;
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
  };
}
