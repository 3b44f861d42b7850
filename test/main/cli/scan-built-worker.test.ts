import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { BUILT } from '../../support/built';
import { buildStore } from '../../support/store-builder';

jest.setTimeout(60_000);

const OUT_MAIN = dirname(BUILT.scanWorker);

describe('the built CLI and app start the scan worker from beside themselves', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-cli-worker-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('builds the worker next to both entries that point at it', () => {
    for (const entry of ['cli.js', 'index.js', 'scan-worker.js']) expect(existsSync(join(OUT_MAIN, entry))).toBe(true);
  });

  it('scans a big store with the worker, and prints every report', async () => {
    await buildStore(join(root, 'WER'), 1100, { attachmentsEvery: 9 });
    // Preloaded into the CLI process: logs each worker thread it starts, with its script.
    const spy = join(root, 'worker-spy.js');
    await writeFile(
      spy,
      `const wt = require('node:worker_threads');
       const Real = wt.Worker;
       wt.Worker = class extends Real {
         constructor(file, options) { super(file, options); process.stderr.write('worker: ' + file + '\\n'); }
       };`,
    );
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--require', spy, join(OUT_MAIN, 'cli.js'), 'scan', join(root, 'WER'), '--json'],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    expect(stderr).toContain(`worker: ${BUILT.scanWorker}\n`);
    const reports = JSON.parse(stdout) as { id: string; problems: string[] }[];
    expect(reports).toHaveLength(1100);
    expect(new Set(reports.map((r) => r.id)).size).toBe(1100);
    expect(reports.filter((r) => r.problems.length > 0)).toEqual([]);
  });
});
