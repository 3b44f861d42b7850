import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WerReport } from '../../../../shared/report-model';
import {
  closeReadHelpers,
  readInParallel,
  type ReadHelpers,
  readHelpers,
  stampsInParallel,
  useReadHelpers,
} from '../../../../electron/main/core/store/parallel-read';
import { type FolderStamp, folderStamp } from '../../../../electron/main/core/store/folder-stamp';
import { listReportFolders } from '../../../../electron/main/core/store/scan-stores';
import { extraLocations } from '../../../../electron/main/core/store/discover-stores';
import { fixtureFiles, fixturePath } from '../../../support/fixtures';
import { builtScanWorker, countingScanWorker } from '../../../support/built-scan-worker';
import { buildStore } from '../../../support/store-builder';
const noPause = async (): Promise<void> => undefined;

describe('readInParallel', () => {
  let root: string;
  let folders: Awaited<ReturnType<typeof listReportFolders>>['found'];
  let inline: WerReport[];
  let builtWorker: string;

  const byFolder = (reports: WerReport[]): WerReport[] => [...reports].sort((a, b) => (a.folder < b.folder ? -1 : 1));
  const read = async (helpers: ReadHelpers | null, minFolders = 0) => {
    const reports: WerReport[] = [];
    const stats = await readInParallel(folders, (r) => reports.push(r), noPause, { helpers, minFolders });
    return { reports: byFolder(reports), stats };
  };
  /** A worker script written for one test (plain JS, run as the built worker would be). */
  const workerScript = async (name: string, body: string): Promise<string> => {
    const file = join(root, `${name}.js`);
    await writeFile(file, body);
    return file;
  };

  beforeAll(async () => {
    builtWorker = builtScanWorker();
    root = await mkdtemp(join(tmpdir(), 'wer-parallel-'));
    const store = join(root, 'WER');
    await buildStore(store, 600, { attachmentsEvery: 3, loadedModules: 20 });
    // Every real Report.wer of the fixtures, and folders that are damaged in each way a scan meets.
    const queue = join(store, 'ReportQueue');
    for (const name of fixtureFiles('reportwer')) {
      const folder = join(queue, `AppCrash_fixture_${name.replace(/[^A-Za-z0-9]/g, '')}`);
      await mkdir(folder);
      await copyFile(fixturePath('reportwer', name), join(folder, 'Report.wer'));
    }
    await mkdir(join(queue, 'AppCrash_empty'));
    await writeFile(join(queue, 'AppCrash_empty', 'Report.wer'), '');
    await mkdir(join(queue, 'AppCrash_half-written'));
    folders = (await listReportFolders(extraLocations([store])[0]!)).found;
    inline = (await read(null)).reports;
  });
  afterAll(async () => {
    await closeReadHelpers();
    await rm(root, { recursive: true, force: true });
  });

  it('reads every folder once on worker threads too, with the same reports as the calling thread alone', async () => {
    expect(inline).toHaveLength(folders.length);
    expect(inline.length).toBeGreaterThan(600);
    const { reports, stats } = await read({ workerFile: builtWorker, count: 2 });
    expect(stats.failedHelpers).toBe(0);
    expect(stats.byHelpers).toBeGreaterThan(0);
    expect(reports).toStrictEqual(inline);
  });

  it('reuses the workers of the last scan, and still reads everything', async () => {
    const first = await read({ workerFile: builtWorker, count: 1 });
    const second = await read({ workerFile: builtWorker, count: 1 });
    expect(second.stats).toEqual({ byHelpers: expect.any(Number), failedHelpers: 0 });
    expect(second.stats.byHelpers).toBeGreaterThan(0);
    expect(first.reports).toStrictEqual(inline);
    expect(second.reports).toStrictEqual(inline);
  });

  it('reads on the calling thread only below the size where workers pay off', async () => {
    const { reports, stats } = await read({ workerFile: builtWorker, count: 2 }, 100_000);
    expect(stats).toEqual({ byHelpers: 0, failedHelpers: 0 });
    expect(reports).toStrictEqual(inline);
  });

  it('loses nothing when a worker cannot start, dies mid-scan or answers garbage', async () => {
    const failing = [
      join(root, 'no-such-worker.js'),
      await workerScript('throws', "throw new Error('cannot load');"),
      await workerScript('exits', "require('node:worker_threads').parentPort.on('message', () => process.exit(3));"),
      await workerScript('garbage', "const { parentPort } = require('node:worker_threads'); parentPort.on('message', () => parentPort.postMessage({ json: '{not json' }));"),
      await workerScript('error', "const { parentPort } = require('node:worker_threads'); parentPort.on('message', () => parentPort.postMessage({ error: 'disk on fire' }));"),
    ];
    for (const workerFile of failing) {
      const { reports, stats } = await read({ workerFile, count: 1 });
      expect({ workerFile, failed: stats.failedHelpers, byHelpers: stats.byHelpers }).toEqual({ workerFile, failed: 1, byHelpers: 0 });
      expect(reports).toStrictEqual(inline);
    }
  });

  it('keeps the reports a worker sent before it died', async () => {
    // Answers its first chunk properly (with the real reader), then dies instead of the second.
    const workerFile = await workerScript(
      'dies-later',
      `const { parentPort, Worker } = require('node:worker_threads');
       let messages = 0;
       let answered = false;
       const die = () => setTimeout(() => process.exit(1), 20);
       parentPort.on('message', (m) => {
         if (++messages > 1) return answered ? die() : undefined;
         const real = new Worker(${JSON.stringify(builtWorker)});
         real.once('message', (a) => {
           parentPort.postMessage(a);
           answered = true;
           if (messages > 1) die();
         });
         real.postMessage(m);
       });`,
    );
    const { reports, stats } = await read({ workerFile, count: 1 });
    expect(stats.failedHelpers).toBe(1);
    expect(stats.byHelpers).toBeGreaterThan(0);
    expect(reports).toStrictEqual(inline);
  });

  it('is configured once by the composition roots', () => {
    const before = readHelpers();
    try {
      useReadHelpers(builtWorker, 8);
      expect(readHelpers()).toEqual({ workerFile: builtWorker, count: 3 });
      useReadHelpers(builtWorker, 0);
      expect(readHelpers()).toBeNull();
      useReadHelpers(null);
      expect(readHelpers()).toBeNull();
    } finally {
      useReadHelpers(before?.workerFile ?? null, before?.count);
    }
  });
});

