import { type Dirent, existsSync, readdirSync, statSync } from 'node:fs';
import { opendir, readdir } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { StoreKind, WerReport } from '../../../../shared/report-model';
import type { StoreLocation, StoreStatus } from '../../../../shared/store-model';
import { describeFsError, isAccessDenied } from '../fs-errors';
import { isKernelDumpFile } from '../kernel/kernel-record';
import { isLocalDumpFile, sniffDump } from '../localdumps/local-dump-file';
import { timeSlicer } from '../time-slice';
import { childPath } from './child-path';
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

function hasReportWer(entries: readonly Dirent[]): boolean {
  return entries.some((e) => e.isFile() && e.name.toLowerCase() === 'report.wer');
}

/**
 * The stores (ReportQueue/ReportArchive) below `dir`, as deep as a scan looks for them: a store
 * or a report folder ends the descent; folders that cannot be listed are left out.
 */
export function storesBelow(dir: string, level = 1): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  if (hasReportWer(entries)) return [];
  const found: string[] = [];
  for (const e of entries) {
    // Dot folders are working areas (a CER collector's `.cer-collector`), never stores.
    if (!e.isDirectory() || e.name.startsWith('.')) continue;
    const path = childPath(dir, e.name);
    if (storeKindOf(e.name) !== 'other') found.push(path);
    else if (level < MAX_SEARCH_DEPTH) found.push(...storesBelow(path, level + 1));
  }
  return found;
}

/** A report folder found by the walk, with its listing so it is not read twice. */
export interface FoundFolder {
  readonly folder: string;
  readonly entries: readonly Dirent[] | undefined;
  readonly store: StoreKind;
  readonly storeRoot: string | null;
}

interface WalkState {
  /** Report folders found since the last hand-over (see add). */
  batch: FoundFolder[];
  /** How many were found in all. */
  count: number;
  unreadable: number;
  readonly pause: () => Promise<void>;
  /** Takes a batch of found folders (see eachReportFolder). */
  readonly onBatch: (batch: readonly FoundFolder[]) => void | Promise<void>;
}

/** A folder's entries, read off the event loop. */
function listDir(path: string): Promise<Dirent[]> {
  return readdir(path, { withFileTypes: true });
}

/** Report folders handed over at once, with a pause after each hand-over. */
const FOLDERS_PER_BATCH = 2_000;
/**
 * Directory entries read per system call while a store is listed. A store is read a buffer at
 * a time (fs.opendir), never as one array: a collector's ReportArchive of 300,000 folders listed
 * whole was ~52 MB of Dirents at once and ~0.75 s; streamed, ~0.35 s and a few hundred KB.
 */
const STORE_LIST_BUFFER = 1024;

/** Adds a found folder; whether the batch is full (the caller then awaits handOver). */
function add(state: WalkState, folder: FoundFolder): boolean {
  state.batch.push(folder);
  state.count += 1;
  return state.batch.length >= FOLDERS_PER_BATCH;
}

/** A failure of the caller's batch handler: passed on through the walk, never counted as a folder that could not be read. */
class HandOverFailed extends Error {
  constructor(readonly reason: unknown) {
    super('the batch handler failed', { cause: reason });
  }
}

/** Hands the batch found so far to the caller, then pauses. */
async function handOver(state: WalkState): Promise<void> {
  const batch = state.batch;
  state.batch = [];
  try {
    if (batch.length > 0) await state.onBatch(batch);
  } catch (e) {
    throw new HandOverFailed(e);
  }
  await state.pause();
}

/** Where a report folder sits: in a ReportQueue/ReportArchive (named by its parent), or elsewhere. */
export function reportLocationOf(folder: string): { store: StoreKind; storeRoot: string | null } {
  const parent = dirname(folder);
  const store = storeKindOf(basename(parent));
  return { store, storeRoot: store === 'other' ? null : parent };
}

/** Whether a folder holds a Report.wer (checked by name: Windows' file names ignore case, the spellings WER writes elsewhere). */
function holdsReportWer(dir: string): boolean {
  return existsSync(childPath(dir, 'Report.wer')) || existsSync(childPath(dir, 'report.wer'));
}

/**
 * Finds report folders at or below `dir` (throws when `dir` cannot be listed). Inside a
 * ReportQueue/ReportArchive every sub-folder is a report (one still being written may lack
 * Report.wer); elsewhere a folder is a report when it holds a Report.wer. Links are never followed.
 */
