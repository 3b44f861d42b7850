/**
 * The library's query engine: answers the report list (filter, sort, page, facet counts), the
 * Problems view and the History view over a compact column index, so the renderer only ever holds
 * the rows it shows. The live library patches it report by report (`upsert`, `remove`); full
 * reports are looked up through `resolve` for the rows of a page and the newest report of each
 * problem (its title): grouping reads the columns.
 */
import { historyOfRows, type History } from '../../../../shared/history';
import { selectRows, type ProblemRows } from '../../../../shared/problem-rows';
import type { GroupingMode, Problem } from '../../../../shared/problem-model';
import { finishGrouping, groupingSteps, problemByRef, type ProblemGrouping, problemsOfGrouping, problemsOfRows, problemSummary } from '../../../../shared/problems';
import {
  MATCH_ALL,
  MAX_QUERY_LIMIT,
  NEWEST_FIRST,
  type FacetCount,
  type HistoryRequest,
  type ProblemsRequest,
  type ProblemsResult,
  type QueryFacets,
  type QueryFilter,
  type QueryRequest,
  type QueryResult,
  type QuerySort,
} from '../../../../shared/query-model';
import type { WerReport } from '../../../../shared/report-model';
import { columnRows } from './column-rows';
import { FAILS, filterMask, grown, slotFailures, WordMatches } from './filter-mask';
import { type CacheLoad, decodeQuerySections, loadQueryIndex, saveQueryIndex } from './query-cache';
import type { SectionFile } from '../binary-sections';
import { ReportColumns, STORE_KINDS } from './report-columns';
import { patchedOrder, sortedSlots } from './sort-order';

/** A grouping of every report and the rows it was made from. */
interface WholeGrouping {
  readonly rows: ProblemRows;
  readonly grouping: ProblemGrouping;
}

/** A filter's fail mask (0 = shown) and, once counted, its facet counts. */
interface Filtered {
  readonly filter: QueryFilter;
  readonly utcOffsetMinutes: number | undefined;
  mask: Uint8Array;
  facets: { total: number; values: QueryFacets } | null;
}

/** Up to this many chosen report ids, `matchingIds` tests their slots alone. */
const FEW_IDS = 10_000;
/** Filters whose masks are kept at once (the list's, and the ones asked beside it). */
const MAX_FILTERED = 4;
/** Problems/history answers kept at once (each filter the views asked for since the last change). */
const MAX_ANSWERS = 8;
/**
 * Changed slots up to this share of all (at least PATCH_MIN) are patched into the kept orders,
 * masks and word matches at the next question; more, and those are computed afresh when asked.
 */
const PATCH_SHARE = 1 / 32;
const PATCH_MIN = 256;

/** An engine loaded from a query index with the generation it was saved with, or why it could not be. */
export type LoadedQuery = { query: LibraryQuery; generation: string | null; problem: null } | { query: null; generation: null; problem: string };

/**
 * Looks up the full report of an id (the live library's records); `many`, when given, looks up a
 * page's ids together (each as the single lookup gives it), which a library does cheaper.
 */
export type ResolveReport = ((id: string) => WerReport | undefined) & { readonly many?: (ids: readonly string[]) => (WerReport | undefined)[] };

/** The query engine over one library's reports. */
export class LibraryQuery {
  private columns: ReportColumns;
  /** Each sort's order of the live slots (see {@link order}). */
  private readonly orders = new Map<string, { sort: QuerySort; slots: Uint32Array }>();
  /** Slots changed since the kept orders, masks and word matches were brought up to date (see {@link sync}). */
  private readonly changedSlots = new Set<number>();
  /** Problems and history answers until the library changes (see {@link remembered}). */
  private readonly answers = new Map<string, unknown>();
  /**
   * The whole library's grouping per mode with the rows it was made from, once made, until the
   * library changes: what each whole-library Problems answer is made from, and what a filter's
   * problem names.
   */
  private readonly groupings = new Map<GroupingMode, WholeGrouping>();
  /** Whole-library groupings being made in the background (see {@link prepareProblems}). */
  private readonly preparing = new Map<GroupingMode, { readonly rows: ProblemRows; readonly steps: Generator<void, ProblemGrouping> }>();
  /** The last few filters' masks and facet counts, latest last (see {@link filtered}). */
  private readonly recentFiltered = new Map<string, Filtered>();
  private words: WordMatches;

