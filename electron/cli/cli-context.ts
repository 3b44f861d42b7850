import { homedir } from 'node:os';
import { join } from 'node:path';
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

/**
 * Where the CLI keeps state (the forwarding outbox): %APPDATA%\\wer-explorer on Windows,
 * $XDG_CONFIG_HOME/wer-explorer or ~/.config/wer-explorer elsewhere.
 */
export function cliDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'wer-explorer');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'wer-explorer');
}
