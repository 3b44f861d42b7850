/**
 * Groups reports into problems (Sentry/BugSplat-style issues, computed locally): frame keys for
 * native crashes whose top symbolicated frame is known, else signature keys (`problem-key.ts`),
 * joined by the bucket ids Windows answered with, then summarised with counts, first/last seen,
 * version/OS/machine breakdowns, daily counts and the user's triage.
 */
import { localDay, normalizeUtcOffset } from './calendar-day';
import { canonicalEventType, eventFamily, frameKey, isFrameKey, problemKey, signatureKey } from './problem-key';
import type { DayCount, GroupingMode, Problem, ProblemKeyKind, ProblemTriage, VersionCount } from './problem-model';
import { displayApplication, summaryLine } from './report-display';
import type { StoreKind, WerReport } from './report-model';
import { triageEntryOf, type TriageEntry, type TriageState } from './triage-model';

export { applicationIdentity, canonicalEventType, eventFamily, frameKey, isFrameKey, problemKey, signatureKey } from './problem-key';

/** Options of `groupProblems`. */
export interface GroupOptions {
  readonly mode?: GroupingMode;
  /** Offset of the user's time zone, for daily counts (minutes east of UTC; default 0). */
  readonly utcOffsetMinutes?: number;
  /** Last visit (ISO-8601); defaults to `triage.lastVisit`. */
  readonly lastVisit?: string | null;
  readonly triage?: TriageState;
}

const STORE_ORDER: readonly StoreKind[] = ['ReportQueue', 'ReportArchive', 'Minidump', 'CrashDumps', 'EventLog', 'other'];
const UNTRIAGED: ProblemTriage = { status: 'new', notes: '', ticket: '', updatedAt: null };

/** Union-find over strings with path halving; small and allocation-light. */
class DisjointSets {
  private readonly parent = new Map<string, string>();

  find(x: string): string {
    let node = x;
    for (;;) {
      const p = this.parent.get(node);
      if (p === undefined) {
        this.parent.set(node, node);
        return node;
      }
      if (p === node) return node;
      const grand = this.parent.get(p) ?? p;
      this.parent.set(node, grand);
      node = grand;
    }
  }

  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    // The smaller root wins so the result does not depend on input order.
    if (ra !== rb) (ra < rb ? this.parent.set(rb, ra) : this.parent.set(ra, rb));
  }
}

function timeOf(report: WerReport): number | null {
  if (report.eventTime === null) return null;
  const ms = Date.parse(report.eventTime);
  return Number.isNaN(ms) ? null : ms;
}

