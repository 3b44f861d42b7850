/**
 * The forwarder against a misbehaving server (down, slow, 500, junk answer, reset mid-PUT) and
 * across a crash: retried with backoff, nothing lost, nothing sent twice once acknowledged.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ForwardResult } from '../../../../shared/cer-model';
import { parseCerServer, type CerServer } from '../../../../electron/main/core/cer/cer-client';
import { nodeTransport, type CerTransport } from '../../../../electron/main/core/cer/cer-transport';
import { enqueueReports, type OutboxRunOptions, runOutbox } from '../../../../electron/main/core/cer/outbox';
import { OUTBOX_FILE, OutboxStore } from '../../../../electron/main/core/cer/outbox-store';
import { scanStores } from '../../../../electron/main/core/store/scan-stores';
import { buildStore, type BuiltReport } from '../../../support/store-builder';
import { closedPort, type FaultServer, startFaultServer } from './helpers/fault-server';

const SENDER = { machineName: 'pc7', userName: 'carol' };

describe('forwarding through faults', () => {
  let root: string;
  let reports: BuiltReport[];
  let transport: CerTransport;
  let servers: FaultServer[] = [];
  let clock: number;
  let sleeps: number[];

  const fakeTime = (): Pick<OutboxRunOptions, 'now' | 'sleep'> => ({
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
  });
  const serverOf = (url: string): CerServer => {
    const r = parseCerServer(url);
    if (!r.ok) throw new Error(r.error);
    return r.value;
  };
  async function forward(dataDir: string, url: string, items: BuiltReport[], extra: Partial<OutboxRunOptions> = {}): Promise<ForwardResult[]> {
    const store = await OutboxStore.open(dataDir);
    const server = serverOf(url);
    const jobs = await enqueueReports(store, items.map((r) => ({ folder: r.folder, reportId: r.spec.reportIdentifier })), server, SENDER, () => clock);
    return runOutbox(store, jobs.map((j) => j.id), server, { transport, baseDelayMs: 100, maxDelayMs: 1000, ...fakeTime(), ...extra });
  }
  async function collected(s: FaultServer): Promise<number> {
    return (await scanStores([{ path: s.store.dir, scope: 'extra', label: 'c' }])).reports.length;
  }
  async function serve(name: string, port = 0): Promise<FaultServer> {
    const s = await startFaultServer(join(root, name), port);
    servers.push(s);
    return s;
  }

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-faults-'));
    reports = await buildStore(join(root, 'WER'), 4, { attachmentsEvery: 2 });
  });
  beforeEach(() => {
    clock = 1_700_000_000_000;
    sleeps = [];
    transport = nodeTransport({ connectTimeoutMs: 1000, timeoutMs: 400 });
  });
  afterEach(async () => {
    transport.close();
    await Promise.all(servers.map((s) => s.close()));
    servers = [];
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('retries while the server is down, with exponential backoff, and delivers once it is up', async () => {
    const port = await closedPort();
    let up: FaultServer | null = null;
    const results = await forward(join(root, 'down'), `http://127.0.0.1:${port}`, reports.slice(0, 2), {
      maxAttempts: 6,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock += ms;
        if (sleeps.length === 3) up = await serve('down-collector', port);
      },
    });
    expect(sleeps).toEqual([100, 200, 400]);
    expect(results.map((r) => [r.ok, r.uploaded, r.error])).toEqual([[true, true, null], [true, true, null]]);
    const s = up as unknown as FaultServer;
    expect(s.seen.handledPost).toBe(2);
    expect(await collected(s)).toBe(2);
  });

  it('gives up for this run after maxAttempts, keeps the job queued, and a later run finishes it', async () => {
    const port = await closedPort();
    const dataDir = join(root, 'gaveup');
    const first = await forward(dataDir, `http://127.0.0.1:${port}`, reports.slice(0, 1), { maxAttempts: 2 });
    expect(first[0]).toMatchObject({ ok: false, state: 'pending' });
    expect(first[0]?.error).toMatch(/cannot connect \(ECONNREFUSED\).*gave up after 2 attempt\(s\).*stays queued/);
    const s = await serve('gaveup-collector', port);
    const second = await forward(dataDir, s.url, reports.slice(0, 1));
    expect(second[0]).toMatchObject({ ok: true, uploaded: true, bucket: expect.stringMatching(/^[1-9]\d*$/) });
  });

  it('retries a slow server (timeout), a 500 and a junk answer, sending the report exactly once to the store', async () => {
    const s = await serve('flaky');
    s.faults.post.push('hang', '500', 'garbled');
    const progress: string[] = [];
    const results = await forward(join(root, 'flaky-data'), s.url, reports.slice(0, 1), {
      onProgress: (p) => progress.push(`${p.done}/${p.total} ${p.result.state} ${p.result.error ?? ''}`),
    });
    expect(results[0]).toMatchObject({ ok: true, state: 'done', uploaded: true, bucket: expect.stringMatching(/^[1-9]\d*$/), bucketTable: '1' });
    expect(s.seen).toEqual({ post: 4, put: 1, handledPost: 1, handledPut: 1 });
    expect(progress).toEqual([
      expect.stringMatching(/^0\/1 pending report: no answer within 400 ms/),
      expect.stringMatching(/^0\/1 pending the server answered HTTP 500 to the report/),
      expect.stringMatching(/^0\/1 pending the server’s answer to the report was not a CER answer/),
      '1/1 done ',
    ]);
    expect(await collected(s)).toBe(1);
  });

  it('retries only the upload after a reset mid-PUT: the report is never POSTed twice', async () => {
    const s = await serve('reset');
    s.faults.put.push('reset', '500');
    const results = await forward(join(root, 'reset-data'), s.url, reports.slice(0, 3));
    expect(results.every((r) => r.ok && r.uploaded)).toBe(true);
    expect(s.seen.post).toBe(3);
    expect(s.seen.put).toBe(5);
    expect(await collected(s)).toBe(3);
    const scan = await scanStores([{ path: s.store.dir, scope: 'extra', label: 'c' }]);
    expect(scan.reports.filter((r) => r.attachments.some((a) => a.file === 'Report.sent.wer'))).toHaveLength(3);
  });

  it('resumes after a crash mid-upload from the JSON file, without POSTing again', async () => {
    const s = await serve('crash');
    const dataDir = join(root, 'crash-data');
    s.faults.put.push('hang');
    const controller = new AbortController();
    // "Crash" while the PUT is on the wire: the acknowledged POST is already on disk.
    const crashing: CerTransport = {
      send: (req, signal) => {
        if (req.method === 'PUT') setTimeout(() => controller.abort(), 30);
        return transport.send(req, signal);
      },
      close: () => transport.close(),
    };
    const interrupted = await forward(dataDir, s.url, reports.slice(0, 1), { signal: controller.signal, transport: crashing });
    expect(interrupted[0]).toMatchObject({ ok: false, state: 'posted', bucket: expect.stringMatching(/^[1-9]\d*$/) });
    const onDisk = JSON.parse(await readFile(join(dataDir, OUTBOX_FILE), 'utf8')) as { jobs: { state: { kind: string } }[] };
    expect(onDisk.jobs.map((j) => j.state.kind)).toEqual(['posted']);

    // A new process: a fresh transport and store, loaded from the file.
    transport.close();
    transport = nodeTransport({ timeoutMs: 2000 });
    const resumed = await forward(dataDir, s.url, reports.slice(0, 1));
    expect(resumed[0]).toMatchObject({ ok: true, uploaded: true, bucket: interrupted[0]?.bucket });
    expect(s.seen.post).toBe(1);
    expect(s.seen.handledPut).toBe(1);

    // Forwarded once per (report, server): a third run sends nothing.
    const again = await forward(dataDir, s.url, reports.slice(0, 1));
    expect(again[0]).toMatchObject({ ok: true, uploaded: true });
    expect(s.seen).toMatchObject({ post: 1, put: 2 });
  });

  it('does not retry a refusal (4xx) or a missing report; a later forward queues a failed job again', async () => {
    const s = await serve('refuse');
    const dataDir = join(root, 'refuse-data');
    s.faults.post.push('403');
    const refused = await forward(dataDir, s.url, reports.slice(0, 1));
    expect(refused[0]).toMatchObject({ ok: false, state: 'failed', error: 'the server refused the report (HTTP 403)' });
    expect(s.seen.post).toBe(1);
    expect(sleeps).toEqual([]);
    const retried = await forward(dataDir, s.url, reports.slice(0, 1));
    expect(retried[0]).toMatchObject({ ok: true, state: 'done', uploaded: true });

    const base = reports[0] as BuiltReport;
    const missing: BuiltReport = { ...base, folder: join(root, 'nope'), spec: { ...base.spec, reportIdentifier: 'gone' } };
    const results = await forward(dataDir, s.url, [missing]);
    expect(results[0]).toMatchObject({ ok: false, state: 'failed' });
    expect(results[0]?.error).toMatch(/no readable Report.wer/);
    expect(s.seen.post).toBe(2);
  });
});