  constructor(
    private readonly resolve: ResolveReport,
    columns: ReportColumns = new ReportColumns(),
  ) {
    this.columns = columns;
    this.words = new WordMatches(columns);
  }

  /**
   * An engine whose index comes from a cache file written by `save`, with the generation it was
   * saved with; null with the file's problem when it is missing or damaged (then build one and
   * `upsert` every report).
   */
  static async load(file: string, resolve: ResolveReport): Promise<LoadedQuery> {
    return LibraryQuery.fromCache(await loadQueryIndex(file), resolve);
  }

  /** The same from such a file read by readQueryIndex (decoded at once, without a wait). */
  static decode(file: SectionFile, resolve: ResolveReport): LoadedQuery {
    return LibraryQuery.fromCache(decodeQuerySections(file), resolve);
  }

  private static fromCache(loaded: CacheLoad, resolve: ResolveReport): LoadedQuery {
    return loaded.ok
      ? { query: new LibraryQuery(resolve, loaded.columns), generation: loaded.generation, problem: null }
      : { query: null, generation: null, problem: loaded.problem };
  }

  /**
   * Saves the index for the next start (atomically: a crash leaves the previous file), marked
   * with the report cache generation it matches, copied and written a piece at a time between
   * `pause`s. False, with nothing written, when the index changed meanwhile (it no longer matches
   * that generation).
   */
  save(file: string, generation: string | null = null, pause?: () => Promise<void>): Promise<boolean> {
    return saveQueryIndex(file, this.columns, generation, pause);
  }

  /** See ReportColumns.shareIds: the index's ids become the library's strings, a slice at a time. */
  shareIds(held: (id: string) => string | undefined, pause: () => Promise<void>, signal?: AbortSignal): Promise<void> {
    return this.columns.shareIds(held, pause, signal);
  }

  /** Reports in the index. */
  get size(): number {
    return this.columns.liveCount;
  }

  /** Whether the index has a report. */
  has(id: string): boolean {
    return this.columns.slotOfId.has(id);
  }

  /** Adds a report, or replaces the one with its id (it keeps its place in the library's order). */
  upsert(report: WerReport): void {
    this.touched(this.columns.put(report));
  }

  /** Adds or replaces many reports at once. */
  upsertAll(reports: Iterable<WerReport>): void {
    for (const r of reports) this.touched(this.columns.put(r));
  }

  /** Removes a report; false when the index does not have it. */
  remove(id: string): boolean {
    const slot = this.columns.slotOfId.get(id);
    if (slot === undefined || !this.columns.remove(id)) return false;
    this.touched(slot);
    return true;
  }

  /** One page of the report list, its total and the facet counts. */
  query(request: QueryRequest): QueryResult {
    this.sync();
    const c = this.columns;
    const filtered = this.filtered(request.filter, request.utcOffsetMinutes);
    const mask = filtered.mask;
    filtered.facets ??= countFacets(c, mask);
    const facets = filtered.facets;
    const order = this.order(request.sort);
    const limit = Math.max(0, Math.min(MAX_QUERY_LIMIT, Math.floor(finiteOr(request.limit, 0))));
    const first = Math.max(0, Math.floor(finiteOr(request.offset, 0)));
    const rows: WerReport[] = [];
    let seen = 0;
    // The page's ids are looked up together; one the library no longer has (a change not synced
    // yet) leaves room for the next slot's, looked up in a further round.
    for (let i = 0; i < order.length && rows.length < limit; ) {
      const ids: string[] = [];
      for (; i < order.length && rows.length + ids.length < limit; i++) {
        const slot = order[i] as number;
        if (mask[slot] !== 0) continue;
        if (seen++ < first) continue;
        ids.push(c.idAt(slot) ?? '');
      }
      for (const report of this.resolveAll(ids)) if (report) rows.push(report);
    }
    return { rows, offset: Math.min(first, facets.total), total: facets.total, libraryTotal: c.liveCount, facets: facets.values };
  }

