/**
 * `npm run bench idle`: an idle library over a collector-sized store. Builds (once, under the
 * ignored .cache folder) a folder holding ReportQueue/ReportArchive with 100,000 reports, then runs
 * a fresh process that opens it as `serve DIR` does (one location, cache, real chokidar watching,
 * so the stores are watched light) and, with no client and no change, samples RSS and heap every
 * 5 s for 2 minutes, counting the stat/readdir calls and the garbage collections in each window.
 * Goal: RSS and heap flat after the first minute; per-sweep work independent of the store's size.
 *
 * Run alone: `npx tsx test/bench/library-idle.ts [--reports N] [--seconds S]`.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { ReportLibrary } from '../../electron/main/core/library/report-library';
import { buildStore } from '../support/store-builder';

// The module object itself (not an ES-module copy of it), so its sync functions can be counted.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = require('node:fs') as typeof import('node:fs');

const DEFAULT_REPORTS = 100_000;
const DEFAULT_SECONDS = 120;
const SAMPLE_MS = 5000;

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

/** The generated store for `reports` reports, built once and reused (a marker file says it is complete). */
async function idleStore(reports: number, log: (line: string) => void): Promise<string> {
  const root = resolve(__dirname, '../../.cache', `bench-idle-${reports}`);
  const marker = join(root, '.complete');
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === String(reports)) return root;
  await rm(root, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  const t = performance.now();
  await buildStore(root, reports, { attachmentsEvery: 10, loadedModules: 20 });
  await writeFile(marker, String(reports));
  log(`idle: built a store of ${reports} reports in ${((performance.now() - t) / 1000).toFixed(0)} s (${root})`);
  return root;
}

/** One 5 s window of the idle process. */
interface Sample {
  readonly t: number;
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  /** CPU time the process used in the window (user + system). */
  readonly cpuMs: number;
  readonly stats: number;
  readonly readdirs: number;
  readonly minorGcs: number;
  readonly majorGcs: number;
}

/** Counts calls of the sync fs functions the library uses (CommonJS callers look them up on the module). */
function countFsCalls(): { take: () => { stats: number; readdirs: number } } {
  let stats = 0;
  let readdirs = 0;
  const mutable = fs as unknown as Record<string, unknown>;
  const statSync = fs.statSync;
  const readdirSync = fs.readdirSync;
  mutable.statSync = (...args: unknown[]) => (stats++, (statSync as (...a: unknown[]) => unknown)(...args));
  mutable.readdirSync = (...args: unknown[]) => (readdirs++, (readdirSync as (...a: unknown[]) => unknown)(...args));
  return {
    take: () => {
      const counts = { stats, readdirs };
      stats = 0;
      readdirs = 0;
      return counts;
    },
  };
}

/** The child process: opens the library, then samples it idle; prints one JSON line. */
async function child(root: string, cacheFile: string, seconds: number): Promise<void> {
  const library = new ReportLibrary({ locations: [{ path: root, scope: 'extra', label: 'collected' }], cacheFile });
  const t0 = performance.now();
  const info = await library.start();
  await library.whenWatching();
  const startMs = performance.now() - t0;
  let minorGcs = 0;
  let majorGcs = 0;
  const gcs = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
      // perf_hooks constants: NODE_PERFORMANCE_GC_MINOR = 1, MAJOR = 4.
      if (kind === 1) minorGcs++;
      else majorGcs++;
    }
  });
  gcs.observe({ entryTypes: ['gc'] });
  const counter = countFsCalls();
  const samples: Sample[] = [];
  const begin = performance.now();
  let cpu = process.cpuUsage();
  while (performance.now() - begin < seconds * 1000) {
    await new Promise((r) => setTimeout(r, SAMPLE_MS));
    const m = process.memoryUsage();
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    samples.push({
      t: Math.round((performance.now() - begin) / 1000),
      rss: m.rss,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      external: m.external,
      cpuMs: Math.round((used.user + used.system) / 1000),
      ...counter.take(),
      minorGcs,
      majorGcs,
    });
    minorGcs = 0;
    majorGcs = 0;
  }
  gcs.disconnect();
  await library.close();
  console.log(JSON.stringify({ info, startMs, samples }));
}

/** Runs the idle process on a store of `reports` reports for `seconds` and prints its samples. */
export async function benchLibraryIdle(log: (line: string) => void, reports = DEFAULT_REPORTS, seconds = DEFAULT_SECONDS): Promise<void> {
  const root = await idleStore(reports, log);
  const cacheDir = resolve(__dirname, '../../.cache', `bench-idle-cache-${reports}`);
  await mkdir(cacheDir, { recursive: true });
  const cacheFile = join(cacheDir, 'reports-cache.json');
  // A first run writes the cache, so the measured run starts warm like a long-running `serve`.
  if (!fs.existsSync(cacheFile)) runChild(root, cacheFile, 1);
  const { info, startMs, samples } = runChild(root, cacheFile, seconds);
  log(`idle: ${info.reports} reports, started in ${(startMs / 1000).toFixed(1)} s (${info.fromCache} from cache); ${seconds} s idle, no client:`);
  log('idle:    t   rss       heapUsed  heapTotal external  cpu/5s  stat/5s readdir/5s minorGC majorGC');
  for (const s of samples) {
    const cols = [mb(s.rss), mb(s.heapUsed), mb(s.heapTotal), mb(s.external)].map((c) => c.padEnd(9)).join(' ');
    log(`idle: ${String(s.t).padStart(4)}s ${cols} ${`${s.cpuMs} ms`.padStart(7)} ${String(s.stats).padStart(7)} ${String(s.readdirs).padStart(10)} ${String(s.minorGcs).padStart(7)} ${String(s.majorGcs).padStart(7)}`);
  }
  const after = samples.filter((s) => s.t > 60);
  const first = after[0];
  const last = after.at(-1);
  if (first && last) {
    log(
      `idle: after the first minute RSS ${mb(first.rss)} → ${mb(last.rss)} (${mb(last.rss - first.rss)}), heap ${mb(first.heapUsed)} → ${mb(last.heapUsed)} (goal: flat)`,
    );
  }
}

function runChild(root: string, cacheFile: string, seconds: number): { info: { reports: number; fromCache: number }; startMs: number; samples: Sample[] } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', __filename, '--child', root, cacheFile, String(seconds)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = out.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as ReturnType<typeof runChild>;
}

function option(args: readonly string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const run =
    args[0] === '--child'
      ? child(args[1] ?? '', args[2] ?? '', Number(args[3]))
      : benchLibraryIdle((line) => console.log(line), option(args, '--reports', DEFAULT_REPORTS), option(args, '--seconds', DEFAULT_SECONDS));
  void run.catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
