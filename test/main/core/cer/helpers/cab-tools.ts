import { execFileSync, spawnSync } from 'node:child_process';

/** Debian tools the CAB interop tests drive; CI installs them (.ci/run). */
export const CAB_TOOLS = ['cabextract', 'gcab'] as const;

/**
 * Throws (so the test FAILS, never skips) when cabextract or gcab is missing, saying how to
 * install them.
 */
export function requireCabTools(): void {
  const missing = CAB_TOOLS.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(' and ')} not found: the CAB interop tests need Debian's cabextract and gcab ` +
        '(apt-get install -y cabextract gcab).',
    );
  }
}

/** Runs a tool and returns its stdout; throws with stderr when it exits non-zero. */
export function run(tool: string, args: readonly string[], cwd?: string): string {
  try {
    return execFileSync(tool, [...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const x = e as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${tool} ${args.join(' ')} failed: ${x.stderr || x.stdout || x.message}`);
  }
}
