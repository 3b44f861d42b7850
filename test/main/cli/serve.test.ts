import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../electron/cli/program';
import { captureIo } from '../../support/capture-io';
import { waitFor } from '../../support/wait';
import { buildStore } from '../../support/store-builder';

jest.setTimeout(20_000);

describe('wer-explorer serve', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-cli-serve-'));
    await buildStore(join(root, 'WER'), 3);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('prints the URL with its token first, answers with that token, stops on the signal and leaves its report cache', async () => {
    const stop = new AbortController();
    const io = captureIo();
    const ctx = { defaultLocations: async () => [], signal: stop.signal };
    const data = join(root, 'data');
    const running = runCli(['serve', join(root, 'WER'), '--port', '0', '--data-dir', data], io, ctx);
    await waitFor(() => io.stdout().includes('\n'), 'the URL line');
    const url = new URL(io.stdout().split('\n')[0] ?? '');
    expect(url.hostname).toBe('127.0.0.1');
    const token = url.searchParams.get('token') ?? '';
    expect(token.length).toBeGreaterThanOrEqual(32);
    const res = await fetch(new URL('/api/reports', url), { headers: { 'X-Wer-Token': token } });
    expect(((await res.json()) as { value: { reports: unknown[] } }).value.reports).toHaveLength(3);
    stop.abort();
    expect(await running).toBe(0);
    // The next start reads only what changed: the cache (JSON Lines) holds the three reports.
    const lines = (await readFile(join(data, 'reports-cache.json'), 'utf8')).split('\n').filter((l) => l !== '');
    expect(lines.slice(1).map((l) => (JSON.parse(l.slice(l.indexOf('\t') + 1)) as { store: string }).store).length).toBe(3);
  });

  it('refuses a bad port as a usage error', async () => {
    const io = captureIo();
    expect(await runCli(['serve', '--port', '70000'], io, { defaultLocations: async () => [] })).toBe(2);
    expect(io.stderr()).toMatch(/--port must be/);
  });
});
