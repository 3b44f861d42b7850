/**
 * The one contract between the UI and the app (architecture.md §2). The renderer talks to a
 * WerApi only: `window.wer` in Electron (preload → IPC), an HTTP client in browser mode. Both
 * transports are generic over WER_METHODS, so adding a call means: its type here, its payload
 * check in wer-api-validate.ts, its implementation in the core's WerService.
 */
import type { DoctorOutcome, RegData } from './doctor-model';
import type { BundleManifest, BundleOptions, BundlePlan } from './export-model';
import type { ForwardResult } from './cer-model';
import type { History } from './history';
import type { LibraryEvent } from './library-model';
import type { HistoryRequest, MatchingIdsResult, ProblemsRequest, ProblemsResult, QueryFilter, QueryRequest, QueryResult } from './query-model';
import type { ReportDetail } from './report-detail';
import type { WerReport } from './report-model';
import type { Result } from './result';
import type { AppSettings, SettingsPatch } from './settings-model';
import type { StoreStatus } from './store-model';
import type { SymbolCacheCleared, SymbolSetup, SymbolSetupDraft } from './symbol-setup-model';
import type { SymbolizedThreadStack } from './symbol-model';
import type { TriagePatch, TriageState } from './triage-model';

/** All reports the app currently knows, with how each store location read. */
export interface ReportsSnapshot {
  readonly reports: readonly WerReport[];
  readonly stores: readonly StoreStatus[];
}

/** The library at a glance: its store locations and its size (the list itself is queried in pages). */
export interface LibraryStatus {
  readonly stores: readonly StoreStatus[];
  readonly total: number;
}

/** Which shell the UI runs in, and what that shell can do. */
export interface AppInfo {
  readonly mode: 'desktop' | 'browser';
  readonly version: string;
  /** `process.platform` of the machine that reads the stores. */
  readonly platform: string;
  /** Whether folders and dumps can be opened in the OS (desktop only). */
  readonly canOpenPaths: boolean;
  /** True when running elevated (Windows administrator), null when unknown. */
  readonly elevated: boolean | null;
}

/** Formats of a list export. */
export type ListFormat = 'csv' | 'json' | 'html';

/** A list export made in the app; the UI saves it as a file. */
export interface ListExport {
  readonly fileName: string;
  readonly mimeType: string;
  readonly text: string;
}

/** A ticket bundle for some reports. `taskId` (from the UI) tags progress events and cancel. */
export interface BundleRequest {
  readonly taskId: string;
  readonly reportIds: readonly string[];
  readonly options: Omit<BundleOptions, 'knownValues' | 'toolVersion'>;
}

/** How an export ended. In browser mode the bundle is offered as a one-time download. */
export type BundleOutcome =
  | { readonly kind: 'saved'; readonly file: string; readonly zipBytes: number; readonly manifest: BundleManifest }
  | { readonly kind: 'download'; readonly url: string; readonly fileName: string; readonly zipBytes: number; readonly manifest: BundleManifest }
  | { readonly kind: 'cancelled' };

/** Forward reports to a CER server (the settings' server when `server` is absent). */
export interface ForwardRequest {
  readonly taskId: string;
  readonly reportIds: readonly string[];
  readonly server?: string;
}

/** Progress of a long task (bundle export, forwarding). */
export interface TaskProgress {
  readonly kind: 'task';
  readonly taskId: string;
  readonly done: number;
  readonly total: number;
  /** What is being worked on, one short line. */
  readonly label: string;
  /** For forwarding: the result that just changed. */
  readonly forward?: ForwardResult;
}

/**
 * What "Enable full dumps for this app" did: the LocalDumps key's values before and after (null:
 * no key), or `cancelled` when the user declined the elevation (UAC) prompt.
 */
export type FullDumpsOutcome =
  | {
      readonly kind: 'done';
      readonly key: string;
      readonly changed: boolean;
      readonly before: Readonly<Record<string, RegData>> | null;
      readonly after: Readonly<Record<string, RegData>> | null;
    }
  | { readonly kind: 'cancelled' };

/** A menu or tray command the desktop shell hands to the UI. */
export type UiCommand = 'refresh' | 'export-bundle' | 'export-list' | 'find' | 'settings' | 'show-reports' | 'show-problems' | 'show-history';

/** Everything the app pushes to the UI. */
export type WerEvent =
  | LibraryEvent
  | TaskProgress
  /** The store list changed: the UI reads every report again. */
  | { readonly kind: 'reset' }
  | { readonly kind: 'command'; readonly command: UiCommand }
  /** The report the user clicked in a notification. */
  | { readonly kind: 'reveal'; readonly reportId: string };

