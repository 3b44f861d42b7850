import { basename, dirname, resolve } from 'node:path';
import type { ReportDetail } from '../../../shared/report-detail';
import { readReportDetail } from '../../main/core/report/read-report-detail';
import { extraLocations } from '../../main/core/store/discover-stores';
import { scanStores, storeKindOf } from '../../main/core/store/scan-stores';
import { type CliIo, ExitCode } from '../cli-io';
import type { CliContext } from '../cli-context';
import { formatReportText } from '../format/report-text';
import { findReportById, isDirectory } from '../report-targets';
import { formatDumpSection } from './dump';
import { reportStoreProblems } from './scan';

/** Options of `show`. */
export interface ShowOptions {
  readonly json: boolean;
  /** Where to look an id up; empty = the default stores. */
  readonly stores: readonly string[];
}

/** Finds the folder of a report by id or unique id prefix; a message when there is none or several. */
async function findById(id: string, options: ShowOptions, io: CliIo, ctx: CliContext): Promise<string | { folder: string }> {
  const locations = options.stores.length > 0 ? extraLocations(options.stores) : await ctx.defaultLocations();
  const { reports, stores } = await scanStores(locations);
  reportStoreProblems(stores, io);
  const match = findReportById(reports, id);
  return typeof match === 'string' ? match : { folder: match.folder };
}

function dumpLines(d: ReportDetail): string[] {
  if (!d.minidump) return [];
  const { file, content } = d.minidump;
  if (!content.ok) return ['', `Minidump (${file})`, `  could not be read: ${content.error}`];
  return ['', `Minidump (${file})`, ...formatDumpSection(content.value).map((l) => `  ${l}`)];
}

/** `show ID|FOLDER`: one report with everything parsed, including its minidump summary. */
export async function runShow(target: string, options: ShowOptions, io: CliIo, ctx: CliContext): Promise<number> {
  let folder: string;
  if (await isDirectory(target)) {
    folder = resolve(target);
  } else {
    const found = await findById(target, options, io, ctx);
    if (typeof found === 'string') {
      io.err(`error: ${found}\n`);
      return ExitCode.failure;
    }
    folder = found.folder;
  }
  const store = storeKindOf(basename(dirname(folder)));
  const detail = await readReportDetail(folder, { store, storeRoot: store === 'other' ? null : dirname(folder) });
  io.out(options.json ? `${JSON.stringify(detail, null, 2)}\n` : formatReportText(detail, dumpLines));
  return ExitCode.ok;
}
