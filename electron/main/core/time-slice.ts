/**
 * Lets a long synchronous loop share the event loop: call the returned function between items;
 * once `sliceMs` have passed since the last pause it waits for one turn of the event loop (or,
 * with `restMs`, that long), so IPC, watchers and timers keep running during a scan of thousands
 * of reports.
 */
export function timeSlicer(sliceMs = 8, restMs = 0): () => Promise<void> {
  let sliceStart = performance.now();
  return async () => {
    if (performance.now() - sliceStart < sliceMs) return;
    await rest(restMs);
    sliceStart = performance.now();
  };
}

function rest(ms: number): Promise<void> {
  return new Promise<void>((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));
}

/** How long background work keeps giving way after a request: a page load or a typed word is a burst of them. */
export const GIVE_WAY_MS = 1000;
/** Background work's slice, and its rest between slices while it gives way (a quarter of the CPU). */
const BACKGROUND_SLICE_MS = 8;
const GIVING_WAY_REST_MS = 24;

/** When the app was last asked for something (see noteRequest). */
let lastRequestAt = Number.NEGATIVE_INFINITY;

/** Marks a request (a page, a file or an API call, over HTTP or IPC): background work gives way for a moment. */
export function noteRequest(): void {
  lastRequestAt = performance.now();
}

/**
 * A slicer for work nobody waits on while requests are served (saving the cache and the query
 * index, comparing a store after a start, preparing the Problems view): slices of 8 ms with one
 * turn of the event loop between them, but a rest of 24 ms between them (a quarter of the CPU)
 * within a second of a request, so a page load or a search has the machine. (Always half the
 * time before: a page load right after a start still shared the 2 cores with the cache save.)
 */
export function backgroundSlicer(): () => Promise<void> {
  let sliceStart = performance.now();
  return async () => {
    const now = performance.now();
    if (now - sliceStart < BACKGROUND_SLICE_MS) return;
    await rest(now - lastRequestAt < GIVE_WAY_MS ? GIVING_WAY_REST_MS : 0);
    sliceStart = performance.now();
  };
}
