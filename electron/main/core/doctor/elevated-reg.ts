/**
 * reg.exe changes that need an administrator, from an app that may not be one. Writes under HKLM
 * (`add`, `delete`) run reg.exe elevated through the UAC prompt: Windows PowerShell's
 * `Start-Process -Verb RunAs -Wait`, given the script as -EncodedCommand so no shell ever re-reads
 * it. Reads (`query`) stay plain reg.exe runs: HKLM is readable without elevation, and the elevated
 * process's output cannot be captured. An app that is already elevated runs reg.exe directly.
 */
import { execFile } from 'node:child_process';
import { win32 } from 'node:path';
import { err, ok, type Result } from '../../../../shared/result';
import type { FullDumpsOutcome } from '../../../../shared/wer-api';
import { decodeText } from '../text/decode-text';
import { applyLocalDumps } from './local-dumps-action';
import { realRunReg, regExePath, type RegRun, type RunReg } from './reg-exe';

/** Runs a program with arguments (Node quotes them for Windows); injected in tests. Rejects only when it cannot start. */
export type RunProcess = (file: string, args: readonly string[]) => Promise<RegRun>;

/** ERROR_CANCELLED: the user answered "No" to the UAC prompt. */
export const UAC_CANCELLED_EXIT = 1223;

/** What the script prints with that exit code, so a program that happens to exit 1223 is not taken for a refusal. */
export const UAC_CANCELLED_MARK = 'WER-EXPLORER-UAC-CANCELLED';

/** Longest wait for the elevated run: the UAC prompt waits for the user. */
const ELEVATED_TIMEOUT_MS = 10 * 60_000;

/** The Windows PowerShell of this installation (never from PATH, where anything could be named powershell.exe). */
export function powershellPath(env: NodeJS.ProcessEnv = process.env): string {
  return win32.join(env['SystemRoot'] ?? env['SYSTEMROOT'] ?? 'C:\\Windows', 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
}

/**
 * One argument quoted for a Windows command line, as the C runtime and CommandLineToArgvW read
 * it back: quotes only when needed; backslashes are literal except before a quote, where each
 * is doubled (and the quote escaped with one more).
 */
export function quoteWindowsArg(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  let out = '"';
  let backslashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      backslashes += 1;
      continue;
    }
    out += ch === '"' ? `${'\\'.repeat(backslashes * 2 + 1)}"` : `${'\\'.repeat(backslashes)}${ch}`;
    backslashes = 0;
  }
  // Before the closing quote every backslash is doubled, or the last one would escape it.
  return `${out}${'\\'.repeat(backslashes * 2)}"`;
}

/** Arguments joined into one Windows command line (what Start-Process hands to the new process). */
export function windowsCommandLine(args: readonly string[]): string {
  return args.map(quoteWindowsArg).join(' ');
}

/**
 * A PowerShell verbatim (single-quoted) string. PowerShell takes the typographic single quotes
 * ‘ ’ ‚ ‛ for ' too, so each of them is doubled as well.
 */
