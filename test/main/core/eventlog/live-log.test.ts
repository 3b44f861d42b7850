/**
 * The live-log reader over recorded wevtutil output: a fake wevtutil prints the events of Windows'
 * own XML export of a real Windows 11 log (and evtxexport's rendering of a BugCheck our EVTX
 * writer built) as `wevtutil qe … /f:RenderedXml` does. Truth: the EVTX reader on the .evtx the
 * export was made of, the XPath in wer-formats.md §7, and wevtutil's documented exit codes.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as iconv from 'iconv-lite';
import type { CrashEvent } from '../../../../electron/main/core/eventlog/crash-event-model';
import { readCrashEvents } from '../../../../electron/main/core/eventlog/crash-events';
import { LIVE_LOG_NOT_WINDOWS, readLiveCrashEvents, readLiveLog } from '../../../../electron/main/core/eventlog/live-log';
import { realRunWevtutil, type RunWevtutil, type WevtutilRun } from '../../../../electron/main/core/eventlog/live-wevtutil';
import { readCrashEventLog } from '../../../../electron/main/core/eventlog/read-crash-event-log';
import { createBufferSource } from '../../../../electron/main/core/minidump/byte-source';
import { bugCheck1001 } from '../../../support/evtx-crash-events';
import { fakeWevtutil, rawExportEvents, wevtutilOutput, type RawEvent } from '../../../support/evtx-windows-xml';
import { writeEvtx } from '../../../support/evtx-writer';
import { fixturePath } from '../../../support/fixtures';

const EXPORT = readFileSync(fixturePath('evtx', 'ts-evtx-win11-Application.xml'), 'utf8');
/** Every event of the real Application log, as Windows exported it. */
const APPLICATION = rawExportEvents(EXPORT);
const EXE = 'C:\\Windows\\System32\\wevtutil.exe';
const WIN = { platform: 'win32', exe: EXE } as const;

/** The XPath of ../shared/docs/wer-formats.md §7, word for word. */
const DOC_XPATH = "*[System[Provider[@Name='Application Error' or @Name='Windows Error Reporting' or @Name='Application Hang' or @Name='.NET Runtime'] and (EventID=1000 or EventID=1001 or EventID=1002 or EventID=1026)]]";

let truth: readonly CrashEvent[] = [];
let system: RawEvent[] = [];
let bugCheckTruth: readonly CrashEvent[] = [];

