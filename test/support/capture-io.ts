import type { CliIo } from '../../electron/cli/cli-io';

/** A CliIo that records what a command writes, for in-process CLI tests. */
export function captureIo(): CliIo & { stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}
