/**
 * An in-memory WerApi for component tests: reports from the report factory, triage and settings
 * kept in memory, every call recorded, and `emit` to push app events as the main process would
 * (library events change the fake's reports first, as the app's library has changed when it announces).
 */
import type { ForwardResult } from '../../../shared/cer-model';
import type { DoctorOutcome } from '../../../shared/doctor-model';
import type { BundlePlan } from '../../../shared/export-model';
import type { ReportDetail } from '../../../shared/report-detail';
import type { WerReport } from '../../../shared/report-model';
import { err, ok, type Result } from '../../../shared/result';
import { applySettingsPatch, defaultSettings, type AppSettings } from '../../../shared/settings-model';
import type { StoreStatus } from '../../../shared/store-model';
import type { SymbolSetup } from '../../../shared/symbol-setup-model';
import type { SymbolizedThreadStack } from '../../../shared/symbol-model';
// Pure and DOM-free: the fake answers with the real parser's elements and problems.
import { effectiveSymbolPath } from '../../../electron/main/core/symbols/effective-symbol-path';
import { historyOf, type History } from '../../../shared/history';
import { groupProblems, problemSummary } from '../../../shared/problems';
import { MAX_QUERY_LIMIT, type HistoryRequest, type ProblemsRequest, type ProblemsResult, type QueryFilter, type QueryRequest, type QueryResult } from '../../../shared/query-model';
import { sourceKey } from '../../../shared/record-sources';
import { displayApplication } from '../../../shared/report-display';
import { compareReports } from '../../../shared/report-order';
import { applyFilter, facetValues, sortReports } from '../../support/list-rules';
import { applyTriagePatch, emptyTriageState, type TriageState } from '../../../shared/triage-model';
import type { AppInfo, BundleOutcome, FullDumpsOutcome, WerApi, WerEvent } from '../../../shared/wer-api';

/**
 * The query calls answered with the reference rules of the list (test/support/list-rules.ts:
 * applyFilter, sortReports, facetValues) and groupProblems, historyOf over the fake's reports; the
 * app's engine is checked against the same rules in test/main/core/query.
 */
function queryOver(all: readonly WerReport[]) {
  const reports = [...all].sort(compareReports);
  const matching = (filter: QueryFilter, utcOffset = 0) => applyFilter(reports, { ...filter, reportIdsLabel: null }, utcOffset);
  const facet = (filter: QueryFilter, key: 'eventTypes' | 'applications' | 'stores' | 'sources', valueOf: (r: WerReport) => string, utcOffset?: number) =>
    facetValues(matching({ ...filter, [key]: [] }, utcOffset), valueOf).filter((v) => v.count > 0);
  return {
    query(request: QueryRequest): QueryResult {
      const shown = sortReports(matching(request.filter, request.utcOffsetMinutes), request.sort);
      const offset = Math.min(request.offset, shown.length);
      return {
        rows: shown.slice(offset, offset + Math.min(request.limit, MAX_QUERY_LIMIT)),
        offset,
        total: shown.length,
        libraryTotal: reports.length,
        facets: {
          eventTypes: facet(request.filter, 'eventTypes', (r) => r.eventType ?? '', request.utcOffsetMinutes),
          applications: facet(request.filter, 'applications', displayApplication, request.utcOffsetMinutes),
          stores: facet(request.filter, 'stores', (r) => r.store, request.utcOffsetMinutes),
          sources: facet(request.filter, 'sources', sourceKey, request.utcOffsetMinutes),
        },
      };
    },
    problems(request: ProblemsRequest): ProblemsResult {
      const shown = matching(request.filter, request.utcOffsetMinutes);
      const options = {
        mode: request.mode,
        utcOffsetMinutes: request.utcOffsetMinutes,
        ...(request.lastVisit !== undefined ? { lastVisit: request.lastVisit } : {}),
        ...(request.dailyFrom !== undefined ? { dailyFrom: request.dailyFrom } : {}),
      };
      return { problems: groupProblems(shown, options).map((p) => problemSummary(p)), total: shown.length };
    },
    history(request: HistoryRequest): History {
      return historyOf(matching(request.filter, request.options.utcOffsetMinutes), request.options);
    },
    matchingIds(filter: QueryFilter, utcOffset?: number): string[] {
      return matching(filter, utcOffset).map((r) => r.id);
    },
  };
}

/** A detail with nothing parsed beyond the list fields (tests give richer ones when they need them). */
export function plainDetail(report: WerReport): ReportDetail {
  return { ...report, reportWer: null, rawText: null, encoding: null, metadata: [], memoryCsv: null, sysinfo: null, minidump: null };
}

