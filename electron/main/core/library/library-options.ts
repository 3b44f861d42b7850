/** How a ReportLibrary is built: its stores, cache, watching and timings. */
import type { StoreLocation } from '../../../../shared/store-model';
import type { SpillOptions } from './report-spill';
import type { WatchFactory } from './watch-factory';

/** Timings of the live library; tests shorten them. */
export interface LibraryTiming {
  /** Quiet time after the last file event of a folder before it is read (WER writes in bursts). */
  readonly debounceMs: number;
  /** How long a vanished folder waits before it leaves the index (a queue → archive move). */
  readonly removeGraceMs: number;
  /** Waits before re-reading a Report.wer that is still being written. */
  readonly retryDelaysMs: readonly number[];
  /** How often each store's root is checked (gone, back, access denied). */
  readonly healthIntervalMs: number;
  /** Quiet time after the last change before the cache is written (see save-pacing.ts). */
  readonly cacheSaveDelayMs: number;
  /** The longest a change waits to be written while more changes keep coming. */
  readonly cacheMaxWaitMs: number;
  /** How often the folders of light-watched (very large) stores are checked for changed files. */
  readonly sweepIntervalMs: number;
  /**
   * How long after the start a large store started from its cache unlisted waits before it is
   * compared with the disk: seconds of listing and stat calls that the first requests (a page
   * loading) should not wait behind. Folders added or removed meanwhile are seen by the watch.
   */
  readonly verifyDelayMs: number;
}

/** Defaults: a new report shows within ~0.2 s of its Report.wer being complete. */
export const DEFAULT_TIMING: LibraryTiming = {
  debounceMs: 100,
  removeGraceMs: 500,
  retryDelaysMs: [100, 200, 400, 800, 1600],
  healthIntervalMs: 2000,
  cacheSaveDelayMs: 3000,
  cacheMaxWaitMs: 60_000,
  sweepIntervalMs: 5000,
  verifyDelayMs: 5000,
};

/** How to build a library. */
export interface LibraryOptions {
  readonly locations: readonly StoreLocation[];
  /** Where the report cache lives (the app's data folder); no cache when absent. */
  readonly cacheFile?: string;
  /** Watcher factory; false = no live watching (one scan only). */
  readonly watch?: WatchFactory | false;
  readonly timing?: Partial<LibraryTiming>;
  /** Stores with more report folders than this are watched light (default LIGHT_WATCH_FOLDERS). */
  readonly lightWatchAbove?: number;
  /** When a start sets the reports it reads aside on disk (default DEFAULT_SPILL; false: never; see report-spill.ts). */
  readonly spill?: SpillOptions | false;
}

/** Figures about the last start, for the bench and the UI's status line. */
export interface StartInfo {
  readonly reports: number;
  readonly parsed: number;
  readonly fromCache: number;
  readonly cacheDiscarded: string | null;
}
