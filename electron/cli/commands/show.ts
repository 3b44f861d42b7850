import { basename, dirname, resolve } from 'node:path';
import { isKernelDump } from '../../../shared/kernel-dump-model';
import type { ReportDetail } from '../../../shared/report-detail';
import type { ReportLocation } from '../../main/core/report/read-report-folder';
import { isKernelDumpFile } from '../../main/core/kernel/kernel-record';
import { readReportDetail } from '../../main/core/report/read-report-detail';
import { readRecordDetail } from '../../main/core/report/read-record-detail';
import type { WerReport } from '../../../shared/report-model';
import { extraLocations } from '../../main/core/store/discover-stores';
import { scanStores, storeKindOf } from '../../main/core/store/scan-stores';
import { type CliIo, ExitCode } from '../cli-io';
import { cliDataDir, type CliContext } from '../cli-context';
import { cliSymbolLocator } from '../cli-symbols';
import { formatReportText } from '../format/report-text';
import { findReportById, isDirectory } from '../report-targets';
import { formatDumpSection } from './dump';
import { formatKernelDumpSection } from './kernel-dump-text';
import { reportStoreProblems } from './scan';

/** Options of `show`. */
export interface ShowOptions {
  readonly json: boolean;
  /** Where to look an id up; empty = the default stores. */
  readonly stores: readonly string[];
  /** `--symbols PATH` instead of the settings' and the environment's symbol path. */
  readonly symbols?: string;
  /** The environment (`_NT_SYMBOL_PATH`, `_NT_ALT_SYMBOL_PATH`); default: none. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Settings and the default symbol cache; default: the CLI data folder. */
  readonly dataDir?: string;
}

/** Finds the folder of a report by id or unique id prefix; a message when there is none or several. */
async function findById(id: string, options: ShowOptions, io: CliIo, ctx: CliContext): Promise<string | { record: WerReport }> {
  const locations = options.stores.length > 0 ? extraLocations(options.stores) : await ctx.defaultLocations();
  const { reports, stores } = await scanStores(locations);
  reportStoreProblems(stores, io);
  const match = findReportById(reports, id);
  return typeof match === 'string' ? match : { record: match };
}

function dumpLines(d: ReportDetail): string[] {
  if (!d.minidump) return [];
  const { file, content } = d.minidump;
  if (!content.ok) return ['', `Minidump (${file})`, `  could not be read: ${content.error}`];
  const s = content.value;
  if (isKernelDump(s)) return ['', `Kernel dump (${file})`, ...formatKernelDumpSection(s).map((l) => `  ${l}`)];
  return ['', `Minidump (${file})`, ...formatDumpSection(s).map((l) => `  ${l}`)];
}

/** Where a path given to `show` reads from: a report folder, or a kernel dump file (a Minidump record). */
async function targetOf(target: string): Promise<{ folder: string; location: ReportLocation } | null> {
  const folder = resolve(target);
  if (await isDirectory(target)) {
    const store = storeKindOf(basename(dirname(folder)));
    return { folder, location: { store, storeRoot: store === 'other' ? null : dirname(folder) } };
  }
  return isKernelDumpFile(folder) ? { folder, location: { store: 'Minidump', storeRoot: dirname(folder) } } : null;
}

/**
 * `show ID|FOLDER`: one report with everything parsed, including its dump summary (a kernel
 * dump's under the same key, with `kind: 'kernel'`). FOLDER may also be a kernel dump file: the
 * `folder` of a Minidump store record.
 */
export async function runShow(target: string, options: ShowOptions, io: CliIo, ctx: CliContext): Promise<number> {
  const found = (await targetOf(target)) ?? (await findById(target, options, io, ctx));
  if (typeof found === 'string') {
    io.err(`error: ${found}\n`);
    return ExitCode.failure;
  }
  const env = options.env ?? {};
  const locator = await cliSymbolLocator({ symbols: options.symbols, dataDir: options.dataDir ?? cliDataDir(env), env }, io);
  try {
    const read = { symbols: locator };
    const detail = 'record' in found ? await readRecordDetail(found.record, read) : await readReportDetail(found.folder, found.location, read);
    io.out(options.json ? `${JSON.stringify(detail, null, 2)}\n` : formatReportText(detail, dumpLines));
    return ExitCode.ok;
  } finally {
    locator?.close();
  }
}
