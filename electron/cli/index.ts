#!/usr/bin/env node
/** The `wer-explorer` command: composition root of the CLI, run under plain Node. */
import { join } from 'node:path';
import { useReadHelpers } from '../main/core/store/parallel-read';
import { realCliContext } from './cli-context';
import { runCli } from './program';

// Big scans read on a worker thread too; the build puts its script beside this one.
useReadHelpers(join(__dirname, 'scan-worker.js'));

// Ctrl+C ends long-running commands (watch, collect) cleanly; a second one exits at once.
const stop = new AbortController();
process.on('SIGINT', () => {
  if (stop.signal.aborted) process.exit(130);
  stop.abort();
});

// `wer-explorer scan | head` closes the pipe early; that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

// Whether stdout's buffer is full (write returned false) until its 'drain' event.
let stdoutFull = false;
void runCli(process.argv.slice(2), {
  out: (text) => {
    if (!process.stdout.write(text)) stdoutFull = true;
  },
  err: (text) => process.stderr.write(text),
  drain: () =>
    stdoutFull
      ? new Promise<void>((done) =>
          process.stdout.once('drain', () => {
            stdoutFull = false;
            done();
          }),
        )
      : Promise.resolve(),
}, realCliContext(stop.signal)).then((code) => {
  process.exitCode = code;
});
