/**
 * Which files of the selected report folders go into a bundle, and how: listing, classification
 * (copy, redact, or leave out and why), the size budget, and the warnings the review step shows.
 */
import type { Dirent, Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type {
  BundleFileKind,
  BundleWarning,
  FileTreatment,
  LeftOutReason,
  ResolvedBundleOptions,
} from '../../../../shared/export-model';
import type { WerReport } from '../../../../shared/report-model';
import { describeFsError } from '../fs-errors';
import { isRedactableText } from '../redaction/redact-text-file';
import { readHead } from '../file-read';
import { formatBytes } from '../../../../shared/report-summary';

/** Largest text file redacted (it is decoded whole); bigger ones are left out when redacting. */
export const MAX_REDACT_BYTES = 16 * 1024 * 1024;

/** A file of a selected folder before the budget is applied. */
export interface Candidate {
  readonly reportIndex: number;
  readonly source: string;
  readonly file: string;
  readonly size: number | null;
  readonly mtimeMs: number;
  readonly kind: BundleFileKind;
  readonly decision: { readonly kind: 'include'; readonly treatment: FileTreatment } | { readonly kind: 'leave'; readonly reason: LeftOutReason };
}

const TEXT_KINDS: ReadonlySet<BundleFileKind> = new Set(['report-wer', 'metadata', 'xml', 'csv', 'text']);

function leave(reason: LeftOutReason): Candidate['decision'] {
  return { kind: 'leave', reason };
}

async function decide(path: string, kind: BundleFileKind, size: number, o: ResolvedBundleOptions): Promise<Candidate['decision']> {
  if (kind === 'minidump') {
    if (o.includeDumps) return { kind: 'include', treatment: 'copy' };
    return leave(o.redact ? 'dump-not-redactable' : 'dumps-off');
  }
  if (kind === 'heapdump') return o.includeHeapDumps ? { kind: 'include', treatment: 'copy' } : leave('heap-dumps-off');
  if (!o.redact) return { kind: 'include', treatment: 'copy' };
  let text = TEXT_KINDS.has(kind);
  if (!text && kind === 'other') text = isRedactableText(await readHead(path, 4096));
  if (!text) return leave('binary-not-redactable');
  return size <= MAX_REDACT_BYTES ? { kind: 'include', treatment: 'redact' } : leave('text-too-large');
}

/** Lists one report folder's files with a decision for each (Report.wer first, then by name). */
export async function folderCandidates(
  reportIndex: number,
  folder: string,
  entries: readonly Dirent[],
  report: WerReport,
  options: ResolvedBundleOptions,
): Promise<Candidate[]> {
  const kinds = new Map(report.attachments.map((a) => [a.file, a.kind]));
  const out: Candidate[] = [];
  for (const e of entries) {
    const source = join(folder, e.name);
    const kind: BundleFileKind = e.name.toLowerCase() === 'report.wer' ? 'report-wer' : (kinds.get(e.name) ?? 'other');
    // lstat, not stat: a link in a report folder is hostile input and is never followed.
    const st = await lstat(source).catch(() => null);
    if (!st || !st.isFile()) {
      out.push({ reportIndex, source, file: e.name, size: null, mtimeMs: 0, kind, decision: leave('not-a-file') });
      continue;
    }
    const decision = await decide(source, kind, st.size, options);
    out.push({ reportIndex, source, file: e.name, size: st.size, mtimeMs: st.mtimeMs, kind, decision });
  }
  const rank = (c: Candidate) => (c.kind === 'report-wer' ? 0 : 1);
  return out.sort((a, b) => rank(a) - rank(b) || a.file.localeCompare(b.file));
}

/**
 * A dump file lying outside any report folder (a LocalDumps dump that recorded the crash), as a
 * minidump: included only with dumps on, like a report folder's own minidump. A file that cannot
 * be looked at gives a one-sentence problem instead.
 */
export async function dumpFileCandidate(reportIndex: number, path: string, options: ResolvedBundleOptions): Promise<Candidate | string> {
  const file = basename(path);
  let st: Stats;
  try {
    // lstat, not stat: a link is hostile input and is never followed.
    st = await lstat(path);
  } catch (e) {
    return `${path} could not be read: ${describeFsError(e)}.`;
  }
  if (!st.isFile()) return { reportIndex, source: path, file, size: null, mtimeMs: 0, kind: 'minidump', decision: leave('not-a-file') };
  return { reportIndex, source: path, file, size: st.size, mtimeMs: st.mtimeMs, kind: 'minidump', decision: await decide(path, 'minidump', st.size, options) };
}

/** Order in which the size budget is spent: the report's own text first, heap dumps last. */
function budgetRank(kind: BundleFileKind): number {
  if (kind === 'report-wer') return 0;
  if (TEXT_KINDS.has(kind)) return 1;
  if (kind === 'minidump') return 3;
  if (kind === 'heapdump') return 4;
  return 2;
}

/** Applies the size budget: included files past it become left out with reason `size-budget`. */
export function applyBudget(candidates: readonly Candidate[], budget: number | null): Candidate[] {
  if (budget === null) return [...candidates];
  const order = candidates
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c.decision.kind === 'include')
    .sort((a, b) => budgetRank(a.c.kind) - budgetRank(b.c.kind) || a.i - b.i);
  const over = new Set<number>();
  let used = 0;
  for (const { c, i } of order) {
    const size = c.size ?? 0;
    if (used + size <= budget) used += size;
    else over.add(i);
  }
  return candidates.map((c, i) => (over.has(i) ? { ...c, decision: leave('size-budget') } : c));
}

