/**
 * Two collectors on one folder (the shared store of issue 16 item 4), fed by several forwarding
 * clients at once (the real `forward` client code): directly, and through a balancer that sends a
 * report's POST and PUT to either collector and loses some answers, so clients retry. Afterwards
 * every report is there once, with exactly the files that were sent (compared by SHA-256 with the
 * source folders), and no temp folder is left.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, utimesSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WerReport } from '../../../../shared/report-model';
import { startCollector, type RunningCollector } from '../../../../electron/main/core/cer/collector';
import { CollectorStore } from '../../../../electron/main/core/cer/collector-store';
import { writeCab } from '../../../../electron/main/core/cer/cab-writer';
import { parseCerAnswer } from '../../../../electron/main/core/cer/cer-response';
import { forwardReports } from '../../../../electron/main/core/cer/forward-reports';
import { encodeWerReport, type WerReportDoc } from '../../../../electron/main/core/cer/werreport-xml';
import { scanStores } from '../../../../electron/main/core/store/scan-stores';
import { buildStore } from '../../../support/store-builder';
import { startBalancer } from './helpers/balancer';
import { request } from './helpers/http-request';
import { fixtureStore } from './helpers/report-folders';

const scan = async (path: string): Promise<WerReport[]> => (await scanStores([{ path, scope: 'extra', label: 't' }])).reports;
const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
/** name → SHA-256 of every file of a folder (flat: report folders have no sub-folders here). */
const filesOf = (folder: string): Record<string, string> =>
  Object.fromEntries(readdirSync(folder).sort().map((f) => [f, sha(join(folder, f))]));
const fastRetry = { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 12, machine: 'pc42.corp.example', user: 'alice' };

function doc(app: string): WerReportDoc {
  return {
    machine: { name: 'pc7', os: '10.0.19045.2.0.0.256.48', lcid: '1033', oem: null },
    user: { name: 'bob' },
    application: { name: app, path: `C:\\Apps\\${app}`, company: null },
    event: { reportType: 2, eventType: 'APPCRASH', eventTime: '133845408000000000', friendlyName: 'Stopped working', description: null },
    parameters: [{ id: 0, name: 'Application Name', value: app }],
    secondaryParameters: [],
    files: [],
  };
}

