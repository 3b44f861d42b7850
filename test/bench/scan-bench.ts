import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useReadHelpers } from '../../electron/main/core/store/parallel-read';
import { scanStores } from '../../electron/main/core/store/scan-stores';
import { buildStore } from '../support/store-builder';
import { threadsLabel, useBuiltScanWorker } from './built-worker';
import { median } from './stats';

const REPORTS = 10_000;
const ROUNDS = 3;

/**
 * Scan of a generated store of 10,000 report folders: reports/s, the ratio to a raw-read floor
 * (reading the same Report.wer bytes without parsing, the same synchronous way, same run) and
 * peak RSS. The scan runs as the app and the CLI run it (with the built worker threads), and
 * on the main thread only for comparison.
 * Goals on the 2-core machine: ≥ 5,000 reports/s and ≤ 3× the floor.
 */
export async function benchScan(log: (line: string) => void): Promise<void> {
  const helpers = useBuiltScanWorker(log, 'scan');
  const root = await mkdtemp(join(tmpdir(), 'wer-bench-scan-'));
  try {
    const built = await buildStore(root, REPORTS, { attachmentsEvery: 5, loadedModules: 60 });
    const werPaths = built.map((b) => join(b.folder, 'Report.wer'));
    const location = [{ path: root, scope: 'extra' as const, label: 'bench' }];
    const rssBefore = process.memoryUsage().rss;
    const floors: number[] = [];
    const ioFloors: number[] = [];
    const scans: number[] = [];
    const singleThreadScans: number[] = [];
    let found = 0;
    for (let round = 0; round < ROUNDS; round++) {
      let t = performance.now();
      for (const p of werPaths) readFileSync(p);
      floors.push(performance.now() - t);
      t = performance.now();
      found = (await scanStores(location)).reports.length;
      scans.push(performance.now() - t);
      if (helpers) {
        useReadHelpers(null);
        t = performance.now();
        await scanStores(location);
        singleThreadScans.push(performance.now() - t);
        useReadHelpers(helpers.workerFile, helpers.count);
      }
      // Detail only (the ratio above stays against the raw-read floor): the I/O a scan cannot
      // skip, listing each report folder (for its attachments) and reading its Report.wer.
      t = performance.now();
      for (const b of built) {
        readdirSync(b.folder, { withFileTypes: true });
        readFileSync(join(b.folder, 'Report.wer'));
      }
      ioFloors.push(performance.now() - t);
    }
    const scanMs = median(scans);
    const floorMs = median(floors);
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    log(`scan: ${found} reports in ${scanMs.toFixed(0)} ms = ${Math.round((found / scanMs) * 1000)} reports/s, ${threadsLabel(helpers)} (goal >= 5000)`);
    log(`scan: raw-read floor ${floorMs.toFixed(0)} ms; ratio ${(scanMs / floorMs).toFixed(2)}x (goal <= 3x)`);
    if (helpers) {
      const singleMs = median(singleThreadScans);
      log(`scan: on the main thread only ${singleMs.toFixed(0)} ms = ${Math.round((found / singleMs) * 1000)} reports/s (ratio ${(singleMs / floorMs).toFixed(2)}x)`);
    }
    const ioMs = median(ioFloors);
    log(`scan: listing + read floor ${ioMs.toFixed(0)} ms (${(ioMs / floorMs).toFixed(2)}x the raw-read floor); scan is ${(scanMs / ioMs).toFixed(2)}x that`);
    log(`scan: RSS before ${(rssBefore / 1048576).toFixed(0)} MB, peak ${peakRssMb.toFixed(0)} MB (medians of ${ROUNDS} rounds)`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
