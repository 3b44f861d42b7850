/**
 * Whether the app runs elevated on Windows, found without blocking. `whoami /groups` lists the
 * process token's mandatory label, whose SID is the same in every UI language and is there
 * whatever services run (`net session`, the old check, needed the Server service and waited
 * synchronously for it).
 */
import { execFile } from 'node:child_process';
import { win32 } from 'node:path';

/** Runs a program; resolves to its standard output, rejects when it fails or times out. */
export type RunProgram = (file: string, args: readonly string[]) => Promise<string>;

/** What the check uses; defaults are this process's platform and environment. */
export interface ElevationOptions {
  readonly platform?: string;
  /** `%SystemRoot%`, where whoami.exe is taken from (never from PATH). */
  readonly systemRoot?: string;
  readonly run?: RunProgram;
}

/** Longest wait for whoami; it usually answers in well under a second. */
const WHOAMI_TIMEOUT_MS = 5000;

/** The RID of the High mandatory level (S-1-16-12288): an elevated administrator; System is higher. */
const HIGH_INTEGRITY_RID = 12288;

const runProgram: RunProgram = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { windowsHide: true, timeout: WHOAMI_TIMEOUT_MS, encoding: 'utf8' }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });

/** Reads `whoami /groups` output: true at high integrity or above, false below, null when no label is listed. */
export function elevationFromGroups(output: string): boolean | null {
  const rids = [...output.matchAll(/\bS-1-16-(\d+)\b/g)].map((m) => Number(m[1]));
  if (rids.length === 0) return null;
  return Math.max(...rids) >= HIGH_INTEGRITY_RID;
}

/** Windows elevation: true or false on Windows, null elsewhere or when it cannot be told. */
export async function checkElevation(options: ElevationOptions = {}): Promise<boolean | null> {
  if ((options.platform ?? process.platform) !== 'win32') return null;
  const systemRoot = options.systemRoot ?? process.env['SystemRoot'] ?? 'C:\\Windows';
  try {
    const output = await (options.run ?? runProgram)(win32.join(systemRoot, 'System32', 'whoami.exe'), ['/groups', '/fo', 'csv', '/nh']);
    return elevationFromGroups(output);
  } catch {
    // Unknown rather than "not elevated": the Help menu only offers its hint on a clear no.
    return null;
  }
}
