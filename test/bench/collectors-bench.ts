import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { forwardReports } from '../../electron/main/core/cer/forward-reports';
import type { OutboxItem } from '../../electron/main/core/cer/outbox';
import { buildStore } from '../support/store-builder';
import { median } from './stats';

const REPORTS = 500;
const RUNS = 3;
const CLI = resolve(__dirname, '../../out/main/cli.js');

interface Collector {
  readonly url: string;
  readonly child: ChildProcess;
}

/** Starts `collect` of the built CLI on DIR; resolves with the URL it prints first. */
function startCollectProcess(dir: string): Promise<Collector> {
  const child = spawn(process.execPath, [CLI, 'collect', '--dir', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolvePromise, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (c: Buffer) => void (err += c.toString()));
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n')[0] ?? '';
      if (out.includes('\n')) {
        child.stdout?.removeAllListeners('data');
        child.stdout?.resume();
        resolvePromise({ url: line.trim(), child });
      }
    });
    child.once('exit', (code) => reject(new Error(`collect exited with ${code} before printing its URL: ${err.trim() || '(no stderr)'}`)));
  });
}

/** CPU seconds (user + system) a process used so far, from /proc (Linux); NaN elsewhere. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

function stop(c: Collector): Promise<void> {
  return new Promise((resolvePromise) => {
    if (c.child.exitCode !== null) return resolvePromise();
    c.child.once('exit', () => resolvePromise());
    c.child.kill('SIGTERM');
  });
}

/**
 * One run: `collectors` collect processes on one folder; two forwarding clients (each its own
 * outbox, 8 reports in flight), each sending its share (or, with `twice`, every report to every
 * collector). Returns ms and what landed.
 */
async function run(root: string, items: readonly OutboxItem[], collectors: number, twice: boolean, tag: string): Promise<{ ms: number; cpu: number; landed: number; temps: number }> {
  const shared = join(root, `shared-${tag}`);
  const running = await Promise.all(Array.from({ length: collectors }, () => startCollectProcess(shared)));
  try {
    const plans = twice
      ? running.map((c) => ({ server: c.url, items }))
      : [0, 1].map((k) => ({ server: (running[k % running.length] as Collector).url, items: items.filter((_, i) => i % 2 === k) }));
    const t = performance.now();
    const results = await Promise.all(
      plans.map((p, i) => forwardReports(p.items, { server: p.server, dataDir: join(root, `outbox-${tag}-${i}`), machine: 'bench', user: 'bench' })),
    );
    const ms = performance.now() - t;
    for (const r of results) {
      if (!r.ok) throw new Error(r.error);
      const failed = r.value.filter((x) => !x.ok);
      if (failed.length > 0) throw new Error(`${failed.length} report(s) failed: ${failed[0]?.error}`);
    }
    const cpu = running.reduce((sum, c) => sum + cpuSeconds(c.child.pid), 0);
    return { ms, cpu, landed: readdirSync(join(shared, 'ReportArchive')).length, temps: readdirSync(join(shared, '.cer-collector', 'tmp')).length };
  } finally {
    await Promise.all(running.map(stop));
  }
}

/**
 * Collectors side by side (issue 16 item 4): 500 generated reports forwarded to one `collect`
 * process, then to two on the same folder (each client to one of them, as behind DNS round
 * robin), then every report to both. Needs the built CLI (`npm run build`). Prints the median of
 * three runs as reports/s and the collectors' CPU time (startup included) per report sent, and
 * checks every report landed once with no temp folder left.
 */
export async function benchCollectors(log: (line: string) => void): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'wer-bench-collectors-'));
  try {
    const built = await buildStore(join(root, 'WER'), REPORTS, { attachmentsEvery: 5, loadedModules: 60 });
    const items = built.map((b) => ({ folder: b.folder, reportId: b.spec.reportIdentifier.toLowerCase() }));
    const scenarios = [
      { name: 'one collector', collectors: 1, twice: false },
      { name: 'two collectors, one folder', collectors: 2, twice: false },
      { name: 'two collectors, every report sent to both', collectors: 2, twice: true },
    ];
    const times = new Map<string, number[]>(scenarios.map((s) => [s.name, []]));
    const cpus = new Map<string, number[]>(scenarios.map((s) => [s.name, []]));
    for (let i = 0; i < RUNS; i++) {
      for (const [k, s] of scenarios.entries()) {
        const got = await run(root, items, s.collectors, s.twice, `${k}-${i}`);
        if (got.landed !== REPORTS || got.temps !== 0) throw new Error(`${s.name}: ${got.landed} landed, ${got.temps} temp folder(s) left`);
        times.get(s.name)?.push(got.ms);
        cpus.get(s.name)?.push(got.cpu);
      }
    }
    for (const s of scenarios) {
      const ms = median(times.get(s.name) ?? []);
      const sent = s.twice ? REPORTS * s.collectors : REPORTS;
      const cpuMs = (median(cpus.get(s.name) ?? []) * 1000) / sent;
      log(
        `collectors: ${s.name}: ${REPORTS} reports (${sent} sent) in ${ms.toFixed(0)} ms = ${Math.round((REPORTS / ms) * 1000)} reports/s, ` +
          `collector CPU ${cpuMs.toFixed(1)} ms per report sent; each landed once, no temp left (median of ${RUNS})`,
      );
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