/** What a fake API starts with. */
export interface FakeApiSeed {
  readonly reports?: readonly WerReport[];
  readonly stores?: readonly StoreStatus[];
  readonly details?: Readonly<Record<string, ReportDetail>>;
  readonly info?: Partial<AppInfo>;
  /** Makes listReports fail with this message. */
  readonly listError?: string;
  /** What planBundle answers (an error when absent). */
  readonly plan?: BundlePlan;
  /** What exportBundle and forwardReports answer. */
  readonly bundleOutcome?: BundleOutcome;
  readonly forwardResults?: readonly ForwardResult[];
  /** What forwardStatus answers (the outbox's recorded results); none by default. */
  readonly forwardStatus?: readonly ForwardResult[];
  /** The environment the symbol path reads (`_NT_SYMBOL_PATH`); empty by default. */
  readonly symbolEnv?: Readonly<Record<string, string>>;
  /** What the symbol cache holds at first; empty by default. */
  readonly symbolCache?: { readonly bytes: number; readonly files: number };
  /** What getThreadStack answers, by `reportId:threadId`; an error for any other thread. */
  readonly threadStacks?: Readonly<Record<string, Result<SymbolizedThreadStack>>>;
  /** What runDoctor answers; "unavailable" (not Windows) by default. */
  readonly doctor?: Result<DoctorOutcome>;
  /** What enableFullDumps answers; the not-Windows error by default. */
  readonly fullDumps?: Result<FullDumpsOutcome>;
}

/** The fake and its controls. */
export interface FakeApi {
  readonly api: WerApi;
  readonly calls: { method: string; args: unknown[] }[];
  readonly emit: (event: WerEvent) => void;
  reports: WerReport[];
  triage: TriageState;
  settings: AppSettings;
  symbolCache: { bytes: number; files: number };
}

const DATA_DIR = 'C:\\Users\\ada\\AppData\\Roaming\\wer-explorer';

function symbolSetup(settings: AppSettings, env: Readonly<Record<string, string>>, size: { bytes: number; files: number }): SymbolSetup {
  const defaultCacheDir = `${DATA_DIR}\\symbols`;
  const cacheDir = settings.symbolCacheDir || defaultCacheDir;
  const path = effectiveSymbolPath({ env, setting: settings.symbolPath, microsoftServer: settings.symbolMicrosoftServer });
  return {
    elements: path.elements.map((e) => ({
      origin: e.origin,
      kind: e.kind,
      text: e.text,
      store: e.kind === 'server' ? (e.store?.kind === 'http' ? e.store.url : (e.store?.dir ?? null)) : e.kind === 'folder' ? e.dir : null,
      caches: e.kind === 'server' ? e.caches.map((c) => c ?? cacheDir) : e.kind === 'cache' ? [e.dir ?? cacheDir] : [],
      network: e.kind === 'server' && e.store?.kind === 'http',
    })),
    problems: path.problems.map((p) => ({ origin: p.origin, text: p.text, message: p.message })),
    cacheDir,
    defaultCacheDir,
    cacheSize: { ...size },
    cacheError: null,
  };
}

const OK_STORE: StoreStatus = { path: 'C:\\ProgramData\\Microsoft\\Windows\\WER\\ReportArchive', scope: 'machine', label: 'Machine archive', state: 'ok', message: null, reportCount: 0 };

/** What the app's library holds after a change it announces (the fake announces it, so it makes the change too). */
function applyToLibrary(fake: FakeApi, event: WerEvent): void {
  if (event.kind === 'added' || event.kind === 'updated') {
    fake.reports = [...fake.reports.filter((r) => r.id !== event.report.id), event.report];
  } else if (event.kind === 'removed') {
    // A queue → archive move can announce the new folder before the old one's removal.
    fake.reports = fake.reports.filter((r) => r.id !== event.id || r.folder !== event.folder);
  }
}

