/**
 * The rows of the report list the page holds: fixed-size pages around the viewport, asked of the
 * app as they come into view and dropped when far away. No React here, so the paging rules test
 * on their own; use-report-window.ts wires this to the WerApi and to renders.
 */
import type { QueryFacets } from '../../../shared/query-model';
import type { WerReport } from '../../../shared/report-model';
import type { Result } from '../../../shared/result';

/** Rows per page (the app answers at most MAX_QUERY_LIMIT rows a call, so a request spans a few pages). */
export const PAGE_SIZE = 100;
/** Pages fetched beyond the visible rows on each side, so scrolling rarely shows a row loading. */
export const PREFETCH_PAGES = 1;
/** Pages kept beyond the visible rows on each side before they are dropped. */
export const KEEP_PAGES = 4;
/** The most pages one request asks for. */
const MAX_REQUEST_PAGES = 10;

/** What a page request answers: rows from `offset`, and the list's counts. */
export interface PageAnswer {
  readonly rows: readonly WerReport[];
  readonly offset: number;
  readonly total: number;
  readonly libraryTotal: number;
  readonly facets: QueryFacets;
}

/** Asks the app for `limit` rows from `offset` of the current list. */
export type PageFetcher = (offset: number, limit: number) => Promise<Result<PageAnswer>>;

/** The list's counts (from the latest answer). */
export interface ListCounts {
  readonly total: number;
  readonly libraryTotal: number;
  readonly facets: QueryFacets;
}

/**
 * A paged view of one list (a filter and sort). `reset` starts over for a new list or a changed
 * library; the rows and counts of the previous list stay readable (marked stale) until the first
 * answer of the new one arrives, so the list never blinks empty while it is asked again.
 */
export class ReportPages {
  private pages = new Map<number, readonly WerReport[]>();
  private inFlight = new Set<number>();
  private generation = 0;
  private fetcher: PageFetcher | null = null;
  private first = 0;
  private last = PAGE_SIZE - 1;
  counts: ListCounts | null = null;
  error: string | null = null;
  /** The rows and counts answer an earlier list: a new one has been asked for. */
  stale = false;

  /** `onChange` runs whenever rows or counts arrive (the hook re-renders). */
  constructor(private readonly onChange: () => void) {}

  /** Starts over with a new list: asks for the rows around the current viewport in one request. */
  reset(fetcher: PageFetcher): void {
    this.fetcher = fetcher;
    this.generation += 1;
    this.inFlight = new Set();
    this.stale = true;
    this.fill(true);
  }

  /** The rows now visible (0-based, inclusive): fetches what is missing around them, drops far pages. */
  setViewport(first: number, last: number): void {
    this.first = Math.max(0, first);
    this.last = Math.max(this.first, last);
    if (this.stale) {
      // The new list has not answered: its first request covers this too, unless it failed.
      if (this.inFlight.size === 0) this.fill(true);
      return;
    }
    this.dropFarPages();
    this.fill(false);
  }

  /** The row at an index, when its page is loaded. */
  rowAt(index: number): WerReport | undefined {
    return this.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  /** Where a report is among the loaded rows, or -1. */
  indexOf(id: string): number {
    for (const [page, rows] of this.pages) {
      const i = rows.findIndex((r) => r.id === id);
      if (i >= 0) return page * PAGE_SIZE + i;
    }
    return -1;
  }

  /** The row at an index, fetching its page when needed (keyboard moves to rows not yet loaded). */
  async load(index: number): Promise<WerReport | undefined> {
    const known = this.rowAt(index);
    if (known || !this.fetcher) return known;
    const page = Math.floor(index / PAGE_SIZE);
    await this.request(page, page);
    return this.rowAt(index);
  }

  /** Pages wanted now: the visible ones plus the prefetch margin, clamped to the list. */
  private wanted(): [number, number] {
    const lastPage = this.counts && !this.stale ? Math.max(0, Math.ceil(this.counts.total / PAGE_SIZE) - 1) : Number.MAX_SAFE_INTEGER;
    const from = Math.max(0, Math.floor(this.first / PAGE_SIZE) - PREFETCH_PAGES);
    const to = Math.min(lastPage, Math.floor(this.last / PAGE_SIZE) + PREFETCH_PAGES);
    return [Math.min(from, to), to];
  }

  /** Requests the missing wanted pages, one request per run of adjacent missing pages. */
  private fill(all: boolean): void {
    const [from, to] = this.wanted();
    let start: number | null = null;
    for (let p = from; p <= to + 1; p++) {
      const missing = p <= to && (all || (!this.pages.has(p) && !this.inFlight.has(p)));
      if (missing && start === null) start = p;
      if (start !== null && (!missing || p - start >= MAX_REQUEST_PAGES)) {
        void this.request(start, p - 1);
        start = missing ? p : null;
      }
    }
  }

  private dropFarPages(): void {
    const [from, to] = this.wanted();
    for (const page of this.pages.keys()) {
      if (page < from - KEEP_PAGES || page > to + KEEP_PAGES) this.pages.delete(page);
    }
  }

  /** Asks for pages `from`..`to`, and files the answer if the list has not changed meanwhile. */
  private async request(from: number, to: number): Promise<void> {
    const fetcher = this.fetcher;
    if (!fetcher) return;
    const generation = this.generation;
    for (let p = from; p <= to; p++) this.inFlight.add(p);
    const result = await fetcher(from * PAGE_SIZE, (to - from + 1) * PAGE_SIZE);
    if (generation !== this.generation) return;
    for (let p = from; p <= to; p++) this.inFlight.delete(p);
    if (!result.ok) {
      this.error = result.error;
      this.onChange();
      return;
    }
    if (this.stale) {
      // The first answer of a new list: what was held belongs to the old one.
      this.pages = new Map();
      this.stale = false;
    }
    const { rows, total, libraryTotal, facets } = result.value;
    this.error = null;
    this.counts = { total, libraryTotal, facets };
    for (let p = from; p <= to; p++) {
      // Kept even when empty (past the end), so it is not asked for again.
      this.pages.set(p, rows.slice((p - from) * PAGE_SIZE, (p - from + 1) * PAGE_SIZE));
    }
    this.onChange();
    // The viewport may have moved while this was under way.
    this.dropFarPages();
    this.fill(false);
  }
}
