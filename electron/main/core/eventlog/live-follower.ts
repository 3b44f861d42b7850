/**
 * Follows the live logs: every few seconds asks wevtutil for crash events with an EventRecordID
 * above the last one seen (oldest first, so a burst is read whole over several pages and none is
 * lost), and hands new ones to a callback. Runs never overlap; a failure is reported once and the
 * polling goes on; close() stops it and waits for a run in progress.
 */
import type { CrashEvent } from './crash-event-model';
import { LIVE_LOG_NOT_WINDOWS, LIVE_PAGE_SIZE, queryLivePage, readLogInfo, recordIdsOf } from './live-log';
import { logLabel, realRunWevtutil, wevtutilPath, type LiveLogName, type RunWevtutil } from './live-wevtutil';

/** Time between polls by default: "within a few seconds", at one wevtutil run per log and poll. */
export const LIVE_FOLLOW_INTERVAL_MS = 3000;
/** Pages read per log in one poll at most; the rest of a huge burst comes with the next poll. */
const MAX_PAGES_PER_POLL = 10;
/** Quiet polls between two looks at the log's information (`gli`), which shows a cleared log. */
const LOG_INFO_EVERY = 10;

/** What to follow and whom to tell. */
export interface LiveLogFollowerOptions {
  readonly logs?: readonly LiveLogName[];
  /**
   * Per log, the last EventRecordID already known (readLiveCrashEvents' `lastRecordIds`). A log
   * without one starts at its newest crash event: only events after the start are reported.
   */
  readonly after?: Readonly<Partial<Record<LiveLogName, number>>>;
  readonly intervalMs?: number;
  readonly pageSize?: number;
  /** Off Windows there is nothing to follow: start() reports that once and does not poll. */
  readonly platform?: NodeJS.Platform;
  readonly run?: RunWevtutil;
  /** The wevtutil path named in messages (the real runner's program). */
  readonly exe?: string;
  /** New crash events of one log, oldest first. */
  readonly onEvents: (events: readonly CrashEvent[], log: LiveLogName) => void;
  /** A failure (once until the log reads again) or a problem with what was read. */
  readonly onProblem?: (message: string, log: LiveLogName) => void;
}

/** Polls the live logs for new crash events until closed. Create it, then call start(). */
export class LiveLogFollower {
  private readonly logs: readonly LiveLogName[];
  private readonly after = new Map<LiveLogName, number>();
  private readonly reported = new Map<LiveLogName, string>();
  /** Quiet polls per log since its information was last read (absent: never read). */
  private readonly quiet = new Map<LiveLogName, number>();
  private readonly run: RunWevtutil;
  private readonly exe: string;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private closed = false;
  private started = false;

  constructor(private readonly options: LiveLogFollowerOptions) {
    this.logs = options.logs ?? ['Application', 'System'];
    for (const log of this.logs) {
      const id = options.after?.[log];
      if (id !== undefined) this.after.set(log, id);
    }
    this.exe = options.exe ?? wevtutilPath();
    this.run = options.run ?? realRunWevtutil(this.exe);
  }

  /** Starts polling: the first poll runs at once, the next ones `intervalMs` after each ends. */
  start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    if ((this.options.platform ?? process.platform) !== 'win32') {
      for (const log of this.logs) this.options.onProblem?.(LIVE_LOG_NOT_WINDOWS, log);
      return;
    }
    this.schedule(0);
  }

  /** The last EventRecordID seen per log (where a new follower would resume). */
  lastRecordIds(): Readonly<Partial<Record<LiveLogName, number>>> {
    return Object.fromEntries(this.after);
  }

  /** Stops polling; resolves once a poll in progress has ended. No callback is made afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      // poll() reports its own failures; only an onProblem that throws could reject, and it
      // cannot be told about itself: the following goes on.
      this.running = this.poll().catch(() => undefined).finally(() => {
        this.running = null;
        this.schedule(this.options.intervalMs ?? LIVE_FOLLOW_INTERVAL_MS);
      });
    }, ms);
  }

  private async poll(): Promise<void> {
    for (const log of this.logs) {
      if (this.closed) return;
      try {
        await this.pollLog(log);
      } catch (e) {
        // A callback that threw, or a bug: report it like a failed run and keep following.
        this.fail(log, `${logLabel(log)}: following it failed once (${(e as Error).message}); it goes on.`);
      }
    }
  }

  private async pollLog(log: LiveLogName): Promise<void> {
    const pageSize = Math.max(1, this.options.pageSize ?? LIVE_PAGE_SIZE);
    for (let pages = 0; pages < MAX_PAGES_PER_POLL; pages++) {
      const after = this.after.get(log);
      // Without a start: the newest crash event is the start, and it is not reported.
      const query = after === undefined ? { log, newestFirst: true, count: 1 } : { log, after, newestFirst: false, count: pageSize };
      const page = await queryLivePage(query, this.run, this.exe);
      if (this.closed) return;
      if (!page.ok) return this.fail(log, page.error.message);
      if (page.value.blank && pages === 0) {
        if (!(await this.logStillThere(log))) return;
        // A cleared log was found: the next poll starts over from its oldest record.
        if (this.after.get(log) !== after) return;
      }
      this.reported.delete(log);
      for (const problem of page.value.problems) this.options.onProblem?.(problem, log);
      const ids = recordIdsOf(page.value.records);
      const newest = Math.max(after ?? 0, ...ids);
      this.after.set(log, newest);
      if (after === undefined) return;
      // Guard against a wevtutil that ignores the bound: only ids above the last one are new.
      const fresh = page.value.events.filter((e) => e.recordId > after).sort((a, b) => a.recordId - b.recordId);
      if (fresh.length > 0) this.options.onEvents(fresh, log);
      const full = page.value.truncated || page.value.records.length >= pageSize;
      if (!full || newest === after) return;
    }
    this.options.onProblem?.(`${logLabel(log)}: more new events than ${MAX_PAGES_PER_POLL} pages hold; the rest follow with the next poll.`, log);
  }

  /**
   * After a quiet poll, now and then: is this a working wevtutil (Wine's prints nothing, not even
   * `gli`), and was the log cleared? When the log's newest record id is below the last one seen,
   * its records were numbered afresh (cleared, or replaced): start over from its oldest record.
   * False after a failure.
   */
  private async logStillThere(log: LiveLogName): Promise<boolean> {
    const quiet = this.quiet.get(log);
    if (quiet !== undefined && quiet + 1 < LOG_INFO_EVERY) {
      this.quiet.set(log, quiet + 1);
      return true;
    }
    const info = await readLogInfo(log, this.run, this.exe);
    if (this.closed) return false;
    if (!info.ok) {
      this.fail(log, info.error.message);
      return false;
    }
    this.quiet.set(log, 0);
    const after = this.after.get(log);
    const newest = info.value.oldestRecordNumber + info.value.numberOfLogRecords - 1;
    if (after !== undefined && info.value.numberOfLogRecords > 0 && newest < after) {
      this.after.set(log, Math.max(0, info.value.oldestRecordNumber - 1));
      this.options.onProblem?.(`${logLabel(log)} was cleared: following it from its oldest record again.`, log);
    }
    return true;
  }

  /** Reports a failure once until the log reads again. */
  private fail(log: LiveLogName, message: string): void {
    if (this.reported.get(log) === message) return;
    this.reported.set(log, message);
    this.options.onProblem?.(message, log);
  }
}