async function walkFolder(dir: string, depth: number, state: WalkState): Promise<void> {
  const store = storeKindOf(basename(dir));
  if (store !== 'other' && !holdsReportWer(dir)) return walkStore(dir, store, state);
  await walk(dir, await listDir(dir), depth, state);
}

/**
 * Every sub-folder of a store is a report folder (children are listed when they are read). Read
 * a buffer of entries at a time; the batches are handed over while the store is still listed (the
 * folder stays open meanwhile: others still add and remove entries in it, WER included).
 */
async function walkStore(dir: string, store: StoreKind, state: WalkState): Promise<void> {
  const entries = await opendir(dir, { bufferSize: STORE_LIST_BUFFER });
  // The loop closes the directory when it ends or throws.
  for await (const e of entries) {
    // Dot folders are working areas (a CER collector's `.cer-collector`), never reports.
    if (!e.isDirectory() || e.name.startsWith('.')) continue;
    if (add(state, { folder: childPath(dir, e.name), entries: undefined, store, storeRoot: dir })) await handOver(state);
  }
}

/** See walkFolder: `entries` is the listing of `dir`, a folder that is no store. */
async function walk(dir: string, entries: Dirent[], depth: number, state: WalkState): Promise<void> {
  if (hasReportWer(entries)) {
    if (add(state, { folder: dir, entries, ...reportLocationOf(dir) })) await handOver(state);
    return;
  }
  // Dumps lying outside report folders, one record each: kernel dumps (C:\Windows\Minidump,
  // LiveKernelReports) and LocalDumps dumps (app.exe.PID.dmp, see local-dump-file.ts).
  for (const e of entries) {
    if (!e.isFile() || !/\.dmp$/i.test(e.name)) continue;
    const path = childPath(dir, e.name);
    if (isKernelDumpFile(path)) add(state, { folder: path, entries: undefined, store: 'Minidump', storeRoot: dir });
    else if (isLocalDumpFile(path)) add(state, { folder: path, entries: undefined, store: 'CrashDumps', storeRoot: dir });
  }
  if (depth >= MAX_SEARCH_DEPTH) return;
  for (const e of entries) {
    if (!e.isDirectory() || e.name.startsWith('.')) continue;
    await handOver(state);
    try {
      await walkFolder(childPath(dir, e.name), depth + 1, state);
    } catch (error) {
      if (error instanceof HandOverFailed) throw error;
      state.unreadable += 1;
    }
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
 * unreadable or partly unreadable location gets a status that says so (and no folders when the
 * location itself could not be listed).
 */
export async function listReportFolders(
  location: StoreLocation,
  pause: () => Promise<void> = timeSlicer(),
): Promise<LocationListing> {
  const found: FoundFolder[] = [];
  const status = await eachReportFolder(location, pause, (batch) => {
    // One push at a time: spreading a large batch into push() could overflow the stack.
    for (const f of batch) found.push(f);
  });
  return { status, found: status.state === 'ok' ? found : [] };
}

/**
 * Lists the report folders of one store location a batch at a time, as they are found: `onBatch`
 * gets each batch (awaited, then a pause) while the listing goes on, so nobody has to hold a
 * collector's whole listing. Resolves with the location's status (see listReportFolders; batches
 * handed over before a location turned out unreadable stay handed over); throws only what
 * `onBatch` throws.
 */
export async function eachReportFolder(
  location: StoreLocation,
  pause: () => Promise<void>,
  onBatch: (batch: readonly FoundFolder[]) => void | Promise<void>,
): Promise<StoreStatus> {
  const problem = probeLocation(location);
  if (problem) return problem;
  const root = resolve(location.path);
  if (statSync(root, { throwIfNoEntry: false })?.isDirectory() === false) {
    const store = isKernelDumpFile(root) ? 'Minidump' : 'CrashDumps';
    await onBatch([{ folder: root, entries: undefined, store, storeRoot: dirname(root) }]);
    return { ...location, state: 'ok', message: null, reportCount: 1 };
  }
  const state: WalkState = { batch: [], count: 0, unreadable: 0, pause, onBatch };
  try {
    await walkFolder(root, 0, state);
    await handOver(state);
  } catch (e) {
    if (e instanceof HandOverFailed) throw e.reason;
    return failedStatus(location, e);
  }
  const message =
    state.unreadable > 0 ? `${state.unreadable} folder(s) under ${location.path} could not be read (access denied or removed).` : null;
  return { ...location, state: 'ok', message, reportCount: state.count };
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