  /** The reports of these ids, together when the resolver can. */
  private resolveAll(ids: readonly string[]): (WerReport | undefined)[] {
    return this.resolve.many ? this.resolve.many(ids) : ids.map((id) => this.resolve(id));
  }

  /** Ids of the reports a filter lets through, in the library's order. */
  matchingIds(filter: QueryFilter, utcOffsetMinutes?: number): string[] {
    this.sync();
    const c = this.columns;
    if (filter.reportIds !== null && filter.reportIds.length <= FEW_IDS) {
      // A few chosen reports (is the selected one shown?): only their slots are tested, and the
      // list's own filter keeps its remembered mask.
      const fails = slotFailures(c, filter, this.words, utcOffsetMinutes, this.problemMembers(filter));
      const slots = [...new Set(filter.reportIds.map((id) => c.slotOfId.get(id)).filter((s): s is number => s !== undefined))].sort((a, b) => a - b);
      return slots.filter((s) => fails(s) === 0).map((s) => c.idAt(s) ?? '');
    }
    const { mask } = this.filtered(filter, utcOffsetMinutes);
    const ids: string[] = [];
    for (let s = 0; s < c.length; s++) if (mask[s] === 0) ids.push(c.idAt(s) ?? '');
    return ids;
  }

  /**
   * The problems of the reports a filter lets through, as `groupProblems` groups them but without
   * their report ids (a filter's `problem` shows a problem's reports), computed from the columns.
   * The answer is kept until the library changes: switching views, or several windows asking the
   * same, costs nothing.
   */
  problems(request: ProblemsRequest): ProblemsResult {
    this.sync();
    return this.remembered('problems', request, () => {
      const { problems, total } = this.grouped(request);
      return { problems: problems.map((p) => problemSummary(p)), total };
    });
  }

  /**
   * Makes the whole library's grouping in the background, a step at a time between `pause`s, so
   * the first Problems answer after a start does not wait for it (half a second at 300,000
   * reports). A question meanwhile finishes it at once; a change of the library drops it, and so
   * does `signal` (the engine is closing).
   */
  async prepareProblems(mode: GroupingMode, pause: () => Promise<void>, signal?: AbortSignal): Promise<void> {
    // Not in the caller's turn (a start): from the next one.
    await new Promise((resolve) => setImmediate(resolve));
    if (signal?.aborted) return;
    this.sync();
    if (this.groupings.has(mode) || this.preparing.has(mode)) return;
    const rows = this.shownRows(MATCH_ALL, undefined);
    const pending = { rows, steps: groupingSteps(rows, mode) };
    this.preparing.set(mode, pending);
    for (;;) {
      // Finished by a question, or dropped by a change.
      if (this.preparing.get(mode) !== pending) return;
      if (signal?.aborted) {
        this.preparing.delete(mode);
        return;
      }
      const step = pending.steps.next();
      if (step.done) {
        this.preparing.delete(mode);
        this.groupings.set(mode, { rows, grouping: step.value });
        return;
      }
      await pause();
    }
  }

  /** The whole library's grouping in a mode: kept, finished from the background's, or made now. */
  private wholeGrouping(mode: GroupingMode): WholeGrouping {
    let known = this.groupings.get(mode);
    if (!known) {
      const pending = this.preparing.get(mode);
      this.preparing.delete(mode);
      const rows = pending?.rows ?? this.shownRows(MATCH_ALL, undefined);
      known = { rows, grouping: finishGrouping(pending?.steps ?? groupingSteps(rows, mode)) };
      this.groupings.set(mode, known);
    }
    return known;
  }

