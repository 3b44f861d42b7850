import { request } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LibraryEvent } from '../../../../shared/library-model';
import { startBrowserServer, type BrowserServer } from '../../../../electron/main/core/server/browser-server';
import type { ReportLibrary } from '../../../../electron/main/core/library/report-library';
import { formatReportWer, utf16leWithBom } from '../../../../electron/main/core/sample/report-writer';
import { startLibrary, waitFor } from '../../../support/library-harness';
import { buildStore, generatedSpec } from '../../../support/store-builder';

jest.setTimeout(20_000);

/** A raw GET (so tests control the path and Host header exactly). */
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('browser-mode server', () => {
  let root: string;
  let library: ReportLibrary;
  let server: BrowserServer;
  let port: number;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-serve-'));
    await buildStore(join(root, 'WER'), 6);
    await mkdir(join(root, 'renderer', 'assets'), { recursive: true });
    await writeFile(join(root, 'renderer', 'index.html'), '<!doctype html><title>WER Explorer</title>');
    await writeFile(join(root, 'renderer', 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(root, 'secret.txt'), 'do not serve');
    ({ library } = await startLibrary({ locations: [{ path: join(root, 'WER', 'ReportQueue'), scope: 'extra', label: 'q' }, { path: join(root, 'WER', 'ReportArchive'), scope: 'extra', label: 'a' }] }));
    server = await startBrowserServer({ library, rendererDir: join(root, 'renderer'), token: 'test-token' });
    port = Number(new URL(server.url).port);
  });
  afterAll(async () => {
    await server.close();
    await library.close();
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
});
