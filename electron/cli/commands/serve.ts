import { openAppCore } from '../../main/core/app/app-core';
import { checkElevation } from '../../main/core/app/elevation';
import { builtRendererDir, startBrowserServer } from '../../main/core/server/browser-server';
import { DownloadRegistry } from '../../main/core/server/download-registry';
import { type CliIo, ExitCode } from '../cli-io';
import { cliDataDir, type CliContext } from '../cli-context';
import { resolveLocations } from './scan';

/** Options of `serve`. */
export interface ServeOptions {
  readonly host: string;
  readonly port: number;
  /** The built renderer; defaults to the one next to the built CLI. */
  readonly rendererDir?: string;
  /** Settings, triage and outbox folder; defaults to the CLI's data folder. */
  readonly dataDir?: string;
}

/**
 * `serve [PATH...]`: browser mode. Serves the same UI and WerApi over HTTP on loopback; the first
 * stdout line is the URL with its per-run token. Runs until the signal aborts (Ctrl+C).
 */
export async function runServe(paths: readonly string[], options: ServeOptions, io: CliIo, ctx: CliContext, signal: AbortSignal): Promise<number> {
  const { locations, failed } = await resolveLocations(paths, io, ctx);
  if (failed) return ExitCode.failure;
  const downloads = new DownloadRegistry();
  const core = await openAppCore({
    dataDir: options.dataDir ?? cliDataDir(),
    locations,
    // The report cache in the data folder, as the desktop app keeps it: a restart over a large
    // collector share reads only what changed (a cache of other locations only costs its load).
    cache: true,
    // Elevation as the desktop app checks it, so the "run as administrator" hint is only offered when it can help.
    shell: { mode: 'browser', offerDownload: (file, name) => downloads.offer(file, name), elevated: checkElevation() },
    onWarning: (message) => io.err(`warning: ${message}\n`),
  });
  let server;
  try {
    server = await startBrowserServer({
      calls: core.calls,
      subscribe: (listener) => core.host.subscribe(listener),
      downloads,
      rendererDir: options.rendererDir ?? builtRendererDir(),
      host: options.host,
      port: options.port,
    });
  } catch (e) {
    await core.close();
    io.err(`error: cannot listen on ${options.host}:${options.port}: ${e instanceof Error ? e.message : String(e)}\n`);
    return ExitCode.failure;
  }
  io.out(`${server.url}\n`);
  if (!['127.0.0.1', 'localhost', '::1'].includes(options.host)) {
    io.err(`warning: serving on ${options.host}: anyone who can reach this address and has the token can read these reports\n`);
  }
  io.err(`serving ${core.host.library().count()} report(s) from ${locations.length} location(s); press Ctrl+C to stop\n`);
  if (!signal.aborted) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  await server.close();
  await core.close();
  return ExitCode.ok;
}
