/**
 * The one contract between the UI and the app (architecture.md §2). The renderer talks to a
 * WerApi only: `window.wer` in Electron (preload → IPC), an HTTP client in browser mode.
 */
import type { WerReport } from './report-model';
import type { Result } from './result';
import type { StoreStatus } from './store-model';

/** All reports the app currently knows, with how each store location read. */
export interface ReportsSnapshot {
  readonly reports: readonly WerReport[];
  readonly stores: readonly StoreStatus[];
}

/** What the renderer can ask of the app. Every call resolves; expected failures are Results. */
export interface WerApi {
  /** Reads every configured store and returns its reports. */
  readonly listReports: () => Promise<Result<ReportsSnapshot>>;
}

/** IPC channel of each WerApi call, named `domain:action`. */
export const IPC_CHANNELS = {
  listReports: 'reports:list',
} as const satisfies Record<keyof WerApi, string>;
