import { readFile } from 'node:fs/promises';
import type { ForwardResult } from '../../../shared/cer-model';
import type { WerReport } from '../../../shared/report-model';
import type { StoreLocation } from '../../../shared/store-model';
import { forwardReports } from '../../main/core/cer/forward-reports';
import { parseCerServer } from '../../main/core/cer/cer-client';
import { scanStores } from '../../main/core/store/scan-stores';
import { type CliIo, ExitCode } from '../cli-io';
import { resolveReportTargets } from '../report-targets';
import { reportStoreProblems } from './scan';

/** Options of `forward`. */
export interface ForwardCliOptions {
  readonly server: string;
  readonly machine?: string;
  readonly user?: string;
  readonly json: boolean;
  /** Forward every report of the default stores. */
  readonly all: boolean;
  /** With --all: only reports whose event time is at or after this date. */
  readonly since?: string;
  /** Folder of the outbox file. */
  readonly dataDir: string;
  /** PEM file of the CA that signed the server's certificate (HTTPS). */
  readonly caFile?: string;
}

function textLine(r: ForwardResult): string {
  if (r.ok) {
    const bucket = r.bucket ? `bucket ${r.bucket}${r.bucketTable ? `/${r.bucketTable}` : ''}` : 'no bucket';
    return `ok      ${bucket}${r.uploaded ? ', files uploaded' : ''}  ${r.folder}\n`;
  }
  return `failed  ${r.error ?? 'unknown error'}  ${r.folder}\n`;
}

/**
 * `forward ID|FOLDER... --server URL` / `forward --all [--since DATE]`: sends reports to a CER
 * server through the outbox in `dataDir`. Exit 0 when every report is done, 1 when any is not
 * (it stays queued when retrying may help), 2 for usage errors.
 */
export async function runForward(
  targets: string[],
  options: ForwardCliOptions,
  io: CliIo,
  ctx: { defaultLocations: () => Promise<StoreLocation[]> },
): Promise<number> {
  const usage = (message: string): number => (io.err(`error: ${message}\n`), ExitCode.usage);
  if (options.all && targets.length > 0) return usage('give report folders or ids, or --all, not both');
  if (!options.all && targets.length === 0) return usage('give report folders or ids to forward, or --all');
  if (options.since !== undefined && !options.all) return usage('--since goes with --all');
  const since = options.since === undefined ? null : Date.parse(options.since);
  if (since !== null && Number.isNaN(since)) return usage(`--since "${options.since}" is not a date (use e.g. 2025-01-31)`);
  const server = parseCerServer(options.server);
  if (!server.ok) return usage(server.error);

  let ca: string | undefined;
  if (options.caFile) {
    try {
      ca = await readFile(options.caFile, 'utf8');
    } catch (e) {
      io.err(`error: cannot read the CA file ${options.caFile}: ${e instanceof Error ? e.message : String(e)}\n`);
      return ExitCode.failure;
    }
  }
  let reports: WerReport[];
  if (options.all) {
    const scan = await scanStores(await ctx.defaultLocations());
    reportStoreProblems(scan.stores, io);
    reports = scan.reports.filter((r) => since === null || (r.eventTime !== null && Date.parse(r.eventTime) >= since));
  } else {
    const resolved = await resolveReportTargets(targets, io, ctx.defaultLocations);
    if (typeof resolved === 'string') {
      io.err(`error: ${resolved}\n`);
      return ExitCode.failure;
    }
    reports = resolved;
  }
  if (reports.length === 0) {
    if (!options.json) io.out('No reports to forward.\n');
    return ExitCode.ok;
  }

  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const results = await forwardReports(reports.map((r) => ({ folder: r.folder, reportId: r.id })), {
      server: options.server,
      dataDir: options.dataDir,
      ...(options.machine !== undefined ? { machine: options.machine } : {}),
      ...(options.user !== undefined ? { user: options.user } : {}),
      transportOptions: ca ? { ca } : {},
      signal: controller.signal,
      maxAttempts: 3,
    });
    if (!results.ok) {
      io.err(`error: ${results.error}\n`);
      return ExitCode.failure;
    }
    for (const r of results.value) {
      if (options.json) {
        const { folder, reportId: id, ok, state, bucket, bucketTable, uploaded, error } = r;
        io.out(`${JSON.stringify({ folder, id, ok, state, bucket, bucketTable, uploaded, error })}\n`);
      } else io.out(textLine(r));
    }
    const done = results.value.filter((r) => r.ok).length;
    if (!options.json) io.out(`\n${done} of ${results.value.length} report(s) forwarded to ${server.value.origin}.\n`);
    return done === results.value.length ? ExitCode.ok : ExitCode.failure;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
