/**
 * How `scan` reads large stores without holding every report: the locations are listed first,
 * then every report folder is read once and handed on as soon as it is read (to `scan --json`'s
 * spool, or slimmed to what grouping needs). The one case that must hold whole reports is a scan
 * whose records can merge: records of one crash from event logs or dump files join the WER folder
 * record of that crash (core/records), and that needs every record at once. So:
 *
 * - no event log among the locations and no dump file (LocalDumps, kernel dumps) found: WER
 *   folder records never merge with each other, so each one is final when it is read (streamed);
 * - otherwise: everything is read and merged first, as scanStores does (buffered).
 *
 * Either way the records and their order are those of scanStores.
 */
import type { StoreKind, WerReport } from '../../../shared/report-model';
import type { StoreLocation, StoreStatus } from '../../../shared/store-model';
import { mergeRecords } from '../../main/core/records/merge-records';
import { readInParallel } from '../../main/core/store/parallel-read';
import { listLocations } from '../../main/core/store/scan-stores';
import { timeSlicer } from '../../main/core/time-slice';

/** Stores whose records are dump files: they can merge into a WER folder or event-log record. */
const DUMP_STORES: ReadonlySet<StoreKind> = new Set<StoreKind>(['Minidump', 'CrashDumps']);

/** The listed locations of a scan, not read yet. */
export interface ListedScan {
  /** One status per location, in location order (as scanStores gives them). */
  readonly stores: readonly StoreStatus[];
  /** Whether records may merge (see the file comment): then `readAll`, never `readEach`. */
  readonly merges: boolean;
  /** Reads every record and merges them: the scanStores list, newest first. */
  readonly readAll: () => Promise<WerReport[]>;
  /** Calls `onRecord` for each record as it is read (in no particular order); only when `merges` is false. */
  readonly readEach: (onRecord: (record: WerReport) => void) => Promise<void>;
}

/** Lists the locations as scanStores does (listLocations), and says how their records are to be read. */
export async function listScan(locations: readonly StoreLocation[]): Promise<ListedScan> {
  const pause = timeSlicer();
  const { stores, folders, logRecords, hasLogs } = await listLocations(locations, pause);
  const merges = hasLogs || folders.some((f) => DUMP_STORES.has(f.store));
  const readEach = async (onRecord: (record: WerReport) => void): Promise<void> => {
    if (merges) throw new Error('records of this scan merge: read them with readAll');
    await readInParallel(folders, onRecord, pause);
  };
  const readAll = async (): Promise<WerReport[]> => {
    const records = [...logRecords];
    await readInParallel(folders, (record) => void records.push(record), pause);
    return mergeRecords(records);
  };
  return { stores, merges, readAll, readEach };
}
