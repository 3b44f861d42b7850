/**
 * Crash events out of Event Log records: picks Application Error 1000, Windows Error Reporting
 * 1001, Application Hang 1002, .NET Runtime 1026 and BugCheck 1001 by provider AND id (other
 * providers reuse 1000/1001), and streams them from an .evtx file.
 */
import type { ByteSource } from '../minidump/byte-source';
import type { EvtxProblem, EvtxRecord } from '../evtx/evtx-model';
import { iterateEvtx } from '../evtx/read-evtx';
import type { CrashEvent } from './crash-event-model';
import { parseAppError } from './parse-app-error';
import { parseAppHang } from './parse-app-hang';
import { parseBugCheck } from './parse-bugcheck';
import { parseDotNetError } from './parse-dotnet-error';
import { parseWerEvent } from './parse-wer-event';

/** Providers of the System log's bug check event (manifest name, and the classic source name). */
const BUGCHECK_PROVIDERS = new Set(['Microsoft-Windows-WER-SystemErrorReporting', 'BugCheck']);

/** The crash event a record holds, or null when it is not one of ours. */
export function crashEventFromRecord(record: EvtxRecord): CrashEvent | null {
  const { provider, eventId, eventSourceName } = record.system;
  if (provider === null || eventId === null) return null;
  if (provider === 'Application Error' && eventId === 1000) return parseAppError(record);
  if (provider === 'Windows Error Reporting' && eventId === 1001) return parseWerEvent(record);
  if (provider === 'Application Hang' && eventId === 1002) return parseAppHang(record);
  if (provider === '.NET Runtime' && eventId === 1026) return parseDotNetError(record);
  if (eventId === 1001 && (BUGCHECK_PROVIDERS.has(provider) || (eventSourceName !== null && BUGCHECK_PROVIDERS.has(eventSourceName)))) {
    return parseBugCheck(record);
  }
  return null;
}

/** What the crash event stream yields. */
export type CrashEventItem =
  | { readonly kind: 'event'; readonly event: CrashEvent }
  | { readonly kind: 'problem'; readonly problem: EvtxProblem };

/** Streams the crash events of an .evtx log, with the log's problems (file order). */
export async function* iterateCrashEvents(source: ByteSource): AsyncGenerator<CrashEventItem, void, undefined> {
  for await (const item of iterateEvtx(source)) {
    if (item.kind === 'problem') yield item;
    else if (item.kind === 'record') {
      for (const problem of item.record.problems) yield { kind: 'problem', problem };
      const event = crashEventFromRecord(item.record);
      if (event) yield { kind: 'event', event };
    }
  }
}

/** All crash events of a log, oldest first by record id, with the log's problems. */
export async function readCrashEvents(source: ByteSource): Promise<{ readonly events: readonly CrashEvent[]; readonly problems: readonly EvtxProblem[] }> {
  const events: CrashEvent[] = [];
  const problems: EvtxProblem[] = [];
  for await (const item of iterateCrashEvents(source)) {
    if (item.kind === 'event') events.push(item.event);
    else problems.push(item.problem);
  }
  // A wrapped (circular) log stores newer chunks before older ones: order by record id.
  events.sort((a, b) => a.recordId - b.recordId);
  return { events, problems };
}
