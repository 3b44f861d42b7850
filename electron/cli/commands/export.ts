import { APP_VERSION } from '../../../shared/app-info';
import type { BundlePlan, BundleResult } from '../../../shared/export-model';
import { planBundle } from '../../main/core/export/bundle-plan';
import { writeBundle } from '../../main/core/export/bundle-writer';
import { localKnownValues } from '../../main/core/export/local-known-values';
import { formatBytes } from '../../../shared/report-summary';
import { type CliIo, ExitCode } from '../cli-io';
import { cliDataDir, type CliContext } from '../cli-context';
import { cliSymbolLocator } from '../cli-symbols';
import { isDirectory, resolveReportTargets } from '../report-targets';

/** Options of `export`. */
export interface ExportOptions {
  /** The zip to write (replaced if it exists). */
  readonly out: string;
  readonly redact: boolean;
  readonly includeHeapDumps: boolean;
  /** Leave minidumps out (they are in by default without --redact). */
  readonly noDumps: boolean;
  /** Put minidumps in even with --redact (they are then sent unredacted). */
  readonly includeDumps?: boolean;
  readonly json?: boolean;
  /** Ticket text for the summary. */
  readonly ticket?: string;
  /** Size budget in bytes of uncompressed files. */
  readonly sizeBudget?: number;
  /** `--symbols PATH` for the minidump stacks in the summaries; absent = the settings' and environment's path. */
  readonly symbols?: string;
  /** The CLI data folder (settings, symbol cache); defaults from the environment. */
  readonly dataDir?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

function describeResult(plan: BundlePlan, result: BundleResult): string {
  const lines = [`Bundle: ${result.outFile} (${formatBytes(result.zipBytes)})`, `Reports (${plan.reports.length}):`];
  for (const r of plan.reports) {
    const n = plan.files.filter((f) => f.reportIndex === r.index).length;
    lines.push(`  ${r.id.slice(0, 8)}  ${r.title} (${n} file(s))`);
  }
  if (plan.leftOut.length > 0) {
    lines.push(`Left out (${plan.leftOut.length}):`);
    for (const l of plan.leftOut) lines.push(`  ${l.zipPath} \u2014 ${l.message}`);
  }
  const redaction = result.manifest.redaction;
  if (redaction.enabled) {
    const parts = redaction.counts.map((c) => `${c.category} ${c.values} value(s) ${c.occurrences} time(s)`);
    lines.push(`Redacted: ${parts.length > 0 ? parts.join(', ') : 'nothing sensitive found in the text files'}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `export ID|FOLDER... --out FILE.zip`: writes a ticket bundle whose summaries name the minidump
 * frames through the symbol path (as `dump` and `show`; PDBs never go into the bundle); exit 1
 * with one line on failure.
 */
export async function runExport(
  targets: string[],
  options: ExportOptions,
  io: CliIo,
  ctx: Pick<CliContext, 'defaultLocations'>,
): Promise<number> {
  if (targets.length === 0) {
    io.err('error: give at least one report id or folder\n');
    return ExitCode.usage;
  }
  if (options.noDumps && options.includeDumps) {
    io.err('error: --no-dumps and --include-dumps contradict each other\n');
    return ExitCode.usage;
  }
  if (await isDirectory(options.out)) {
    io.err(`error: ${options.out} is a folder; give the zip file to write\n`);
    return ExitCode.failure;
  }
  const records = await resolveReportTargets(targets, io, ctx.defaultLocations);
  if (typeof records === 'string') {
    io.err(`error: ${records}\n`);
    return ExitCode.failure;
  }
  const plan = await planBundle(records, {
    redact: options.redact,
    includeDumps: options.noDumps ? false : (options.includeDumps ?? !options.redact),
    includeHeapDumps: options.includeHeapDumps,
    sizeBudget: options.sizeBudget ?? null,
    knownValues: options.redact ? localKnownValues() : [],
    ticketText: options.ticket ?? '',
    toolVersion: APP_VERSION,
  });
  for (const p of plan.problems) io.err(`warning: ${p}\n`);
  if (plan.reports.length === 0) {
    io.err('error: none of the given reports could be read\n');
    return ExitCode.failure;
  }
  const env = options.env ?? {};
  const symbols = await cliSymbolLocator({ symbols: options.symbols, dataDir: options.dataDir ?? cliDataDir(env), env }, io);
  let result: Awaited<ReturnType<typeof writeBundle>>;
  try {
    result = await writeBundle(plan, options.out, { symbols });
  } finally {
    symbols?.close();
  }
  if (!result.ok) {
    io.err(`error: ${result.error.message.replace(/\s*[\r\n]+\s*/g, ' ')}\n`);
    return ExitCode.failure;
  }
  for (const w of plan.warnings) io.err(`warning: ${w.message}\n`);
  io.out(options.json ? `${JSON.stringify(result.value, null, 2)}\n` : describeResult(plan, result.value));
  return ExitCode.ok;
}