beforeAll(async () => {
  const log = await readCrashEventLog(fixturePath('evtx', 'ts-evtx-win11-Application.evtx'));
  if (!log.ok) throw new Error(log.error);
  truth = log.value.events;
  // A System log with one BugCheck: our writer's event as evtxexport (libevtx) renders it.
  const bytes = writeEvtx([bugCheck1001(41)]);
  const dir = mkdtempSync(join(tmpdir(), 'wer-live-'));
  try {
    writeFileSync(join(dir, 'System.evtx'), bytes);
    system = rawExportEvents(execFileSync('evtxexport', ['-f', 'xml', join(dir, 'System.evtx')], { encoding: 'utf8' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  bugCheckTruth = (await readCrashEvents(createBufferSource(bytes))).events;
});

const run = (stdout: string | Uint8Array, code: number | null = 0, stderr = '', more: Partial<WevtutilRun> = {}): WevtutilRun => ({
  code, stdout: typeof stdout === 'string' ? Buffer.from(stdout, 'utf8') : stdout, stderr: Buffer.from(stderr, 'utf8'), timedOut: false, truncated: false, ...more,
});

describe('reading the Application log', () => {
  it('gives the EVTX reader’s crash events, read newest first in pages with the documented query', async () => {
    const fake = fakeWevtutil({ Application: APPLICATION });
    const out = await readLiveLog('Application', { ...WIN, run: fake.run, pageSize: 2 });
    if (!out.ok) throw new Error(out.error.message);
    expect(truth).toHaveLength(7);
    expect(out.value).toEqual({ log: 'Application', events: truth, problems: [], lastRecordId: truth[6]!.recordId });
    expect(fake.calls[0]).toEqual(['qe', 'Application', `/q:${DOC_XPATH}`, '/f:RenderedXml', '/rd:true', '/c:2']);
    // 7 events in pages of 2: the fourth page holds one, so reading stops there.
    expect(fake.calls).toHaveLength(4);
    const ids = [...truth].map((e) => e.recordId).reverse();
    expect(fake.calls.slice(1).map((c) => c[2])).toEqual([ids[1], ids[3], ids[5]].map((id) => `/q:${DOC_XPATH.replace(/\]\]$/, ` and EventRecordID<${id}]]`)}`));
  });

  it('stops at maxEvents, newest kept, and says so', async () => {
    const out = await readLiveLog('Application', { ...WIN, run: fakeWevtutil({ Application: APPLICATION }).run, pageSize: 2, maxEvents: 4 });
    if (!out.ok) throw new Error(out.error.message);
    expect(out.value.events).toEqual(truth.slice(3));
    expect(out.value.problems).toEqual(['the Application event log: reading stopped after the newest 4 crash events; older ones were not read.']);
  });

  it('a page cut by the output limit is read again from the cut: nothing lost, nothing doubled', async () => {
    const fake = fakeWevtutil({ Application: APPLICATION });
    let cuts = 0;
    const cutting: RunWevtutil = async (args) => {
      const whole = await fake.run(args);
      if (args[0] !== 'qe' || cuts++ > 1) return whole;
      return { ...whole, stdout: whole.stdout.subarray(0, Math.floor(whole.stdout.length * 0.6)), code: null, truncated: true };
    };
    const out = await readLiveLog('Application', { ...WIN, run: cutting, pageSize: 3 });
    if (!out.ok) throw new Error(out.error.message);
    expect(out.value.events).toEqual(truth);
    expect(out.value.problems).toEqual([]);
  });

  it('reads UTF-16 output alike, and says when the output was in a legacy code page', async () => {
    const text = wevtutilOutput(APPLICATION.filter((e) => e.provider === 'Windows Error Reporting'));
    const utf16 = await readLiveLog('Application', { ...WIN, run: async () => run(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), maxEvents: 7 });
    expect(utf16.ok && utf16.value.events).toEqual(truth);
    const ansi = iconv.encode(text.replace('crashpad_log', 'crashpad_lög'), 'windows-1252');
    const legacy = await readLiveLog('Application', { ...WIN, run: async () => run(ansi), maxEvents: 7 });
    if (!legacy.ok) throw new Error(legacy.error.message);
    expect(legacy.value.events).toHaveLength(7);
    expect(legacy.value.events.some((e) => e.kind === 'wer-report' && e.eventName === 'crashpad_lög')).toBe(true);
    expect(legacy.value.problems).toContain("the Application event log: wevtutil's output is not clean UTF-8 or UTF-16; it was read as windows-1252.");
  });
});

describe('both logs', () => {
  it('Application then System events, and where a follower starts in each', async () => {
    const fake = fakeWevtutil({ Application: APPLICATION, System: system });
    const out = await readLiveCrashEvents({ ...WIN, run: fake.run });
    if (!out.ok) throw new Error(out.error.message);
    const asRendered = (e: CrashEvent): CrashEvent => ({ ...e, time: e.time?.replace(/\.(\d{7})\d*Z$/, '.$1Z') ?? null });
    expect(out.value.events.map(asRendered)).toEqual([...truth, ...bugCheckTruth]);
    expect(out.value.events[7]).toMatchObject({ kind: 'bugcheck', bugCheckCode: '0000009f', recordId: 41 });
    expect(out.value.lastRecordIds).toEqual({ Application: truth[6]!.recordId, System: 41 });
    expect(out.value.problems).toEqual([]);
    expect(fake.calls.find((c) => c[1] === 'System')?.[2]).toBe("/q:*[System[Provider[@Name='Microsoft-Windows-WER-SystemErrorReporting' or @Name='BugCheck' or @EventSourceName='BugCheck'] and EventID=1001]]");
  });

  it('one unreadable log is a problem; none readable is the failure', async () => {
    const fake = fakeWevtutil({ Application: APPLICATION, System: system });
    const systemDenied: RunWevtutil = async (args) => (args[1] === 'System' ? run('', 5, 'Failed to read events. Access is denied.\r\n') : fake.run(args));
    const one = await readLiveCrashEvents({ ...WIN, run: systemDenied });
    expect(one.ok && one.value.problems).toEqual(['The System event log: access denied. Run WER Explorer as administrator to read its crash events.']);
    expect(one.ok && one.value.events).toEqual(truth);
    const none = await readLiveCrashEvents({ ...WIN, run: async () => run('', 5, 'Failed to read events. Access is denied.\r\n') });
    expect(none).toEqual({ ok: false, error: { state: 'access-denied', message: 'The Application event log: access denied. Run WER Explorer as administrator to read its crash events.' } });
  });
});

describe('failures: one clear sentence in a store’s terms', () => {
  const read = (runner: RunWevtutil) => readLiveLog('Application', { ...WIN, run: runner });

  it('access denied by exit code 5 whatever the language, or by the English message', async () => {
    const denied = { ok: false, error: { state: 'access-denied', message: 'The Application event log: access denied. Run WER Explorer as administrator to read its crash events.' } };
    expect(await read(async () => run('', 5, 'Zugriff verweigert.\r\n'))).toEqual(denied);
    expect(await read(async () => run('Failed to query log. Access is denied.\r\n', 1))).toEqual(denied);
  });

  it('a log that does not exist (15007), a missing wevtutil, a timeout, another exit code', async () => {
    expect(await read(async () => run('', 15007, 'Failed to open log. The specified channel could not be found.\r\n'))).toEqual({ ok: false, error: { state: 'missing', message: 'The Application event log does not exist on this machine.' } });
    const enoent = Object.assign(new Error('spawn C:\\Windows\\System32\\wevtutil.exe ENOENT'), { code: 'ENOENT' });
    expect(await read(async () => Promise.reject(enoent))).toEqual({ ok: false, error: { state: 'missing', message: `${EXE} does not exist, so the Application event log cannot be read.` } });
    expect(await read(async () => run('', null, '', { timedOut: true }))).toEqual({ ok: false, error: { state: 'error', message: 'wevtutil did not answer within 30 s while reading the Application event log.' } });
    expect(await read(async () => run('', 15001, 'Failed to read events. The specified query is invalid.\r\n'))).toEqual({ ok: false, error: { state: 'error', message: 'The Application event log could not be read: Failed to read events. The specified query is invalid.' } });
  });

  it('garbage instead of event XML', async () => {
    const out = await read(async () => run('Usage: wevtutil <command> [<argument>...]\r\n'));
    expect(out).toEqual({ ok: false, error: { state: 'error', message: 'The Application event log could not be read: wevtutil printed no event XML but "Usage: wevtutil <command> [<argument>...]".' } });
    // Event XML with only a damaged event is event XML: a problem, not a failure.
    expect(await read(async () => run('<Event><System></Event>\r\n'))).toEqual({
      ok: true,
      value: { log: 'Application', events: [], lastRecordId: null, problems: [expect.stringMatching(/^the Application event log: event 1 of the output is not well-formed XML \(.+\): skipped\.$/)] },
    });
  });

  it("a wevtutil that prints nothing even for gli (Wine's stub) is not an empty log", async () => {
    const calls: string[][] = [];
    const stub: RunWevtutil = async (args) => (calls.push([...args]), run(''));
    expect(await read(stub)).toEqual({ ok: false, error: { state: 'error', message: `${EXE} printed nothing for the Application event log, not even the log's information: it is not a working wevtutil.` } });
    expect(calls.map((c) => c[0])).toEqual(['qe', 'gli']);
    const chatty: RunWevtutil = async (args) => run(args[0] === 'gli' ? 'fixme: not implemented\r\n' : '');
    expect(await read(chatty)).toEqual({ ok: false, error: { state: 'error', message: `${EXE} printed something else for the Application event log, not even the log's information: it is not a working wevtutil.` } });
    const empty = await read(fakeWevtutil({ Application: [] }).run);
    expect(empty).toEqual({ ok: true, value: { log: 'Application', events: [], problems: [], lastRecordId: null } });
  });

  it('a later page failing keeps the events read so far', async () => {
    const fake = fakeWevtutil({ Application: APPLICATION });
    let n = 0;
    const out = await readLiveLog('Application', { ...WIN, pageSize: 3, run: async (args) => (n++ === 1 ? run('', null, '', { timedOut: true }) : fake.run(args)) });
    expect(out.ok && out.value.events).toEqual(truth.slice(4));
    expect(out.ok && out.value.problems).toEqual(['wevtutil did not answer within 30 s while reading the Application event log. Older crash events were not read.']);
  });

  it('off Windows there is no live log', async () => {
    expect(await readLiveLog('Application', { platform: 'linux' })).toEqual({ ok: false, error: { state: 'error', message: LIVE_LOG_NOT_WINDOWS } });
  });
});

describe('the real runner (execFile, no shell) against stand-in programs', () => {
  let dir = '';
  const script = (name: string, body: string): string => {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\n${body}\n`);
    chmodSync(path, 0o755);
    return path;
  };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wer-wevtutil-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes arguments untouched and returns exit code and bytes', async () => {
    const echo = script('echo', 'printf "%s|" "$@"; printf "Access is denied." >&2; exit 5');
    const out = await realRunWevtutil(echo)(['qe', 'Application', "/q:*[System[Provider[@Name='A B']]]", '/c:1']);
    expect(Buffer.from(out.stdout).toString()).toBe("qe|Application|/q:*[System[Provider[@Name='A B']]]|/c:1|");
    expect(out).toMatchObject({ code: 5, timedOut: false, truncated: false });
    expect(Buffer.from(out.stderr).toString()).toBe('Access is denied.');
  });

  it('stops a run at the time limit and cuts output at the size limit', async () => {
    const slow = await realRunWevtutil(script('slow', 'exec sleep 5'), { timeoutMs: 200 })([]);
    expect(slow).toMatchObject({ timedOut: true, truncated: false, code: null });
    const big = await realRunWevtutil(script('big', 'head -c 100000 /dev/zero'), { maxOutput: 1000 })([]);
    expect(big).toMatchObject({ truncated: true, timedOut: false });
    expect(big.stdout.length).toBe(1000);
  });

  it('rejects when the program does not exist', async () => {
    await expect(realRunWevtutil(join(dir, 'nope.exe'))([])).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