// A loop, not Math.min(...xs): spreading a large collected library would overflow the stack.
function minMax(values: readonly number[]): { min: number; max: number } | null {
  if (values.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/**
 * The reports newest first, undated last, then by id so the order is total. Each time is parsed
 * once (a comparator parsing both sides would parse n log n times: seconds for a large problem).
 */
function sortNewestFirst(members: readonly WerReport[]): WerReport[] {
  const times = members.map(timeOf);
  const order = members.map((_, i) => i);
  order.sort((i, j) => {
    const ta = times[i] ?? null;
    const tb = times[j] ?? null;
    if (ta !== tb) {
      if (ta === null) return 1;
      if (tb === null) return -1;
      return tb - ta;
    }
    const a = (members[i] as WerReport).id;
    const b = (members[j] as WerReport).id;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  return order.map((i) => members[i] as WerReport);
}

/** A usable bucket id: WER writes all zeros (or nothing) before the service has answered. */
function bucketIdOf(report: WerReport): string | null {
  const id = report.bucket?.id?.trim().toLowerCase();
  return id && !/^0*$/.test(id) ? id : null;
}

function machineOf(report: WerReport): string | null {
  // The collector records the sending machine; local reports have none.
  return report.machine;
}

function compareVersions(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** Counts values; most frequent first, then the highest version first. */
function tally(values: readonly (string | null | undefined)[]): VersionCount[] {
  const counts = new Map<string, number>();
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts]
    .map(([version, count]) => ({ version, count }))
    .sort((a, b) => b.count - a.count || compareVersions(b.version, a.version));
}

function dailyCounts(reports: readonly WerReport[], offset: number): DayCount[] {
  const counts = new Map<string, number>();
  for (const r of reports) {
    const day = r.eventTime === null ? null : localDay(r.eventTime, offset);
    if (day) counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return [...counts].map(([day, count]) => ({ day, count })).sort((a, b) => (a.day < b.day ? -1 : 1));
}

/** The value every report shares, else null (application mode spans different failures). */
function shared(reports: readonly WerReport[], pick: (r: WerReport) => string | undefined): string | null {
  const first = reports[0] ? pick(reports[0]) : undefined;
  return first !== undefined && reports.every((r) => pick(r) === first) ? first : null;
}

function applicationTitle(report: WerReport, application: string): string {
  switch (eventFamily(report.eventType)) {
    case 'crash':
      return `${application} crashed`;
    case 'hang':
      return `${application} stopped responding`;
    case 'kernel':
      return canonicalEventType(report.eventType) === 'BlueScreen'
        ? 'Windows stopped unexpectedly (blue screen)'
        : 'Windows recorded a kernel or hardware problem';
    case 'other':
      return `${application}: ${report.eventType ?? 'unknown event'}`;
  }
}

/** The newest triage entry stored under any of the keys, with its key. */
function findTriage(keys: readonly string[], state: TriageState | null | undefined): { key: string; entry: TriageEntry } | null {
  let best: { key: string; entry: TriageEntry } | null = null;
  for (const key of keys) {
    const entry = triageEntryOf(state, key);
    if (entry && (!best || entry.updatedAt > best.entry.updatedAt)) best = { key, entry };
  }
  return best;
}

/**
 * A problem with the user's triage laid over it: the newest entry stored under any member key
 * wins and its key becomes the problem's key (so triage sticks as keys merge), and a problem
 * marked fixed that has a report after the fix is regressed. `problem` must carry no triage yet
 * (as `groupProblems` gives it without `triage`); with no entry for it, it is returned as is.
 * The one place these rules live: grouping and a re-applied status change must agree.
 */
export function applyTriage(problem: Problem, state: TriageState | null | undefined): Problem {
  const triaged = findTriage(problem.keys, state);
  if (!triaged) return problem;
  const { key, entry } = triaged;
  const lastMs = problem.lastSeen === null ? null : Date.parse(problem.lastSeen);
  const regressed = entry.status === 'fixed' && lastMs !== null && lastMs > Date.parse(entry.updatedAt);
  return { ...problem, key, triage: entry, regressed };
}

/** The key of the oldest report: it stays the same as newer reports arrive. */
function oldestKey(reports: readonly WerReport[], keyOf: ReadonlyMap<WerReport, string>): string {
  const oldestTime = minMax(reports.map(timeOf).filter((t): t is number => t !== null))?.min ?? null;
  const candidates = oldestTime === null ? reports : reports.filter((r) => timeOf(r) === oldestTime);
  return candidates.map((r) => keyOf.get(r) ?? '').sort()[0] ?? '';
}

interface BuildContext {
  readonly mode: GroupingMode;
  readonly offset: number;
  readonly lastVisitMs: number | null;
  readonly triage: TriageState | undefined;
  /** Each report's grouping key: its frame key when known, else its signature key (or application key). */
  readonly keyOf: ReadonlyMap<WerReport, string>;
  /** The signature key of each frame-keyed report (listed in `Problem.keys` for triage made before). */
  readonly signatureOf: ReadonlyMap<WerReport, string>;
}

/** What the members are grouped by, and the reports that carry that kind of key. */
function keyedByOf(reports: readonly WerReport[], ctx: BuildContext): { keyedBy: ProblemKeyKind; keyed: readonly WerReport[] } {
  if (ctx.mode === 'application') return { keyedBy: 'application', keyed: reports };
  const framed = reports.filter((r) => isFrameKey(ctx.keyOf.get(r) ?? ''));
  return framed.length > 0 ? { keyedBy: 'frame', keyed: framed } : { keyedBy: 'signature', keyed: reports };
}

function buildProblem(members: WerReport[], ctx: BuildContext): Problem {
  const reports = sortNewestFirst(members);
  const newest = reports[0] as WerReport; // groups are never empty
  const { keyedBy, keyed } = keyedByOf(reports, ctx);
  const newestKeyed = keyed[0] as WerReport; // `keyed` keeps the newest-first order
  const topFrame = keyedBy === 'frame' ? (newestKeyed.fields.topFrame ?? null) : null;
  const keys = [...new Set(reports.flatMap((r) => [ctx.keyOf.get(r) ?? '', ...(ctx.signatureOf.has(r) ? [ctx.signatureOf.get(r) ?? ''] : [])]))].sort();
  const family = eventFamily(newest.eventType);
  const application = displayApplication(newest) || (family === 'kernel' ? 'Windows' : '');
  const times = reports.map(timeOf).filter((t): t is number => t !== null);
  const range = minMax(times);
  const lastMs = range?.max ?? null;
  const firstMs = range?.min ?? null;
  const pick =
    keyedBy === 'signature'
      ? (get: (r: WerReport) => string | undefined) => get(newest) ?? null
      : (get: (r: WerReport) => string | undefined) => shared(reports, get);
  const lastVisit = ctx.lastVisitMs;
  // Built untriaged, then triaged by `applyTriage`: the UI re-applies it alone on a status change.
  const untriaged: Problem = {
    key: oldestKey(keyed, ctx.keyOf),
    keys,
    mode: ctx.mode,
    keyedBy,
    topFrame,
    title: titleOf(keyedBy, newestKeyed, application),
    family,
    eventType: newest.eventType,
    eventTypes: [...new Set(reports.map((r) => canonicalEventType(r.eventType)).filter((t): t is string => !!t))].sort(),
    application,
    // A kernel crash's driver at fault (read from its dump) stands in for the faulting module.
    module: pick((r) => r.fields.module ?? r.fields.causedByDriver),
    exceptionCode: pick((r) => r.fields.exceptionCode),
    offset: pick((r) => r.fields.exceptionOffset),
    hangSignature: pick((r) => r.fields.hangSignature),
    exceptionType: pick((r) => r.fields.exceptionType),
    bugCheckCode: pick((r) => r.fields.bugCheckCode),
    count: reports.length,
    firstSeen: firstMs === null ? null : new Date(firstMs).toISOString(),
    lastSeen: lastMs === null ? null : new Date(lastMs).toISOString(),
    reportIds: reports.map((r) => r.id),
    applicationVersions: tally(reports.map((r) => r.fields.applicationVersion)),
    osVersions: tally(reports.map((r) => r.os?.version ?? (typeof r.os?.build === 'number' ? String(r.os.build) : null))),
    machines: tally(reports.map(machineOf)).map(({ version, count }) => ({ name: version, count })),
    bucketIds: [...new Set(reports.map(bucketIdOf).filter((b): b is string => b !== null))].sort(),
    daily: dailyCounts(reports, ctx.offset),
    stores: STORE_ORDER.filter((s) => reports.some((r) => r.store === s)),
    triage: UNTRIAGED,
    regressed: false,
    isNew: lastVisit !== null && firstMs !== null && firstMs > lastVisit,
    newSinceLastVisit: lastVisit === null ? 0 : times.filter((t) => t > lastVisit).length,
  };
  return applyTriage(untriaged, ctx.triage);
}

function titleOf(keyedBy: ProblemKeyKind, newest: WerReport, application: string): string {
  switch (keyedBy) {
    case 'application':
      return applicationTitle(newest, application || 'An application');
    case 'signature':
      return summaryLine(newest);
    case 'frame':
      // "app.exe crashed in app.exe!crash_here (c0000005 …)": the frame stands where the module stood.
      return summaryLine({ ...newest, fields: { ...newest.fields, module: newest.fields.topFrame } });
  }
}

/** Most recent first, then the most frequent, then by key so the order is stable. */
function compareProblems(a: Problem, b: Problem): number {
  if (a.lastSeen !== b.lastSeen) {
    if (a.lastSeen === null) return 1;
    if (b.lastSeen === null) return -1;
    return a.lastSeen < b.lastSeen ? 1 : -1;
  }
  return b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/**
 * Joins each report without a known top frame to the frame key of the reports with its signature,
 * when they all have the same frame (a dump that could not be read, a queued twin without its
 * dump); a signature seen with two frames stays on its own, since it cannot tell which.
 */
function joinSignaturesToFrames(reports: readonly WerReport[], keyOf: ReadonlyMap<WerReport, string>, signatureOf: ReadonlyMap<WerReport, string>, sets: DisjointSets): void {
  const framesOf = new Map<string, Set<string>>();
  for (const [r, signature] of signatureOf) {
    const frames = framesOf.get(signature) ?? new Set<string>();
    frames.add(keyOf.get(r) ?? '');
    framesOf.set(signature, frames);
  }
  for (const r of reports) {
    const key = keyOf.get(r) ?? '';
    const frames = framesOf.get(key);
    if (!signatureOf.has(r) && frames?.size === 1) sets.union(`k:${key}`, `k:${[...frames][0]}`);
  }
}

/**
 * Groups reports into problems. Signature mode: one problem per key, where a native crash whose
 * top symbolicated frame is known (`fields.topFrame`) is keyed by that frame + exception code and
 * any other report by its signature; a report without a frame joins the frame its signature's
 * other reports all share, and keys that share a Windows bucket id are merged (union-find), so a
 * queued report without a bucket and its archived, bucketed twins form one problem. Application
 * mode: one per event family + application.
 */
export function groupProblems(reports: readonly WerReport[], options: GroupOptions = {}): Problem[] {
  const mode = options.mode ?? 'signature';
  const keyOf = new Map<WerReport, string>();
  const signatureOf = new Map<WerReport, string>();
  const sets = new DisjointSets();
  for (const r of reports) {
    const key = problemKey(r, mode);
    keyOf.set(r, key);
    if (mode === 'signature' && frameKey(r) !== null) signatureOf.set(r, signatureKey(r));
    sets.find(`k:${key}`);
    const bucket = mode === 'signature' ? bucketIdOf(r) : null;
    if (bucket) sets.union(`k:${key}`, `b:${bucket}`);
  }
  if (mode === 'signature') joinSignaturesToFrames(reports, keyOf, signatureOf, sets);
  const groups = new Map<string, WerReport[]>();
  for (const r of reports) {
    const root = sets.find(`k:${keyOf.get(r) ?? ''}`);
    const list = groups.get(root);
    if (list) list.push(r);
    else groups.set(root, [r]);
  }
  const lastVisit = options.lastVisit !== undefined ? options.lastVisit : (options.triage?.lastVisit ?? null);
  const lastVisitMs = lastVisit === null ? null : Date.parse(lastVisit);
  const ctx: BuildContext = {
    mode,
    offset: normalizeUtcOffset(options.utcOffsetMinutes),
    lastVisitMs: lastVisitMs === null || Number.isNaN(lastVisitMs) ? null : lastVisitMs,
    triage: options.triage,
    keyOf,
    signatureOf,
  };
  return [...groups.values()].map((members) => buildProblem(members, ctx)).sort(compareProblems);
}

/** The problem that lists a report id, or null. */
export function problemOfReport(problems: readonly Problem[], reportId: string): Problem | null {
  return problems.find((p) => p.reportIds.includes(reportId)) ?? null;
}
