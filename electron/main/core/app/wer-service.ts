/**
 * The WerApi calls implemented over the core services: one implementation behind both
 * transports (Electron IPC and browser-mode HTTP). What differs between the shells (dialogs,
 * opening files, downloads) comes in as ShellHooks.
 */
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_VERSION } from '../../../../shared/app-info';
import type { BundleOptions } from '../../../../shared/export-model';
import type { WerReport } from '../../../../shared/report-model';
import { err, ok, type Result } from '../../../../shared/result';
import { applySettingsPatch, type AppSettings } from '../../../../shared/settings-model';
import type { StoreLocation } from '../../../../shared/store-model';
import type { BundleOutcome, BundleRequest, ListFormat, WerCalls } from '../../../../shared/wer-api';
import { forwardReports, readForwardResults } from '../cer/forward-reports';
import { doctorOutcome, type LiveDoctorOptions } from '../doctor/run-doctor';
import { enableFullDumps } from '../doctor/elevated-reg';
import { planBundle } from '../export/bundle-plan';
import { writeBundle } from '../export/bundle-writer';
import { reportsToCsv, reportsToHtml, reportsToJson } from '../export/list-export';
import { localKnownValues } from '../export/local-known-values';
import type { TriageStore } from '../library/triage-store';
import { readRecordDetail } from '../report/read-record-detail';
import type { LibraryHost } from './library-host';
import { dumpToOpen, folderToOpen } from './open-paths';
import type { SettingsStore } from './settings-store';
import { clearAppSymbolCache, readSymbolSetup, symbolLocatorBase, type SymbolEnv } from './symbol-settings';
import { createSymbolLocator, type SymbolLocator } from '../symbols/symbol-locator';
import { readReportThread } from '../symbolize/thread-symbols';
import { cancellableLocator, symbolProgressEvent } from '../symbolize/symbol-task';
import type { SymbolProgress } from '../symbols/locator-types';
import { symbolTaskId } from '../../../../shared/symbol-model';
import { editorLinkToOpen } from './editor-link';

/** What the shell (Electron or the browser-mode server) provides. Absent hooks = not available. */
export interface ShellHooks {
  readonly mode: 'desktop' | 'browser';
  /**
   * Windows elevation: true, false, or null when unknown. The desktop gives a promise, because
   * the check runs a process and must not hold up the start.
   */
  readonly elevated?: boolean | null | Promise<boolean | null>;
  /** Opens a local file or folder with the OS; resolves to an error message, or '' on success. */
  readonly openPath?: (path: string) => Promise<string>;
  /** Hands a `vscode://file/` link to the OS (desktop); resolves to an error message, or '' on success. */
  readonly openEditorLink?: (url: string) => Promise<string>;
  /** Asks the user for a folder; null when cancelled. */
  readonly chooseFolder?: () => Promise<string | null>;
  /** Asks where to save a file; null when cancelled. */
  readonly chooseSaveFile?: (defaultName: string) => Promise<string | null>;
  /** Offers a written file as a one-time download (browser mode); returns its URL. */
  readonly offerDownload?: (file: string, fileName: string) => string;
}

/** What the service is built from. */
export interface WerServiceOptions {
  readonly host: LibraryHost;
  readonly triage: TriageStore;
  readonly settings: SettingsStore;
  readonly shell: ShellHooks;
  /** The app's data folder (outbox of forwarding, default symbol cache). */
  readonly dataDir: string;
  /** The stores for some settings; absent = the store list is fixed (CLI `serve PATH...`). */
  readonly locationsFor?: (settings: AppSettings) => Promise<StoreLocation[]>;
  readonly now?: () => Date;
  /** The environment (`_NT_SYMBOL_PATH`, `_NT_ALT_SYMBOL_PATH`); default `process.env`. */
  readonly env?: SymbolEnv;
  /** How the settings doctor reads the registry; default this machine's platform and reg.exe. */
  readonly doctor?: LiveDoctorOptions;
}

