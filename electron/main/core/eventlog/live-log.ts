/**
 * Crash events from the machine's live event logs on Windows: the Application log (Application
 * Error 1000, Windows Error Reporting 1001, Application Hang 1002, .NET Runtime 1026) and the
 * System log (BugCheck 1001), read with `wevtutil qe … /f:RenderedXml` in pages, newest first,
 * and decoded by the same crash event parsers as a saved .evtx file.
 */
import { err, ok, type Result } from '../../../../shared/result';
import type { EvtxRecord } from '../evtx/evtx-model';
import type { CrashEvent } from './crash-event-model';
import { crashEventFromRecord } from './crash-events';
import { parseEventXml } from './parse-event-xml';
import {
  decodeWevtutilOutput, logLabel, logTitle, parseLogInfo, realRunWevtutil, runFailure, startFailure, wevtutilLogInfoArgs, wevtutilPath,
  wevtutilQueryArgs, type LiveLogFailure, type LogInfo, type LiveLogName, type RunWevtutil, type WevtutilQuery,
} from './live-wevtutil';

/** Events asked for per wevtutil run: a few hundred rendered events are a few MB of XML. */
export const LIVE_PAGE_SIZE = 200;
/** Crash events read per log at most, newest first (a 20 MB log holds far fewer crash events). */
export const LIVE_MAX_EVENTS = 10_000;

/** The message off Windows: live logs exist only there. */
export const LIVE_LOG_NOT_WINDOWS = 'the live event log can be read on Windows only; elsewhere open a saved .evtx file.';

/** How the live logs are read; defaults are this process's platform and the real wevtutil.exe. */
export interface LiveLogOptions {
  readonly platform?: NodeJS.Platform;
  readonly run?: RunWevtutil;
  /** The wevtutil path named in messages (the real runner's program). */
  readonly exe?: string;
  readonly pageSize?: number;
  readonly maxEvents?: number;
}

/** The crash events of one live log. */
export interface LiveLogEvents {
  readonly log: LiveLogName;
  /** Oldest first by EventRecordID, as {@link readCrashEvents} gives a saved log's. */
  readonly events: readonly CrashEvent[];
  readonly problems: readonly string[];
  /** The largest EventRecordID read: where a follower starts. Null when the log has no crash event. */
  readonly lastRecordId: number | null;
}

/** The crash events of both live logs. */
export interface LiveCrashEvents {
  /**
   * Application events, then System events, each oldest first. Record ids count per log: a
   * BugCheck's `recordId` is the System log's.
   */
  readonly events: readonly CrashEvent[];
  /** Problems of readable logs, and the failure of a log that could not be read. */
  readonly problems: readonly string[];
  /** Per log, where a {@link LiveLogFollower} starts; absent for a log with no crash event. */
  readonly lastRecordIds: Readonly<Partial<Record<LiveLogName, number>>>;
}

/** One page of a query: the events read and whether there may be more. */
export interface LivePage {
  readonly records: readonly EvtxRecord[];
  readonly events: readonly CrashEvent[];
  readonly problems: readonly string[];
  /** The page was cut by the output limit: the event at the cut is read again by the next page. */
  readonly truncated: boolean;
  /** wevtutil printed nothing at all (no events, or a wevtutil that does nothing). */
  readonly blank: boolean;
}

/** Runs one query and decodes its events; a failure when wevtutil failed or printed no event XML. */
export async function queryLivePage(query: WevtutilQuery, run: RunWevtutil, exe: string): Promise<Result<LivePage, LiveLogFailure>> {
  let out;
  try {
    out = await run(wevtutilQueryArgs(query));
  } catch (e) {
    return err(startFailure(query.log, exe, e));
  }
  const failure = runFailure(query.log, out);
  if (failure) return err(failure);
  const decoded = decodeWevtutilOutput(out.stdout);
  const parsed = parseEventXml(decoded.text);
  const label = logLabel(query.log);
  const problems = [decoded.problem, ...parsed.problems].filter((p): p is string => p !== null).map((p) => `${label}: ${p}`);
  if (parsed.cutOff && !out.truncated) problems.push(`${label}: wevtutil's output ends inside an event, which was skipped.`);
  const blank = decoded.text.trim() === '';
  // Damaged events are problems of a page; text with no event at all means this is no event XML.
  if (parsed.records.length === 0 && !blank && !out.truncated && !/<(?:[\w.-]+:)?Event[\s/>]/.test(decoded.text)) {
    const said = decoded.text.trim().split(/\r?\n/)[0]!.trim();
    const quoted = said.length > 80 ? `${said.slice(0, 77)}...` : said;
    return err({ state: 'error', message: `${logTitle(query.log)} could not be read: wevtutil printed no event XML but "${quoted}".` });
  }
  const events = parsed.records.map(crashEventFromRecord).filter((e): e is CrashEvent => e !== null);
  return ok({ records: parsed.records, events, problems, truncated: out.truncated, blank });
}

