/**
 * Runs Windows' reg.exe from %SystemRoot%\System32 (never from PATH, where anything could be
 * named reg.exe) and classifies its failures: a missing key, access denied, anything else.
 */
import { execFile } from 'node:child_process';
import { win32 } from 'node:path';
import { decodeText } from '../text/decode-text';

/** One finished reg.exe run. */
export interface RegRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs reg.exe with arguments; injected in tests. Rejects only when it cannot be started. */
export type RunReg = (args: readonly string[]) => Promise<RegRun>;

/** A reg.exe failure the doctor explains. */
export type RegFailure = 'missing' | 'access-denied' | 'other';

/** Longest wait for one reg.exe run; a query of the WER keys takes well under a second. */
const REG_TIMEOUT_MS = 15_000;
/** reg.exe output kept at most (the WER keys print a few KB). */
const REG_MAX_OUTPUT = 16 * 1024 * 1024;

/** The reg.exe of this Windows installation. */
export function regExePath(env: NodeJS.ProcessEnv = process.env): string {
  return win32.join(env['SystemRoot'] ?? env['SYSTEMROOT'] ?? 'C:\\Windows', 'System32', 'reg.exe');
}

/** The real runner: reg.exe's output decoded as text (UTF-8, else the ANSI code page). */
export function realRunReg(exe: string = regExePath()): RunReg {
  return (args) =>
    new Promise((resolve, reject) => {
      execFile(exe, [...args], { windowsHide: true, timeout: REG_TIMEOUT_MS, maxBuffer: REG_MAX_OUTPUT, encoding: 'buffer' }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        if (error && code === null && !error.killed) return reject(error);
        resolve({ code, stdout: decodeText(stdout).text, stderr: decodeText(stderr).text });
      });
    });
}

/**
 * What went wrong with a failed run. Windows prints "ERROR: The system was unable to find the
 * specified registry key or value." on stderr, Wine "reg: Unable to find the specified registry
 * key" on stdout; access denied is "ERROR: Access is denied." (English UI; other languages fall to 'other').
 */
export function regFailure(run: RegRun): RegFailure {
  const text = `${run.stdout}\n${run.stderr}`;
  if (/access is denied|access denied/i.test(text)) return 'access-denied';
  if (/unable to find/i.test(text)) return 'missing';
  return 'other';
}

/** The first non-empty line of a run's output, for one-line messages. */
export function regMessage(run: RegRun): string {
  const line = `${run.stderr}\n${run.stdout}`.split(/\r?\n/).map((l) => l.trim()).find((l) => l.length > 0);
  return line ?? `reg.exe exited with code ${run.code ?? 'none (timed out)'}`;
}