describe('collectors side by side on one folder', () => {
  let root: string;
  let sent: WerReport[];
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-collectors-'));
    await buildStore(join(root, 'src', 'WER'), 40, { attachmentsEvery: 2 });
    await fixtureStore(join(root, 'src', 'fixtures'));
    sent = await scan(join(root, 'src'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('lands every report once and intact under concurrent, overlapping, retried forwarding', async () => {
    expect(sent.length).toBeGreaterThan(40);
    const shared = join(root, 'shared');
    const a = await startCollector({ dir: shared, port: 0 });
    const b = await startCollector({ dir: shared, port: 0 });
    const lb = await startBalancer([a.url, b.url], 5);
    const items = sent.map((r) => ({ folder: r.folder, reportId: r.id }));
    const n = items.length;
    try {
      // Four clients at once, each with its own outbox; the same sender identity, so the same
      // report sent twice is byte-identical, as when one machine forwards to two servers.
      const plans = [
        { server: a.url, items: items.slice(0, Math.ceil(n * 0.6)) },
        { server: b.url, items: items.slice(Math.floor(n * 0.4)) },
        { server: lb.url, items: items.filter((_, i) => i % 3 === 0) },
        { server: lb.url, items: items.slice(Math.floor(n * 0.25), Math.ceil(n * 0.75)) },
      ];
      const runs = await Promise.all(plans.map((p, i) => forwardReports(p.items, { ...fastRetry, server: p.server, dataDir: join(root, `client${i}`) })));
      for (const run of runs) {
        if (!run.ok) throw new Error(run.error);
        expect(run.value.filter((r) => !r.ok)).toEqual([]);
        expect(run.value.every((r) => r.uploaded)).toBe(true);
      }
      // The balancer really lost answers, so the clients really retried.
      expect(lb.counts.dropped).toBeGreaterThan(2);
    } finally {
      await Promise.all([lb.close(), a.close(), b.close()]);
    }

    const archive = join(shared, 'ReportArchive');
    const landed = readdirSync(archive);
    expect(landed).toHaveLength(sent.length);
    const bySentWer = new Map(landed.map((f) => [sha(join(archive, f, 'Report.sent.wer')), join(archive, f)]));
    expect(bySentWer.size).toBe(sent.length);
    for (const original of sent) {
      const source = filesOf(original.folder);
      const copy = bySentWer.get(source['Report.wer'] as string);
      expect(copy).toBeDefined();
      if (!copy) continue;
      // Exactly what was sent (Report.wer comes back as Report.sent.wer), plus the collector's two files.
      const { 'Report.wer': wer, ...attachments } = source;
      const got = filesOf(copy);
      expect(Object.keys(got).sort()).toEqual([...Object.keys(attachments), 'Report.sent.wer', 'Report.wer', 'report.xml'].sort());
      expect(got['Report.sent.wer']).toBe(wer);
      for (const [name, digest] of Object.entries(attachments)) expect(got[name]).toBe(digest);
      expect(readFileSync(join(copy, 'report.xml')).toString('utf16le')).toContain('machinename="pc42.corp.example"');
    }
    expect(readdirSync(join(shared, '.cer-collector', 'tmp'))).toEqual([]);
    // The shared folder reads like any store: the collector's working area adds no report.
    const read = await scan(shared);
    expect(read).toHaveLength(sent.length);
    expect(read.every((r) => r.store === 'ReportArchive' && r.problems.length === 0)).toBe(true);
  });

  it('a report forwarded twice to one collector (a fresh outbox each time) lands once', async () => {
    const shared = join(root, 'twice');
    const c = await startCollector({ dir: shared, port: 0 });
    const item = [{ folder: sent[1]?.folder as string, reportId: sent[1]?.id as string }];
    try {
      for (const client of ['first', 'second']) {
        const run = await forwardReports(item, { ...fastRetry, server: c.url, dataDir: join(root, `twice-${client}`) });
        expect(run.ok && run.value.map((r) => [r.ok, r.uploaded])).toEqual([[true, true]]);
      }
    } finally {
      await c.close();
    }
    expect(readdirSync(join(shared, 'ReportArchive'))).toHaveLength(1);
    expect(readdirSync(join(shared, '.cer-collector', 'tmp'))).toEqual([]);
  });

  it('two stores racing to land the same upload store it once; the other sees a duplicate', async () => {
    const shared = join(root, 'race');
    const [s1, s2] = await Promise.all([CollectorStore.open(shared), CollectorStore.open(shared)]);
    const cab = writeCab([{ name: 'WER1.tmp.mdmp', data: Buffer.alloc(256 * 1024, 7) }]);
    for (let i = 0; i < 20; i++) {
      const d = doc(`race${i}.exe`);
      const raw = encodeWerReport(d);
      const [p1, p2] = await Promise.all([s1.storeReport(raw, d, '10.0.0.1', Date.now()), s2.storeReport(raw, d, '10.0.0.2', Date.now())]);
      expect(p2.dumpFile).toBe(p1.dumpFile);
      const outcomes = await Promise.all([s1.storeUpload(p1.dumpFile, cab, {}), s2.storeUpload(p2.dumpFile, cab, {})]);
      expect(outcomes.map((o) => o.kind).sort()).toEqual(['duplicate', 'stored']);
    }
    expect(readdirSync(join(shared, 'ReportArchive'))).toHaveLength(20);
    expect(readdirSync(join(shared, '.cer-collector', 'tmp'))).toEqual([]);
  });

  it('a running collector sweeps what crashed collectors left, and forgets old records after a week', async () => {
    const shared = join(root, 'sweep');
    const day = 24 * 3600_000;
    let clock = Date.now();
    const swept: unknown[] = [];
    const c = await startCollector({ dir: shared, port: 0, now: () => clock, sweepIntervalMs: 40, onEvent: (e) => e.kind === 'swept' && swept.push(e) });
    try {
      const cab = writeCab([{ name: 'a.txt', data: Buffer.from('a') }]);
      const posted = parseCerAnswer((await request(c.url, 'POST', '/stage2.htm', encodeWerReport(doc('kept.exe')))).text).answer;
      expect((await request(c.url, 'PUT', posted.dumpFile as string, cab)).status).toBe(201);
      const stale = join(shared, '.cer-collector', 'tmp', 'other-host-1-dead');
      await mkdir(stale);
      const old = new Date(Date.now() - 2 * 3600_000);
      utimesSync(stale, old, old);
      for (let i = 0; i < 100 && swept.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(swept[0]).toEqual({ kind: 'swept', tempsRemoved: 1, landedWithoutUpload: 0, recordsRemoved: 0 });
      expect(existsSync(stale)).toBe(false);
      // Eight days on, the record of the landed report goes; its DumpFile is then unknown, the report stays.
      clock += 8 * day;
      for (let i = 0; i < 100 && swept.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      expect(swept[1]).toEqual({ kind: 'swept', tempsRemoved: 0, landedWithoutUpload: 0, recordsRemoved: 1 });
      expect((await request(c.url, 'PUT', posted.dumpFile as string, cab)).status).toBe(404);
      expect(readdirSync(join(shared, 'ReportArchive'))).toHaveLength(1);
    } finally {
      await c.close();
    }
  });

  it('after a crash mid-write, a restart removes old temp folders, keeps fresh ones, and finishes what was left', async () => {
    const shared = join(root, 'crash');
    let c: RunningCollector = await startCollector({ dir: shared, port: 0 });
    // A report whose upload landed, but whose collector died before noting it (no marker).
    const landedDoc = doc('landed.exe');
    const landedPost = parseCerAnswer((await request(c.url, 'POST', '/stage2.htm', encodeWerReport(landedDoc))).text).answer;
    const cab = writeCab([{ name: 'WER1.tmp.mdmp', data: Buffer.from('MDMP landed') }]);
    expect((await request(c.url, 'PUT', landedPost.dumpFile as string, cab)).status).toBe(201);
    const token = (landedPost.dumpFile as string).slice(9, 41);
    const record = join(shared, '.cer-collector', 'posted', token.slice(0, 2), token);
    for (const f of readdirSync(record).filter((n) => n.startsWith('landed-'))) await rm(join(record, f));
    // A POST whose upload never came, two days ago.
    const orphan = parseCerAnswer((await request(c.url, 'POST', '/stage2.htm', encodeWerReport(doc('orphan.exe')))).text).answer;
    const orphanToken = (orphan.dumpFile as string).slice(9, 41);
    const orphanMeta = join(shared, '.cer-collector', 'posted', orphanToken.slice(0, 2), orphanToken, 'post.json');
    const meta = JSON.parse(readFileSync(orphanMeta, 'utf8')) as Record<string, unknown>;
    await writeFile(orphanMeta, JSON.stringify({ ...meta, receivedMs: Date.now() - 2 * 24 * 3600_000 }));
    await c.close();

    // The collector "was killed" while assembling two reports: one two hours ago, one just now
    // (that one may belong to a collector on another machine that is still writing).
    const tmp = join(shared, '.cer-collector', 'tmp');
    for (const name of ['pc1-111-aaaa', 'pc2-222-bbbb']) {
      await mkdir(join(tmp, name), { recursive: true });
      await writeFile(join(tmp, name, 'report.xml'), encodeWerReport(doc('crashed.exe')));
      await writeFile(join(tmp, name, 'WER1.tmp.mdmp'), 'MDMP half');
      await writeFile(join(tmp, name, 'Report.wer.part'), 'half');
    }
    const old = new Date(Date.now() - 2 * 3600_000);
    for (const p of [join(tmp, 'pc1-111-aaaa', 'report.xml'), join(tmp, 'pc1-111-aaaa')]) utimesSync(p, old, old);
    // Neither half-written report is visible to a reader meanwhile.
    expect(await scan(shared)).toHaveLength(1);

    c = await startCollector({ dir: shared, port: 0 });
    try {
      expect(existsSync(join(tmp, 'pc1-111-aaaa'))).toBe(false);
      expect(existsSync(join(tmp, 'pc2-222-bbbb'))).toBe(true);
      // The abandoned POST is stored without files; its late upload is refused, not stored twice.
      const archive = readdirSync(join(shared, 'ReportArchive'));
      const orphanFolder = archive.find((f) => f.endsWith(orphanToken)) as string;
      expect(readdirSync(join(shared, 'ReportArchive', orphanFolder)).sort()).toEqual(['Report.wer', 'report.xml']);
      expect((await request(c.url, 'PUT', orphan.dumpFile as string, cab)).status).toBe(409);
      // The client of the landed report retries its upload: acknowledged, nothing stored again.
      expect((await request(c.url, 'PUT', landedPost.dumpFile as string, cab)).status).toBe(200);
      expect(readdirSync(join(shared, 'ReportArchive')).sort()).toEqual(archive.sort());
      expect(archive).toHaveLength(2);
      expect(readdirSync(record).filter((n) => n.startsWith('landed-'))).toHaveLength(1);
    } finally {
      await c.close();
    }
    expect((await scan(shared)).map((r) => r.appName).sort()).toEqual(['landed.exe', 'orphan.exe']);
  });
});
