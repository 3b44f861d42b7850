/**
 * A LibraryQuery kept in step with a live ReportLibrary: built from the library's records (or
 * loaded from a query index that matches them), then patched by each library event, so a query
 * never walks the whole library again. Records are keyed by report id as the list shows them (of
 * one report in two folders, the one the library lists first).
 */
import type { LibraryEvent } from '../../../../shared/library-model';
import type { ReportLibrary } from '../library/report-library';
import { compareTimesAndFolders } from '../../../../shared/report-order';
import { LibraryQuery, type ResolveReport } from './library-query';
import { ReportColumns } from './report-columns';

/** The query engine of one library, and how to stop following it. */
export interface SyncedQuery {
  readonly query: LibraryQuery;
  readonly close: () => void;
}

/** The report lookup an engine over this library resolves ids with (a page's ids together). */
export function libraryResolver(library: ReportLibrary): ResolveReport {
  return Object.assign((id: string) => library.report(id) ?? undefined, {
    many: (ids: readonly string[]) => library.reportsOf(ids).map((report) => report ?? undefined),
  });
}

/**
 * An engine over the library's records now, its slots in the list's order (compareReports): the
 * records are put in the order they are cheapest to read (see ReportLibrary.eachRecord), then the
 * slots are put in order. With one report in two folders (an id twice, one slot) it is built from
 * the records in the list's order instead, as upserts do (stored ones read one at a time).
 */
function buildQuery(library: ReportLibrary): LibraryQuery {
  const resolve = libraryResolver(library);
  const columns = new ReportColumns();
  const times: (string | null)[] = [];
  const folders: string[] = [];
  library.eachRecord((report) => {
    const slot = columns.put(report);
    times[slot] = report.eventTime;
    folders[slot] = report.folder;
  });
  if (columns.length !== library.count()) {
    const query = new LibraryQuery(resolve);
    query.upsertAll(library.reportsInOrder());
    return query;
  }
  const order = Uint32Array.from(times.keys());
  order.sort((a, b) => compareTimesAndFolders(times[a] ?? null, folders[a] as string, times[b] ?? null, folders[b] as string) || a - b);
  return new LibraryQuery(resolve, columns.reordered(order));
}

/**
 * Follows the library's changes until closed, with `loaded` (an engine over the library's records
 * as they were at its start, resolving with `libraryResolver`) or else an engine built over its
 * records now. `missed`: changes announced since `loaded` was made, applied first.
 */
export function syncQuery(library: ReportLibrary, loaded?: LibraryQuery, missed: readonly LibraryEvent[] = []): SyncedQuery {
  const query = loaded ?? buildQuery(library);
  const follow = (event: LibraryEvent) => {
    if (event.kind === 'added' || event.kind === 'updated') {
      // The id's record the library lists now (an update of a second copy must not hide the first).
      const current = library.report(event.report.id);
      if (current) query.upsert(current);
    } else if (event.kind === 'removed') {
      // A queue → archive move can announce the new folder before the old one's removal.
      const current = library.report(event.id);
      if (current) query.upsert(current);
      else query.remove(event.id);
    }
  };
  if (loaded) for (const event of missed) follow(event);
  const unsubscribe = library.subscribe(follow);
  return { query, close: unsubscribe };
}
