import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LibraryEvent } from '../../../../shared/library-model';
import { openAppCore, type AppCore } from '../../../../electron/main/core/app/app-core';
import { startBrowserServer, type BrowserServer } from '../../../../electron/main/core/server/browser-server';
import { DownloadRegistry } from '../../../../electron/main/core/server/download-registry';
import { formatReportWer, utf16leWithBom } from '../../../../electron/main/core/sample/report-writer';
import { waitFor } from '../../../support/wait';
import { buildStore, generatedSpec } from '../../../support/store-builder';
import { makeReports } from '../../../support/report-factory';

jest.setTimeout(20_000);

type Answer = { status: number; body: string; bytes: Buffer; headers: Record<string, unknown> };

/** A raw request (so tests control the path, method and Host header exactly); the answer as text and as bytes. */
function send(port: number, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { Host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, body: bytes.toString('utf8'), bytes, headers: res.headers });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const get = (port: number, path: string, headers: Record<string, string> = {}) => send(port, 'GET', path, headers);
const call = async (port: number, method: string, args: unknown[]) =>
  JSON.parse((await send(port, 'POST', `/api/call/${method}`, { 'X-Wer-Token': 'test-token', 'Content-Type': 'application/json' }, JSON.stringify(args))).body) as {
    ok: boolean;
    value?: unknown;
    error?: string;
  };

