import { type CollectorEvent, startCollector } from '../../main/core/cer/collector';
import { type CliIo, ExitCode } from '../cli-io';

/** Options of `collect`. */
export interface CollectCliOptions {
  /** Folder the reports go to (DIR/ReportArchive, readable with `scan DIR`). */
  readonly dir: string;
  readonly host: string;
  readonly port: number;
}

function eventLine(e: CollectorEvent): string {
  switch (e.kind) {
    case 'report':
      return `report  ${e.eventType} from ${e.machineName || '?'} (${e.remoteAddress}), bucket ${e.bucket}: ${e.folder}\n`;
    case 'upload':
      return `upload  ${e.files.length} file(s): ${e.folder}\n`;
    case 'rejected':
      return `refused ${e.status} ${e.method} ${e.path} (${e.remoteAddress}): ${e.reason}\n`;
    case 'swept':
      return `swept   ${e.tempsRemoved} stale temp folder(s), ${e.landedWithoutUpload} report(s) stored without their upload, ${e.recordsRemoved} old record(s)\n`;
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/**
 * `collect --dir DIR [--host 127.0.0.1] [--port 1273]`: runs a CER collector until `signal`
 * aborts or the process gets SIGINT/SIGTERM. The first stdout line is the URL it listens on.
 */
export async function runCollect(options: CollectCliOptions, io: CliIo, signal?: AbortSignal): Promise<number> {
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
    io.err(`error: --port must be a number from 0 to 65535\n`);
    return ExitCode.usage;
  }
  let collector;
  try {
    collector = await startCollector({ dir: options.dir, host: options.host, port: options.port, onEvent: (e) => io.out(eventLine(e)) });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'EADDRINUSE' ? 'the port is in use' : e instanceof Error ? e.message : String(e);
    io.err(`error: cannot run the collector on ${options.host}:${options.port}: ${reason}\n`);
    return ExitCode.failure;
  }
  io.out(`${collector.url}\n`);
  if (!isLoopback(options.host)) {
    io.err('warning: the collector is reachable from the network over plain HTTP without authentication.\n');
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      signal?.removeEventListener('abort', stop);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    if (signal?.aborted) return stop();
    signal?.addEventListener('abort', stop, { once: true });
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await collector.close();
  return ExitCode.ok;
}
