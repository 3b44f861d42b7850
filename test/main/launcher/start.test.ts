/**
 * `npm start` on a fresh clone, without the network: the Electron binary comes from a local
 * mirror (ELECTRON_MIRROR, with the remote SHASUMS256.txt checked), is unpacked by the electron
 * package's own install.js and launched on the app; an unreachable mirror gives the message and
 * browser mode instead.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT, REPO_ROOT, requireBuilt } from '../../support/built';
import {
  cloneWithoutElectronBinary,
  type ElectronMirror,
  shasums,
  STANDIN_RECORD_ENV,
  standInElectronZip,
  startElectronMirror,
} from '../../support/electron-mirror';
import { waitFor } from '../../support/wait';

jest.setTimeout(90_000);

const VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
const ZIP_NAME = `electron-v${VERSION}-linux-x64.zip`;

interface Run {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts a command in its own process group (as a terminal would), with the output collected. */
function start(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Run {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exit };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('npm start on a fresh clone (linux-x64)', () => {
  let work: string;
  let project: string;
  let env: NodeJS.ProcessEnv;
  const running: Run[] = [];

  beforeAll(() => {
    requireBuilt(BUILT.main, BUILT.cli, BUILT.renderer);
    expect(process.platform === 'linux' && process.arch === 'x64').toBe(true);
  });
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'wer-launcher-'));
    project = cloneWithoutElectronBinary(mkdtempSync(join(work, 'clone-')));
    env = {
      ...process.env,
      electron_config_cache: join(work, 'electron-cache'),
      XDG_CONFIG_HOME: join(work, 'config'),
      BROWSER: 'none',
      [STANDIN_RECORD_ENV]: join(work, 'standin-record.txt'),
    };
    // npm's own config from the outer `npm test` must not leak into the inner npm start.
    for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
  });
  afterEach(async () => {
    for (const run of running.splice(0)) {
      if (run.child.exitCode === null && run.child.signalCode === null) process.kill(-run.child.pid!, 'SIGKILL');
    }
    rmSync(work, { recursive: true, force: true });
  });

  describe('with a mirror that has the release', () => {
    let mirror: ElectronMirror;
    beforeAll(async () => {
      const zip = new Map([[ZIP_NAME, standInElectronZip(VERSION)]]);
      mirror = await startElectronMirror(VERSION, new Map([...zip, ['SHASUMS256.txt', shasums(zip)]]));
    });
    afterAll(() => mirror.close());

    it('downloads Electron with its checksum, unpacks it and launches it on the app; the next start reuses it', async () => {
      const runEnv = { ...env, ELECTRON_MIRROR: mirror.url, electron_use_remote_checksums: '1' };
      const first = start('npm', ['start', '--', '--skipBuild'], project, runEnv);
      running.push(first);
      expect({ ...(await first.exit), output: first.output() }).toEqual({ code: 0, signal: null, output: expect.any(String) });
      expect(first.output()).toContain(`Downloading Electron ${VERSION} (linux-x64, first start only)`);
      expect(first.output()).toMatch(/first start only\): done/);
      expect(mirror.requests).toEqual(expect.arrayContaining([`/v${VERSION}/${ZIP_NAME}`, `/v${VERSION}/SHASUMS256.txt`]));

      // The electron package's own layout, as install.js writes it.
      const electronDir = join(project, 'node_modules', 'electron');
      expect(readFileSync(join(electronDir, 'path.txt'), 'utf8')).toBe('electron');
      expect(readFileSync(join(electronDir, 'dist', 'version'), 'utf8')).toBe(VERSION);
      // electron-vite started the downloaded executable on the project (main: out/main/index.js).
      const [cwd, ...args] = readFileSync(env[STANDIN_RECORD_ENV]!, 'utf8').trimEnd().split('\n');
      expect(cwd).toBe(project);
      expect(args).toEqual(['.']);

      rmSync(env[STANDIN_RECORD_ENV]!);
      const zipRequests = () => mirror.requests.filter((r) => r.endsWith(ZIP_NAME)).length;
      const before = zipRequests();
      const second = start('npm', ['start', '--', '--skipBuild'], project, runEnv);
      running.push(second);
      expect(await second.exit).toEqual({ code: 0, signal: null });
      expect(second.output()).not.toContain('Downloading Electron');
      expect(zipRequests()).toBe(before);
      expect(existsSync(env[STANDIN_RECORD_ENV]!)).toBe(true);
    });

    it('refuses a download whose checksum does not match and falls back to browser mode', async () => {
      const bad = await startElectronMirror(
        VERSION,
        new Map([[ZIP_NAME, standInElectronZip(VERSION)], ['SHASUMS256.txt', shasums(new Map([[ZIP_NAME, Buffer.from('other bytes')]]))]]),
      );
      try {
        const run = start('npm', ['start', '--', '--skipBuild'], project, { ...env, ELECTRON_MIRROR: bad.url, electron_use_remote_checksums: '1' });
        running.push(run);
        await waitFor(() => /token=/.test(run.output()), 'the browser-mode URL', 30_000);
        expect(run.output()).toMatch(/Reason: .*checksum/i);
        expect(existsSync(join(project, 'node_modules', 'electron', 'path.txt'))).toBe(false);
        expect(existsSync(env[STANDIN_RECORD_ENV]!)).toBe(false);
      } finally {
        await bad.close();
      }
    });
  });

  it.each(['start', 'run dev'])('npm %s with an unreachable mirror: says why and how to fix it, then serves the sample store in the browser', async (script) => {
    const port = await closedPort();
    const run = start('npm', [...script.split(' '), '--', '--skipBuild'], project, { ...env, ELECTRON_MIRROR: `http://127.0.0.1:${port}/` });
    running.push(run);
    await waitFor(() => /token=\S+\n/.test(run.output()), 'the browser-mode URL', 30_000);
    const output = run.output();
    expect(output).toContain(`could not get Electron ${VERSION} for linux-x64`);
    expect(output).toContain(`Reason: connect ECONNREFUSED 127.0.0.1:${port}`);
    expect(output).toContain('ELECTRON_MIRROR');
    expect(output).toContain('the bundled sample store');

    const url = new URL(/^(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m.exec(output)![1]!);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const res = await fetch(new URL('/api/reports', url), { headers: { 'X-Wer-Token': url.searchParams.get('token')! } });
    const reports = ((await res.json()) as { value: { reports: { folder: string }[] } }).value.reports;
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.every((r) => r.folder.includes('sample'))).toBe(true);
  });

  it('browser mode ends with exit code 0 on Ctrl+C', async () => {
    // The command behind `npm start`, run without npm: on Debian, npm's sh (dash) reports any
    // Ctrl+C as an interrupt of its own whatever the script's exit code.
    const scripts = (JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts;
    const [node, ...args] = scripts.start.split(' ');
    expect(node).toBe('node');
    const run = start(process.execPath, [...args!, '--skipBuild'], project, { ...env, ELECTRON_MIRROR: `http://127.0.0.1:${await closedPort()}/` });
    running.push(run);
    await waitFor(() => /token=\S+\n/.test(run.output()), 'the browser-mode URL', 30_000);
    process.kill(-run.child.pid!, 'SIGINT');
    expect(await run.exit).toEqual({ code: 0, signal: null });
  });
});
