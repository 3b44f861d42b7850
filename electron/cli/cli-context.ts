import type { StoreLocation } from '../../shared/store-model';
import { defaultLocations } from '../main/core/store/default-locations';

/** What CLI commands get from their environment; tests pass their own. */
export interface CliContext {
  /** The stores to read when no PATH is given. */
  readonly defaultLocations: () => Promise<StoreLocation[]>;
}

/** The real environment: this machine's WER stores, or the bundled sample store off Windows. */
export function realCliContext(): CliContext {
  return { defaultLocations: () => defaultLocations() };
}