describe('stampsInParallel', () => {
  let root: string;
  let paths: string[];
  let inline: (FolderStamp | null)[];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-stamps-'));
    const store = join(root, 'WER');
    await buildStore(store, 40);
    await mkdir(join(store, 'ReportQueue', 'AppCrash_half-written'));
    await writeFile(join(root, 'kernel.dmp'), Buffer.alloc(4096));
    const listed = (await listReportFolders(extraLocations([store])[0]!)).found.map((f) => f.folder);
    // Past two messages' worth, with what a stamp pass meets: a dump file, a vanished folder.
    paths = [];
    while (paths.length < 5000) paths.push(...listed, join(root, 'kernel.dmp'), join(root, 'gone'));
    inline = paths.map((p) => folderStamp(p));
    expect(inline.filter((s) => s === null).length).toBeGreaterThan(0);
    expect(inline.some((s) => s !== null && s.werSize === null)).toBe(true);
  });
  afterAll(async () => {
    await closeReadHelpers();
    await rm(root, { recursive: true, force: true });
  });

  it('takes the same stamps on a worker thread as folderStamp here, in order', async () => {
    const counting = countingScanWorker(root);
    expect(await stampsInParallel(paths, noPause, { helpers: { workerFile: counting.file, count: 1 }, minFolders: 0 })).toStrictEqual(inline);
    expect(counting.answered()).toBe(3);
    expect(await stampsInParallel(paths, noPause, { helpers: null })).toStrictEqual(inline);
  });

  it('takes the rest here when the worker cannot start, dies or answers something else', async () => {
    const script = async (name: string, body: string) => {
      const file = join(root, `${name}.js`);
      await writeFile(file, body);
      return file;
    };
    const failing = [
      join(root, 'no-such-worker.js'),
      await script('exits', "require('node:worker_threads').parentPort.on('message', () => process.exit(3));"),
      await script('reads', "const { parentPort } = require('node:worker_threads'); parentPort.on('message', () => parentPort.postMessage({ json: '[]' }));"),
      await script('short', "const { parentPort } = require('node:worker_threads'); parentPort.on('message', () => parentPort.postMessage({ stamps: new Float64Array(3) }));"),
    ];
    for (const workerFile of failing) {
      expect(await stampsInParallel(paths, noPause, { helpers: { workerFile, count: 1 }, minFolders: 0 })).toStrictEqual(inline);
    }
  });
});
