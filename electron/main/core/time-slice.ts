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
    await new Promise<void>((resolve) => (restMs > 0 ? setTimeout(resolve, restMs) : setImmediate(resolve)));
    sliceStart = performance.now();
  };
}

/**
 * A slicer for work nobody waits on while requests are served (comparing the stamps of a
 * collector's 300,000 folders after a start, when no scan worker takes them): it works at most
 * half the time.
 */
export function backgroundSlicer(): () => Promise<void> {
  return timeSlicer(8, 8);
}
