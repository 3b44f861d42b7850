import { existsSync } from 'node:fs';
import { type ReadHelpers, readHelpers, useReadHelpers } from '../../electron/main/core/store/parallel-read';
import { BUILT } from '../support/built';

/** Lets scans use the built worker threads as the app and the CLI do; says so when the build is missing. */
export function useBuiltScanWorker(log: (line: string) => void, name: string): ReadHelpers | null {
  if (existsSync(BUILT.scanWorker)) useReadHelpers(BUILT.scanWorker);
  else log(`${name}: ${BUILT.scanWorker} is missing (run npm run build first): reading on the main thread only`);
  return readHelpers();
}

/** How a bench reads: `main thread + 1 worker` or `main thread only`. */
export function threadsLabel(helpers: ReadHelpers | null): string {
  return helpers ? `main thread + ${helpers.count} worker${helpers.count === 1 ? '' : 's'}` : 'main thread only';
}
