/**
 * Groups reports into problems (Sentry/BugSplat-style issues, computed locally): frame keys for
 * native crashes whose top symbolicated frame is known, else signature keys (`problem-key.ts`),
 * joined by the bucket ids Windows answered with, then summarised with counts, first/last seen,
 * version/OS/machine breakdowns, daily counts and the user's triage.
 */
import { DayNames, type CalendarDay } from './calendar-day';
import { canonicalEventType, eventFamily, isFrameKey } from './problem-key';
import type { GroupingMode, Problem, ProblemKeyKind, ProblemRef, ProblemSummary, ProblemTriage, VersionCount } from './problem-model';
import { COUNTED_FACTS, reportRows, type FactName, type ProblemRows } from './problem-rows';
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
  /** Only days from this one on in each problem's `daily` (the answer draws the last few weeks; counting months of days was most of a large grouping). */
  readonly dailyFrom?: CalendarDay;
}

const STORE_ORDER: readonly StoreKind[] = ['ReportQueue', 'ReportArchive', 'Minidump', 'CrashDumps', 'EventLog', 'other'];
const UNTRIAGED: ProblemTriage = { status: 'new', notes: '', ticket: '', updatedAt: null };

/** Union-find over numbers with path halving; -1 marks a number not seen yet. */
class DisjointSets {
  private readonly parent: Int32Array;

  constructor(size: number) {
    this.parent = new Int32Array(size).fill(-1);
  }

  find(x: number): number {
    let node = x;
    if (this.parent[node] === -1) this.parent[node] = node;
    for (;;) {
      const p = this.parent[node] as number;
      if (p === node) return node;
      const grand = this.parent[p] as number;
      this.parent[node] = grand;
      node = grand;
    }
  }

  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/**
 * Counts of text numbers for one problem at a time, in an array over every number, cleared after
 * each problem by the numbers it touched: a Set or Map per problem and fact was most of the time
 * of grouping a collector's 300,000 reports.
 */
class NumberTally {
  private readonly counts: Int32Array;
  private touched: number[] = [];

  constructor(size: number) {
    this.counts = new Int32Array(size);
  }

  /** Counts a number (-1, none, is not counted). */
  add(n: number): void {
    if (n < 0) return;
    if (this.counts[n] === 0) this.touched.push(n);
    this.counts[n] = (this.counts[n] as number) + 1;
  }

