/**
 * The event log locations of a live library, read at start and then followed: a saved `.evtx` file
 * is read again when it changes (its size or time, checked on a timer), a live Windows log is
 * polled for events after the last one read (LiveLogFollower). What changed is handed to the
 * library as changes of source records plus a store status.
 */
import { resolve } from 'node:path';
import type { WerReport } from '../../../../shared/report-model';
import type { StoreLocation, StoreStatus } from '../../../../shared/store-model';
import type { CrashEvent } from '../eventlog/crash-event-model';
import { LiveLogFollower } from '../eventlog/live-follower';
import { LIVE_MAX_EVENTS } from '../eventlog/live-log';
import {
  type EventLogListing, type LogStamp, liveLogOf, liveLogRecords, logStamp, readEventLogLocation, readLiveLogLocation,
} from '../store/event-log-store';
import { recordKey, type SourceChange } from './merged-view';

interface LogState {
  stamp: LogStamp | null;
  keys: readonly string[];
  /** A live log's events so far (its records are made from all of them: a 1001 joins its 1000). */
  events: readonly CrashEvent[];
  lastRecordId: number | null;
}

/** What the library hears from its event logs. */
export interface EventLogListener {
  readonly onChanges: (changes: readonly SourceChange[]) => void;
  readonly onStatus: (location: StoreLocation, status: StoreStatus) => void;
}

export class EventLogLocations {
  private readonly state = new Map<string, LogState>();
  private timer: NodeJS.Timeout | null = null;
  private checking = false;
  private readonly followers: LiveLogFollower[] = [];

  constructor(
    readonly locations: readonly StoreLocation[],
    private readonly listener: EventLogListener,
  ) {}

  /** Reads every log once; returns their records (no changes are announced). */
  async start(): Promise<WerReport[]> {
    const records: WerReport[] = [];
    for (const location of this.locations) {
      const listing = liveLogOf(location) ? await readLiveLogLocation(location) : { ...(await readEventLogLocation(location)), events: [], lastRecordId: null };
      this.remember(location, listing, listing.events, listing.lastRecordId);
      this.listener.onStatus(location, listing.status);
      records.push(...listing.records);
    }
    return records;
  }

  /** Checks the saved logs' stamps every `intervalMs` (re-reading a changed one) and follows the live logs that could be read. */
  watch(intervalMs: number): void {
    if (this.timer || this.followers.length > 0) return;
    const files = this.locations.filter((l) => liveLogOf(l) === null);
    if (files.length > 0) this.timer = setInterval(() => void this.check(), intervalMs);
    for (const location of this.locations) {
      const log = liveLogOf(location);
      const state = this.state.get(location.path);
      if (log === null || !state || state.stamp === null) continue;
      const follower = new LiveLogFollower({
        logs: [log],
        after: state.lastRecordId === null ? {} : { [log]: state.lastRecordId },
        intervalMs,
        onEvents: (events) => this.onLiveEvents(location, events),
        onProblem: (message) => this.listener.onStatus(location, { ...location, state: 'error', message, reportCount: state.keys.length }),
      });
      follower.start();
      this.followers.push(follower);
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all(this.followers.splice(0).map((f) => f.close()));
  }

  /** New events of a live log: its records are made again from all its events, and what changed is handed on. */
  private onLiveEvents(location: StoreLocation, events: readonly CrashEvent[]): void {
    const log = liveLogOf(location);
    const state = this.state.get(location.path);
    if (log === null || !state || events.length === 0) return;
    const all = [...state.events, ...events].slice(-LIVE_MAX_EVENTS);
    const records = liveLogRecords(all, log);
    const changes = this.changesTo(state.keys, records);
    state.events = all;
    state.keys = records.map(recordKey);
    this.listener.onStatus(location, { ...location, state: 'ok', message: null, reportCount: records.length });
    if (changes.length > 0) this.listener.onChanges(changes);
  }

  /** Every record set, and the keys no longer among them gone. */
  private changesTo(before: readonly string[], records: readonly WerReport[]): SourceChange[] {
    const changes: SourceChange[] = records.map((r) => ({ key: recordKey(r), record: r }));
    const now = new Set(changes.map((c) => c.key));
    for (const key of before) if (!now.has(key)) changes.push({ key, record: null });
    return changes;
  }

  private async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      for (const location of this.locations) {
        if (liveLogOf(location) !== null) continue;
        const before = this.state.get(location.path);
        const stamp = logStamp(resolve(location.path));
        if (before && sameLogStamp(before.stamp, stamp)) continue;
        const listing = await readEventLogLocation(location);
        if (!this.timer) return; // closed meanwhile
        const changes = this.changesTo(before?.keys ?? [], listing.records);
        this.remember(location, listing, [], null);
        this.listener.onStatus(location, listing.status);
        if (changes.length > 0) this.listener.onChanges(changes);
      }
    } finally {
      this.checking = false;
    }
  }

  private remember(location: StoreLocation, listing: EventLogListing, events: readonly CrashEvent[], lastRecordId: number | null): void {
    // A live log that read has no file stamp: a non-null one marks it as followable.
    const stamp = liveLogOf(location) !== null ? (listing.status.state === 'ok' ? { size: 0, mtimeMs: 0 } : null) : listing.stamp;
    this.state.set(location.path, { stamp, keys: listing.records.map(recordKey), events, lastRecordId });
  }
}

function sameLogStamp(a: LogStamp | null, b: LogStamp | null): boolean {
  return a === b || (a !== null && b !== null && a.size === b.size && a.mtimeMs === b.mtimeMs);
}