export function powershellLiteral(text: string): string {
  return `'${text.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

/**
 * The script that runs reg.exe elevated and exits with its exit code; a declined prompt exits
 * with ERROR_CANCELLED and prints the mark, any other failure prints its message on stderr.
 */
export function elevationScript(regExe: string, args: readonly string[]): string {
  return [
    "$ErrorActionPreference = 'Stop'",
    'try {',
    `  $p = Start-Process -FilePath ${powershellLiteral(regExe)} -ArgumentList ${powershellLiteral(windowsCommandLine(args))} -Verb RunAs -Wait -PassThru -WindowStyle Hidden`,
    '  exit $p.ExitCode',
    '} catch {',
    '  $e = $_.Exception',
    '  while ($e) {',
    `    if ($e -is [System.ComponentModel.Win32Exception] -and $e.NativeErrorCode -eq ${UAC_CANCELLED_EXIT}) { [Console]::Out.Write('${UAC_CANCELLED_MARK}'); exit ${UAC_CANCELLED_EXIT} }`,
    '    $e = $e.InnerException',
    '  }',
    '  [Console]::Error.WriteLine($_.Exception.Message)',
    '  exit 1',
    '}',
  ].join('\r\n');
}

/** PowerShell's arguments for a script: no profile, no prompts, the script as base64 UTF-16LE. */
export function powershellArgs(script: string): string[] {
  return ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', Buffer.from(script, 'utf16le').toString('base64')];
}

/** Whether an elevated run ended at a declined UAC prompt. */
export function isUacCancelled(run: RegRun): boolean {
  return run.code === UAC_CANCELLED_EXIT && run.stdout.includes(UAC_CANCELLED_MARK);
}

/** The real process runner: output decoded as text, a long timeout for the prompt. */
export const realRunProcess: RunProcess = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { windowsHide: true, timeout: ELEVATED_TIMEOUT_MS, maxBuffer: 1024 * 1024, encoding: 'buffer' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      if (error && code === null && !error.killed) return reject(error);
      resolve({ code, stdout: decodeText(stdout).text, stderr: decodeText(stderr).text });
    });
  });

/** How reg.exe is run; defaults are this machine's reg.exe and PowerShell. */
export interface ElevatedRegOptions {
  /** Whether this process is elevated already (then reg.exe runs directly); null when unknown. */
  readonly elevated: boolean | null;
  /** Plain reg.exe: every query, and everything when elevated. */
  readonly runReg?: RunReg;
  /** Starts PowerShell for an elevated run. */
  readonly runProcess?: RunProcess;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * A RunReg that asks for elevation for writes. An elevated run's stdout is empty (the elevated
 * window's output stays there); its exit code is reg.exe's.
 */
export function elevatedRunReg(options: ElevatedRegOptions): RunReg {
  const env = options.env ?? process.env;
  const plain = options.runReg ?? realRunReg(regExePath(env));
  if (options.elevated === true) return plain;
  const runProcess = options.runProcess ?? realRunProcess;
  return async (args) => {
    if (args[0]?.toLowerCase() === 'query') return plain(args);
    const run = await runProcess(powershellPath(env), powershellArgs(elevationScript(regExePath(env), args)));
    if (isUacCancelled(run) || run.code === 0) return run;
    const said = run.stderr.trim();
    return { ...run, stderr: said ? `${said}\r\n` : `ERROR: the elevated reg.exe exited with code ${run.code ?? 'none (timed out)'}.\r\n` };
  };
}

/** A message as one sentence: capital first letter, one full stop at the end. */
function sentence(message: string): string {
  const text = `${message.charAt(0).toUpperCase()}${message.slice(1)}`;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** What `enableFullDumps` needs besides the app name. */
export interface FullDumpsOptions extends ElevatedRegOptions {
  readonly platform?: NodeJS.Platform;
}

/**
 * "Enable full dumps for this app": LocalDumps\APP.exe DumpType=2 (the folder and count keep
 * Windows' defaults: %LOCALAPPDATA%\CrashDumps, 10 dumps), then the key read back. A declined UAC
 * prompt is `cancelled`, not an error.
 */
export async function enableFullDumps(app: string, options: FullDumpsOptions): Promise<Result<FullDumpsOutcome, string>> {
  if ((options.platform ?? process.platform) !== 'win32') return err('LocalDumps are a Windows setting: full dumps can be turned on on Windows only.');
  let cancelled = false;
  const base = elevatedRunReg(options);
  const runReg: RunReg = async (args) => {
    const run = await base(args);
    if (isUacCancelled(run)) cancelled = true;
    return run;
  };
  try {
    const r = await applyLocalDumps({ kind: 'enable', app, dumpType: 'full' }, runReg);
    if (cancelled) return ok({ kind: 'cancelled' });
    if (!r.ok) return err(sentence(r.error.message));
    return ok({ kind: 'done', ...r.value });
  } catch (e) {
    return err(`reg.exe could not be started: ${(e as Error).message}`);
  }
}
