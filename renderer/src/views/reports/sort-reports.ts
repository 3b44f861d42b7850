/**
 * How the report list is sorted: by any column, either way. The app sorts (queryReports; empty
 * values last, ties in the library's order), except by Forwarded (forwarded-pages.ts).
 */
import { columnById, type ColumnId } from './columns';

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