  /** The problems with their report ids; a whole-library answer is made from the kept grouping. */
  private grouped(request: ProblemsRequest): { problems: readonly Problem[]; total: number } {
    const rows = this.shownRows(request.filter, request.utcOffsetMinutes);
    const options = {
      mode: request.mode,
      utcOffsetMinutes: request.utcOffsetMinutes,
      ...(request.lastVisit !== undefined ? { lastVisit: request.lastVisit } : {}),
      ...(request.dailyFrom !== undefined ? { dailyFrom: request.dailyFrom } : {}),
    };
    if (rows.length !== this.columns.liveCount) return { problems: problemsOfRows(rows, options), total: rows.length };
    // Membership, keys and counts do not depend on the time zone, the last visit or the days counted.
    const whole = this.wholeGrouping(request.mode ?? 'signature');
    return { problems: problemsOfGrouping(whole.grouping, whole.rows, options), total: rows.length };
  }

  /** The slots of a filter's problem (1 = one of its reports), null when the filter names none. */
  private problemMembers(filter: QueryFilter): Uint8Array | null {
    const ref = filter.problem;
    if (!ref) return null;
    return this.remembered('members', ref, () => {
      const all = this.wholeGrouping(ref.mode).grouping.problems.map((p) => p.base);
      const members = new Uint8Array(this.columns.length);
      for (const id of problemByRef(all, ref)?.reportIds ?? []) {
        const slot = this.columns.slotOfId.get(id);
        if (slot !== undefined) members[slot] = 1;
      }
      return members;
    });
  }

  /** The history of the reports a filter lets through, as `historyOf` counts it (kept as problems are). */
  history(request: HistoryRequest): History {
    this.sync();
    return this.remembered('history', request, () => historyOfRows(this.shownRows(request.filter, request.options.utcOffsetMinutes), request.options));
  }

  /** A whole-library answer, computed once per request until the library changes (a few kept). */
  private remembered<T>(kind: string, request: unknown, compute: () => T): T {
    const key = `${kind}:${JSON.stringify(request)}`;
    const known = this.answers.get(key);
    if (known !== undefined) return known as T;
    const value = compute();
    if (this.answers.size >= MAX_ANSWERS) this.answers.delete(this.answers.keys().next().value as string);
    this.answers.set(key, value);
    return value;
  }

  /** The rows (slots, in library order) a filter lets through. */
  private shownRows(filter: QueryFilter, utcOffsetMinutes: number | undefined): ProblemRows {
    const { mask } = this.filtered(filter, utcOffsetMinutes);
    let count = 0;
    for (let s = 0; s < this.columns.length; s++) if (mask[s] === 0) count += 1;
    const shown = new Uint32Array(count);
    for (let s = 0, n = 0; s < this.columns.length; s++) if (mask[s] === 0) shown[n++] = s;
    const all = columnRows(this.columns, this.resolve, () => this.order(NEWEST_FIRST));
    // Every slot shown (the whole library, no removed slot): the rows as they are, not a copy of
    // each column (a tenth of a second of each whole-library answer at 300,000 reports).
    return shown.length === this.columns.length ? all : selectRows(all, shown);
  }

  /**
   * The fail mask of a filter (and its facet counts once asked), kept for the last few filters
   * until the library changes: the list asks for two or three pages of each new filter at once,
   * and the selection check and exports ask beside it.
   */
  private filtered(filter: QueryFilter, utcOffsetMinutes: number | undefined): Filtered {
    const key = JSON.stringify([filter, utcOffsetMinutes ?? 0]);
    let found = this.recentFiltered.get(key);
    if (found) this.recentFiltered.delete(key);
    else {
      const members = this.problemMembers(filter);
      found = { filter, utcOffsetMinutes, mask: filterMask(this.columns, filter, this.words, utcOffsetMinutes, members), facets: null };
      if (this.recentFiltered.size >= MAX_FILTERED) this.recentFiltered.delete(this.recentFiltered.keys().next().value as string);
    }
    this.recentFiltered.set(key, found);
    return found;
  }

