/** A report kept on disk for the library's tests: its JSON at a range of a file, alone in its table of places. */
import { type RecordsFile, StoredPlaces, StoredReport } from '../../electron/main/core/library/stored-report';
import type { WerReport } from '../../shared/report-model';

/** `r` as a stored report whose JSON is `length` bytes at `offset` of `file` (no folder stamp yet). */
export function storedAt(r: Pick<WerReport, 'id' | 'folder'>, file: RecordsFile, offset: number, length: number): StoredReport {
  const places = new StoredPlaces(file, 1);
  return new StoredReport(r.id, r.folder, places, places.add(offset, length, null));
}
