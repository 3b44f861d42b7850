import type { StoreLocation } from '../../shared/store-model';
import { defaultLocations } from '../main/core/store/default-locations';

/** What CLI commands get from their environment; tests pass their own. */
export interface CliContext {
  /** The stores to read when no PATH is given. */
  readonly defaultLocations: () => Promise<StoreLocation[]>;
  /** Aborted on Ctrl+C: long-running commands (watch, collect) stop cleanly. */
  readonly signal?: AbortSignal;
}

/** The real environment: this machine's WER stores, or the bundled sample store off Windows. */
export function realCliContext(signal?: AbortSignal): CliContext {
  return { defaultLocations: () => defaultLocations(), ...(signal ? { signal } : {}) };
}