const MIME: Readonly<Record<ListFormat, string>> = {
  csv: 'text/csv',
  json: 'application/json',
  html: 'text/html',
};

/**
 * Adds a folder or bundle to the extra stores of the settings, unless it is there already (then
 * the settings are returned as they are); the library follows the new store list.
 */
export async function addStorePath(calls: Pick<WerCalls, 'getSettings' | 'updateSettings'>, path: string): Promise<Result<AppSettings>> {
  const current = await calls.getSettings();
  if (!current.ok || current.value.extraStores.includes(path)) return current;
  return calls.updateSettings({ extraStores: [...current.value.extraStores, path] });
}

function stamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}

/** Builds the calls of the WerApi over the core. */
export function createWerService(options: WerServiceOptions): WerCalls {
  const { host, triage, settings, shell } = options;
  /**
   * Runs `work` with a locator over the Settings' symbol path (and _NT_SYMBOL_PATH), closed after;
   * none set: null, local files only. Dumps in the detail and in bundle summaries get named frames.
   */
  const withSymbols = async <T>(work: (symbols: SymbolLocator | null) => Promise<T>, task?: { readonly taskId: string; readonly signal: AbortSignal }): Promise<T> => {
    const base = await symbolLocatorBase(settings.current(), options.dataDir, options.env ?? process.env);
    // With a task, downloads are reported as its progress and stop when it is cancelled.
    const onProgress = task && ((p: SymbolProgress) => host.emit(symbolProgressEvent(task.taskId, p)));
    const locator = base.ok && base.value.elements.length > 0 ? createSymbolLocator({ ...base.value, ...(onProgress ? { onProgress } : {}) }) : null;
    try {
      return await work(locator && task ? cancellableLocator(locator, task.signal) : locator);
    } finally {
      locator?.close();
    }
  };
  const now = options.now ?? (() => new Date());
  const tasks = new Map<string, AbortController>();
  /**
   * withSymbols for one report's detail or threads, as task `symbols:<id>`: its downloads are
   * progress events and cancelTask stops them; a second run for the same report shares the cancel.
   */
  const withReportSymbols = async <T>(reportId: string, work: (symbols: SymbolLocator | null) => Promise<T>): Promise<T> => {
    const taskId = symbolTaskId(reportId);
    const own = !tasks.has(taskId);
    const controller = tasks.get(taskId) ?? new AbortController();
    if (own) tasks.set(taskId, controller);
    try {
      return await withSymbols(work, { taskId, signal: controller.signal });
    } finally {
      if (own) tasks.delete(taskId);
    }
  };

  // By id, never through reports(): that copies and sorts the whole library (~6 ms at 10,000
  // reports). As a page's rows are: right after a start it does not wait for the library's id
  // map (the report opened first, one of the first page's, made it at once: ~1 s at 1,000,000).
  const findReport = (id: string): WerReport | null => host.library().reportsOf([id])[0] ?? null;
  const findReports = (ids: readonly string[]): Result<WerReport[]> => {
    const found = host.library().reportsWithIds(ids);
    return found.length > 0 ? ok(found) : err('None of the selected reports is in the library any more (deleted or moved away).');
  };

  async function startTask<T>(taskId: string, run: (signal: AbortSignal) => Promise<Result<T>>): Promise<Result<T>> {
    if (tasks.has(taskId)) return err('That task is already running.');
    const controller = new AbortController();
    tasks.set(taskId, controller);
    try {
      return await run(controller.signal);
    } finally {
      tasks.delete(taskId);
    }
  }

  function bundleOptions(request: BundleRequest): BundleOptions {
    return { ...request.options, knownValues: request.options.redact ? localKnownValues() : [], toolVersion: APP_VERSION };
  }

  const getSettings: WerCalls['getSettings'] = async () => ok(settings.current());
  const updateSettings: WerCalls['updateSettings'] = async (patch) => {
    const before = settings.current();
    const next = await settings.update(patch);
    if (next.ok && options.locationsFor && (next.value.useDefaultStores !== before.useDefaultStores || next.value.extraStores.join('\n') !== before.extraStores.join('\n'))) {
      await host.reconfigure(await options.locationsFor(next.value));
    }
    return next;
  };

  return {
    info: async () =>
      ok({
        mode: shell.mode,
        version: APP_VERSION,
        platform: process.platform,
        canOpenPaths: shell.openPath !== undefined,
        elevated: (await shell.elevated) ?? null,
      }),

    listReports: async () => ok({ reports: host.library().reports(), stores: host.library().stores() }),
    queryReports: async (request) => ok(host.query().query(request)),
    queryProblems: async (request) => ok(host.query().problems(request)),
    queryHistory: async (request) => ok(host.query().history(request)),
    matchingReportIds: async (filter, limit, utcOffsetMinutes) => {
      const ids = host.query().matchingIds(filter, utcOffsetMinutes);
      return ok({ ids: ids.slice(0, limit), total: ids.length });
    },
    libraryStatus: async () => ok({ stores: host.library().stores(), total: host.library().count() }),

    getReport: async (id) => {
      const report = findReport(id);
      if (!report) return err('This report is no longer in the library (deleted, or moved out of the stores).');
      return withReportSymbols(id, (symbols) => readRecordDetail(report, { symbols }).then(ok));
    },

    getTriage: async () => ok(triage.current()),
    setTriage: (key, patch) => triage.setTriage(key, patch),
    markVisited: () => triage.markVisited(now().toISOString()),

    getSettings,
    updateSettings,

    symbolSetup: async (draft) => {
      // A draft is checked as saving it would be, then used for this answer only.
      const tried = applySettingsPatch(settings.current(), draft ?? {});
      if (!tried.ok) return tried;
      return ok(await readSymbolSetup(tried.value, options.dataDir, options.env ?? process.env));
    },

    clearSymbolCache: () => clearAppSymbolCache(settings.current(), options.dataDir),

    getThreadStack: async (id, threadId) => {
      const report = findReport(id);
      if (!report) return err('This report is no longer in the library (deleted, or moved out of the stores).');
      return withReportSymbols(id, (symbols) => readReportThread(report, threadId, symbols));
    },

    openInEditor: async (file, line) => {
      if (!shell.openEditorLink) return err('Opening source files from here works in the desktop app only.');
      const link = await editorLinkToOpen(file, line);
      if (!link.ok) return link;
      const failure = await shell.openEditorLink(link.value);
      return failure ? err(`No editor opened ${file} (${failure}). Install VS Code to open source files from the stack.`) : ok(undefined);
    },

    openReportFolder: async (id) => {
      if (!shell.openPath) return err('Opening folders works in the desktop app only.');
      const report = findReport(id);
      if (!report) return err('This report is no longer in the library.');
      const path = folderToOpen(report);
      if (!path.ok) return path;
      const failure = await shell.openPath(path.value);
      return failure ? err(`The folder could not be opened: ${failure}`) : ok(undefined);
    },

    openDump: async (id) => {
      if (!shell.openPath) return err('Opening dumps works in the desktop app only.');
      const report = findReport(id);
      if (!report) return err('This report is no longer in the library.');
      const path = await dumpToOpen(report);
      if (!path.ok) return path;
      const failure = await shell.openPath(path.value);
      return failure ? err(`No program opened the dump (${failure}). Install WinDbg or Visual Studio to open .dmp files.`) : ok(undefined);
    },

    addFolder: async () => {
      if (!shell.chooseFolder || !options.locationsFor) return err('Adding folders works in the desktop app only; give folders to `serve` instead.');
      const folder = await shell.chooseFolder();
      return folder ? addStorePath({ getSettings, updateSettings }, folder) : ok(null);
    },

    planBundle: async (request) => {
      const reports = findReports(request.reportIds);
      if (!reports.ok) return reports;
      // The records stay in the core: the review step needs only the plan.
      const { records: _records, ...plan } = await planBundle(reports.value, bundleOptions(request));
      return ok(plan);
    },

    exportBundle: (request) =>
      startTask(request.taskId, async (signal): Promise<Result<BundleOutcome>> => {
        const reports = findReports(request.reportIds);
        if (!reports.ok) return reports;
        const fileName = `wer-bundle-${stamp(now())}.zip`;
        let outFile: string | null;
        if (shell.chooseSaveFile) outFile = await shell.chooseSaveFile(fileName);
        else if (shell.offerDownload) outFile = join(tmpdir(), `wer-explorer-${process.pid}-${request.taskId.replace(/[^\w-]/g, '_')}.zip`);
        else return err('This shell cannot save files.');
        if (!outFile) return ok({ kind: 'cancelled' });
        const plan = await planBundle(reports.value, bundleOptions(request));
        if (plan.reports.length === 0) return err(plan.problems[0] ?? 'None of the selected report folders could be read.');
        const written = await withSymbols((symbols) => writeBundle(plan, outFile, {
          signal,
          symbols,
          onProgress: (p) =>
            host.emit({ kind: 'task', taskId: request.taskId, done: p.bytesDone, total: p.bytesTotal, label: p.current ?? p.phase }),
        }));
        if (!written.ok) return written.error.kind === 'cancelled' ? ok({ kind: 'cancelled' }) : err(written.error.message);
        const { zipBytes, manifest } = written.value;
        if (shell.chooseSaveFile) return ok({ kind: 'saved', file: written.value.outFile, zipBytes, manifest });
        const url = shell.offerDownload?.(written.value.outFile, fileName) ?? '';
        return ok({ kind: 'download', url, fileName, zipBytes, manifest });
      }),

    exportList: async (format, reportIds) => {
      const reports = findReports(reportIds);
      if (!reports.ok) return reports;
      const text =
        format === 'csv' ? reportsToCsv(reports.value) : format === 'json' ? reportsToJson(reports.value) : reportsToHtml(reports.value);
      return ok({ fileName: `wer-reports-${stamp(now())}.${format}`, mimeType: MIME[format], text });
    },

    forwardReports: (request) =>
      startTask(request.taskId, async (signal) => {
        const reports = findReports(request.reportIds);
        if (!reports.ok) return reports;
        const s = settings.current();
        const server = request.server?.trim() || s.cerServer;
        if (!server) return err('No CER server is set: enter its address (for example http://cer.example.com:1273) in Settings.');
        let ca: string | undefined;
        if (s.cerCaFile) {
          try {
            ca = await readFile(s.cerCaFile, 'utf8');
          } catch (e) {
            return err(`The CA certificate file ${s.cerCaFile} could not be read (${(e as NodeJS.ErrnoException).code ?? String(e)}); fix or clear it in Settings.`);
          }
        }
        return forwardReports(
          reports.value.map((r) => ({ folder: r.folder, reportId: r.id })),
          {
            server,
            dataDir: options.dataDir,
            ...(s.cerMachine ? { machine: s.cerMachine } : {}),
            ...(s.cerUser ? { user: s.cerUser } : {}),
            ...(ca ? { transportOptions: { ca } } : {}),
            signal,
            onProgress: (p) =>
              host.emit({ kind: 'task', taskId: request.taskId, done: p.done, total: p.total, label: p.result.folder, forward: p.result }),
          },
        );
      }),

    forwardStatus: () => readForwardResults(options.dataDir),

    cancelTask: async (taskId) => {
      tasks.get(taskId)?.abort();
      return ok(undefined);
    },

    runDoctor: () => doctorOutcome(options.doctor),

    // Same platform and reg.exe as the doctor; writes ask for elevation unless the app has it.
    enableFullDumps: async (app) => enableFullDumps(app, { ...options.doctor, elevated: (await shell.elevated) ?? null }),
  };
}
