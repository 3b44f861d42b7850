/**
 * Runs Windows programs in the lane's Wine prefix. Wine 8 gives node.exe no usable pipe (EBADF),
 * so standard output and error always go to files, which are read (and polled, for long-running
 * commands) instead; standard input is closed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../../support/wait';
import { exited, waitForExit } from '../../e2e/support/serve-process';
import { CLI_SCRIPT, NODE_EXE, WINE, type WindowsLane, linuxPath, userProfile, wineEnv } from './wine-lane';

/** A finished run. */
export interface WineRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time of the run, Wine start-up included. */
  readonly ms: number;
}

/** A Windows program still running under Wine. */
export interface WineProcess {
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Polls the stdout file until `predicate` holds; resolves with the time it took. */
  readonly waitForStdout: (predicate: (stdout: string) => boolean, what: string, timeoutMs?: number) => Promise<number>;
  /** Polls the stderr file the same way. */
  readonly waitForStderr: (predicate: (stderr: string) => boolean, what: string, timeoutMs?: number) => Promise<number>;
  /** Ctrl+C (Wine turns SIGINT into a console Ctrl+C), then a kill; resolves with the exit code. */
  readonly stop: () => Promise<number | null>;
}

let sequence = 0;

function readText(file: string): string {
  return readFileSync(file, 'utf8');
}

function launch(lane: WindowsLane, exe: string, args: readonly string[], name: string): { child: ChildProcess; out: string; err: string; started: number } {
  sequence += 1;
  const base = join(lane.ioDir, `${String(sequence).padStart(3, '0')}-${name.replace(/[^\w.-]+/g, '_').slice(0, 40)}`);
  const out = `${base}.out`;
  const err = `${base}.err`;
  const fds = [openSync(out, 'w'), openSync(err, 'w')] as const;
  const started = performance.now();
  try {
    const child = spawn(WINE, [exe, ...args], {
      env: wineEnv(lane),
      // Windows' current folder: the user's profile (drive C:), like a fresh console.
      cwd: linuxPath(lane, userProfile(lane)),
      stdio: ['ignore', fds[0], fds[1]],
      ...(lane.user.switched ? { uid: lane.user.uid, gid: lane.user.gid } : {}),
    });
    return { child, out, err, started };
  } finally {
    // The child has its own copies of the descriptors.
    for (const fd of fds) closeSync(fd);
  }
}

/** Runs `exe` (a Windows path inside the prefix) to its end. */
export async function runWine(lane: WindowsLane, exe: string, args: readonly string[], timeoutMs = 60_000): Promise<WineRun> {
  const { child, out, err, started } = launch(lane, exe, args, args.find((a) => /^[a-z]+$/.test(a)) ?? 'run');
  const finished = await new Promise<boolean>((resolve, reject) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => (clearTimeout(timer), resolve(true)));
    child.once('error', (e) => (clearTimeout(timer), reject(e)));
  });
  if (!finished) {
    child.kill('SIGKILL');
    await waitForExit(child, 5000);
    throw new Error(`${exe} ${args.join(' ')} did not end within ${timeoutMs} ms; stderr: ${readText(err).trim() || '(empty)'}`);
  }
  return { code: child.exitCode, stdout: readText(out), stderr: readText(err), ms: performance.now() - started };
}

/** Runs Windows Node with `args`. */
export function runWindowsNode(lane: WindowsLane, args: readonly string[], timeoutMs?: number): Promise<WineRun> {
  return runWine(lane, NODE_EXE, args, timeoutMs);
}

/** How to run the CLI. */
export interface CliRunOptions {
  readonly timeoutMs?: number;
  /** Node options before the script, e.g. `--require` of a preload. */
  readonly nodeArgs?: readonly string[];
}

/** Runs the built CLI under Windows Node to its end. */
export function runWindowsCli(lane: WindowsLane, args: readonly string[], options: CliRunOptions = {}): Promise<WineRun> {
  return runWindowsNode(lane, [...(options.nodeArgs ?? []), CLI_SCRIPT, ...args], options.timeoutMs);
}

/** Starts a long-running CLI command (watch, collect, serve) under Windows Node. */
export function startWindowsCli(lane: WindowsLane, args: readonly string[]): WineProcess {
  const { child, out, err } = launch(lane, NODE_EXE, [CLI_SCRIPT, ...args], args[0] ?? 'cli');
  const poll = (file: string) => (predicate: (text: string) => boolean, what: string, timeoutMs = 30_000) =>
    waitFor(() => {
      if (exited(child) && !predicate(readText(file))) {
        throw new Error(`${args.join(' ')} exited with code ${child.exitCode} while waiting for ${what}; stderr: ${readText(err).trim() || '(empty)'}`);
      }
      return predicate(readText(file));
    }, what, timeoutMs);
  return {
    stdout: () => readText(out),
    stderr: () => readText(err),
    waitForStdout: poll(out),
    waitForStderr: poll(err),
    stop: async () => {
      if (!exited(child)) {
        child.kill('SIGINT');
        if (!(await waitForExit(child, 10_000))) {
          child.kill('SIGKILL');
          await waitForExit(child, 5000);
        }
      }
      return child.exitCode;
    },
  };
}
