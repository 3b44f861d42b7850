/**
 * The one order of report lists, shared by the core (scans, the library) and the renderer (which
 * merges live events into the list it holds), so both always agree on it.
 */
import type { WerReport } from './report-model';

/** Newest first; reports without a time last; then by folder for a stable order. */
export function compareReports(a: WerReport, b: WerReport): number {
  return compareTimesAndFolders(a.eventTime, a.folder, b.eventTime, b.folder);
}

/** compareReports over the two fields it reads (for callers that keep those, not the reports). */
export function compareTimesAndFolders(ta: string | null, fa: string, tb: string | null, fb: string): number {
  if (ta !== tb) {
    if (ta === null) return 1;
    if (tb === null) return -1;
    return ta < tb ? 1 : -1;
  }
  return fa < fb ? -1 : fa > fb ? 1 : 0;
}
