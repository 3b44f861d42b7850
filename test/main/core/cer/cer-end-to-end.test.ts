/**
 * End to end on 127.0.0.1: generated and real-fixture reports forwarded to our collector; the
 * collector's store, read back with scanStores, shows the same event types, signatures and files.
 * Also HTTPS with a custom CA, and DumpServer honoured.
 */
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WerReport } from '../../../../shared/report-model';
import { startCollector } from '../../../../electron/main/core/cer/collector';
import { forwardReports } from '../../../../electron/main/core/cer/forward-reports';
import { scanStores } from '../../../../electron/main/core/store/scan-stores';
import { readReportFolder } from '../../../../electron/main/core/report/read-report-folder';
import { buildStore } from '../../../support/store-builder';
import { fixtureStore } from './helpers/report-folders';
import { selfSignedCert } from './helpers/tls-cert';

const scan = async (path: string): Promise<WerReport[]> => (await scanStores([{ path, scope: 'extra', label: 't' }])).reports;
const COLLECTOR_FILES = new Set(['report.xml', 'Report.sent.wer']);
// What must survive the trip: event type, time, signature, application, files present.
const identity = (r: WerReport): string => JSON.stringify([r.eventType, r.eventTime, r.signature.map((s) => [s.index, s.name, s.value])]);

describe('forward → collect → scan', () => {
  let root: string;
  beforeAll(async () => void (root = await mkdtemp(join(tmpdir(), 'wer-e2e-'))));
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('round-trips generated and real reports with their files and buckets', async () => {
    await buildStore(join(root, 'src', 'WER'), 20, { attachmentsEvery: 3 });
    await fixtureStore(join(root, 'src', 'fixtures'));
    const sent = await scan(join(root, 'src'));
    expect(sent).toHaveLength(26);
    const collector = await startCollector({ dir: join(root, 'collected'), port: 0 });
    try {
      const results = await forwardReports(sent.map((r) => ({ folder: r.folder, reportId: r.id })), {
        server: collector.url, dataDir: join(root, 'data'), machine: 'pc42.corp.example', user: 'alice',
      });
      if (!results.ok) throw new Error(results.error);
      expect(results.value.filter((r) => !r.ok)).toEqual([]);
      expect(results.value.every((r) => r.uploaded && r.bucketTable === '1')).toBe(true);
    } finally {
      await collector.close();
    }

    const got = await scan(join(root, 'collected'));
    expect(got).toHaveLength(sent.length);
    expect(got.every((r) => r.store === 'ReportArchive' && r.problems.length === 0)).toBe(true);
    const byIdentity = new Map(got.map((r) => [identity(r), r]));
    const bucketOfSignature = new Map<string, string>();
    for (const original of sent) {
      const copy = byIdentity.get(identity(original));
      expect(copy).toBeDefined();
      if (!copy) continue;
      expect([copy.appName, copy.appPath, copy.fields]).toEqual([original.appName, original.appPath, original.fields]);
      const files = original.attachments.filter((a) => a.size !== null).map((a) => a.file);
      expect(copy.attachments.map((a) => a.file).filter((f) => !COLLECTOR_FILES.has(f))).toEqual(files);
      for (const f of [...files]) expect(readFileSync(join(copy.folder, f)).equals(readFileSync(join(original.folder, f)))).toBe(true);
      expect(readFileSync(join(copy.folder, 'Report.sent.wer')).equals(readFileSync(join(original.folder, 'Report.wer')))).toBe(true);
      // Same signature, same bucket; the sender recorded for a "machines" view.
      const key = JSON.stringify([original.eventType, original.signature.map((s) => s.value.toLowerCase())]);
      const bucket = copy.bucket?.id ?? '';
      expect(bucketOfSignature.get(key) ?? bucket).toBe(bucket);
      bucketOfSignature.set(key, bucket);
      const wer = readReportFolder(copy.folder, { store: 'ReportArchive', storeRoot: null }).reportWer?.parsed;
      expect(wer?.entries.find((e) => e.key === 'Cer.MachineName')?.value).toBe('pc42.corp.example');
    }
    expect(new Set(bucketOfSignature.values()).size).toBe(bucketOfSignature.size);
    // The generated store repeats problems, so some reports shared a bucket.
    expect(bucketOfSignature.size).toBeLessThan(sent.length);
    expect(bucketOfSignature.size).toBeGreaterThan(5);
  });

  it('forwards over HTTPS when the CA is given, and refuses a server it cannot verify', async () => {
    await buildStore(join(root, 'tls-src'), 2);
    const sent = await scan(join(root, 'tls-src'));
    const { key, cert } = selfSignedCert();
    const collector = await startCollector({ dir: join(root, 'tls-collected'), port: 0, tls: { key, cert } });
    try {
      expect(collector.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const items = sent.map((r) => ({ folder: r.folder, reportId: r.id }));
      const untrusted = await forwardReports(items, { server: collector.url, dataDir: join(root, 'tls-data-1') });
      expect(untrusted.ok && untrusted.value.map((r) => [r.ok, r.state])).toEqual([[false, 'failed'], [false, 'failed']]);
      expect(untrusted.ok && untrusted.value[0]?.error).toMatch(/certificate was not accepted/);
      const trusted = await forwardReports(items, { server: collector.url, dataDir: join(root, 'tls-data-2'), transportOptions: { ca: cert } });
      expect(trusted.ok && trusted.value.map((r) => [r.ok, r.uploaded])).toEqual([[true, true], [true, true]]);
    } finally {
      await collector.close();
    }
    expect(await scan(join(root, 'tls-collected'))).toHaveLength(2);
  });

  it('PUTs the CAB to DumpServer on the same port when the answer names one', async () => {
    await buildStore(join(root, 'ds-src'), 1);
    const [report] = await scan(join(root, 'ds-src'));
    const puts: string[] = [];
    const upload = http.createServer((req, res) => {
      puts.push(`${req.method} ${req.socket.localAddress} ${req.url}`);
      req.resume().on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => upload.listen(0, '127.0.0.2', resolve));
    const port = (upload.address() as { port: number }).port;
    const level1 = http.createServer((req, res) => {
      req.resume().on('end', () => res.end('Bucket=9\r\niData=1\r\nDumpServer=127.0.0.2\r\nDumpFile=\\cabs\\9\\x.cab\r\n'));
    });
    await new Promise<void>((resolve) => level1.listen(port, '127.0.0.1', resolve));
    try {
      const r = await forwardReports([{ folder: report?.folder ?? '', reportId: report?.id ?? '' }], {
        server: `http://127.0.0.1:${port}`, dataDir: join(root, 'ds-data'),
      });
      expect(r.ok && r.value[0]).toMatchObject({ ok: true, uploaded: true, bucket: '9' });
      expect(puts).toEqual(['PUT 127.0.0.2 /cabs\\9\\x.cab']);
    } finally {
      for (const s of [upload, level1]) {
        s.closeAllConnections();
        await new Promise((resolve) => s.close(resolve));
      }
    }
  });
});
