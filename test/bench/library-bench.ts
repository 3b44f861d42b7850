import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoreLocation } from '../../shared/store-model';
import { ReportLibrary } from '../../electron/main/core/library/report-library';
import { formatMemoryCsv } from '../../electron/main/core/sample/attachment-writers';
import { formatReportWer, utf16leWithBom } from '../../electron/main/core/sample/report-writer';
import { buildStore, generatedSpec } from '../support/store-builder';
import { threadsLabel, useBuiltScanWorker } from './built-worker';

const REPORTS = 10_000;
const LIVE_REPORTS = 100;
const BURST = 1000;

function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

/** Writes one report the way WER does: folder, attachments, then Report.wer in two writes. */
async function writeLikeWer(store: string, n: number): Promise<{ folder: string; done: number }> {
  const { spec } = generatedSpec(n, 60);
  const folder = join(store, spec.folderName);
  await mkdir(folder);
  await writeFile(join(folder, 'WER1A2B.tmp.csv'), formatMemoryCsv('app.exe', 1234));
  const bytes = Buffer.from(utf16leWithBom(formatReportWer(spec)));
  const half = bytes.length >> 1;
  await writeFile(join(folder, 'Report.wer'), bytes.subarray(0, half & ~1));
  await writeFile(join(folder, 'Report.wer'), bytes, { flag: 'w' });
  return { folder, done: performance.now() };
}

/**
 * The live library with 10,000 reports: cold scan, warm start from the cache, live latency of
 * new reports written the way WER does (median, p95), a burst of 1,000, and RSS.
 * Goals: warm start < 1 s, p95 latency < 1 s, RSS < 300 MB.
 */
export async function benchLibrary(log: (line: string) => void): Promise<void> {
  const helpers = useBuiltScanWorker(log, 'library');
  const root = await mkdtemp(join(tmpdir(), 'wer-bench-library-'));
  try {
    await buildStore(root, REPORTS, { attachmentsEvery: 5, loadedModules: 60 });
    const cacheFile = join(root, 'cache.json');
    const locations: StoreLocation[] = ['ReportQueue', 'ReportArchive'].map((s) => ({ path: join(root, s), scope: 'machine', label: s }));

    let t = performance.now();
    const cold = new ReportLibrary({ locations, cacheFile, watch: false });
    const coldInfo = await cold.start();
    const coldMs = performance.now() - t;
    await cold.close();
    log(`library: cold start ${coldInfo.reports} reports (${coldInfo.parsed} parsed) in ${coldMs.toFixed(0)} ms, ${threadsLabel(helpers)}`);

    t = performance.now();
    const library = new ReportLibrary({ locations, cacheFile });
    const warmInfo = await library.start();
    const warmMs = performance.now() - t;
    await library.whenWatching();
    const watchMs = performance.now() - t;
    log(
      `library: warm start ${warmInfo.reports} reports (${warmInfo.fromCache} from cache, ${warmInfo.parsed} parsed) in ${warmMs.toFixed(0)} ms (goal < 1000 ms); watchers ready after ${watchMs.toFixed(0)} ms`,
    );

    const seen = new Map<string, number>();
    library.subscribe((e) => {
      if (e.kind === 'added') seen.set(e.report.folder, performance.now());
    });
    const queue = join(root, 'ReportQueue');
    const latencies: number[] = [];
    for (let i = 0; i < LIVE_REPORTS; i++) {
      const { folder, done } = await writeLikeWer(queue, REPORTS + i);
      while (!seen.has(folder) && performance.now() - done < 5000) await new Promise((r) => setTimeout(r, 5));
      latencies.push((seen.get(folder) ?? Infinity) - done);
    }
    log(
      `library: live latency over ${LIVE_REPORTS} new reports: median ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms (goal p95 < 1000 ms)`,
    );

    t = performance.now();
    await Promise.all(Array.from({ length: BURST }, (_, i) => writeLikeWer(queue, REPORTS + LIVE_REPORTS + i)));
    const written = performance.now() - t;
    while (seen.size < LIVE_REPORTS + BURST && performance.now() - t < 60_000) await new Promise((r) => setTimeout(r, 20));
    log(
      `library: burst of ${BURST} reports written in ${written.toFixed(0)} ms; all ${seen.size - LIVE_REPORTS} indexed ${(performance.now() - t).toFixed(0)} ms after the burst began`,
    );
    await library.close();
    // RSS of a fresh process holding the whole index and watching, not of this busy bench process.
    const child = JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, 'library-rss.ts'), root, cacheFile], { encoding: 'utf8' }),
    ) as { reports: number; rss: number };
    log(`library: RSS of a fresh process holding ${child.reports} reports and watching: ${mb(child.rss)} (goal < 300 MB)`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
