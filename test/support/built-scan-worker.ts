import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT, requireBuilt } from './built';

/** The scan worker script as the app and the CLI run it, or a clear failure when the build is missing. */
export function builtScanWorker(): string {
  requireBuilt(BUILT.scanWorker);
  return BUILT.scanWorker;
}

/**
 * A worker script (written into `dir`) that passes each chunk to the built worker and counts the
 * chunks it answered, so a test can prove the workers really did part of the reading.
 */
export function countingScanWorker(dir: string): { readonly file: string; readonly answered: () => number } {
  const file = join(dir, 'counting-scan-worker.js');
  const tally = join(dir, 'counting-scan-worker.tally');
  writeFileSync(tally, '');
  writeFileSync(
    file,
    `const { appendFileSync } = require('node:fs');
     const { parentPort, Worker } = require('node:worker_threads');
     const real = new Worker(${JSON.stringify(builtScanWorker())});
     real.on('message', (answer) => {
       appendFileSync(${JSON.stringify(tally)}, 'x');
       parentPort.postMessage(answer);
     });
     parentPort.on('message', (request) => real.postMessage(request));`,
  );
  return { file, answered: () => readFileSync(tally, 'utf8').length };
}
