/**
 * Following the live log over a fake wevtutil that prints Windows' own export of a real Windows 11
 * log: the log grows between polls (events of the export appended in record order), and the
 * follower must hand over each crash event once, in order, none lost. Truth: the EVTX reader's
 * crash events of the .evtx the export was made of.
 */
import { readFileSync } from 'node:fs';
import type { CrashEvent } from '../../../../electron/main/core/eventlog/crash-event-model';
import { LiveLogFollower } from '../../../../electron/main/core/eventlog/live-follower';
import { LIVE_LOG_NOT_WINDOWS } from '../../../../electron/main/core/eventlog/live-log';
import type { LiveLogName, RunWevtutil, WevtutilRun } from '../../../../electron/main/core/eventlog/live-wevtutil';
import { readCrashEventLog } from '../../../../electron/main/core/eventlog/read-crash-event-log';
import { fakeWevtutil, rawExportEvents, type RawEvent } from '../../../support/evtx-windows-xml';
import { fixturePath } from '../../../support/fixtures';
import { settle, waitFor } from '../../../support/wait';

/** The real log's events, oldest first: the order they were written in. */
const ALL = rawExportEvents(readFileSync(fixturePath('evtx', 'ts-evtx-win11-Application.xml'), 'utf8')).sort((a, b) => a.recordId - b.recordId);
const EXE = 'C:\\Windows\\System32\\wevtutil.exe';
const DENIED: WevtutilRun = { code: 5, stdout: new Uint8Array(), stderr: Buffer.from('Failed to read events. Access is denied.\r\n'), timedOut: false, truncated: false };

let truth: readonly CrashEvent[] = [];

beforeAll(async () => {
  const log = await readCrashEventLog(fixturePath('evtx', 'ts-evtx-win11-Application.evtx'));
  if (!log.ok) throw new Error(log.error);
  truth = log.value.events;
});

/** The log up to (and including) the n-th crash event of the truth. */
function logUpTo(n: number): RawEvent[] {
  const last = n === 0 ? 0 : truth[n - 1]!.recordId;
  return ALL.filter((e) => e.recordId <= last);
}

/** A follower of the Application log with its callbacks recorded. */
function follow(run: RunWevtutil, after?: number, pageSize = 2) {
  const got: CrashEvent[] = [];
  const batches: number[] = [];
  const problems: string[] = [];
  const follower = new LiveLogFollower({
    logs: ['Application'],
    ...(after !== undefined ? { after: { Application: after } } : {}),
    intervalMs: 5,
    pageSize,
    platform: 'win32',
    exe: EXE,
    run,
    onEvents: (events, log: LiveLogName) => {
      expect(log).toBe('Application');
      batches.push(events.length);
      got.push(...events);
    },
    onProblem: (message) => problems.push(message),
  });
  return { follower, got, batches, problems };
}

let open: LiveLogFollower[] = [];
afterEach(async () => {
  await Promise.all(open.map((f) => f.close()));
  open = [];
});

it('new events between polls arrive once each, in order, none lost (bursts larger than a page too)', async () => {
  const logs = { Application: logUpTo(2) };
  const fake = fakeWevtutil(logs);
  const f = follow(fake.run, truth[1]!.recordId);
  open.push(f.follower);
  f.follower.start();
  await waitFor(() => fake.calls.length >= 2, 'two polls');
  expect(f.got).toEqual([]);
  logs.Application = logUpTo(3);
  await waitFor(() => f.got.length === 1, 'the third crash event');
  // A burst of four: more than a page (2); read over consecutive pages of the same poll.
  logs.Application = logUpTo(7);
  await waitFor(() => f.got.length === 5, 'the burst');
  await settle(50);
  expect(f.got).toEqual(truth.slice(2));
  expect(f.batches).toEqual([1, 2, 2]);
  expect(f.problems).toEqual([]);
  expect(f.follower.lastRecordIds()).toEqual({ Application: truth[6]!.recordId });
  // The bound is in every query: oldest first after the last id seen. The first empty answer
  // was checked with gli (an empty log, not a silent stub); on a slow machine the check every
  // 10 quiet polls may run again, always for this log.
  const queries = fake.calls.filter((c) => c[0] === 'qe');
  expect(queries.every((c) => /EventRecordID>\d+\]\]$/.test(c[2]!) && c[4] === '/rd:false')).toBe(true);
  const infos = fake.calls.filter((c) => c[0] === 'gli');
  expect(infos.length).toBeGreaterThanOrEqual(1);
  expect(infos.length).toBeLessThanOrEqual(1 + Math.floor(queries.length / 10));
  expect(new Set(infos.map((c) => c.join(' ')))).toEqual(new Set(['gli Application']));
});

it('without a start it starts at the newest crash event and reports only later ones', async () => {
  const logs = { Application: logUpTo(5) };
  const fake = fakeWevtutil(logs);
  const f = follow(fake.run);
  open.push(f.follower);
  f.follower.start();
  await waitFor(() => f.follower.lastRecordIds().Application === truth[4]!.recordId, 'the start');
  expect(fake.calls[0]!.slice(4)).toEqual(['/rd:true', '/c:1']);
  logs.Application = logUpTo(7);
  await waitFor(() => f.got.length === 2, 'two new events');
  expect(f.got).toEqual(truth.slice(5));
});