  /** All live slots in a sort's order, computed once per sort and patched as the library changes. */
  private order(sort: QuerySort): Uint32Array {
    const key = `${sort.column}:${sort.direction}`;
    let known = this.orders.get(key);
    if (!known) {
      known = { sort, slots: sortedSlots(this.columns, sort) };
      this.orders.set(key, known);
    }
    return known.slots;
  }

  /**
   * Notes a changed slot. Answers grouped over the whole library are dropped at once; orders,
   * masks and word matches are patched at the next question (a burst of changes at once), or
   * dropped when too many slots changed for patching to pay.
   */
  private touched(slot: number): void {
    if (this.answers.size > 0) this.answers.clear();
    if (this.groupings.size > 0) this.groupings.clear();
    if (this.preparing.size > 0) this.preparing.clear();
    // Nothing kept (the engine being built): nothing to patch later.
    if (this.orders.size === 0 && this.recentFiltered.size === 0 && this.words.size === 0) return;
    if (this.changedSlots.size >= Math.max(PATCH_MIN, this.columns.length * PATCH_SHARE)) this.forget();
    else this.changedSlots.add(slot);
  }

  /** Brings the kept orders, masks and word matches up to date with the changed slots. */
  private sync(): void {
    if (this.changedSlots.size === 0) return;
    const changed = [...this.changedSlots];
    this.changedSlots.clear();
    this.words.patch(changed);
    for (const known of this.orders.values()) known.slots = patchedOrder(this.columns, known.sort, known.slots, changed);
    for (const [key, f] of this.recentFiltered) {
      // A problem's reports come from a grouping of the whole library, which changed.
      if (f.filter.problem) {
        this.recentFiltered.delete(key);
        continue;
      }
      const fails = slotFailures(this.columns, f.filter, this.words, f.utcOffsetMinutes, null);
      f.mask = grown(f.mask, this.columns.length);
      for (const s of changed) f.mask[s] = fails(s);
      f.facets = null;
    }
  }

  /** Drops every kept order, mask and word match. */
  private forget(): void {
    this.changedSlots.clear();
    this.recentFiltered.clear();
    this.orders.clear();
    this.words.clear();
  }
}

function finiteOr(value: number, fallback: number): number {
  return Number.isFinite(value) ? value : fallback;
}

/** The shown total and each facet's counts from the fail masks. */
function countFacets(c: ReportColumns, mask: Uint8Array): { total: number; values: QueryFacets } {
  const events = new Uint32Array(c.texts.size);
  const apps = new Uint32Array(c.texts.size);
  const sources = new Uint32Array(c.texts.size);
  const stores = new Uint32Array(STORE_KINDS.length);
  let total = 0;
  for (let s = 0; s < c.length; s++) {
    const m = mask[s] as number;
    if (m === 0) total += 1;
    if ((m & ~FAILS.eventTypes) === 0) bump(events, c.text.event[s]);
    if ((m & ~FAILS.applications) === 0) bump(apps, c.text.application[s]);
    if ((m & ~FAILS.sources) === 0) bump(sources, c.text.source[s]);
    if ((m & ~FAILS.stores) === 0) bump(stores, c.store[s]);
  }
  const fromTexts = (counts: Uint32Array) => ranked(Array.from(counts, (count, id) => ({ value: c.texts.valueOf(id), count })));
  return {
    total,
    values: {
      eventTypes: fromTexts(events),
      applications: fromTexts(apps),
      sources: fromTexts(sources),
      stores: ranked(STORE_KINDS.map((value, i) => ({ value, count: stores[i] ?? 0 }))),
    },
  };
}

function bump(counts: Uint32Array, id: number | undefined): void {
  if (id !== undefined) counts[id] = (counts[id] ?? 0) + 1;
}

/** Values present, most frequent first, then by name (the order of the reference `facetValues`, test/support/list-rules.ts). */
function ranked(values: FacetCount[]): FacetCount[] {
  return values.filter((v) => v.count > 0).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}
