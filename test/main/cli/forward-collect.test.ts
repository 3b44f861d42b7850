/** The `forward` and `collect` command functions, in-process, against each other on 127.0.0.1. */
import * as net from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCollect } from '../../../electron/cli/commands/collect';
import { type ForwardCliOptions, runForward } from '../../../electron/cli/commands/forward';
import { scanStores } from '../../../electron/main/core/store/scan-stores';
import { captureIo } from '../../support/capture-io';
import { buildStore, type BuiltReport } from '../../support/store-builder';

async function firstLine(io: ReturnType<typeof captureIo>): Promise<string> {
  for (let i = 0; i < 500 && !io.stdout().includes('\n'); i++) await new Promise((r) => setTimeout(r, 5));
  return io.stdout().split('\n')[0] ?? '';
}

describe('wer-explorer forward / collect', () => {
  let root: string;
  let built: BuiltReport[];
  let url: string;
  let collectIo: ReturnType<typeof captureIo>;
  let stop: AbortController;
  let running: Promise<number>;
  const ctx = { defaultLocations: async () => [{ path: join(root, 'WER'), scope: 'sample' as const, label: 'test' }] };
  const options = (extra: Partial<ForwardCliOptions> = {}): ForwardCliOptions => ({
    server: url, json: true, all: false, dataDir: join(root, 'data'), machine: 'pc42', user: 'alice', ...extra,
  });
  const collectedCount = async (): Promise<number> =>
    (await scanStores([{ path: join(root, 'collected'), scope: 'extra', label: 'c' }])).reports.length;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-cli-cer-'));
    built = await buildStore(join(root, 'WER'), 6, { attachmentsEvery: 2 });
    collectIo = captureIo();
    stop = new AbortController();
    running = runCollect({ dir: join(root, 'collected'), host: '127.0.0.1', port: 0 }, collectIo, stop.signal);
    url = await firstLine(collectIo);
  });
  afterAll(async () => {
    stop.abort();
    await running;
    await rm(root, { recursive: true, force: true });
  });

  it('collect prints its URL first', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('forward --json prints one line per report and the collector stores them', async () => {
    const io = captureIo();
    const folders = built.slice(0, 3).map((b) => b.folder);
    expect(await runForward(folders, options(), io, ctx)).toBe(0);
    const lines = io.stdout().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    for (const l of lines) {
      expect(l).toMatchObject({ ok: true, bucketTable: '1', uploaded: true, error: null });
      expect(Object.keys(l)).toEqual(expect.arrayContaining(['folder', 'ok', 'bucket', 'bucketTable', 'uploaded', 'error']));
      expect(l.bucket).toMatch(/^[1-9]\d*$/);
    }
    expect(lines.map((l) => l.folder).sort()).toEqual([...folders].sort());
    expect(io.stderr()).toBe('');
    expect(await collectedCount()).toBe(3);
    expect(collectIo.stdout()).toMatch(/report {2}\S+ from pc42 \(127\.0\.0\.1\), bucket \d+/);
    expect(collectIo.stdout()).toMatch(/upload {2}\d+ file\(s\)/);
  });

  it('forward by id prefix sends nothing twice; text output has a summary', async () => {
    const io = captureIo();
    const id = built[0]?.spec.reportIdentifier.toLowerCase().slice(0, 8) ?? '';
    expect(await runForward([id], options({ json: false }), io, ctx)).toBe(0);
    expect(io.stdout()).toMatch(/^ok {6}bucket \d+\/1, files uploaded {2}/);
    expect(io.stdout()).toContain('1 of 1 report(s) forwarded to http://127.0.0.1:');
    expect(await collectedCount()).toBe(3);
  });

  it('a second collect on the same folder takes the same reports without storing them twice', async () => {
    const secondIo = captureIo();
    const secondStop = new AbortController();
    const second = runCollect({ dir: join(root, 'collected'), host: '127.0.0.1', port: 0 }, secondIo, secondStop.signal);
    try {
      const secondUrl = await firstLine(secondIo);
      expect(secondUrl).not.toBe(url);
      // A fresh outbox, so the reports really go again (as from a client behind a load balancer).
      const io = captureIo();
      const folders = built.slice(0, 3).map((b) => b.folder);
      expect(await runForward(folders, options({ server: secondUrl, dataDir: join(root, 'data-second') }), io, ctx)).toBe(0);
      const lines = io.stdout().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.map((l) => [l.ok, l.uploaded])).toEqual([[true, true], [true, true], [true, true]]);
      expect(await collectedCount()).toBe(3);
      expect(secondIo.stdout()).toMatch(/report {2}\S+ from pc42/);
      expect(secondIo.stdout()).not.toMatch(/upload {2}/);
    } finally {
      secondStop.abort();
      expect(await second).toBe(0);
    }
  });

  it('forward --all --since forwards the default stores from a date on', async () => {
    const times = built.map((b) => b.spec.eventTimeMs).sort((a, b) => a - b);
    const since = new Date(times[2] as number).toISOString();
    const io = captureIo();
    expect(await runForward([], options({ all: true, since }), io, ctx)).toBe(0);
    expect(io.stdout().trim().split('\n')).toHaveLength(4);
    expect(await collectedCount()).toBe(3 + built.slice(3).filter((b) => b.spec.eventTimeMs >= (times[2] as number)).length);
  });

  it('exits 2 on usage errors and 1 when a target does not exist', async () => {
    for (const [targets, extra, pattern] of [
      [[], {}, /give report folders or ids/],
      [['x'], { all: true }, /not both/],
      [[], { all: true, since: 'yesterday-ish' }, /not a date/],
      [['x'], { since: '2024-01-01' }, /--since goes with --all/],
      [['x'], { server: 'ftp://nope' }, /http or https/],
    ] as const) {
      const io = captureIo();
      expect(await runForward([...targets], options(extra), io, ctx)).toBe(2);
      expect(io.stderr()).toMatch(pattern);
    }
    let io = captureIo();
    expect(await runForward(['no-such-report'], options(), io, ctx)).toBe(1);
    expect(io.stderr()).toMatch(/^error: no report folder or report id "no-such-report" found\n$/);
    io = captureIo();
    expect(await runForward([built[0]?.folder ?? ''], options({ caFile: join(root, 'missing-ca.pem') }), io, ctx)).toBe(1);
    expect(io.stderr()).toMatch(/^error: cannot read the CA file .*missing-ca\.pem/);
  });

  it('collect exits 1 with one line when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const io = captureIo();
    try {
      expect(await runCollect({ dir: join(root, 'other'), host: '127.0.0.1', port }, io)).toBe(1);
      expect(io.stderr()).toMatch(/^error: cannot run the collector on 127\.0\.0\.1:\d+: the port is in use\n$/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
