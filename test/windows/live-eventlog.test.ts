/**
 * The live event log path (electron/main/core/eventlog/live-*.ts) under Windows Node in Wine,
 * against the real %SystemRoot%\System32\wevtutil.exe. Wine 8's wevtutil is a stub: whatever the
 * command (qe, gli, even /?), it prints nothing and exits with 0 — exactly what a working
 * wevtutil prints for a log with no crash event. The reader must tell the two apart (a working
 * one always prints `gli`'s log information) and give one clear sentence, quickly, never a
 * crash or a hang; the follower must report it once and stop cleanly (the probe process ends by
 * itself after close(): no timer left behind).
 */
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { linuxPath, stageScript, windowsLane } from './support/wine-lane';
import { type WineRun, runWine, runWindowsNode } from './support/wine-run';

const WEVTUTIL = 'C:\\windows\\system32\\wevtutil.exe';
const QUERY = ['qe', 'Application', "/q:*[System[Provider[@Name='Application Error'] and EventID=1000]]", '/f:RenderedXml', '/rd:true', '/c:5'];

/** What the probe prints, as one JSON object. */
interface LiveLogProbe {
  readonly direct: { code: number | null; stdout: number; stderr: number; timedOut: boolean; truncated: boolean };
  readonly read: unknown;
  readonly readMs: number;
  readonly problems: string[];
  readonly events: number;
  readonly polls: number;
}

/** Bundled by esbuild into one script for Windows Node: the core's live-log path with its defaults. */
const PROBE = `
import { win32 } from 'node:path';
import { readLiveCrashEvents } from './electron/main/core/eventlog/live-log';
import { LiveLogFollower } from './electron/main/core/eventlog/live-follower';
import { realRunWevtutil, wevtutilPath } from './electron/main/core/eventlog/live-wevtutil';

async function probe() {
  const run = realRunWevtutil();
  const d = await run(${JSON.stringify(QUERY)});
  const direct = { code: d.code, stdout: d.stdout.length, stderr: d.stderr.length, timedOut: d.timedOut, truncated: d.truncated };
  const started = Date.now();
  const read = await readLiveCrashEvents();
  const readMs = Date.now() - started;
  const problems = [];
  let events = 0;
  let polls = 0;
  const counting = async (args) => { if (args[0] === 'qe') polls++; return run(args); };
  const follower = new LiveLogFollower({ intervalMs: 100, run: counting, exe: wevtutilPath(), onEvents: (e) => { events += e.length; }, onProblem: (m) => problems.push(m) });
  follower.start();
  while (polls < 6) await new Promise((r) => setTimeout(r, 50));
  await follower.close();
  return { direct, read, readMs, problems, events, polls };
}
void probe().then((r) => process.stdout.write(JSON.stringify(r)));
`;

describe('the live event log under Windows Node, against Wine’s wevtutil stub', () => {
  const lane = windowsLane();
  let shell: WineRun;
  let probe: LiveLogProbe;
  let run: WineRun;

  beforeAll(async () => {
    const bundle = join(lane.dir, 'live-eventlog-probe.js');
    const root = join(__dirname, '..', '..');
    buildSync({ stdin: { contents: PROBE, resolveDir: root, loader: 'ts', sourcefile: 'live-eventlog-probe.ts' }, bundle: true, platform: 'node', format: 'cjs', target: 'node22', outfile: bundle, logLevel: 'error' });
    const script = await stageScript(lane, bundle);
    shell = await runWine(lane, WEVTUTIL, QUERY);
    run = await runWindowsNode(lane, [script], 120_000);
    if (run.code !== 0) throw new Error(`the live-log probe failed (exit ${run.code}): ${run.stderr}`);
    probe = JSON.parse(run.stdout) as LiveLogProbe;
  });

  it('Wine has wevtutil.exe where the reader looks, and it prints nothing and exits with 0', () => {
    expect(linuxPath(lane, WEVTUTIL)).toMatch(/wevtutil\.exe$/);
    expect(shell).toMatchObject({ code: 0, stdout: '' });
    expect(probe.direct).toEqual({ code: 0, stdout: 0, stderr: 0, timedOut: false, truncated: false });
  });

  it('reading the live logs gives one clear sentence, quickly: not a working wevtutil, not "no crashes"', () => {
    const message = (log: string): string => `${WEVTUTIL} printed nothing for the ${log} event log, not even the log's information: it is not a working wevtutil.`;
    expect(probe.read).toEqual({ ok: false, error: { state: 'error', message: expect.any(String) } });
    const { error } = probe.read as { error: { message: string } };
    expect(error.message.toLowerCase()).toBe(message('Application').toLowerCase());
    // Four wevtutil starts (qe and gli per log); far from the 30 s run limit: an answer, not a timeout.
    expect(probe.readMs).toBeLessThan(20_000);
  });

  it('the follower reports the stub once per log, keeps polling, and stops cleanly', () => {
    expect(probe.polls).toBeGreaterThanOrEqual(6);
    expect(probe.events).toBe(0);
    expect(probe.problems.map((p) => p.toLowerCase())).toEqual(
      ['Application', 'System'].map((log) => `${WEVTUTIL} printed nothing for the ${log} event log, not even the log's information: it is not a working wevtutil.`.toLowerCase()),
    );
    expect(run.stderr).toBe('');
  });
});
