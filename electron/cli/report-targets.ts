import { stat } from 'node:fs/promises';
import type { WerReport } from '../../shared/report-model';
import type { StoreLocation } from '../../shared/store-model';
import { extraLocations } from '../main/core/store/discover-stores';
import { scanStores } from '../main/core/store/scan-stores';
import type { CliIo } from './cli-io';
import { reportStoreProblems } from './commands/scan';

/** Whether a path is an existing folder. */
export async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() ?? false;
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
 * The reports named by CLI targets (`show`, `export`, `forward`): a folder stands for every report
 * in it (one report folder, a store, or anything above); anything else is a report id or unique
 * prefix, looked up once in `lookup` (the default stores). Duplicates are dropped; a target that
 * names nothing yields a one-line message instead.
 */
export async function resolveReportTargets(
  targets: readonly string[],
  io: CliIo,
  lookup: () => Promise<StoreLocation[]>,
): Promise<WerReport[] | string> {
  const found: WerReport[] = [];
  let known: WerReport[] | null = null;
  for (const target of targets) {
    if (await isDirectory(target)) {
      const { reports, stores } = await scanStores(extraLocations([target]));
      reportStoreProblems(stores, io);
      if (reports.length === 0) return `${target} holds no report folders`;
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
  const seen = new Set<string>();
  return found.filter((r) => (seen.has(r.folder) ? false : (seen.add(r.folder), true)));
}