it('a cleared log, numbered from 1 again, is noticed and followed from its start', async () => {
  const logs = { Application: logUpTo(7) };
  const fake = fakeWevtutil(logs);
  const f = follow(fake.run, truth[6]!.recordId);
  open.push(f.follower);
  f.follower.start();
  await waitFor(() => fake.calls.length >= 3, 'quiet polls');
  // Cleared, then two crashes: their events numbered 1 and 2.
  const renumber = (e: RawEvent, id: number): RawEvent => ({ ...e, recordId: id, xml: e.xml.replace(/<EventRecordID>\d+</, `<EventRecordID>${id}<`) });
  logs.Application = [0, 1].map((i) => renumber(ALL.find((e) => e.recordId === truth[i]!.recordId)!, i + 1));
  await waitFor(() => f.got.length === 2, 'the events after the clear');
  expect(f.got).toEqual([{ ...truth[0]!, recordId: 1 }, { ...truth[1]!, recordId: 2 }]);
  expect(f.problems).toEqual(['the Application event log was cleared: following it from its oldest record again.']);
});

it('runs never overlap, even when wevtutil is slower than the interval', async () => {
  const fake = fakeWevtutil({ Application: logUpTo(7) });
  let running = 0;
  let most = 0;
  const slow: RunWevtutil = async (args) => {
    most = Math.max(most, ++running);
    await settle(30);
    running--;
    return fake.run(args);
  };
  const f = follow(slow, 0);
  open.push(f.follower);
  f.follower.start();
  await waitFor(() => fake.calls.length >= 6, 'six runs');
  expect(most).toBe(1);
  expect(f.got).toEqual(truth);
});

it('a failure is reported once while it lasts, polling goes on, and events come when it ends', async () => {
  const fake = fakeWevtutil({ Application: logUpTo(3) });
  let denied = true;
  let deniedRuns = 0;
  const flaky: RunWevtutil = async (args) => (denied ? (deniedRuns++, DENIED) : fake.run(args));
  const f = follow(flaky, 0);
  open.push(f.follower);
  f.follower.start();
  await waitFor(() => deniedRuns >= 5, 'five denied polls');
  expect(f.problems).toEqual(['The Application event log: access denied. Run WER Explorer as administrator to read its crash events.']);
  denied = false;
  await waitFor(() => f.got.length === 3, 'the events after recovery');
  expect(f.got).toEqual(truth.slice(0, 3));
  denied = true;
  const before = deniedRuns;
  await waitFor(() => deniedRuns >= before + 3, 'denied again');
  expect(f.problems).toHaveLength(2);
});

it("a callback that throws is reported and following goes on; Wine's silent stub is reported once", async () => {
  const logs = { Application: logUpTo(1) };
  const fake = fakeWevtutil(logs);
  let throwOnce = true;
  const got: CrashEvent[] = [];
  const problems: string[] = [];
  const follower = new LiveLogFollower({
    logs: ['Application'], after: { Application: 0 }, intervalMs: 5, platform: 'win32', exe: EXE, run: fake.run,
    onEvents: (events) => {
      if (throwOnce) {
        throwOnce = false;
        throw new Error('the UI was busy');
      }
      got.push(...events);
    },
    onProblem: (m) => problems.push(m),
  });
  open.push(follower);
  follower.start();
  await waitFor(() => problems.length === 1, 'the callback failure');
  expect(problems[0]).toBe('the Application event log: following it failed once (the UI was busy); it goes on.');
  logs.Application = logUpTo(2);
  await waitFor(() => got.length === 1, 'the next event');
  expect(got).toEqual([truth[1]]);

  let stubRuns = 0;
  const stubProblems: string[] = [];
  const stub = new LiveLogFollower({
    logs: ['Application'], intervalMs: 5, platform: 'win32', exe: EXE, onEvents: () => undefined, onProblem: (m) => stubProblems.push(m),
    run: async () => (stubRuns++, { code: 0, stdout: new Uint8Array(), stderr: new Uint8Array(), timedOut: false, truncated: false }),
  });
  open.push(stub);
  stub.start();
  await waitFor(() => stubRuns >= 8, 'eight stub runs');
  expect(stubProblems).toEqual([`${EXE} printed nothing for the Application event log, not even the log's information: it is not a working wevtutil.`]);
});

it('close() waits for the run in progress; afterwards nothing runs and nothing is called back', async () => {
  const logs = { Application: logUpTo(1) };
  const fake = fakeWevtutil(logs);
  let release: (() => void) | null = null;
  const gated: RunWevtutil = async (args) => {
    await new Promise<void>((r) => (release = r));
    return fake.run(args);
  };
  const f = follow(gated, 0);
  f.follower.start();
  await waitFor(() => release !== null, 'the first run');
  let closed = false;
  const closing = f.follower.close().then(() => (closed = true));
  await settle(20);
  expect(closed).toBe(false);
  release!();
  await closing;
  const calls = fake.calls.length;
  logs.Application = logUpTo(7);
  await settle(60);
  expect(fake.calls.length).toBe(calls);
  // The run that was in progress when close() came is not handed over.
  expect(f.got).toEqual([]);
  f.follower.start();
  await settle(30);
  expect(fake.calls.length).toBe(calls);
});

it('off Windows it says so once per log and never runs wevtutil', async () => {
  const problems: string[] = [];
  let runs = 0;
  const follower = new LiveLogFollower({ platform: 'linux', intervalMs: 5, run: async () => (runs++, DENIED), onEvents: () => undefined, onProblem: (m) => problems.push(m) });
  open.push(follower);
  follower.start();
  await settle(30);
  expect(runs).toBe(0);
  expect(problems).toEqual([LIVE_LOG_NOT_WINDOWS, LIVE_LOG_NOT_WINDOWS]);
});
