/**
 * The one contract between the UI and the app (architecture.md §2). The renderer talks to a
 * WerApi only: `window.wer` in Electron (preload → IPC), an HTTP client in browser mode.
 */
import type { LibraryEvent } from './library-model';
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
  /** Every report the app knows, with how each store location reads. */
  readonly listReports: () => Promise<Result<ReportsSnapshot>>;
  /** Listens to library changes (new, updated, removed reports; store status); returns the unsubscribe. */
  readonly subscribe: (listener: (event: LibraryEvent) => void) => () => void;
}

/** IPC channel of each WerApi request, named `domain:action`. */
export const IPC_CHANNELS = {
  listReports: 'reports:list',
} as const satisfies Record<Exclude<keyof WerApi, 'subscribe'>, string>;

/** IPC channels of events sent from the main process to the window. */
export const IPC_EVENTS = {
  libraryEvent: 'reports:changed',
} as const;
