/** Which problems the list shows and in what order: pure, so it is cheap to test and memoize. */
import type { ProblemSummary } from '../../../../shared/problem-model';
import { applyTriage } from '../../../../shared/problems';
import type { TriageState, TriageStatus } from '../../../../shared/triage-model';

/** Columns the list can be sorted by. */
export type ProblemSortKey = 'count' | 'lastSeen' | 'firstSeen';

/** A sort column and direction. */
export interface ProblemSort {
  readonly key: ProblemSortKey;
  readonly descending: boolean;
}

/** Most reports first: what needs attention most. */
export const DEFAULT_SORT: ProblemSort = { key: 'count', descending: true };

/** The toolbar's filters. `status` 'any' still hides ignored problems unless `showIgnored`. */
export interface ProblemFilter {
  readonly text: string;
  readonly status: TriageStatus | 'any';
  readonly showIgnored: boolean;
}

/** Shows every problem that is not ignored. */
export const DEFAULT_PROBLEM_FILTER: ProblemFilter = { text: '', status: 'any', showIgnored: false };

/** Whether the filter narrows anything beyond the default. */
export function isNarrowing(f: ProblemFilter): boolean {
  return f.text.trim() !== '' || f.status !== 'any';
}

/** The problems a filter lets through; every word of the text must be in the title. */
export function filterProblems(problems: readonly ProblemSummary[], f: ProblemFilter): ProblemSummary[] {
  const words = f.text.toLowerCase().split(/\s+/).filter((w) => w !== '');
  return problems.filter((p) => {
    if (f.status !== 'any' && p.triage.status !== f.status) return false;
    if (f.status === 'any' && !f.showIgnored && p.triage.status === 'ignored') return false;
    if (words.length === 0) return true;
    const title = p.title.toLowerCase();
    return words.every((w) => title.includes(w));
  });
}

function timeOrNull(iso: string | null): number | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}

function compareNullable(a: number | null, b: number | null, descending: boolean): number {
  // Problems without dates go last in both directions: there is nothing to compare.
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return descending ? b - a : a - b;
}

/** A sorted copy; ties fall back to the most recent, then the key, so the order is stable. */
export function sortProblems(problems: readonly ProblemSummary[], sort: ProblemSort): ProblemSummary[] {
  const value = (p: ProblemSummary): number | null =>
    sort.key === 'count' ? p.count : timeOrNull(sort.key === 'lastSeen' ? p.lastSeen : p.firstSeen);
  return [...problems].sort(
    (a, b) =>
      compareNullable(value(a), value(b), sort.descending) ||
      compareNullable(timeOrNull(a.lastSeen), timeOrNull(b.lastSeen), true) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/** Problems marked ignored. */
export function ignoredCount(problems: readonly ProblemSummary[]): number {
  return problems.filter((p) => p.triage.status === 'ignored').length;
}

/**
 * The problems with the user's triage applied: what `groupProblems` gives with `triage` set,
 * given problems grouped without it (and with the same `lastVisit`). Grouping 10,000 reports
 * takes a noticeable moment, so a status change reuses the grouping instead of redoing it.
 */
export function withTriage(problems: readonly ProblemSummary[], state: TriageState | null): readonly ProblemSummary[] {
  if (!state || Object.keys(state.problems).length === 0) return problems;
  return problems.map((p) => applyTriage(p, state));
}
