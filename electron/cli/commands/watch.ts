import type { LibraryEvent } from '../../../shared/library-model';
import { ReportLibrary } from '../../main/core/library/report-library';
import { type CliIo, ExitCode } from '../cli-io';
import type { CliContext } from '../cli-context';
import { reportStoreProblems, resolveLocations } from './scan';

/** One `watch` output line: the contract of architecture.md and issue 4. */
export interface WatchLine {
  readonly type: 'added' | 'updated' | 'removed' | 'store';
  readonly id: string | null;
  readonly folder: string;
  readonly summary: string;
}

/** The JSON line for a library event. */
export function watchLine(event: LibraryEvent): WatchLine {
  switch (event.kind) {
    case 'added':
    case 'updated':
      return { type: event.kind, id: event.report.id, folder: event.report.folder, summary: event.summary };
    case 'removed':
      return { type: 'removed', id: event.id, folder: event.folder, summary: 'The report folder was deleted.' };
    case 'store':
      return {
        type: 'store',
        id: null,
        folder: event.status.path,
        summary: event.status.message ?? `${event.status.label}: ${event.status.state}`,
      };
  }
}

/**
 * `watch [PATH...]`: prints one JSON line per change in the stores (new, rewritten, moved or
 * deleted reports, stores that vanish or come back) until the signal aborts (Ctrl+C).
 */
export async function runWatch(paths: readonly string[], io: CliIo, ctx: CliContext, signal: AbortSignal): Promise<number> {
  const { locations, failed } = await resolveLocations(paths, io, ctx);
  if (failed) return ExitCode.failure;
  const library = new ReportLibrary({ locations });
  library.subscribe((event) => io.out(`${JSON.stringify(watchLine(event))}\n`));
  const info = await library.start();
  await library.whenWatching();
  // As for scan: a default store that does not exist (no MEMORY.DMP, a user's unused WER folder) is normal.
  reportStoreProblems(library.stores(), io);
  io.err(`watching ${locations.length} location(s) with ${info.reports} report(s); press Ctrl+C to stop\n`);
  if (!signal.aborted) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  await library.close();
  return ExitCode.ok;
}
