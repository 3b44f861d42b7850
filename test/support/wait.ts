/** Polls `predicate` until it holds, or fails after `timeoutMs` with `what`; resolves with the time it took. */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<number> {
  const start = performance.now();
  while (!predicate()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return performance.now() - start;
}

/** Waits a fixed time (to prove that nothing more happens). */
export function settle(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