/**
 * The log's information (`wevtutil gli`). It also tells an empty log from a wevtutil that prints
 * nothing at all (Wine's is a stub): a working one always prints it.
 */
export async function readLogInfo(log: LiveLogName, run: RunWevtutil, exe: string): Promise<Result<LogInfo, LiveLogFailure>> {
  let out;
  try {
    out = await run(wevtutilLogInfoArgs(log));
  } catch (e) {
    return err(startFailure(log, exe, e));
  }
  const failure = runFailure(log, out);
  if (failure) return err(failure);
  const text = decodeWevtutilOutput(out.stdout).text;
  const info = parseLogInfo(text);
  if (info) return ok(info);
  const what = text.trim() === '' ? 'nothing' : 'something else';
  return err({ state: 'error', message: `${exe} printed ${what} for ${logLabel(log)}, not even the log's information: it is not a working wevtutil.` });
}

/** The EventRecordIDs of records that have one. */
export function recordIdsOf(records: readonly EvtxRecord[]): number[] {
  return records.map((r) => r.system.eventRecordId).filter((id): id is number => id !== null);
}

/** Reads one live log's crash events, newest first in pages, up to `maxEvents`. */
export async function readLiveLog(log: LiveLogName, options: LiveLogOptions = {}): Promise<Result<LiveLogEvents, LiveLogFailure>> {
  if ((options.platform ?? process.platform) !== 'win32') return err({ state: 'error', message: LIVE_LOG_NOT_WINDOWS });
  const exe = options.exe ?? wevtutilPath();
  const run = options.run ?? realRunWevtutil(exe);
  const pageSize = Math.max(1, options.pageSize ?? LIVE_PAGE_SIZE);
  const maxEvents = Math.max(1, options.maxEvents ?? LIVE_MAX_EVENTS);
  const byId = new Map<number, CrashEvent>();
  const problems: string[] = [];
  let before: number | undefined;
  let read = 0;
  for (let first = true; ; first = false) {
    const page = await queryLivePage({ log, before, newestFirst: true, count: Math.min(pageSize, maxEvents - read) }, run, exe);
    if (!page.ok) {
      if (first) return page;
      problems.push(`${page.error.message} Older crash events were not read.`);
      break;
    }
    if (first && page.value.blank) {
      const info = await readLogInfo(log, run, exe);
      if (!info.ok) return info;
    }
    problems.push(...page.value.problems);
    for (const event of page.value.events) byId.set(event.recordId, event);
    const ids = recordIdsOf(page.value.records);
    if (ids.length < page.value.records.length) problems.push(`${logLabel(log)}: ${page.value.records.length - ids.length} event(s) have no EventRecordID.`);
    read += page.value.records.length;
    const full = page.value.truncated || page.value.records.length >= pageSize;
    if (!full || ids.length === 0) break;
    const lowest = Math.min(...ids);
    if (before !== undefined && lowest >= before) {
      problems.push(`${logLabel(log)}: wevtutil ignored the record id bound, so reading stopped.`);
      break;
    }
    before = lowest;
    if (read >= maxEvents) {
      problems.push(`${logLabel(log)}: reading stopped after the newest ${maxEvents} crash events; older ones were not read.`);
      break;
    }
  }
  const events = [...byId.values()].sort((a, b) => a.recordId - b.recordId);
  return ok({ log, events, problems, lastRecordId: events.length > 0 ? events[events.length - 1]!.recordId : null });
}

/**
 * Reads the crash events of the Application and System logs. A failure only when no log could be
 * read (the Application log's failure, which says why); one unreadable log is a problem.
 */
export async function readLiveCrashEvents(options: LiveLogOptions & { readonly logs?: readonly LiveLogName[] } = {}): Promise<Result<LiveCrashEvents, LiveLogFailure>> {
  const logs = options.logs ?? (['Application', 'System'] as const);
  const events: CrashEvent[] = [];
  const problems: string[] = [];
  const lastRecordIds: Partial<Record<LiveLogName, number>> = {};
  const failures: LiveLogFailure[] = [];
  for (const log of logs) {
    // One after another: wevtutil runs are cheap, and a page of each at once only doubles memory.
    const result = await readLiveLog(log, options);
    if (!result.ok) {
      failures.push(result.error);
      problems.push(result.error.message);
      continue;
    }
    events.push(...result.value.events);
    problems.push(...result.value.problems);
    if (result.value.lastRecordId !== null) lastRecordIds[log] = result.value.lastRecordId;
  }
  if (failures.length > 0 && failures.length === logs.length) return err(failures[0]!);
  return ok({ events, problems, lastRecordIds });
}
