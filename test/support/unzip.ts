import { execFileSync } from 'node:child_process';

/**
 * Runs Info-ZIP's `unzip -t` (Debian's /usr/bin/unzip; CI installs it) on a zip and returns its
 * output. Throws — failing the test, never skipping it — when unzip is missing or finds an error.
 */
export function unzipTest(zipPath: string): string {
  return execFileSync('unzip', ['-t', zipPath], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** `unzip -Z1`: the entry names of a zip, one per line, as another tool reads them. */
export function unzipNames(zipPath: string): string[] {
  return execFileSync('unzip', ['-Z1', zipPath], { encoding: 'utf8' }).split('\n').filter((l) => l.length > 0);
}

/** `unzip -p`: one entry's bytes as Info-ZIP extracts them, as text. */
export function unzipText(zipPath: string, entry: string): string {
  return execFileSync('unzip', ['-p', zipPath, entry], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}
