import { link, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BundlePlan } from '../../shared/export-model';
import { planBundle } from '../../electron/main/core/export/bundle-plan';
import { writeBundle } from '../../electron/main/core/export/bundle-writer';
import { sampleDumpBytes } from '../../electron/main/core/sample/sample-dump';
import { mulberry32 } from '../support/prng';
import { buildStore } from '../support/store-builder';

const REPORTS = 1_000;
const DUMP_BYTES = 1024 * 1024;
const RSS_SAMPLE_MS = 50;

/**
 * A 1 MB minidump that compresses like a real one (about 3:1): a real dump header and streams,
 * then pages that are part zeros, part repeated structures, part noise.
 */
function benchDump(): Buffer {
  const head = Buffer.from(sampleDumpBytes({
    exceptionCode: 0xc0000005, module: 'ContosoRender.dll', moduleVersion: '2.4.1.0', offset: 0x12a4f,
    appImage: 'ContosoViewer.exe', pid: 4000, timeMs: Date.UTC(2026, 0, 1),
  }));
  const body = Buffer.alloc(DUMP_BYTES - head.length);
  const rng = mulberry32(1);
  for (let page = 0; page < body.length; page += 4096) {
    const kind = rng.int(3);
    const end = Math.min(body.length, page + 4096);
    for (let i = page; i < end; i++) {
      if (kind === 1) body[i] = (i * 7) & 0x3f;
      else if (kind === 2) body[i] = rng.int(256);
    }
  }
  return Buffer.concat([head, body]);
}

const mb = (bytes: number) => bytes / 1048576;

interface Run {
  readonly seconds: number;
  readonly zipBytes: number;
  /** [fraction of bytes written, RSS in MB] samples while files are written. */
  readonly rss: readonly (readonly [number, number])[];
  /** Peak RSS (MB) while the summaries and the manifest are built. */
  readonly summaryPeak: number;
}

async function timedWrite(plan: BundlePlan, out: string): Promise<Run> {
  const rss: [number, number][] = [];
  let done = 0;
  let phase = 'files';
  let summaryPeak = 0;
  const timer = setInterval(() => {
    const now = mb(process.memoryUsage().rss);
    if (phase === 'files') rss.push([done / Math.max(1, plan.totalBytes), now]);
    else summaryPeak = Math.max(summaryPeak, now);
  }, RSS_SAMPLE_MS);
  const t = performance.now();
  const result = await writeBundle(plan, out, {
    onProgress: (p) => {
      done = p.bytesDone;
      phase = p.phase;
    },
  });
  const seconds = (performance.now() - t) / 1000;
  clearInterval(timer);
  if (!result.ok) throw new Error(result.error.message);
  const zipBytes = (await stat(out)).size;
  await rm(out, { force: true });
  return { seconds, zipBytes, rss, summaryPeak };
}

/** RSS at the sample nearest to each fraction of the bytes written. */
function rssAt(run: Run, fractions: readonly number[]): string {
  return fractions
    .map((f) => {
      const near = run.rss.reduce((best, s) => (Math.abs(s[0] - f) < Math.abs(best[0] - f) ? s : best), run.rss[0] ?? [0, 0]);
      return `${Math.round(f * 100)}%: ${near[1].toFixed(0)} MB`;
    })
    .join(', ');
}

/**
 * Export of 1,000 reports with 1 MB of attachments each (a 1 MB minidump, hard-linked so the
 * store costs 1 MB of disk, plus metadata, memory.csv and sysinfo.txt): MB/s, the zip's size, and
 * RSS sampled while the bundle grows (it should stay flat: files stream, never load whole). Then
 * the same reports redacted (text only: dumps are left out). The zip is removed after each run.
 */
export async function benchExport(log: (line: string) => void): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'wer-bench-export-'));
  try {
    const built = await buildStore(join(root, 'WER'), REPORTS, { attachmentsEvery: 1, loadedModules: 60 });
    const master = join(root, 'dump.mdmp');
    await writeFile(master, benchDump());
    for (const b of built) await link(master, join(b.folder, 'WERA1B5.tmp.mdmp'));
    const folders = built.map((b) => b.folder);
    const rssBefore = mb(process.memoryUsage().rss);

    let t = performance.now();
    const plan = await planBundle(folders);
    const planMs = performance.now() - t;
    const run = await timedWrite(plan, join(root, 'bundle.zip'));
    const peak = Math.max(...run.rss.map((s) => s[1]));
    log(`export: ${plan.reports.length} reports, ${plan.files.length} files, ${mb(plan.totalBytes).toFixed(0)} MB in ${run.seconds.toFixed(1)} s = ${(mb(plan.totalBytes) / run.seconds).toFixed(1)} MB/s (plan ${planMs.toFixed(0)} ms)`);
    log(`export: zip ${mb(run.zipBytes).toFixed(0)} MB (${(plan.totalBytes / run.zipBytes).toFixed(1)}:1)`);
    log(`export: RSS before ${rssBefore.toFixed(0)} MB; while writing files ${rssAt(run, [0.1, 0.25, 0.5, 0.75, 1])} (peak ${peak.toFixed(0)} MB); summaries + manifest peak ${run.summaryPeak.toFixed(0)} MB`);

    t = performance.now();
    const redacted = await planBundle(folders, { redact: true });
    const redactPlanMs = performance.now() - t;
    const redactRun = await timedWrite(redacted, join(root, 'redacted.zip'));
    const total = (redactPlanMs / 1000 + redactRun.seconds);
    log(`export --redact: ${redacted.files.length} text files, ${mb(redacted.totalBytes).toFixed(1)} MB: plan (discovery + dry run) ${redactPlanMs.toFixed(0)} ms, write ${redactRun.seconds.toFixed(1)} s = ${Math.round(REPORTS / total)} reports/s`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

