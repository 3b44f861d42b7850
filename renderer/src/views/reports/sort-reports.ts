/** Sorting the report list: by any column, either way, empty values last, ties in input order. */
import type { WerReport } from '../../../../shared/report-model';
import { columnById, type ColumnContext, type ColumnId, EMPTY_COLUMN_CONTEXT, type KeyKind } from './columns';

/** Which column the list is sorted by, and which way. */
export interface SortState {
  readonly column: ColumnId;
  readonly direction: 'ascending' | 'descending';
}

/** Newest first: what users expect of a crash list. */
export const DEFAULT_SORT: SortState = { column: 'time', direction: 'descending' };

/** The sort after a click on a column header: reverse the same column, else that column's first direction. */
export function nextSort(current: SortState, column: ColumnId): SortState {
  if (current.column === column) return { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { column, direction: columnById(column).firstDirection };
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * Text keys as ranks: lists repeat few distinct values (apps, modules), so the slow locale-aware
 * comparison runs over the distinct values only and the big sort compares numbers.
 */
function textRanks(keys: readonly (string | number | null)[]): Map<string, number> {
  const distinct = [...new Set(keys.filter((k): k is string => typeof k === 'string'))].sort(collator.compare);
  const ranks = new Map<string, number>();
  let rank = 0;
  distinct.forEach((k, i) => {
    // Values the collator calls equal ("Alpha.exe", "alpha.exe") share a rank, so ties stay in input order.
    if (i > 0 && collator.compare(distinct[i - 1] as string, k) !== 0) rank += 1;
    ranks.set(k, rank);
  });
  return ranks;
}

function rawCompare(a: string | number, b: string | number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The reports sorted by a column (a new array). Keys are computed once per report, empty keys go
 * last whichever the direction, and equal keys keep their input order (so sorting is stable).
 */
export function sortReports(reports: readonly WerReport[], sort: SortState, context: ColumnContext = EMPTY_COLUMN_CONTEXT): WerReport[] {
  const column = columnById(sort.column);
  const sign = sort.direction === 'ascending' ? 1 : -1;
  let keys = reports.map((report) => {
    const key = column.sortKey(report, context);
    return key === '' ? null : key;
  });
  let kind: KeyKind = column.keyKind;
  if (kind === 'text') {
    const ranks = textRanks(keys);
    keys = keys.map((k) => (k === null ? null : (ranks.get(String(k)) ?? null)));
    kind = 'number';
  }
  const order = reports.map((_, index) => index);
  order.sort((x, y) => {
    const a = keys[x] ?? null;
    const b = keys[y] ?? null;
    if (a === null || b === null) return a === b ? x - y : a === null ? 1 : -1;
    const c = kind === 'number' ? (a as number) - (b as number) : rawCompare(a, b);
    return sign * c || x - y;
  });
  return order.map((i) => reports[i] as WerReport);
}
