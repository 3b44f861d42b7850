/**
 * `forward` and `collect`, both under Windows Node in Wine, over loopback: reports of the
 * machine's stores go to the collector as MS-CER2 + CAB, and the collected folder reads back with
 * `scan` (Windows paths, the same signatures, the same attached files).
 */
import { readdirSync } from 'node:fs';
import { win32 } from 'node:path';
import { type BuiltReport, buildStore } from '../support/store-builder';
import { resetStores, windowsFolder } from './support/lane-stores';
import { userProfile, windowsLane, withoutWineEventLogWarnings } from './support/wine-lane';
import { type WineProcess, runWindowsCli, startWindowsCli } from './support/wine-run';

interface ScannedReport {
  readonly folder: string;
  readonly storeRoot: string;
  readonly eventType: string;
  readonly signature: { value: string }[];
  readonly attachments: { file: string }[];
}

/** A sent report: how it was built, where Windows has it, and its files besides Report.wer. */
interface Sent {
  readonly built: BuiltReport;
  readonly folder: string;
  readonly files: string[];
}

describe('forward to collect, both under Windows Node', () => {
  const lane = windowsLane();
  const dir = win32.join(userProfile(lane), 'collected');
  let sent: Sent[];
  let collect: WineProcess;
  let url: string;

  beforeAll(async () => {
    const stores = await resetStores(lane);
    // Two different problems (an APPCRASH and a .NET CLR20r3), each with attached files.
    const built = [
      ...(await buildStore(stores.machine.linux, 1, { attachmentsEvery: 1, firstIndex: 6 })),
      ...(await buildStore(stores.machine.linux, 1, { attachmentsEvery: 1, firstIndex: 14 })),
    ];
    sent = built.map((b) => ({ built: b, folder: windowsFolder(stores.machine, b), files: readdirSync(b.folder).filter((f) => f !== 'Report.wer') }));
    collect = startWindowsCli(lane, ['collect', '--dir', dir, '--port', '0']);
    await collect.waitForStdout((text) => text.includes('\n'), 'the collector URL');
    url = collect.stdout().split('\n')[0] ?? '';
  });

  afterAll(async () => {
    await collect.stop();
  });

  it('collect listens on loopback and prints its URL first', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('forward --json sends the reports named by id and says so per report', async () => {
    const run = await runWindowsCli(lane, ['forward', ...sent.map((s) => s.built.spec.reportIdentifier.slice(0, 8)), '--server', url, '--machine', 'PC42', '--json']);
    expect(withoutWineEventLogWarnings(run.stderr)).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { folder: string; ok: boolean; uploaded: boolean });
    expect(lines.map((l) => l.folder).sort()).toEqual(sent.map((s) => s.folder).sort());
    for (const l of lines) expect(l).toMatchObject({ ok: true, uploaded: true });
    await collect.waitForStdout((text) => (text.match(/^upload /gm) ?? []).length === sent.length, 'the collector to log both uploads');
    expect(collect.stdout()).toMatch(/^report {2}APPCRASH from PC42 \(127\.0\.0\.1\), bucket \d+: C:\\users\\/m);
  });

  it('scan of the collect folder reads the collected reports, with what was sent', async () => {
    const run = await runWindowsCli(lane, ['scan', '--json', dir]);
    expect(withoutWineEventLogWarnings(run.stderr)).toBe('');
    expect(run.code).toBe(0);
    const reports = JSON.parse(run.stdout) as ScannedReport[];
    const archive = win32.join(dir, 'ReportArchive');
    for (const r of reports) {
      expect(r.storeRoot).toBe(archive);
      expect(win32.dirname(r.folder)).toBe(archive);
    }
    expect(reports).toHaveLength(sent.length);
    for (const s of sent) {
      const values = s.built.spec.signature.map(([, v]) => v);
      const r = reports.find((c) => JSON.stringify(c.signature.map((g) => g.value)) === JSON.stringify(values));
      expect(r?.eventType).toBe(s.built.spec.eventType);
      // Besides the sent files the collector keeps the received XML and the Report.wer it was sent.
      expect(r?.attachments.map((a) => a.file)).toEqual(expect.arrayContaining(s.files));
    }
  });
});