  /** The numbers counted since the last take, in the order first counted, with their counts; clears them. */
  take(): { n: number; count: number }[] {
    const out = this.touched.map((n) => ({ n, count: this.counts[n] as number }));
    for (const n of this.touched) this.counts[n] = 0;
    this.touched = [];
    return out;
  }
}

/** Counts a fact of the rows; most frequent first, then the highest version first. Rows without it are not counted. */
function tally(rows: ProblemRows, members: readonly number[], values: Int32Array, counts: NumberTally): VersionCount[] {
  for (const row of members) counts.add(values[row] as number);
  return counts
    .take()
    .map(({ n, count }) => ({ version: rows.text(n), count }))
    .filter((c) => c.version !== '')
    .sort((a, b) => b.count - a.count || compareVersions(b.version, a.version));
}

// One collator: `localeCompare` with options builds a new one per call (seconds over a large library).
const versionCollator = new Intl.Collator('en', { numeric: true });

function compareVersions(a: string, b: string): number {
  return versionCollator.compare(a, b);
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
export function applyTriage<P extends ProblemSummary>(problem: P, state: TriageState | null | undefined): P {
  const triaged = findTriage(problem.keys, state);
  if (!triaged) return problem;
  const { key, entry } = triaged;
  const lastMs = problem.lastSeen === null ? null : Date.parse(problem.lastSeen);
  const regressed = entry.status === 'fixed' && lastMs !== null && lastMs > Date.parse(entry.updatedAt);
  return { ...problem, key, triage: entry, regressed };
}

interface BuildContext {
  readonly rows: ProblemRows;
  readonly mode: GroupingMode;
  /** Each row's key in the mode, framed signature (signature mode) and bucket: text numbers. */
  readonly keys: Int32Array;
  readonly framed: Int32Array | null;
  readonly buckets: Int32Array;
  readonly facts: Readonly<Record<FactName, Int32Array>>;
  readonly times: Float64Array;
  /** Per key number: whether it is a frame key. */
  readonly isFrame: (key: number) => boolean;
  /** `canonicalEventType`, computed once per spelling. */
  readonly canonical: (eventType: string | null) => string | null;
  /** Scratch counts over text numbers, reused by each problem (see NumberTally). */
  readonly scratch: { readonly keys: NumberTally; readonly buckets: NumberTally; readonly fact: NumberTally };
}

/** The key of the oldest keyed report (the smallest key among equals): it stays as newer reports arrive. */
function oldestKey(keyed: readonly number[], ctx: BuildContext): string {
  let oldest = Infinity;
  for (const row of keyed) {
    const t = ctx.times[row] as number;
    if (t < oldest) oldest = t;
  }
  let best: string | null = null;
  for (const row of keyed) {
    if (oldest !== Infinity && ctx.times[row] !== oldest) continue;
    const key = ctx.rows.text(ctx.keys[row] as number);
    if (best === null || key < best) best = key;
  }
  return best ?? '';
}

/** The value of a fact every row shares, else null (application mode spans different failures). */
function sharedFact(ctx: BuildContext, members: readonly number[], name: FactName): string | null {
  const values = ctx.facts[name];
  const first = values[members[0] as number] as number;
  if (first < 0) return null;
  for (const row of members) if (values[row] !== first) return null;
  return ctx.rows.text(first);
}

/**
 * A grouping's problems before the parts each request adds (daily counts in its time zone, the
 * marks of its last visit, triage): what every request shares, so the engine keeps it until the
 * library changes (and makes it in the background after a start).
 */
export interface ProblemGrouping {
  /** Each problem untriaged, without daily counts or visit marks, with its rows (newest first). */
  readonly problems: readonly GroupedProblem[];
}

interface GroupedProblem {
  readonly base: Problem;
  readonly members: readonly number[];
  /** The oldest dated row's time (Infinity when none is dated). */
  readonly firstMs: number;
}

/** Builds one problem from its rows (newest first), without what depends on a request (see ProblemGrouping). */
function buildProblem(members: readonly number[], ctx: BuildContext): GroupedProblem {
  const { rows, mode, keys, framed: framedSignatures, buckets, times } = ctx;
  const newestRow = members[0] as number; // groups are never empty
  const framed = mode === 'application' ? [] : members.filter((row) => ctx.isFrame(keys[row] as number));
  const keyedBy: ProblemKeyKind = mode === 'application' ? 'application' : framed.length > 0 ? 'frame' : 'signature';
  const keyed = keyedBy === 'frame' ? framed : members;
  const newest = rows.report(newestRow);
  const newestKeyed = keyed[0] === newestRow ? newest : rows.report(keyed[0] as number);
  const topFrame = keyedBy === 'frame' ? (newestKeyed.fields.topFrame ?? null) : null;
  const { keys: keyNumbers, buckets: bucketNumbers } = ctx.scratch;
  const eventTypes = new Set<string>();
  const stores = new Set<StoreKind>();
  let firstMs = Infinity;
  let lastMs = -Infinity;
  for (const row of members) {
    keyNumbers.add(keys[row] as number);
    const framedSignature = framedSignatures ? (framedSignatures[row] as number) : -1;
    if (framedSignature >= 0) keyNumbers.add(framedSignature);
    const eventType = ctx.canonical(rows.eventType(row));
    if (eventType) eventTypes.add(eventType);
    stores.add(rows.store(row));
    bucketNumbers.add(buckets[row] as number);
    const t = times[row] as number;
    if (Number.isNaN(t)) continue;
    if (t < firstMs) firstMs = t;
    if (t > lastMs) lastMs = t;
  }
  const dated = firstMs !== Infinity;
  const family = eventFamily(newest.eventType);
  const application = displayApplication(newest) || (family === 'kernel' ? 'Windows' : '');
  const pick = (name: FactName) => {
    if (keyedBy !== 'signature') return sharedFact(ctx, members, name);
    const n = ctx.facts[name][newestRow] as number;
    return n < 0 ? null : rows.text(n);
  };
  // Untriaged: each request triages it by `applyTriage` (the UI re-applies it alone on a status change).
  const base: Problem = {
    key: oldestKey(keyed, ctx),
    keys: keyNumbers
      .take()
      .map(({ n }) => rows.text(n))
      .sort(),
    mode,
    keyedBy,
    topFrame,
    title: titleOf(keyedBy, newestKeyed, application),
    family,
    eventType: newest.eventType,
    eventTypes: [...eventTypes].sort(),
    application,
    module: pick('module'),
    exceptionCode: pick('exceptionCode'),
    offset: pick('offset'),
    hangSignature: pick('hangSignature'),
    exceptionType: pick('exceptionType'),
    bugCheckCode: pick('bugCheckCode'),
    count: members.length,
    firstSeen: dated ? new Date(firstMs).toISOString() : null,
    lastSeen: dated ? new Date(lastMs).toISOString() : null,
    reportIds: members.map((row) => rows.id(row)),
    applicationVersions: tally(rows, members, ctx.facts.version, ctx.scratch.fact),
    osVersions: tally(rows, members, ctx.facts.os, ctx.scratch.fact),
    machines: tally(rows, members, ctx.facts.machine, ctx.scratch.fact).map(({ version, count }) => ({ name: version, count })),
    bucketIds: bucketNumbers
      .take()
      .map(({ n }) => rows.text(n))
      .sort(),
    daily: [],
    stores: STORE_ORDER.filter((s) => stores.has(s)),
    triage: UNTRIAGED,
    regressed: false,
    isNew: false,
    newSinceLastVisit: 0,
  };
  return { base, members, firstMs };
}

/**
 * Daily counts, oldest day first. The rows were counted newest first, so the days came newest
 * first: reversed, not sorted (a sort per problem was a tenth of a large grouping).
 */
function dayCounts(daily: ReadonlyMap<CalendarDay, number>): { day: CalendarDay; count: number }[] {
  const out = Array.from(daily, ([day, count]) => ({ day, count })).reverse();
  for (let i = 1; i < out.length; i++) if ((out[i - 1] as { day: string }).day >= (out[i] as { day: string }).day) return out.sort((a, b) => (a.day < b.day ? -1 : 1));
  return out;
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
 * The rows of each problem, newest first. Signature mode: one group per key, where a native crash
 * whose top symbolicated frame is known is keyed by that frame + exception code and any other
 * report by its signature; a row without a frame joins the frame its signature's other rows all
 * share (a dump that could not be read, a queued twin without its dump; a signature seen with two
 * frames stays on its own, since it cannot tell which), and keys that share a Windows bucket id
 * are merged (union-find), so a queued report without a bucket and its archived, bucketed twins
 * form one problem. Application mode: one per event family + application.
 */
function* groupRows(rows: ProblemRows, mode: GroupingMode): Generator<void, number[][]> {
  const keys = rows.numbers(mode === 'application' ? 'applicationModeKey' : 'signatureModeKey');
  const joined = mode === 'signature' ? { buckets: rows.numbers('bucket'), framed: rows.numbers('framedSignature') } : null;
  // Sized once every column is made (report rows number their texts as columns are made).
  const sets = new DisjointSets(2 * rows.textCount);
  if (joined) yield* joinKeys(keys, joined.buckets, joined.framed, sets, rows.textCount);
  const groups = new Map<number, number[]>();
  const order = rows.newestFirst();
  yield;
  for (let i = 0; i < order.length; i++) {
    const row = order[i] as number;
    const root = sets.find(2 * (keys[row] as number));
    const members = groups.get(root);
    if (members) members.push(row);
    else groups.set(root, [row]);
    if (i % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield;
  }
  return [...groups.values()];
}

/** Signature mode: the keys that share a bucket id, and a signature with the one frame its framed rows share. */
function* joinKeys(keys: Int32Array, buckets: Int32Array, framed: Int32Array, sets: DisjointSets, textCount: number): Generator<void, void> {
  // Nodes: key number k is 2k, bucket number b is 2b + 1 (a bucket id may read like a key).
  for (let row = 0; row < keys.length; row++) {
    const bucket = buckets[row] as number;
    if (bucket >= 0) sets.union(2 * (keys[row] as number), 2 * bucket + 1);
    if (row % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield;
  }
  // The frame of each framed signature, -2 once it has been seen with two.
  const frameOf = new Int32Array(textCount).fill(-1);
  for (let row = 0; row < keys.length; row++) {
    const signature = framed[row] as number;
    if (signature < 0) continue;
    const known = frameOf[signature] as number;
    frameOf[signature] = known === -1 || known === keys[row] ? (keys[row] as number) : -2;
  }
  yield;
  for (let row = 0; row < keys.length; row++) {
    const key = keys[row] as number;
    const frame = frameOf[key] as number;
    if ((framed[row] as number) < 0 && frame >= 0) sets.union(2 * key, 2 * frame);
    if (row % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield;
  }
}

/**
 * Problems built between two steps of {@link groupingSteps}, and fewer when their members reach
 * ROWS_PER_STEP: a fleet's problems have ~170 reports each, and 250 of them held the event loop
 * ~0.3 s at 1,000,000 reports (a page loading meanwhile waited for it).
 */
const PROBLEMS_PER_STEP = 250;
/**
 * Rows gone through between two steps while they are grouped: the whole grouping before the
 * first step held the event loop ~0.14 s at 300,000 rows, right when a page's first keystrokes came.
 */
const ROWS_PER_STEP = 25_000;

/**
 * Groups rows into problems (see {@link groupRows}) and builds their shared parts, in steps: the
 * generator yields every few hundred problems, so a caller can spread a large grouping over time
 * (or run it through at once: {@link groupingOfRows}).
 */
export function* groupingSteps(rows: ProblemRows, mode: GroupingMode): Generator<void, ProblemGrouping> {
  const frameKeys = new Map<number, boolean>();
  const canonical = new Map<string | null, string | null>();
  const groups = yield* groupRows(rows, mode);
  const ctx: BuildContext = {
    rows,
    mode,
    keys: rows.numbers(mode === 'application' ? 'applicationModeKey' : 'signatureModeKey'),
    framed: mode === 'signature' ? rows.numbers('framedSignature') : null,
    buckets: rows.numbers('bucket'),
    facts: Object.fromEntries(COUNTED_FACTS.map((name) => [name, rows.numbers(name)])) as Record<FactName, Int32Array>,
    times: rows.times(),
    isFrame: (key) => {
      let frame = frameKeys.get(key);
      if (frame === undefined) frameKeys.set(key, (frame = isFrameKey(rows.text(key))));
      return frame;
    },
    canonical: (eventType) => {
      let known = canonical.get(eventType);
      if (known === undefined) canonical.set(eventType, (known = canonicalEventType(eventType)));
      return known;
    },
    // Sized after grouping: every column (and so every text number) is made by then.
    scratch: { keys: new NumberTally(rows.textCount), buckets: new NumberTally(rows.textCount), fact: new NumberTally(rows.textCount) },
  };
  const problems: GroupedProblem[] = [];
  yield;
  let built = 0;
  let rowsBuilt = 0;
  for (const members of groups) {
    problems.push(buildProblem(members, ctx));
    built += 1;
    rowsBuilt += members.length;
    if (built < PROBLEMS_PER_STEP && rowsBuilt < ROWS_PER_STEP) continue;
    built = 0;
    rowsBuilt = 0;
    yield;
  }
  return { problems };
}

/** The rest of a grouping's steps run through at once. */
export function finishGrouping(steps: Generator<void, ProblemGrouping>): ProblemGrouping {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** {@link groupingSteps} run through at once. */
export function groupingOfRows(rows: ProblemRows, mode: GroupingMode): ProblemGrouping {
  return finishGrouping(groupingSteps(rows, mode));
}

/**
 * The problems of a grouping as one request wants them (`options`: time zone, last visit, first
 * day counted, triage; its mode is the grouping's), most recent first. `rows` are the ones the
 * grouping was made from.
 */
export function problemsOfGrouping(grouping: ProblemGrouping, rows: ProblemRows, options: GroupOptions = {}): Problem[] {
  const lastVisit = options.lastVisit !== undefined ? options.lastVisit : (options.triage?.lastVisit ?? null);
  const parsed = lastVisit === null ? null : Date.parse(lastVisit);
  const lastVisitMs = parsed === null || Number.isNaN(parsed) ? null : parsed;
  const days = new DayNames(options.utcOffsetMinutes);
  // Rows before this instant are not counted by day (see GroupOptions.dailyFrom).
  const dailyFromMs = options.dailyFrom === undefined ? -Infinity : days.startOf(options.dailyFrom);
  const times = rows.times();
  const problems = grouping.problems.map(({ base, members, firstMs }) => {
    const daily = new Map<CalendarDay, number>();
    let newSinceLastVisit = 0;
    for (const row of members) {
      const t = times[row] as number;
      if (Number.isNaN(t)) continue;
      if (lastVisitMs !== null && t > lastVisitMs) newSinceLastVisit += 1;
      if (!(t >= dailyFromMs)) continue;
      const day = days.of(t);
      if (day !== null) daily.set(day, (daily.get(day) ?? 0) + 1);
    }
    const isNew = lastVisitMs !== null && firstMs !== Infinity && firstMs > lastVisitMs;
    return applyTriage({ ...base, daily: dayCounts(daily), isNew, newSinceLastVisit }, options.triage);
  });
  return problems.sort(compareProblems);
}

/** Groups rows into problems (see {@link groupRows}), summarised and triaged, most recent first. */
export function problemsOfRows(rows: ProblemRows, options: GroupOptions = {}): Problem[] {
  return problemsOfGrouping(groupingOfRows(rows, options.mode ?? 'signature'), rows, options);
}

/**
 * Groups reports into problems: see {@link groupRows} for which reports are one problem. Each
 * is summarised with counts, first/last seen, version/OS/machine breakdowns, daily counts and,
 * with `triage`, the user's triage.
 */
export function groupProblems(reports: readonly WerReport[], options: GroupOptions = {}): Problem[] {
  return problemsOfRows(reportRows(reports), options);
}

/** A problem without its report ids, as the query calls send it (days from a request's `dailyFrom` on: see GroupOptions.dailyFrom). */
export function problemSummary(problem: Problem): ProblemSummary {
  const { reportIds: _omitted, ...summary } = problem;
  return summary;
}

/**
 * The problem a `ProblemRef` names among problems grouped in its mode: the one with its key, else
 * the first listing it among its keys (a merge gave the problem another key since the ref was taken),
 * else null.
 */
export function problemByRef(problems: readonly Problem[], ref: ProblemRef): Problem | null {
  return problems.find((p) => p.key === ref.key) ?? problems.find((p) => p.keys.includes(ref.key)) ?? null;
}

/** The problem that lists a report id, or null. */
export function problemOfReport(problems: readonly Problem[], reportId: string): Problem | null {
  return problems.find((p) => p.reportIds.includes(reportId)) ?? null;
}