/** The request/response calls; every call resolves, expected failures are Results. */
export interface WerCalls {
  readonly info: () => Promise<Result<AppInfo>>;
  /** Every report the app knows, with how each store location reads (small libraries; the list view asks for pages with queryReports). */
  readonly listReports: () => Promise<Result<ReportsSnapshot>>;
  /** One page of the report list (filter, sort, offset, limit), its total and the facet counts, computed where the reports are. */
  readonly queryReports: (request: QueryRequest) => Promise<Result<QueryResult>>;
  /** The problems of the reports a filter lets through (untriaged: the page applies triage). */
  readonly queryProblems: (request: ProblemsRequest) => Promise<Result<ProblemsResult>>;
  /** The history chart's buckets of the reports a filter lets through. */
  readonly queryHistory: (request: HistoryRequest) => Promise<Result<History>>;
  /** The ids of the reports a filter lets through, newest first, at most `limit` (export and forward take them). */
  readonly matchingReportIds: (filter: QueryFilter, limit: number, utcOffsetMinutes?: number) => Promise<Result<MatchingIdsResult>>;
  /** How each store location reads now, and how many reports the library holds. */
  readonly libraryStatus: () => Promise<Result<LibraryStatus>>;
  /** One report with everything parsed: Report.wer, metadata, attachments, minidump summary. */
  readonly getReport: (id: string) => Promise<Result<ReportDetail>>;
  readonly getTriage: () => Promise<Result<TriageState>>;
  readonly setTriage: (key: string, patch: TriagePatch) => Promise<Result<TriageState>>;
  /** Records that the user has looked at the problem list now. */
  readonly markVisited: () => Promise<Result<TriageState>>;
  readonly getSettings: () => Promise<Result<AppSettings>>;
  readonly updateSettings: (patch: SettingsPatch) => Promise<Result<AppSettings>>;
  /**
   * The effective symbol path (environment, setting, Microsoft toggle) with its problems, and the
   * symbol cache with its size. With a draft: as it would be with those symbol settings (not saved).
   */
  readonly symbolSetup: (draft?: SymbolSetupDraft) => Promise<Result<SymbolSetup>>;
  /** Empties the saved symbol cache folder of what a symbol cache holds; other files stay. */
  readonly clearSymbolCache: () => Promise<Result<SymbolCacheCleared>>;
  /** One thread of the report's minidump, walked and named like the crashing thread (on request: the detail shows other threads when clicked). */
  readonly getThreadStack: (reportId: string, threadId: number) => Promise<Result<SymbolizedThreadStack>>;
  /** Opens a source file of a stack frame in VS Code (`vscode://file/PATH:LINE`) when it exists on this machine (desktop only). */
  readonly openInEditor: (file: string, line: number | null) => Promise<Result<void>>;
  /** Opens the report's folder in the file manager (desktop only). */
  readonly openReportFolder: (id: string) => Promise<Result<void>>;
  /** Opens the report's dump in the program registered for .dmp/.mdmp (desktop only). */
  readonly openDump: (id: string) => Promise<Result<void>>;
  /** Asks for a folder (store or report) and adds it to the extra stores (desktop only). */
  readonly addFolder: () => Promise<Result<AppSettings | null>>;
  /** What a bundle would hold: the review step. */
  readonly planBundle: (request: BundleRequest) => Promise<Result<BundlePlan>>;
  readonly exportBundle: (request: BundleRequest) => Promise<Result<BundleOutcome>>;
  readonly exportList: (format: ListFormat, reportIds: readonly string[]) => Promise<Result<ListExport>>;
  readonly forwardReports: (request: ForwardRequest) => Promise<Result<readonly ForwardResult[]>>;
  /** Every recorded forwarding result (one per report and server: sent, queued or failed). */
  readonly forwardStatus: () => Promise<Result<readonly ForwardResult[]>>;
  /** Stops a running export or forward. */
  readonly cancelTask: (taskId: string) => Promise<Result<void>>;
  /** The WER settings doctor over the live registry (Windows), or why it cannot run here. */
  readonly runDoctor: () => Promise<Result<DoctorOutcome>>;
  /**
   * Writes LocalDumps\APP.exe DumpType=2 under HKLM (Windows only, asking for elevation when the
   * app is not elevated), so the app's next crash leaves a full dump in %LOCALAPPDATA%\CrashDumps.
   */
  readonly enableFullDumps: (app: string) => Promise<Result<FullDumpsOutcome>>;
}

/** What the renderer can ask of the app, plus the event stream. */
export interface WerApi extends WerCalls {
  /** Listens to app events (library changes, task progress, menu commands); returns the unsubscribe. */
  readonly subscribe: (listener: (event: WerEvent) => void) => () => void;
  /**
   * The local path of a file dropped on the window (a DOM `File`), desktop only: the page itself
   * cannot see paths. Absent in browser mode.
   */
  readonly pathForFile?: (file: unknown) => string | null;
}

/** Name of a call. */
export type WerMethod = keyof WerCalls;

/** IPC channel of each call, named `domain:action` (also the browser-mode route `/api/call/<method>`). */
export const IPC_CHANNELS = {
  info: 'app:info',
  listReports: 'reports:list',
  queryReports: 'reports:query',
  queryProblems: 'reports:problems',
  queryHistory: 'reports:history',
  matchingReportIds: 'reports:matching-ids',
  libraryStatus: 'reports:status',
  getReport: 'reports:get',
  getTriage: 'triage:get',
  setTriage: 'triage:set',
  markVisited: 'triage:visited',
  getSettings: 'settings:get',
  updateSettings: 'settings:update',
  symbolSetup: 'symbols:setup',
  clearSymbolCache: 'symbols:clear-cache',
  getThreadStack: 'symbols:thread-stack',
  openInEditor: 'shell:open-in-editor',
  openReportFolder: 'shell:open-folder',
  openDump: 'shell:open-dump',
  addFolder: 'stores:add-folder',
  planBundle: 'export:plan',
  exportBundle: 'export:bundle',
  exportList: 'export:list',
  forwardReports: 'forward:send',
  forwardStatus: 'forward:status',
  cancelTask: 'task:cancel',
  runDoctor: 'doctor:run',
  enableFullDumps: 'doctor:enable-full-dumps',
} as const satisfies Record<WerMethod, string>;

/** Every call name, in a stable order. */
export const WER_METHODS = Object.keys(IPC_CHANNELS) as readonly WerMethod[];

/** IPC channel of the events sent from the main process to the window. */
export const IPC_EVENTS = {
  appEvent: 'app:event',
} as const;
