/** The thin file caller: crash events of a saved .evtx file, opened for positional reads. */
import { ok, type Result } from '../../../../shared/result';
import { withFileSource } from '../minidump/byte-source';
import type { EvtxProblem } from '../evtx/evtx-model';
import type { CrashEvent } from './crash-event-model';
import { readCrashEvents } from './crash-events';

/** Crash events of a saved log and its problems; an error only when the file cannot be opened. */
export function readCrashEventLog(path: string): Promise<Result<{ readonly events: readonly CrashEvent[]; readonly problems: readonly EvtxProblem[] }, string>> {
  return withFileSource(path, async (source) => ok(await readCrashEvents(source)));
}
