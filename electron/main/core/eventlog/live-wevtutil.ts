/**
 * Runs Windows' wevtutil.exe from %SystemRoot%\System32 (never from PATH) to query the live
 * Application and System logs for crash events (wer-formats.md §7), and says in one sentence why
 * a run gave no events: access denied, no such log, no wevtutil, a timeout, a stub.
 */
import { execFile } from 'node:child_process';
import { win32 } from 'node:path';
import type { StoreState } from '../../../../shared/store-model';
import { decodeText } from '../text/decode-text';

/** The live logs crash events are read from. */
export type LiveLogName = 'Application' | 'System';

/** One finished wevtutil run, its output still bytes (decoded by {@link decodeWevtutilOutput}). */
export interface WevtutilRun {
  /** Exit code: 0, or the Win32 error wevtutil failed with (5 = access denied); null when killed. */
  readonly code: number | null;
  readonly stdout: Uint8Array;
  readonly stderr: Uint8Array;
  /** The run was stopped after the runner's time limit. */
  readonly timedOut: boolean;
  /** The output passed the runner's size limit and was cut (the last event is incomplete). */
  readonly truncated: boolean;
}

/** Runs wevtutil with arguments; injected in tests. Rejects only when it cannot be started. */
export type RunWevtutil = (args: readonly string[]) => Promise<WevtutilRun>;

/** Why reading a live log failed, in a store's terms (shared/store-model.ts StoreState). */
export interface LiveLogFailure {
  readonly state: Exclude<StoreState, 'ok'>;
  /** One sentence for the user. */
  readonly message: string;
}

/** Longest wait for one wevtutil run; a page of a full 20 MB log takes a few seconds at worst. */
export const WEVTUTIL_TIMEOUT_MS = 30_000;
/** Output kept from one run: a page of rendered events is well below this. */
export const WEVTUTIL_MAX_OUTPUT = 32 * 1024 * 1024;

/** Win32 errors wevtutil exits with. */
const ERROR_ACCESS_DENIED = 5;
const ERROR_EVT_CHANNEL_NOT_FOUND = 15007;

/** The crash providers and ids of each log; provider AND id, since other providers reuse 1000/1001. */
const LOG_FILTERS: Readonly<Record<LiveLogName, string>> = {
  Application:
    "Provider[@Name='Application Error' or @Name='Windows Error Reporting' or @Name='Application Hang' or @Name='.NET Runtime'] and (EventID=1000 or EventID=1001 or EventID=1002 or EventID=1026)",
  System: "Provider[@Name='Microsoft-Windows-WER-SystemErrorReporting' or @Name='BugCheck' or @EventSourceName='BugCheck'] and EventID=1001",
};

/** The wevtutil.exe of this Windows installation. */
export function wevtutilPath(env: NodeJS.ProcessEnv = process.env): string {
  return win32.join(env['SystemRoot'] ?? env['SYSTEMROOT'] ?? 'C:\\Windows', 'System32', 'wevtutil.exe');
}

/** Which records a query asks for, by EventRecordID, and in which order. */
export interface WevtutilQuery {
  readonly log: LiveLogName;
  /** Only records with a smaller EventRecordID (paging newest-first). */
  readonly before?: number;
  /** Only records with a larger EventRecordID (following new events). */
  readonly after?: number;
  /** Newest first (`/rd:true`) or oldest first. */
  readonly newestFirst: boolean;
  readonly count: number;
}

/** The XPath of a query: the log's crash providers and ids, plus the record id bounds. */
export function crashEventXPath(query: Pick<WevtutilQuery, 'log' | 'before' | 'after'>): string {
  const bounds = [
    query.before !== undefined ? ` and EventRecordID<${Math.floor(query.before)}` : '',
    query.after !== undefined ? ` and EventRecordID>${Math.floor(query.after)}` : '',
  ].join('');
  return `*[System[${LOG_FILTERS[query.log]}${bounds}]]`;
}

/** `wevtutil qe LOG /q:XPATH /f:RenderedXml /rd:… /c:N` as arguments (no shell: no quoting needed). */
export function wevtutilQueryArgs(query: WevtutilQuery): string[] {
  return ['qe', query.log, `/q:${crashEventXPath(query)}`, '/f:RenderedXml', `/rd:${query.newestFirst}`, `/c:${Math.max(1, Math.floor(query.count))}`];
}