/** One sentence for a left-out file. */
export function leftOutMessage(reason: LeftOutReason, size: number | null, budget: number | null): string {
  switch (reason) {
    case 'dumps-off':
      return 'Minidumps were not asked for.';
    case 'heap-dumps-off':
      return 'Heap dumps hold the whole process memory and are left out unless asked for.';
    case 'dump-not-redactable':
      return 'Dumps hold process memory that cannot be redacted; include dumps explicitly to send them unredacted.';
    case 'binary-not-redactable':
      return 'A binary file cannot be redacted, so it is left out of a redacted bundle.';
    case 'text-too-large':
      return `The text file is ${formatBytes(size)}, too large to redact (limit ${formatBytes(MAX_REDACT_BYTES)}).`;
    case 'size-budget':
      return `Adding it (${formatBytes(size)}) would exceed the size budget of ${formatBytes(budget)}.`;
    case 'not-a-file':
      return 'Not a regular file (a link or a folder); links are never followed.';
  }
}

/** The warnings of a plan, from the zip paths of included files by kind. */
export function planWarnings(
  included: readonly { readonly kind: BundleFileKind; readonly zipPath: string }[],
  redact: boolean,
  unreadable: readonly string[],
): BundleWarning[] {
  const warnings: BundleWarning[] = [];
  const dumps = included.filter((f) => f.kind === 'minidump').map((f) => f.zipPath);
  const heaps = included.filter((f) => f.kind === 'heapdump').map((f) => f.zipPath);
  if (heaps.length > 0) {
    warnings.push({
      kind: 'heap-dumps',
      message: 'Heap dumps are included: they hold the process memory, which can contain passwords, tokens, documents and personal data.',
      files: heaps,
    });
  }
  if (dumps.length > 0 || heaps.length > 0) {
    warnings.push(
      redact
        ? { kind: 'unredacted-dumps', message: 'Dumps are not redacted: they go into the bundle exactly as written and can contain user names, paths and secrets.', files: [...dumps, ...heaps] }
        : { kind: 'dumps', message: 'Minidumps hold parts of the process memory (stacks, environment variables) and can contain user names, paths or secrets.', files: dumps },
    );
  }
  if (unreadable.length > 0) {
    warnings.push({ kind: 'unreadable-report', message: 'Some selected folders have no readable Report.wer.', files: unreadable });
  }
  return warnings.filter((w) => w.files.length > 0);
}
