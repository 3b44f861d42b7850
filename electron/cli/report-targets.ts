import { stat } from 'node:fs/promises';
import type { WerReport } from '../../shared/report-model';
import type { StoreLocation } from '../../shared/store-model';
import { extraLocations } from '../main/core/store/discover-stores';
import { isEventLogFile } from '../main/core/store/event-log-store';
import { isKernelDumpFile } from '../main/core/kernel/kernel-record';
import { sniffDump } from '../main/core/localdumps/local-dump-file';
import { scanStores } from '../main/core/store/scan-stores';
import type { CliIo } from './cli-io';
import { reportStoreProblems } from './commands/scan';

/** Whether a path is an existing folder. */
export async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
}

/**
 * Whether a path is a store location that is a file: a saved event log (`.evtx`), a kernel dump,
 * or a user-mode minidump (one LocalDumps record). The library reads each as a store.
 */
export async function isStoreFile(path: string): Promise<boolean> {
  if (!((await stat(path).catch(() => null))?.isFile() ?? false)) return false;
  return isEventLogFile(path) || isKernelDumpFile(path) || sniffDump(path) === 'minidump';
}

/** The report with this id (or unique id prefix), or a one-line message when none or several match. */
export function findReportById(reports: readonly WerReport[], id: string): WerReport | string {
  const wanted = id.toLowerCase();
  const exact = reports.filter((r) => r.id === wanted);
  const matches = exact.length > 0 ? exact : reports.filter((r) => r.id.startsWith(wanted));
  if (matches.length === 1 && matches[0]) return matches[0];
  if (matches.length === 0) return `no report folder or report id "${id}" found`;
  return `"${id}" matches ${matches.length} reports; give more of the id`;
}

/**
 * The reports named by CLI targets (`export`, `forward`): a folder stands for every report in it
 * (one report folder, a store, or anything above), a saved event log for every crash it records,
 * a dump file for its one record; anything else is a report id or unique prefix, looked up once
 * in `lookup` (the default stores). Duplicates are dropped; a target that names nothing yields a
 * one-line message instead.
 */
export async function resolveReportTargets(
  targets: readonly string[],
  io: CliIo,
  lookup: () => Promise<StoreLocation[]>,
): Promise<WerReport[] | string> {
  const found: WerReport[] = [];
  let known: WerReport[] | null = null;
  for (const target of targets) {
    if ((await isDirectory(target)) || (await isStoreFile(target))) {
      const { reports, stores } = await scanStores(extraLocations([target]));
      reportStoreProblems(stores, io);
      if (reports.length === 0) return `${target} holds no crash records`;
      found.push(...reports);
      continue;
    }
    if (!known) {
      const scan = await scanStores(await lookup());
      reportStoreProblems(scan.stores, io);
      known = scan.reports;
    }
    const match = findReportById(known, target);
    if (typeof match === 'string') return match;
    found.push(match);
  }
  // The crashes of one event log share its path as their folder: a record is its id and folder.
  const seen = new Set<string>();
  const key = (r: WerReport) => `${r.id}\n${r.folder}`;
  return found.filter((r) => (seen.has(key(r)) ? false : (seen.add(key(r)), true)));
}