describe('browser-mode server', () => {
  let root: string;
  let core: AppCore;
  let server: BrowserServer;
  let port: number;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-serve-'));
    await buildStore(join(root, 'WER'), 6);
    await mkdir(join(root, 'renderer', 'assets'), { recursive: true });
    await writeFile(join(root, 'renderer', 'index.html'), '<!doctype html><title>WER Explorer</title>');
    await writeFile(join(root, 'renderer', 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(root, 'secret.txt'), 'do not serve');
    const downloads = new DownloadRegistry();
    core = await openAppCore({
      dataDir: join(root, 'data'),
      locations: [{ path: join(root, 'WER', 'ReportQueue'), scope: 'extra', label: 'q' }, { path: join(root, 'WER', 'ReportArchive'), scope: 'extra', label: 'a' }],
      shell: { mode: 'browser', offerDownload: (file, name) => downloads.offer(file, name) },
      // The machine's _NT_SYMBOL_PATH must not leak into the answers checked here.
      env: {},
    });
    server = await startBrowserServer({ calls: core.calls, subscribe: (l) => core.host.subscribe(l), downloads, rendererDir: join(root, 'renderer'), token: 'test-token' });
    port = Number(new URL(server.url).port);
  });
  afterAll(async () => {
    await server.close();
    await core.close();
    await rm(root, { recursive: true, force: true });
  });

  it('prints a loopback URL with the token and serves the renderer with a strict CSP', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${port}/?token=test-token`);
    const page = await get(port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>WER Explorer</title>');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect((await get(port, '/assets/app.js')).headers['content-type']).toMatch(/javascript/);
  });

  it('answers the API only with the token and only for its own host name', async () => {
    expect((await get(port, '/api/reports')).status).toBe(401);
    expect((await get(port, '/api/reports', { 'X-Wer-Token': 'wrong-token' })).status).toBe(401);
    const ok = await get(port, '/api/reports', { 'X-Wer-Token': 'test-token' });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).value.reports).toHaveLength(6);
    expect((await get(port, '/api/reports', { 'X-Wer-Token': 'test-token', Host: `evil.example:${port}` })).status).toBe(421);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const path of ['/../secret.txt', '/assets/..%2F..%2Fsecret.txt', '/%2e%2e/secret.txt', '/assets/']) {
      expect((await get(port, path)).status).toBe(404);
    }
  });

  it('streams library events to the page', async () => {
    const events: LibraryEvent[] = [];
    const stream = request({ host: '127.0.0.1', port, path: '/api/events?token=test-token', headers: { Host: `127.0.0.1:${port}` } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        for (const line of chunk.split('\n')) if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)) as LibraryEvent);
      });
    });
    stream.end();
    await new Promise((r) => setTimeout(r, 100));
    const { spec } = generatedSpec(40);
    const folder = join(root, 'WER', 'ReportQueue', spec.folderName);
    await mkdir(folder);
    await writeFile(join(folder, 'Report.wer'), utf16leWithBom(formatReportWer(spec)));
    await waitFor(() => events.some((e) => e.kind === 'added'), 'an event on the stream');
    expect(events[0]).toMatchObject({ kind: 'added', report: { id: spec.reportIdentifier } });
    stream.destroy();
  });

  it('runs WerApi calls posted with the token header, with their arguments checked', async () => {
    const list = await call(port, 'listReports', []);
    const reports = (list.value as { reports: { id: string }[] }).reports;
    const detail = await call(port, 'getReport', [reports[0]?.id]);
    expect(detail).toMatchObject({ ok: true, value: { id: reports[0]?.id, reportWer: { eventType: expect.any(String) } } });
    expect(await call(port, 'getReport', [42])).toEqual({ ok: false, error: 'Report id is not valid.' });
    expect(await call(port, 'getReport', ['no-such-report'])).toMatchObject({ ok: false, error: expect.stringMatching(/no longer in the library/) });
    expect(await call(port, 'noSuchCall', [])).toEqual({ ok: false, error: 'No such call.' });
    expect(await call(port, 'openDump', [reports[0]?.id])).toMatchObject({ ok: false, error: expect.stringMatching(/desktop app only/) });
  });

  it('answers the symbol calls: the setup (also for a draft sent as JSON), clearing the cache, bad drafts refused', async () => {
    const cacheDir = join(root, 'data', 'symbols');
    expect(await call(port, 'symbolSetup', [])).toEqual({ ok: true, value: { elements: [], problems: [], cacheDir, defaultCacheDir: cacheDir, cacheSize: { bytes: 0, files: 0 }, cacheError: null } });
    expect(await call(port, 'symbolSetup', [null])).toMatchObject({ ok: true, value: { elements: [] } });
    expect(await call(port, 'symbolSetup', [{ symbolMicrosoftServer: true }])).toMatchObject({
      ok: true,
      value: { elements: [{ origin: 'microsoft', kind: 'server', network: true, store: 'https://msdl.microsoft.com/download/symbols' }] },
    });
    expect(await call(port, 'symbolSetup', [{ cerServer: 'http://x' }])).toEqual({ ok: false, error: 'Unknown symbol setting: cerServer.' });
    await mkdir(join(cacheDir, 'app.pdb', '3844DBB920174967BE7AA4A2C20430FA2'), { recursive: true });
    await writeFile(join(cacheDir, 'app.pdb', '3844DBB920174967BE7AA4A2C20430FA2', 'app.pdb'), 'pdb bytes');
    expect(await call(port, 'symbolSetup', [])).toMatchObject({ value: { cacheSize: { bytes: 9, files: 1 } } });
    expect(await call(port, 'clearSymbolCache', [])).toEqual({ ok: true, value: { cacheDir, removed: 1, kept: [], cacheSize: { bytes: 0, files: 0 } } });
    expect(await call(port, 'clearSymbolCache', ['/'])).toEqual({ ok: false, error: 'This call takes no arguments.' });
    expect(await call(port, 'runDoctor', [])).toEqual({ ok: true, value: { kind: 'unavailable', reason: 'The doctor reads the live registry on Windows only.' } });
    expect(await call(port, 'runDoctor', ['x'])).toEqual({ ok: false, error: 'This call takes no arguments.' });
  });

  it('keeps triage across calls and refuses calls by GET, without the header, or too large', async () => {
    const set = await call(port, 'setTriage', ['APPCRASH|a.exe', { status: 'investigating', notes: 'looking' }]);
    expect(set).toMatchObject({ ok: true, value: { problems: { 'APPCRASH|a.exe': { status: 'investigating', notes: 'looking' } } } });
    expect(await call(port, 'getTriage', [])).toMatchObject({ value: { problems: { 'APPCRASH|a.exe': { status: 'investigating' } } } });
    expect((await get(port, '/api/call/getTriage', { 'X-Wer-Token': 'test-token' })).status).toBe(405);
    expect((await send(port, 'POST', '/api/call/getTriage?token=test-token', {}, '[]')).status).toBe(405);
    const huge = await send(port, 'POST', '/api/call/getTriage', { 'X-Wer-Token': 'test-token' }, `["${'x'.repeat(3 * 1024 * 1024)}"]`);
    expect(JSON.parse(huge.body)).toEqual({ ok: false, error: 'The request is too large.' });
    expect(await call(port, 'getTriage', ['unexpected'])).toEqual({ ok: false, error: 'This call takes no arguments.' });
  });

  it('offers an exported bundle as a one-time download', async () => {
    const reports = ((await call(port, 'listReports', [])).value as { reports: { id: string }[] }).reports;
    const outcome = await call(port, 'exportBundle', [{ taskId: 'bundle-1', reportIds: [reports[0]?.id], options: { redact: false } }]);
    expect(outcome).toMatchObject({ ok: true, value: { kind: 'download', url: expect.stringMatching(/^\/api\/download\/[0-9a-f]{32}$/) } });
    const url = (outcome.value as { url: string }).url;
    const first = await get(port, `${url}?token=test-token`);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/zip');
    expect(first.body.startsWith('PK')).toBe(true);
    expect((await get(port, `${url}?token=test-token`)).status).toBe(404);
  });

  it('gzips a large answer for a client that accepts it, and only then', async () => {
    const reports = makeReports(200);
    const big = await startBrowserServer({
      calls: { ...core.calls, listReports: async () => ({ ok: true, value: { reports, stores: [] } }) },
      subscribe: (l) => core.host.subscribe(l),
      rendererDir: join(root, 'renderer'),
      token: 'test-token',
    });
    try {
      const bigPort = Number(new URL(big.url).port);
      const raw = async (accept?: string) => {
        const answer = await send(bigPort, 'POST', '/api/call/listReports', { 'X-Wer-Token': 'test-token', ...(accept ? { 'Accept-Encoding': accept } : {}) }, '[]');
        return { encoding: answer.headers['content-encoding'], body: answer.bytes };
      };
      const plain = await raw();
      expect(plain.encoding).toBeUndefined();
      const zipped = await raw('gzip, deflate, br');
      expect(zipped.encoding).toBe('gzip');
      expect(zipped.body.length).toBeLessThan(plain.body.length / 5);
      expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
      expect((JSON.parse(plain.body.toString('utf8')) as { value: { reports: unknown[] } }).value.reports).toHaveLength(200);
      // Small answers are sent as they are.
      expect((await send(bigPort, 'POST', '/api/call/info', { 'X-Wer-Token': 'test-token', 'Accept-Encoding': 'gzip' }, '[]')).headers['content-encoding']).toBeUndefined();
    } finally {
      await big.close();
    }
  });
});
