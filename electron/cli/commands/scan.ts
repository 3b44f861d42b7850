import { displayApplication, displayCode, displayModule } from '../../../shared/report-display';
import type { WerReport } from '../../../shared/report-model';
import type { StoreStatus } from '../../../shared/store-model';
import { type CliIo, ExitCode } from '../cli-io';
import { toCsv } from '../format/csv';
import { textTable } from '../format/text-table';
import { scanStores } from '../../main/core/store/scan-stores';
import { extraLocations } from '../../main/core/store/discover-stores';
import type { CliContext } from '../cli-context';

/** Output formats of `scan`. */
export type ScanFormat = 'text' | 'json' | 'csv';

/** CSV columns of `scan --csv`, in order (documented in the README). */
export const SCAN_CSV_COLUMNS = [
  'id', 'eventTime', 'eventType', 'reportType', 'appName', 'application', 'applicationVersion', 'module',
  'moduleVersion', 'exceptionCode', 'exceptionOffset', 'bucketId', 'store', 'folder', 'attachments', 'problems',
] as const;

function csvRow(r: WerReport): (string | number | null)[] {
  return [
    r.id, r.eventTime, r.eventType, r.reportType, r.appName, r.fields.application ?? null,
    r.fields.applicationVersion ?? null, r.fields.module ?? null, r.fields.moduleVersion ?? null,
    r.fields.exceptionCode ?? null, r.fields.exceptionOffset ?? null, r.bucket?.id ?? null, r.store, r.folder,
    r.attachments.map((a) => a.file).join('; '), r.problems.join(' '),
  ];
}

function shortTime(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '';
}

function textReport(reports: readonly WerReport[]): string {
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

/** Writes one stderr line per store that needs attention. */
export function reportStoreProblems(stores: readonly StoreStatus[], io: CliIo): void {
  for (const s of stores) {
    // A per-user store that was never created is normal on Windows; say nothing.
    if (s.state === 'missing' && s.scope !== 'extra') continue;
    if (s.message) io.err(`warning: ${s.message}\n`);
  }
}

/** `scan [PATH...]`: lists the reports under the given folders, or the default stores. */
export async function runScan(paths: readonly string[], format: ScanFormat, io: CliIo, ctx: CliContext): Promise<number> {
  const locations = paths.length > 0 ? extraLocations(paths) : await ctx.defaultLocations();
  const { reports, stores } = await scanStores(locations);
  reportStoreProblems(stores, io);
  if (format === 'json') io.out(`${JSON.stringify(reports, null, 2)}\n`);
  else if (format === 'csv') io.out(toCsv(SCAN_CSV_COLUMNS, reports.map(csvRow)));
  else {
    io.out(`${textReport(reports)}\n`);
    const readable = stores.filter((s) => s.state === 'ok').length;
    io.out(`\n${reports.length} report(s) in ${readable} of ${stores.length} store location(s).\n`);
  }
  const failedExplicit = stores.some((s) => s.scope === 'extra' && s.state !== 'ok');
  return failedExplicit ? ExitCode.failure : ExitCode.ok;
}
