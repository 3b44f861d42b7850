import { type ChildProcess, spawn } from 'node:child_process';
import { BUILT, REPO_ROOT, requireBuilt } from '../../support/built';

/** A running `wer-explorer serve` child process. */
export interface ServeProcess {
  /** The URL printed on the first stdout line, token included. */
  readonly url: string;
  /** The URL without its token (what a user who lost the token would open). */
  readonly origin: string;
  /** The process id (benchmarks sample its memory). */
  readonly pid: number | undefined;
  /** Everything the process wrote to stderr so far (for failure messages). */
  readonly stderr: () => string;
  /** Stops the process (Ctrl+C, then a kill if it does not exit) and waits until it is gone. */
  readonly stop: () => Promise<void>;
}

/** Whether a child process has ended. */
export function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves true once the child has ended, false when it is still running after `timeoutMs`. */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => done(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      done(true);
    });
  });
}

/**
 * Starts the built CLI's `serve` on a free port over `paths`, with its own data folder, and
 * resolves once it printed its URL. Fails with what to do when the build is missing.
 */
export async function startServe(paths: readonly string[], dataDir: string, timeoutMs = 30_000): Promise<ServeProcess> {
  requireBuilt(BUILT.cli, BUILT.renderer);
  const child = spawn(process.execPath, [BUILT.cli, 'serve', ...paths, '--port', '0', '--data-dir', dataDir], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => (stderr += chunk));

  const stop = async (): Promise<void> => {
    if (!exited(child)) {
      child.kill('SIGINT');
      if (!(await waitForExit(child, 5000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5000);
      }
    }
    // Closed pipes leave no open handle behind, so Jest can exit.
    child.stdout?.destroy();
    child.stderr?.destroy();
  };

  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve printed no URL within ${timeoutMs} ms; stderr: ${stderr.trim() || '(empty)'}`)), timeoutMs);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      fail(new Error(`serve exited with code ${code} before printing its URL; stderr: ${stderr.trim() || '(empty)'}`));
    };
    child.once('exit', onExit);
    child.once('error', (e) => {
      clearTimeout(timer);
      fail(e);
    });
    child.stdout?.on('data', (chunk: string) => {
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      done(stdout.slice(0, newline).trim());
    });
  }).catch(async (e: unknown) => {
    await stop();
    throw e;
  });

  const parsed = new URL(url);
  return { url, origin: `${parsed.origin}/`, pid: child.pid, stderr: () => stderr, stop };
}
