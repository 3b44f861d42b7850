/**
 * How far V8 lets the heap grow past what survived its last full collection. By default it
 * allows up to four times as much when a program allocates fast, which is what a scan of a
 * collector's share does while keeping little alive: `scan --group` over 1,000,000 reports kept
 * ~0.4 GB alive yet grew its heap to 1.4 GB between collections (peak RSS 2.0 GB); at half as
 * much again the same scan peaked at 1.18 GB. Not for the app or `serve`: their library keeps far
 * more alive, so collections come much more often for the same work (a cold start over 300,000
 * reports took ~48 s instead of ~40 s) and their peak did not move (~0.8 GB).
 * `--heap-growing-percent` is read at every collection, so setting it when a scan begins holds.
 */
import { setFlagsFromString } from 'node:v8';

/** The heap may grow this many percent past the live size before the next full collection. */
export const HEAP_GROWING_PERCENT = 50;

/** Called when a batch command that reads every report (scan) begins. */
export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
