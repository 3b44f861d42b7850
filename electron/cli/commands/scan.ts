import type { Problem } from '../../../shared/problem-model';
import { groupProblems, problemsOfRows } from '../../../shared/problems';
import { displayApplication, displayCode, displayModule } from '../../../shared/report-display';
import type { WerReport } from '../../../shared/report-model';
import type { StoreLocation, StoreStatus } from '../../../shared/store-model';
import { locationsForPaths } from '../../main/core/bundle-import/bundle-location';
import { formatScanHtml, reportsToCsv, reportsToJson } from '../../main/core/export/list-export';
import { withCausedByAll } from '../../main/core/kernel/caused-by-cache';
import { withTopFramesAll } from '../../main/core/library/top-frame-reader';
import { limitHeapGrowth } from '../../main/core/heap-growth';
import { type CliIo, ExitCode } from '../cli-io';
import { cliDataDir, type CliContext } from '../cli-context';
import { cliSymbolPath } from '../cli-symbols';
import { JSON_ARRAY_OPEN, jsonArrayClose, jsonArrayItem, jsonArraySeparator } from '../format/json-array-stream';
import { ReportSpool } from '../format/report-spool';
import { textTable } from '../format/text-table';
import { GroupingRowsBuilder } from './scan-group-record';
import { type ListedScan, listScan } from './scan-stream';

export { LIST_CSV_COLUMNS as SCAN_CSV_COLUMNS } from '../../main/core/export/list-export';

/** Output formats of `scan`. */
export type ScanFormat = 'text' | 'json' | 'csv' | 'html';