/** The real runner: execFile (no shell, no window), a time limit and an output limit. */
export function realRunWevtutil(exe: string = wevtutilPath(), limits: { timeoutMs?: number; maxOutput?: number } = {}): RunWevtutil {
  const maxBuffer = limits.maxOutput ?? WEVTUTIL_MAX_OUTPUT;
  return (args) =>
    new Promise((resolve, reject) => {
      execFile(exe, [...args], { windowsHide: true, timeout: limits.timeoutMs ?? WEVTUTIL_TIMEOUT_MS, maxBuffer, encoding: 'buffer' }, (error, stdout, stderr) => {
        const failure = error as (NodeJS.ErrnoException & { killed?: boolean; code?: unknown }) | null;
        const truncated = failure?.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER';
        const timedOut = !truncated && failure?.killed === true;
        // A string code other than the output limit (ENOENT, EACCES …): it never started.
        if (failure && typeof failure.code === 'string' && !truncated) return reject(failure);
        const code = failure ? (typeof failure.code === 'number' ? failure.code : null) : 0;
        resolve({ code, stdout, stderr, timedOut, truncated });
      });
    });
}

/** wevtutil's output as text, with a problem when it was not clean text. */
export function decodeWevtutilOutput(bytes: Uint8Array): { readonly text: string; readonly problem: string | null } {
  const decoded = decodeText(bytes);
  const clean = !decoded.lossy && (decoded.encoding === 'utf-8' || decoded.encoding === 'utf-16le');
  return {
    text: decoded.text,
    problem: clean ? null : `wevtutil's output is not clean UTF-8 or UTF-16; it was read as ${decoded.encoding}${decoded.lossy ? ' with unreadable characters replaced' : ''}.`,
  };
}

/** The label of a log in messages. */
export function logLabel(log: LiveLogName): string {
  return `the ${log} event log`;
}

/** The label of a log at the start of a sentence. */
export function logTitle(log: LiveLogName): string {
  return `The ${log} event log`;
}

/** Why a run that could not start failed: no wevtutil.exe, or something else. */
export function startFailure(log: LiveLogName, exe: string, error: unknown): LiveLogFailure {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return { state: 'missing', message: `${exe} does not exist, so ${logLabel(log)} cannot be read.` };
  if (code === 'EACCES' || code === 'EPERM') return { state: 'access-denied', message: `${exe} may not be run (access denied), so ${logLabel(log)} cannot be read.` };
  return { state: 'error', message: `${exe} could not be started to read ${logLabel(log)}: ${(error as Error | undefined)?.message ?? String(error)}.` };
}

/**
 * Why a finished run failed, or null when it succeeded. wevtutil exits with the Win32 error code
 * and prints a localised message; the exit code decides, the English message is a fallback.
 */
export function runFailure(log: LiveLogName, run: WevtutilRun): LiveLogFailure | null {
  if (run.timedOut) return { state: 'error', message: `wevtutil did not answer within ${WEVTUTIL_TIMEOUT_MS / 1000} s while reading ${logLabel(log)}.` };
  if (run.code === 0 || run.truncated) return null;
  const said = firstLine(run);
  if (run.code === ERROR_ACCESS_DENIED || /access is denied/i.test(said)) {
    return { state: 'access-denied', message: `${logTitle(log)}: access denied. Run WER Explorer as administrator to read its crash events.` };
  }
  if (run.code === ERROR_EVT_CHANNEL_NOT_FOUND || /channel could not be found/i.test(said)) {
    return { state: 'missing', message: `${logTitle(log)} does not exist on this machine.` };
  }
  const why = said === '' ? `wevtutil exited with code ${run.code ?? 'none'}` : said.replace(/\.$/, '');
  return { state: 'error', message: `${logTitle(log)} could not be read: ${why}.` };
}

/** The first non-empty line wevtutil printed (error text first), at most 200 characters. */
function firstLine(run: WevtutilRun): string {
  const text = `${decodeText(run.stderr).text}\n${decodeText(run.stdout).text}`;
  const line = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l.length > 0) ?? '';
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

/** `wevtutil gli LOG`: the log's information, which a working wevtutil always prints. */
export function wevtutilLogInfoArgs(log: LiveLogName): string[] {
  return ['gli', log];
}

/** What `gli` says about a log: how many records it holds and the oldest one's EventRecordID. */
export interface LogInfo {
  readonly numberOfLogRecords: number;
  readonly oldestRecordNumber: number;
}

/** Reads `gli` output (its keys are not localised); null when it is not a log's information. */
export function parseLogInfo(text: string): LogInfo | null {
  const value = (key: string): number | null => {
    const m = new RegExp(`^\\s*${key}:\\s*(\\d{1,15})\\s*$`, 'm').exec(text);
    return m ? Number(m[1]) : null;
  };
  const numberOfLogRecords = value('numberOfLogRecords');
  if (numberOfLogRecords === null) return null;
  return { numberOfLogRecords, oldestRecordNumber: value('oldestRecordNumber') ?? 0 };
}
