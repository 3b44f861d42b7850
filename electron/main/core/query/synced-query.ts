/**
 * A LibraryQuery kept in step with a live ReportLibrary: built from the library's records on
 * first use, then patched by each library event, so a query never walks the whole library
 * again. Records are keyed by report id as the list shows them (of one report in two folders,
 * the one the library lists first).
 */
import type { ReportLibrary } from '../library/report-library';
import { LibraryQuery } from './library-query';

/** The query engine of one library, and how to stop following it. */
export interface SyncedQuery {
  readonly query: LibraryQuery;
  readonly close: () => void;
}

/** Builds the engine over the library's records now and follows its changes until closed. */
export function syncQuery(library: ReportLibrary): SyncedQuery {
  const query = new LibraryQuery((id) => library.report(id) ?? undefined);
  query.upsertAll(library.reports());
  const unsubscribe = library.subscribe((event) => {
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
  });
  return { query, close: unsubscribe };
}
