/**
 * Event logs as stores. A saved `.evtx` file given as a location (`scan FILE.evtx`, an extra store,
 * a file dropped in the UI) holds the crashes its Application/System events record, one record per
 * crash (see core/records); reading is streamed over positional reads, and a damaged log gives what
 * is readable plus one sentence about the rest. On Windows the machine's live Application and
 * System logs are locations too (`eventlog:Application`, `eventlog:System`), read with wevtutil.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { WerReport } from '../../../../shared/report-model';
import type { StoreLocation, StoreStatus } from '../../../../shared/store-model';
import type { CrashEvent } from '../eventlog/crash-event-model';
import { type LiveLogOptions, readLiveLog } from '../eventlog/live-log';
import type { LiveLogName } from '../eventlog/live-wevtutil';
import { readCrashEventLog } from '../eventlog/read-crash-event-log';
import { FILE_MAGIC } from '../evtx/evtx-layout';
import { describeFsError, isAccessDenied } from '../fs-errors';
import { logRecords } from '../records/log-records';

/** Size and modification time of a log file: what says it changed. */
export interface LogStamp {
  readonly size: number;
  readonly mtimeMs: number;
}

/** One event log location read: how it read, its crash records, and the stamp it was read at. */
export interface EventLogListing {
  readonly status: StoreStatus;
  readonly records: readonly WerReport[];
  readonly stamp: LogStamp | null;
}

/** Whether a path is a saved event log: a file starting with EVTX's `ElfFile\0` signature. */
export function isEventLogFile(path: string): boolean {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(FILE_MAGIC.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(Buffer.from(FILE_MAGIC));
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** The path prefix of the live logs' locations and records' folders (`eventlog:Application`). */
const LIVE_PREFIX = 'eventlog:';
const LIVE_LOGS: readonly LiveLogName[] = ['Application', 'System'];

/** The machine's live event logs as store locations (Windows only: elsewhere there are none). */
export function liveEventLogLocations(): StoreLocation[] {
  return LIVE_LOGS.map((log) => ({ path: `${LIVE_PREFIX}${log}`, scope: 'machine', label: `${log} event log` }));
}

/** The live log a location names (`eventlog:Application`), or null for any other location. */
export function liveLogOf(location: StoreLocation): LiveLogName | null {
  const path = location.path.trim();
  if (!path.toLowerCase().startsWith(LIVE_PREFIX)) return null;
  const name = path.slice(LIVE_PREFIX.length).toLowerCase();
  return LIVE_LOGS.find((l) => l.toLowerCase() === name) ?? null;
}

/** Whether a location is an event log: a live one, or a saved file (by its signature, or by name when it is not there yet). */
export function isEventLogLocation(location: StoreLocation): boolean {
  if (location.path.trim().toLowerCase().startsWith(LIVE_PREFIX)) return true;
  const path = resolve(location.path);
  return isEventLogFile(path) || extname(path).toLowerCase() === '.evtx';
}

/** The crash records of a live log's events (oldest first), with the log as their channel. */
export function liveLogRecords(events: readonly CrashEvent[], log: LiveLogName): WerReport[] {
  return logRecords(events, { file: null, channel: log });
}

/** Reads a live log's crash events: a store status, its records, and the events (where following starts). */
export async function readLiveLogLocation(
  location: StoreLocation,
  options: LiveLogOptions = {},
): Promise<EventLogListing & { readonly events: readonly CrashEvent[]; readonly lastRecordId: number | null }> {
  const log = liveLogOf(location);
  if (log === null) {
    const message = `${location.path} is not an event log this app knows: use eventlog:Application or eventlog:System.`;
    return { status: { ...location, state: 'error', message, reportCount: 0 }, records: [], stamp: null, events: [], lastRecordId: null };
  }
  const read = await readLiveLog(log, options);
  if (!read.ok) return { status: { ...location, state: read.error.state, message: read.error.message, reportCount: 0 }, records: [], stamp: null, events: [], lastRecordId: null };
  const records = liveLogRecords(read.value.events, log);
  const message = read.value.problems.length > 0 ? `${location.label}: ${read.value.problems.join(' ')}` : null;
  return { status: { ...location, state: 'ok', message, reportCount: records.length }, records, stamp: null, events: read.value.events, lastRecordId: read.value.lastRecordId };
}

/** The log's size and modification time, or null when it cannot be read. */
export function logStamp(path: string): LogStamp | null {
  try {
    const s = statSync(path);
    return { size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    return null;
  }
}

function failed(location: StoreLocation, error: unknown): EventLogListing {
  const code = (error as NodeJS.ErrnoException).code;
  const state = code === 'ENOENT' ? 'missing' : isAccessDenied(error) ? 'access-denied' : 'error';
  const message =
    state === 'missing'
      ? `${location.path} does not exist.`
      : state === 'access-denied'
        ? `${location.path}: access denied. Run WER Explorer as administrator to read this log.`
        : `${location.path} could not be read: ${describeFsError(error)}.`;
  return { status: { ...location, state, message, reportCount: 0 }, records: [], stamp: null };
}

/**
 * Reads an event log's crash records (a saved file, or a live log via wevtutil). Never throws: a missing or unreadable file is a store
 * status that says so; damaged chunks are counted in the status message and the rest is kept.
 */
export async function readEventLogLocation(location: StoreLocation, live: LiveLogOptions = {}): Promise<EventLogListing> {
  if (liveLogOf(location) !== null || location.path.trim().toLowerCase().startsWith(LIVE_PREFIX)) return readLiveLogLocation(location, live);
  const path = resolve(location.path);
  const stamp = logStamp(path);
  try {
    // Opening says what a status needs (missing, access denied) before the reader does.
    closeSync(openSync(path, 'r'));
  } catch (e) {
    return failed(location, e);
  }
  const read = await readCrashEventLog(path);
  if (!read.ok) return { status: { ...location, state: 'error', message: `${location.path} could not be read: ${read.error}`, reportCount: 0 }, records: [], stamp };
  const records = logRecords(read.value.events, { file: path, channel: null });
  const problems = read.value.problems;
  const message =
    problems.length === 0
      ? null
      : `${location.path}: ${problems.length} damaged part(s) of the log were skipped (first: ${problems[0]?.message ?? 'unknown'}); the readable events are listed.`;
  return { status: { ...location, state: 'ok', message, reportCount: records.length }, records, stamp };
}
