import { type Dirent, readdirSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import type { StoreKind, WerReport } from '../../../../shared/report-model';
import type { StoreLocation, StoreStatus } from '../../../../shared/store-model';
import { describeFsError, isAccessDenied } from '../fs-errors';
import { isKernelDumpFile } from '../kernel/kernel-record';
import { isLocalDumpFile, sniffDump } from '../localdumps/local-dump-file';
import { timeSlicer } from '../time-slice';
import { readInParallel } from './parallel-read';
import { isEventLogLocation, readEventLogLocation } from './event-log-store';
import { mergeRecords } from '../records/merge-records';

/** How deep below a given folder report folders are looked for ("any folder above them"). */
export const MAX_SEARCH_DEPTH = 6;

/** Everything a scan found. */
export interface ScanResult {
  readonly reports: WerReport[];
  readonly stores: StoreStatus[];
}

/** Options of a scan. */
export interface ScanOptions {
  /** Called for each report as soon as it is read (live progress in the UI). */
  readonly onReport?: (report: WerReport) => void;
}

/** `ReportQueue` / `ReportArchive` when a folder is one of the two stores, else `other`. */
export function storeKindOf(folderName: string): StoreKind {
  const lower = folderName.toLowerCase();
  if (lower === 'reportqueue') return 'ReportQueue';
  if (lower === 'reportarchive') return 'ReportArchive';
  return 'other';
}

/** The stores (ReportQueue, ReportArchive) directly inside a folder, e.g. a WER folder or a collector's DIR; none when it cannot be read. */
export function childStores(root: string): string[] {
  try {
    return readdirSync(root, { withFileTypes: true })
      .filter((e) => e.isDirectory() && storeKindOf(e.name) !== 'other')
      .map((e) => join(root, e.name));
  } catch {
    return [];
  }
}

/**
 * The path of the entry `name` (a plain entry name, no separator) in `dir` (a resolved folder):
 * what path.join gives, but without its normalising. path.join builds the result from slices of
 * its arguments, and V8 keeps those pieces: ~480 bytes held per report folder path instead of
 * ~70 plus the entry's name (measured over a 300,000-folder ReportArchive), for every path a scan
 * lists or a library keeps.
 */
export function childPath(dir: string, name: string): string {
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
}

function hasReportWer(entries: readonly Dirent[]): boolean {
  return entries.some((e) => e.isFile() && e.name.toLowerCase() === 'report.wer');
}

/** A report folder found by the walk, with its listing so it is not read twice. */
export interface FoundFolder {
  readonly folder: string;
  readonly entries: readonly Dirent[] | undefined;
  readonly store: StoreKind;
  readonly storeRoot: string | null;
}

interface WalkState {
  readonly found: FoundFolder[];
  unreadable: number;
  readonly pause: () => Promise<void>;
}

/** A folder's entries, read off the event loop (a collector's ReportArchive lists 300,000: ~0.4 s in one call). */
function listDir(path: string): Promise<Dirent[]> {
  return readdir(path, { withFileTypes: true });
}

/** Report folders pushed between two pauses of a store's listing. */
const FOLDERS_PER_PAUSE = 2_000;

/** Where a report folder sits: in a ReportQueue/ReportArchive (named by its parent), or elsewhere. */
export function reportLocationOf(folder: string): { store: StoreKind; storeRoot: string | null } {
  const parent = dirname(folder);
  const store = storeKindOf(basename(parent));
  return { store, storeRoot: store === 'other' ? null : parent };
}

/**
 * Finds report folders at or below `dir`. Inside a ReportQueue/ReportArchive every sub-folder is a
 * report (one still being written may lack Report.wer); elsewhere a folder is a report when it
 * holds a Report.wer. Links are never followed.
 */
async function walk(dir: string, entries: Dirent[], depth: number, state: WalkState): Promise<void> {
  if (hasReportWer(entries)) {
    state.found.push({ folder: dir, entries, ...reportLocationOf(dir) });
    return;
  }
  // Dot folders are working areas (a CER collector's `.cer-collector`), never reports.
  const subdirs = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.'));
  const store = storeKindOf(basename(dir));
  if (store !== 'other') {
    // Children are listed when they are read.
    for (let i = 0; i < subdirs.length; i++) {
      if (i % FOLDERS_PER_PAUSE === 0) await state.pause();
      state.found.push({ folder: childPath(dir, (subdirs[i] as Dirent).name), entries: undefined, store, storeRoot: dir });
    }
    return;
  }
  // Dumps lying outside report folders, one record each: kernel dumps (C:\Windows\Minidump,
  // LiveKernelReports) and LocalDumps dumps (app.exe.PID.dmp, see local-dump-file.ts).
  for (const e of entries) {
    if (!e.isFile() || !/\.dmp$/i.test(e.name)) continue;
    const path = childPath(dir, e.name);
    if (isKernelDumpFile(path)) state.found.push({ folder: path, entries: undefined, store: 'Minidump', storeRoot: dir });
    else if (isLocalDumpFile(path)) state.found.push({ folder: path, entries: undefined, store: 'CrashDumps', storeRoot: dir });
  }
  if (depth >= MAX_SEARCH_DEPTH) return;
  for (const e of subdirs) {
    await state.pause();
    const child = childPath(dir, e.name);
    let childEntries: Dirent[];
    try {
      childEntries = await listDir(child);
    } catch {
      state.unreadable += 1;
      continue;
    }
    await walk(child, childEntries, depth + 1, state);
  }
}

function statusMessage(location: StoreLocation, state: StoreStatus['state'], error: unknown): string {
  if (state === 'missing') return `${location.path} does not exist.`;
  if (state === 'access-denied') {
    return `${location.path}: access denied. Run WER Explorer as administrator to read these reports.`;
  }
  return `${location.path} could not be read: ${describeFsError(error)}.`;
}

function failedStatus(location: StoreLocation, error: unknown): StoreStatus {
  const code = (error as NodeJS.ErrnoException).code;
  const state = code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : isAccessDenied(error) ? 'access-denied' : 'error';
  return { ...location, state, message: statusMessage(location, state, error), reportCount: 0 };
}

/** How a location's root reads right now: null when it is a readable folder, else why not. */
export function probeLocation(location: StoreLocation): StoreStatus | null {
  if (location.failure !== undefined) {
    const { path, scope, label } = location;
    return { path, scope, label, state: 'error', message: location.failure, reportCount: 0 };
  }
  try {
    const path = resolve(location.path);
    // A kernel dump file (C:\Windows\MEMORY.DMP) is a location of one Minidump record, a
    // user-mode minidump one of one CrashDumps record.
    if (!statSync(path).isDirectory() && !isKernelDumpFile(path) && sniffDump(path) !== 'minidump') {
      return { ...location, state: 'error', message: `${location.path} is not a folder.`, reportCount: 0 };
    }
    return null;
  } catch (e) {
    return failedStatus(location, e);
  }
}

/** The report folders of one location and how reading it went (reportCount = folders found). */
export interface LocationListing {
  readonly status: StoreStatus;
  readonly found: readonly FoundFolder[];
}

/**
 * Lists the report folders of one store location without reading them. Never throws: a missing,
 * unreadable or partly unreadable location gets a status that says so.
 */
export async function listReportFolders(
  location: StoreLocation,
  pause: () => Promise<void> = timeSlicer(),
): Promise<LocationListing> {
  const problem = probeLocation(location);
  if (problem) return { status: problem, found: [] };
  const root = resolve(location.path);
  if (statSync(root, { throwIfNoEntry: false })?.isDirectory() === false) {
    const store = isKernelDumpFile(root) ? 'Minidump' : 'CrashDumps';
    const found: FoundFolder[] = [{ folder: root, entries: undefined, store, storeRoot: dirname(root) }];
    return { status: { ...location, state: 'ok', message: null, reportCount: 1 }, found };
  }
  let entries: Dirent[];
  try {
    entries = await listDir(root);
  } catch (e) {
    return { status: failedStatus(location, e), found: [] };
  }
  const walkState: WalkState = { found: [], unreadable: 0, pause };
  await walk(root, entries, 0, walkState);
  const message =
    walkState.unreadable > 0
      ? `${walkState.unreadable} folder(s) under ${location.path} could not be read (access denied or removed).`
      : null;
  return { status: { ...location, state: 'ok', message, reportCount: walkState.found.length }, found: walkState.found };
}

/** The locations listed, nothing read yet: see {@link listLocations}. */
export interface ListedLocations {
  /** One status per location, in location order. */
  readonly stores: StoreStatus[];
  /** The report folders (and dump files) found, each once. */
  readonly folders: FoundFolder[];
  /** The crash records of the saved or live event logs among the locations. */
  readonly logRecords: WerReport[];
  /** Whether any location is an event log. */
  readonly hasLogs: boolean;
}

/**
 * Lists the report folders of the locations and reads their event logs: a folder reachable from
 * two locations is listed once, and a location that cannot be read gets a status saying so
 * without stopping the others.
 */
export async function listLocations(locations: readonly StoreLocation[], pause: () => Promise<void>): Promise<ListedLocations> {
  const stores: StoreStatus[] = [];
  const folders: FoundFolder[] = [];
  const logRecords: WerReport[] = [];
  const seen = new Set<string>();
  let hasLogs = false;
  for (const location of locations) {
    if (isEventLogLocation(location)) {
      hasLogs = true;
      const listing = await readEventLogLocation(location);
      stores.push(listing.status);
      logRecords.push(...listing.records);
      continue;
    }
    const { status, found } = await listReportFolders(location, pause);
    stores.push(status);
    for (const f of found) {
      if (seen.has(f.folder)) continue;
      seen.add(f.folder);
      folders.push(f);
    }
  }
  return { stores, folders, logRecords, hasLogs };
}

/**
 * Reads every report under the given locations (on worker threads too for big scans, see
 * parallel-read.ts), yielding to the event loop every few milliseconds, and the crashes of the
 * saved event logs among them; records of one crash from several places are merged (see
 * core/records). A store that is missing, unreadable or partly unreadable gets a status saying
 * so; it never stops the scan of the others. A report folder reachable from two locations is read once.
 */
export async function scanStores(locations: readonly StoreLocation[], options: ScanOptions = {}): Promise<ScanResult> {
  const pause = timeSlicer();
  const { stores, folders, logRecords } = await listLocations(locations, pause);
  const reports = [...logRecords];
  await readInParallel(folders, (report) => {
    options.onReport?.(report);
    reports.push(report);
  }, pause);
  return { reports: mergeRecords(reports), stores };
}
