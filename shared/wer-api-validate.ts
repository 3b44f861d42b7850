/**
 * Payload checks of every WerApi call, in one place for both transports (IPC and browser-mode
 * HTTP). Arguments arrive as `unknown[]` from a page we do not trust blindly; each check returns
 * the typed arguments or one sentence saying what is wrong.
 */
import { err, ok, type Result } from './result';
import { SYMBOL_DRAFT_KEYS, type SymbolSetupDraft } from './symbol-setup-model';
import { isValidProblemKey } from './triage-model';
import type { BundleRequest, ForwardRequest, ListFormat, WerCalls, WerMethod } from './wer-api';
import { isRecord } from './is-record';
import { historyRequest, matchingIdsArgs, problemsRequest, queryRequest } from './query-validate';

/** Typed arguments of a call. */
export type WerArgs<M extends WerMethod> = Parameters<WerCalls[M]>;

/** Limits on what one call may carry. */
export const CALL_LIMITS = { reportIds: 20_000, id: 256, ticketText: 20_000 } as const;

function id(v: unknown, what = 'Report id'): Result<string> {
  if (typeof v !== 'string' || v === '' || v.length > CALL_LIMITS.id || /[\u0000-\u001f]/.test(v)) return err(`${what} is not valid.`);
  return ok(v);
}

function ids(v: unknown): Result<readonly string[]> {
  if (!Array.isArray(v) || v.length === 0) return err('Select at least one report.');
  if (v.length > CALL_LIMITS.reportIds) return err(`At most ${CALL_LIMITS.reportIds} reports at once.`);
  for (const x of v) if (!id(x).ok) return err('A report id is not valid.');
  return ok(v as string[]);
}

function optionalBool(o: Record<string, unknown>, key: string): Result<void> {
  return o[key] === undefined || typeof o[key] === 'boolean' ? ok(undefined) : err(`Export option ${key} must be true or false.`);
}

function bundleRequest(v: unknown): Result<BundleRequest> {
  if (!isRecord(v)) return err('The export request is not valid.');
  const task = id(v.taskId, 'Task id');
  if (!task.ok) return task;
  const reports = ids(v.reportIds);
  if (!reports.ok) return reports;
  const o = v.options;
  if (!isRecord(o)) return err('Export options are missing.');
  for (const key of Object.keys(o)) {
    if (!['redact', 'includeDumps', 'includeHeapDumps', 'sizeBudget', 'ticketText'].includes(key)) return err(`Unknown export option: ${key.slice(0, 40)}.`);
  }
  for (const key of ['redact', 'includeDumps', 'includeHeapDumps']) {
    const b = optionalBool(o, key);
    if (!b.ok) return b;
  }
  const budget = o.sizeBudget;
  if (budget !== undefined && budget !== null && (typeof budget !== 'number' || !Number.isFinite(budget) || budget <= 0)) {
    return err('The size limit must be a positive number of bytes.');
  }
  if (o.ticketText !== undefined && (typeof o.ticketText !== 'string' || o.ticketText.length > CALL_LIMITS.ticketText)) {
    return err('The ticket text is too long.');
  }
  return ok({ taskId: task.value, reportIds: reports.value, options: o as BundleRequest['options'] });
}

function forwardRequest(v: unknown): Result<ForwardRequest> {
  if (!isRecord(v)) return err('The forward request is not valid.');
  const task = id(v.taskId, 'Task id');
  if (!task.ok) return task;
  const reports = ids(v.reportIds);
  if (!reports.ok) return reports;
  if (v.server !== undefined && (typeof v.server !== 'string' || v.server.length > 2048)) return err('The CER server address is not valid.');
  return ok({ taskId: task.value, reportIds: reports.value, ...(typeof v.server === 'string' ? { server: v.server } : {}) });
}

function symbolDraft(v: unknown): Result<SymbolSetupDraft> {
  if (!isRecord(v)) return err('The symbol settings to try are not valid.');
  for (const key of Object.keys(v)) {
    if (!(SYMBOL_DRAFT_KEYS as readonly string[]).includes(key)) return err(`Unknown symbol setting: ${key.slice(0, 40)}.`);
  }
  // The values are checked by applySettingsPatch, with the same rules as saving them.
  return ok(v as SymbolSetupDraft);
}

/** A thread id of a dump (a DWORD). */
function threadId(v: unknown): Result<number> {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff ? ok(v) : err('The thread id is not valid.');
}

