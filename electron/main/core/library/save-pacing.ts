/**
 * When the report cache is written next. A save rewrites the whole cache (10 s of background work
 * at 300,000 reports), so a collector receiving reports all day must not save after each one:
 * saves wait for a quiet moment, but not longer than a bound while changes keep coming, and
 * never come closer together than `SAVE_PACE` times the last save's duration (cache writes take
 * at most a tenth of the time). A save that comes late costs only a slower next start: folders
 * changed since are read again then.
 */

/** A save waits at least this many times its predecessor's duration after it ended. */
export const SAVE_PACE = 9;

/** What decides the next save. Times are milliseconds (Date.now()). */
export interface SavePacing {
  readonly now: number;
  /** Quiet time wanted after the last change. */
  readonly quietMs: number;
  /** The longest changes wait while more keep coming. */
  readonly maxWaitMs: number;
  /** When the first change not yet saved was made. */
  readonly unsavedSince: number;
  /** When the last save ended and how long it took (0, 0 before the first). */
  readonly lastSaveEnd: number;
  readonly lastSaveMs: number;
}

/** The time the next save should start at. */
export function nextSaveAt(p: SavePacing): number {
  const wanted = Math.min(p.now + p.quietMs, Math.max(p.unsavedSince + p.maxWaitMs, p.now));
  return Math.max(wanted, p.lastSaveEnd + SAVE_PACE * p.lastSaveMs);
}
