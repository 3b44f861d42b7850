/**
 * `npm run bench evtx`: an Application.evtx of 50,000 records, about 20 MB (every tenth a crash
 * event: 1000 in both forms, 1001 and 1002; the rest other providers' short events, some reusing
 * ids 1000-1002),
 * written by the tests' EVTX writer. Prints our scan for crash events, cold and warm, next to
 * `evtxexport -f xml` (libevtx) on the same file in the same run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCrashEvents } from '../../electron/main/core/eventlog/crash-events';
import { openFileSource } from '../../electron/main/core/minidump/byte-source';
import { appError1000Classic, appError1000Named, appHang1002, wer1001Classic, wer1001Named } from '../support/evtx-crash-events';
import { writeEvtx, type WriterEvent } from '../support/evtx-writer';
import { median } from './stats';

const RECORDS = 50_000;

function event(recordId: number): WriterEvent {
  const shapes = [appError1000Classic, appError1000Named, wer1001Classic, wer1001Named, appHang1002];
  const shape = shapes[recordId % shapes.length]!(recordId);
  if (recordId % 10 === 0) return shape;
  // Nine in ten are other providers' short informational events, as in a real Application log.
  const note = `The Contoso service ${recordId % 7} entered the running state (session ${recordId}).`;
  return { ...shape, provider: `Contoso Service ${recordId % 7}`, eventId: 1000 + (recordId % 3), level: 4, data: { kind: 'classic', strings: [note, String(recordId)] } };
}

async function scan(path: string): Promise<{ ms: number; crashes: number }> {
  const started = performance.now();
  const source = await openFileSource(path);
  try {
    const { events } = await readCrashEvents(source);
    return { ms: performance.now() - started, crashes: events.length };
  } finally {
    await source.close();
  }
}

/** Prints the EVTX figures. */
export async function benchEvtx(log: (line: string) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wer-bench-evtx-'));
  try {
    const path = join(dir, 'Application.evtx');
    writeFileSync(path, writeEvtx(Array.from({ length: RECORDS }, (_, i) => event(i + 1))));
    const mb = statSync(path).size / 1_048_576;
    const cold = await scan(path);
    const warm = median([(await scan(path)).ms, (await scan(path)).ms, (await scan(path)).ms]);
    const peer = (): number => {
      const t = performance.now();
      execFileSync('evtxexport', ['-f', 'xml', path], { maxBuffer: 1024 * 1_048_576, stdio: ['ignore', 'pipe', 'ignore'] });
      return performance.now() - t;
    };
    const peerMs = median([peer(), peer()]);
    log(`evtx: ${RECORDS.toLocaleString('en')} records, ${mb.toFixed(1)} MB, ${cold.crashes} crash events: first scan ${cold.ms.toFixed(0)} ms, then ${warm.toFixed(0)} ms`);
    log(`evtx: evtxexport -f xml on the same file ${peerMs.toFixed(0)} ms; ratio ours (warm)/evtxexport ${(warm / peerMs).toFixed(2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