/** A source file and line of a stack frame (the core checks that the file exists here). */
function sourcePosition(file: unknown, line: unknown): Result<[string, number | null]> {
  if (typeof file !== 'string' || file === '' || file.length > 4096 || /[\u0000-\u001f]/.test(file)) return err('The source file path is not valid.');
  if (line !== null && line !== undefined && (typeof line !== 'number' || !Number.isInteger(line) || line < 1 || line > 10_000_000)) return err('The source line is not valid.');
  return ok([file, typeof line === 'number' ? line : null]);
}

const none = (args: readonly unknown[]): Result<[]> => (args.length === 0 ? ok([]) : err('This call takes no arguments.'));
const oneId = (args: readonly unknown[]): Result<[string]> => {
  const r = id(args[0]);
  return r.ok ? ok([r.value]) : r;
};

const VALIDATORS: { readonly [M in WerMethod]: (args: readonly unknown[]) => Result<WerArgs<M>> } = {
  info: none,
  listReports: none,
  queryReports: (args) => {
    const r = queryRequest(args[0]);
    return r.ok ? ok([r.value]) : r;
  },
  queryProblems: (args) => {
    const r = problemsRequest(args[0]);
    return r.ok ? ok([r.value]) : r;
  },
  queryHistory: (args) => {
    const r = historyRequest(args[0]);
    return r.ok ? ok([r.value]) : r;
  },
  matchingReportIds: (args) => matchingIdsArgs(args, CALL_LIMITS.reportIds),
  libraryStatus: none,
  getReport: oneId,
  getTriage: none,
  setTriage: (args) => {
    // The patch itself is checked by the triage store (validateTriagePatch), with the same rules as the file.
    if (!isValidProblemKey(args[0])) return err('The problem key is not valid.');
    return isRecord(args[1]) ? ok([args[0], args[1]]) : err('The triage change is not valid.');
  },
  markVisited: none,
  getSettings: none,
  // Checked field by field by applySettingsPatch.
  updateSettings: (args) => (isRecord(args[0]) ? ok([args[0]]) : err('The settings change is not valid.')),
  symbolSetup: (args) => {
    // JSON turns an absent draft into null.
    if (args.length === 0 || (args.length === 1 && (args[0] === undefined || args[0] === null))) return ok([]);
    if (args.length > 1) return err('This call takes one argument.');
    const r = symbolDraft(args[0]);
    return r.ok ? ok([r.value]) : r;
  },
  clearSymbolCache: none,
  getThreadStack: (args) => {
    const r = id(args[0]);
    if (!r.ok) return r;
    const t = threadId(args[1]);
    return t.ok ? ok([r.value, t.value]) : t;
  },
  openInEditor: (args) => sourcePosition(args[0], args[1]),
  openReportFolder: oneId,
  openDump: oneId,
  addFolder: none,
  planBundle: (args) => {
    const r = bundleRequest(args[0]);
    return r.ok ? ok([r.value]) : r;
  },
  exportBundle: (args) => {
    const r = bundleRequest(args[0]);
    return r.ok ? ok([r.value]) : r;
  },
  exportList: (args) => {
    const format = args[0];
    if (format !== 'csv' && format !== 'json' && format !== 'html') return err('The list format must be csv, json or html.');
    const r = ids(args[1]);
    return r.ok ? ok([format as ListFormat, r.value]) : r;
  },
  forwardReports: (args) => {
    const r = forwardRequest(args[0]);
    return r.ok ? ok([r.value]) : r;
  },
  forwardStatus: none,
  cancelTask: (args) => {
    const r = id(args[0], 'Task id');
    return r.ok ? ok([r.value]) : r;
  },
  runDoctor: none,
  // A file name only; the core checks it as the CLI's --enable-local-dumps does (validateAppName).
  enableFullDumps: (args) => {
    const app = args[0];
    if (args.length !== 1 || typeof app !== 'string' || app === '' || app.length > 255 || /[\u0000-\u001f]/.test(app)) return err('The app name is not valid.');
    return ok([app]);
  },
};

/** Whether a string names a call. */
export function isWerMethod(name: unknown): name is WerMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(VALIDATORS, name);
}

/** Checks the arguments of a call; at most 4 arguments are ever accepted. */
export function validateCall<M extends WerMethod>(method: M, args: readonly unknown[]): Result<WerArgs<M>> {
  if (!Array.isArray(args) || args.length > 4) return err('Too many arguments.');
  return VALIDATORS[method](args);
}
