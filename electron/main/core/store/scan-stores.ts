import { type Dirent, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { StoreKind, WerReport } from '../../../../shared/report-model';
import type { StoreLocation, StoreStatus } from '../../../../shared/store-model';
import { describeFsError, isAccessDenied } from '../fs-errors';
import { readReportFolder } from '../report/read-report-folder';
import { timeSlicer } from '../time-slice';

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

/** A report folder found by the walk, with its listing so it is not read twice. */
interface FoundFolder {
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

function listDir(path: string): Dirent[] {
  return readdirSync(path, { withFileTypes: true });
}

/**
 * Finds report folders at or below `dir`. Inside a ReportQueue/ReportArchive every sub-folder is a
 * report (one still being written may lack Report.wer); elsewhere a folder is a report when it
 * holds a Report.wer. Links are never followed.
 */
async function walk(dir: string, entries: Dirent[], depth: number, state: WalkState): Promise<void> {
  if (hasReportWer(entries)) {
    const parent = dirname(dir);
    const store = storeKindOf(basename(parent));
    state.found.push({ folder: dir, entries, store, storeRoot: store === 'other' ? null : parent });
    return;
  }
  const subdirs = entries.filter((e) => e.isDirectory());
  const store = storeKindOf(basename(dir));
  if (store !== 'other') {
    // Children are listed later, in parallel with reading them.
    for (const e of subdirs) state.found.push({ folder: join(dir, e.name), entries: undefined, store, storeRoot: dir });
    return;
  }
  if (depth >= MAX_SEARCH_DEPTH) return;
  for (const e of subdirs) {
    await state.pause();
    const child = join(dir, e.name);
    let childEntries: Dirent[];
    try {
      childEntries = listDir(child);
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

async function scanLocation(
  location: StoreLocation,
  options: ScanOptions,
  reports: WerReport[],
): Promise<StoreStatus> {
  const root = resolve(location.path);
  let entries: Dirent[];
  try {
    const st = statSync(root);
    if (!st.isDirectory()) {
      return { ...location, state: 'error', message: `${location.path} is not a folder.`, reportCount: 0 };
    }
    entries = listDir(root);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const state = code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : isAccessDenied(e) ? 'access-denied' : 'error';
    return { ...location, state, message: statusMessage(location, state, e), reportCount: 0 };
  }
  const pause = timeSlicer();
  const walkState: WalkState = { found: [], unreadable: 0, pause };
  await walk(root, entries, 0, walkState);
  for (const f of walkState.found) {
    await pause();
    const location = { store: f.store, storeRoot: f.storeRoot };
    const { report } = readReportFolder(f.folder, location, f.entries ? { entries: f.entries } : {});
    options.onReport?.(report);
    reports.push(report);
  }
  const message =
    walkState.unreadable > 0
      ? `${walkState.unreadable} folder(s) under ${location.path} could not be read (access denied or removed).`
      : null;
  return { ...location, state: 'ok', message, reportCount: walkState.found.length };
}

/** Newest first; reports without a time last; then by folder for a stable order. */
export function compareReports(a: WerReport, b: WerReport): number {
  if (a.eventTime !== b.eventTime) {
    if (a.eventTime === null) return 1;
    if (b.eventTime === null) return -1;
    return a.eventTime < b.eventTime ? 1 : -1;
  }
  return a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : 0;
}

/**
 * Reads every report under the given locations, yielding to the event loop every few
 * milliseconds. A store that is missing, unreadable or partly
 * unreadable gets a status saying so; it never stops the scan of the others. A report folder
 * reachable from two locations is listed once.
 */
export async function scanStores(locations: readonly StoreLocation[], options: ScanOptions = {}): Promise<ScanResult> {
  const reports: WerReport[] = [];
  const stores: StoreStatus[] = [];
  for (const location of locations) stores.push(await scanLocation(location, options, reports));
  const seen = new Set<string>();
  const unique = reports.filter((r) => (seen.has(r.folder) ? false : (seen.add(r.folder), true)));
  return { reports: unique.sort(compareReports), stores };
}
