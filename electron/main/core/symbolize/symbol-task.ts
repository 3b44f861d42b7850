/**
 * Symbol downloads while a report's detail opens, as a task the UI can follow and stop: each
 * download's progress becomes a TaskProgress event, and cancelling stops every lookup still
 * running (the detail then opens with the symbols found so far).
 */
import type { TaskProgress } from '../../../../shared/wer-api';
import type { SymbolProgress } from '../symbols/locator-types';
import type { SymbolLocator } from '../symbols/symbol-locator';

/** A locator whose lookups also stop when `signal` aborts (besides their own signal). */
export function cancellableLocator(locator: SymbolLocator, signal: AbortSignal): SymbolLocator {
  const merged = (own: AbortSignal | undefined): AbortSignal => (own ? AbortSignal.any([own, signal]) : signal);
  return {
    locatePdb: (query, call = {}) => locator.locatePdb(query, { ...call, signal: merged(call.signal) }),
    locateImage: (query, call = {}) => locator.locateImage(query, { ...call, signal: merged(call.signal) }),
    close: () => locator.close(),
  };
}

/** A download's progress as a task event: bytes so far of the announced size (0: unknown). */
export function symbolProgressEvent(taskId: string, progress: SymbolProgress): TaskProgress {
  return { kind: 'task', taskId, done: progress.bytes, total: progress.total ?? 0, label: `Downloading ${progress.file}` };
}
