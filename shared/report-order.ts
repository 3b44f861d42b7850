/**
 * The one order of report lists, shared by the core (scans, the library) and the renderer (which
 * merges live events into the list it holds), so both always agree on it.
 */
import type { WerReport } from './report-model';

/** Newest first; reports without a time last; then by folder for a stable order. */
export function compareReports(a: WerReport, b: WerReport): number {
  if (a.eventTime !== b.eventTime) {
    if (a.eventTime === null) return 1;
    if (b.eventTime === null) return -1;
    return a.eventTime < b.eventTime ? 1 : -1;
  }
  return a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0;
}