/** Options of `scan`. */
export interface ScanCommandOptions {
  readonly format: ScanFormat;
  /** List problems (reports grouped by signature, or by top frame where one is named) instead of reports. */
  readonly group: boolean;
  /** With `group`: the symbol path native crashes' top frames are named from (`--symbols`; else the settings' and environment's). */
  readonly symbols?: string;
  /** The CLI data folder (settings, the default symbol cache); default cliDataDir(). */
  readonly dataDir?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

function shortTime(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '';
}

function textReports(reports: readonly WerReport[]): string {
  const rows = reports.map((r) => [
    shortTime(r.eventTime),
    r.eventType ?? '?',
    displayApplication(r),
    displayModule(r),
    displayCode(r),
    r.store,
    r.id.slice(0, 8),
    r.problems.length > 0 ? '!' : '',
  ]);
  return textTable(
    [
      { title: 'Time (UTC)', max: 16 }, { title: 'Event', max: 22 }, { title: 'Application', max: 28 },
      { title: 'Module', max: 28 }, { title: 'Code', max: 24 }, { title: 'Store', max: 13 },
      { title: 'Id', max: 8 }, { title: '', max: 1 },
    ],
    rows,
  );
}

function textProblems(problems: readonly Problem[]): string {
  const rows = problems.map((p) => [
    String(p.count),
    shortTime(p.firstSeen),
    shortTime(p.lastSeen),
    p.eventType ?? '?',
    p.title,
  ]);
  return textTable(
    [
      { title: 'Count', max: 6 }, { title: 'First seen', max: 16 }, { title: 'Last seen', max: 16 },
      { title: 'Event', max: 22 }, { title: 'Problem', max: 90 },
    ],
    rows,
  );
}

/** Writes one stderr line per store that needs attention. */
export function reportStoreProblems(stores: readonly StoreStatus[], io: CliIo): void {
  for (const s of stores) {
    // A per-user store that was never created is normal on Windows; say nothing.
    if (s.state === 'missing' && s.scope !== 'extra') continue;
    if (s.message) io.err(`warning: ${s.message}\n`);
  }
}

/**
 * The locations for CLI paths (folders, or ticket bundles opened as read-only stores), or the
 * default stores; bundles that cannot be opened are reported on stderr.
 */
export async function resolveLocations(
  paths: readonly string[],
  io: CliIo,
  ctx: CliContext,
): Promise<{ locations: StoreLocation[]; failed: boolean }> {
  if (paths.length === 0) return { locations: await ctx.defaultLocations(), failed: false };
  const { locations, errors } = await locationsForPaths(paths);
  for (const e of errors) io.err(`error: ${e}\n`);
  return { locations, failed: errors.length > 0 };
}

function render(reports: readonly WerReport[], stores: readonly StoreStatus[], options: ScanCommandOptions): string {
  switch (options.format) {
    case 'json':
      return reportsToJson(reports);
    case 'csv':
      return reportsToCsv(reports);
    case 'html':
      return formatScanHtml(reports);
    case 'text': {
      const readable = stores.filter((s) => s.state === 'ok').length;
      return `${textReports(reports)}\n\n${reports.length} report(s) in ${readable} of ${stores.length} store location(s).\n`;
    }
  }
}

/** Text written at once by printProblems (a million reports' ids are ~100 MB of JSON). */
const PRINT_BATCH_CHARS = 1 << 20;

/** Prints the problems of `scan --group`; as JSON a batch of problems at a time, the text JSON.stringify(problems, null, 2) gives. */
async function printProblems({ problems, reports }: GroupedScan, options: ScanCommandOptions, io: CliIo): Promise<void> {
  if (options.format !== 'json') {
    io.out(`${textProblems(problems)}\n\n${problems.length} problem(s) behind ${reports} report(s).\n`);
    return;
  }
  let batch = JSON_ARRAY_OPEN;
  for (const [i, problem] of problems.entries()) {
    batch += jsonArraySeparator(i) + jsonArrayItem(problem);
    if (batch.length < PRINT_BATCH_CHARS) continue;
    io.out(batch);
    batch = '';
    await io.drain?.();
  }
  io.out(batch + jsonArrayClose(problems.length));
}

/** Prints the scan as `--json` does, one report at a time (see report-spool.ts): memory holds sort keys only. */
async function streamJson(listed: ListedScan, io: CliIo): Promise<void> {
  const spool = new ReportSpool();
  try {
    io.out(JSON_ARRAY_OPEN);
    await listed.readEach((report) => spool.add(report, jsonArrayItem));
    await spool.replay(io.out, jsonArraySeparator, io.drain);
    io.out(jsonArrayClose(spool.count));
  } finally {
    spool.close();
  }
}

/** The problems of a scan (`--group`), and how many reports they group. */
interface GroupedScan {
  readonly problems: readonly Problem[];
  readonly reports: number;
}

/**
 * The problems of `scan --group`, with what grouping needs beyond the listing: kernel dumps'
 * driver at fault, and native crashes' top frame when a symbol path is set (its local folders
 * and caches only: grouping never downloads). When nothing merges and no top frame is read, each
 * record is cut to what grouping reads as soon as it is read, and only the rows grouping reads
 * stay in memory (scan-group-record.ts).
 */
async function groupScan(listed: ListedScan, options: ScanCommandOptions, io: CliIo): Promise<GroupedScan> {
  const env = options.env ?? process.env;
  const symbolPath = await cliSymbolPath({ symbols: options.symbols, dataDir: options.dataDir ?? cliDataDir(env), env }, io);
  if (!listed.merges && !symbolPath) {
    const rows = new GroupingRowsBuilder();
    try {
      await listed.readEach((report) => rows.add(report));
      return { problems: problemsOfRows(rows.rows()), reports: rows.length };
    } finally {
      rows.close();
    }
  }
  const withDrivers = await withCausedByAll(await listed.readAll());
  const records = symbolPath ? await withTopFramesAll(withDrivers, { elements: symbolPath.elements, defaultCache: symbolPath.defaultCache }) : withDrivers;
  return { problems: groupProblems(records), reports: records.length };
}

/**
 * `scan [PATH...]`: lists the reports (or problems) under the given folders or bundles, or the
 * default stores. `--json` streams when no records can merge (see scan-stream.ts).
 */
export async function runScan(paths: readonly string[], options: ScanCommandOptions, io: CliIo, ctx: CliContext): Promise<number> {
  // Every report is read and little is kept: the heap must not grow fourfold between collections.
  limitHeapGrowth();
  const { locations, failed } = await resolveLocations(paths, io, ctx);
  const listed = await listScan(locations);
  const { stores } = listed;
  reportStoreProblems(stores, io);
  if (options.group) await printProblems(await groupScan(listed, options, io), options, io);
  else if (options.format === 'json' && !listed.merges) await streamJson(listed, io);
  else io.out(render(await listed.readAll(), stores, options));
  const failedExplicit = stores.some((s) => s.scope === 'extra' && s.state !== 'ok');
  return failed || failedExplicit ? ExitCode.failure : ExitCode.ok;
}
