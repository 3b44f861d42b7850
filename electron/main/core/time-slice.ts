/**
 * Lets a long synchronous loop share the event loop: call the returned function between items;
 * once `sliceMs` have passed since the last pause it waits for one turn of the event loop, so
 * IPC, watchers and timers keep running during a scan of thousands of reports.
 */
export function timeSlicer(sliceMs = 8): () => Promise<void> {
  let sliceStart = performance.now();
  return async () => {
    if (performance.now() - sliceStart < sliceMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStart = performance.now();
  };
}