/** Builds a fake WerApi over some reports. */
export function fakeApi(seed: FakeApiSeed = {}): FakeApi {
  const listeners = new Set<(e: WerEvent) => void>();
  const fake: FakeApi = {
    calls: [],
    emit: (event) => {
      applyToLibrary(fake, event);
      listeners.forEach((l) => l(event));
    },
    reports: [...(seed.reports ?? [])],
    triage: emptyTriageState(),
    settings: defaultSettings(),
    symbolCache: { ...(seed.symbolCache ?? { bytes: 0, files: 0 }) },
    api: undefined as unknown as WerApi,
  };
  const record = <T>(method: string, args: unknown[], value: () => Result<T>): Promise<Result<T>> => {
    fake.calls.push({ method, args });
    return Promise.resolve(value());
  };
  const find = (id: string) => fake.reports.find((r) => r.id === id);
  (fake as { api: WerApi }).api = {
    info: () => record('info', [], () => ok({ mode: 'browser', version: '0.1.0', platform: 'linux', canOpenPaths: false, elevated: null, ...seed.info })),
    listReports: () =>
      record('listReports', [], () => (seed.listError ? err(seed.listError) : ok({ reports: fake.reports, stores: seed.stores ?? [{ ...OK_STORE, reportCount: fake.reports.length }] }))),
    // Over the fake's reports as they are at each call (tests change them freely).
    queryReports: (request) => record('queryReports', [request], () => ok(queryOver(fake.reports).query(request))),
    queryProblems: (request) => record('queryProblems', [request], () => ok(queryOver(fake.reports).problems(request))),
    queryHistory: (request) => record('queryHistory', [request], () => ok(queryOver(fake.reports).history(request))),
    matchingReportIds: (filter, limit, utcOffsetMinutes) =>
      record('matchingReportIds', [filter, limit, utcOffsetMinutes], () => {
        const ids = queryOver(fake.reports).matchingIds(filter, utcOffsetMinutes);
        return ok({ ids: ids.slice(0, limit), total: ids.length });
      }),
    libraryStatus: () =>
      record('libraryStatus', [], () => (seed.listError ? err(seed.listError) : ok({ stores: seed.stores ?? [{ ...OK_STORE, reportCount: fake.reports.length }], total: fake.reports.length }))),
    getReport: (id) =>
      record('getReport', [id], () => {
        const r = find(id);
        return r ? ok(seed.details?.[id] ?? plainDetail(r)) : err('This report is no longer in the library.');
      }),
    getTriage: () => record('getTriage', [], () => ok(fake.triage)),
    setTriage: (key, patch) =>
      record('setTriage', [key, patch], () => {
        fake.triage = applyTriagePatch(fake.triage, key, patch, '2026-11-21T10:00:00.000Z');
        return ok(fake.triage);
      }),
    markVisited: () =>
      record('markVisited', [], () => {
        fake.triage = { ...fake.triage, lastVisit: '2026-11-21T10:00:00.000Z' };
        return ok(fake.triage);
      }),
    getSettings: () => record('getSettings', [], () => ok(fake.settings)),
    updateSettings: (patch) =>
      record('updateSettings', [patch], () => {
        const next = applySettingsPatch(fake.settings, patch);
        if (next.ok) fake.settings = next.value;
        return next;
      }),
    symbolSetup: (draft) =>
      record('symbolSetup', draft === undefined ? [] : [draft], () => {
        const tried = applySettingsPatch(fake.settings, draft ?? {});
        return tried.ok ? ok(symbolSetup(tried.value, seed.symbolEnv ?? {}, fake.symbolCache)) : tried;
      }),
    clearSymbolCache: () =>
      record('clearSymbolCache', [], () => {
        fake.symbolCache = { bytes: 0, files: 0 };
        return ok({ cacheDir: fake.settings.symbolCacheDir || `${DATA_DIR}\\symbols`, removed: 1, kept: [], cacheSize: { bytes: 0, files: 0 } });
      }),
    getThreadStack: (id, threadId) => record('getThreadStack', [id, threadId], () => seed.threadStacks?.[`${id}:${threadId}`] ?? err(`the dump has no thread ${threadId}`)),
    openInEditor: (file, line) => record('openInEditor', [file, line], () => ok(undefined)),
    openReportFolder: (id) => record('openReportFolder', [id], () => ok(undefined)),
    openDump: (id) => record('openDump', [id], () => ok(undefined)),
    addFolder: () => record('addFolder', [], () => ok(null)),
    planBundle: (request) => record('planBundle', [request], () => (seed.plan ? ok(seed.plan) : err('The selected reports could not be read.'))),
    exportBundle: (request) => record('exportBundle', [request], () => ok(seed.bundleOutcome ?? { kind: 'cancelled' as const })),
    exportList: (format, ids) => record('exportList', [format, ids], () => ok({ fileName: `wer-reports.${format}`, mimeType: 'text/plain', text: ids.join('\n') })),
    forwardReports: (request) => record('forwardReports', [request], () => ok(seed.forwardResults ?? [])),
    forwardStatus: () => record('forwardStatus', [], () => ok(seed.forwardStatus ?? [])),
    cancelTask: (taskId) => record('cancelTask', [taskId], () => ok(undefined)),
    runDoctor: () => record('runDoctor', [], () => seed.doctor ?? ok({ kind: 'unavailable' as const, reason: 'The doctor reads the live registry on Windows only.' })),
    enableFullDumps: (app) => record('enableFullDumps', [app], () => seed.fullDumps ?? err('LocalDumps are a Windows setting: full dumps can be turned on on Windows only.')),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
  return fake;
}
