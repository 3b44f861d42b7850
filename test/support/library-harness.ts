import type { LibraryEvent } from '../../shared/library-model';
import { ReportLibrary, type LibraryOptions, type LibraryTiming } from '../../electron/main/core/library/report-library';

/** Short timings so live-library tests run in well under a second per change. */
export const FAST_TIMING: LibraryTiming = {
  debounceMs: 40,
  removeGraceMs: 250,
  retryDelaysMs: [50, 100, 200, 400, 800],
  healthIntervalMs: 150,
  cacheSaveDelayMs: 50,
  cacheMaxWaitMs: 500,
  sweepIntervalMs: 150,
  verifyDelayMs: 0,
};

/** A started library with every event it emitted recorded. */
export async function startLibrary(options: Omit<LibraryOptions, 'timing'> & { timing?: Partial<LibraryTiming> }) {
  const library = new ReportLibrary({ ...options, timing: { ...FAST_TIMING, ...options.timing } });
  const events: LibraryEvent[] = [];
  library.subscribe((e) => events.push(e));
  const info = await library.start();
  await library.whenWatching();
  return { library, events, info };
}
