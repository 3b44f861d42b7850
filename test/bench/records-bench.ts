/**
 * Figures for the record merge (not a test: nothing fails on time). Run alone with
 * `npm run bench records`.
 * 100,000 records: 40,000 WER folders, 40,000 event-log crashes (30,000 of them of a folder's
 * report) made by logRecords from 90,000 events, 20,000 LocalDumps records (half of a crash’s process).
 */
import { performance } from 'node:perf_hooks';
import type { CrashEvent } from '../../electron/main/core/eventlog/crash-event-model';
import { logRecords } from '../../electron/main/core/records/log-records';
import { mergeRecords } from '../../electron/main/core/records/merge-records';
import type { WerReport } from '../../shared/report-model';
import { makeReports } from '../support/report-factory';
import { appError, wer } from '../support/crash-event-builders';

const START = Date.UTC(2026, 0, 1);
const iso = (ms: number): string => new Date(ms).toISOString();
const guid = (n: number): string => `7e57${n.toString(16).padStart(4, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** Best of `runs`: wall time and CPU time (user + system) in ms; on a busy machine CPU time is the steadier figure. */
function best(runs: number, f: () => void): { wall: number; cpu: number } {
  let wall = Infinity;
  let cpu = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    f();
    const used = process.cpuUsage(c);
    wall = Math.min(wall, performance.now() - t);
    cpu = Math.min(cpu, (used.user + used.system) / 1000);
  }
  return { wall, cpu };
}

const ms = (t: { wall: number; cpu: number }): string => `${t.wall.toFixed(0)} ms (CPU ${t.cpu.toFixed(0)} ms)`;

/** Prints how long logRecords and mergeRecords take on 100,000 records. */
export async function benchRecords(log: (line: string) => void): Promise<void> {
  const folders: WerReport[] = makeReports(40_000).map((r, i) => ({ ...r, process: { pid: 1000 + i, startTime: iso(START + i * 1000) } }));
  const events: CrashEvent[] = [];
  let recordId = 1;
  for (let i = 0; i < 40_000; i++) {
    // The first 30,000 crashes are folders' reports; the rest are known from the log only.
    const reportId = i < 30_000 ? folders[i]!.id : guid(i);
    const time = iso(START + i * 1000 + 500);
    const process = { pid: 1000 + i, startTime: i < 30_000 ? null : iso(START + i * 1000) };
    events.push(appError(recordId++, time, { reportId, process }));
    events.push(wer(recordId++, time, { reportId, bucket: i % 2 ? String(1e15 + i) : null }));
    if (i % 4 === 0) events.push(wer(recordId++, time, { reportId }));
  }
  const dumps: WerReport[] = Array.from({ length: 20_000 }, (_, i) => {
    const pid = 1000 + (i % 2 === 0 ? i : 60_000 + i);
    const path = `C:\\CrashDumps\\app.exe.${pid}.dmp`;
    return { ...folders[0]!, id: `dump${i}`, folder: path, store: 'CrashDumps', process: { pid, startTime: iso(START + (i % 2 === 0 ? i : 60_000 + i) * 1000) }, sources: [{ kind: 'dump', path, size: 1 }] };
  });
  let fromLog: WerReport[] = [];
  const logMs = best(10, () => {
    fromLog = logRecords(events, { file: 'D:\\Application.evtx', channel: 'Application' });
  });
  const all = [...folders, ...fromLog, ...dumps];
  let out: WerReport[] = [];
  const mergeMs = best(10, () => {
    out = mergeRecords(all);
  });
  const foldersOnly = makeReports(100_000);
  const scanMs = best(10, () => void mergeRecords(foldersOnly));
  log(`records: logRecords ${events.length} events → ${fromLog.length} records in ${ms(logMs)}`);
  log(`records: mergeRecords ${all.length} records → ${out.length} in ${ms(mergeMs)}`);
  log(`records: mergeRecords of 100000 WER folders alone (a scan without logs or dumps) in ${ms(scanMs)}`);
}
