import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { electronTarget, failureReason, installedElectron } from '../../../electron/launcher/electron-binary';

describe('failureReason', () => {
  it('names the socket error behind "fetch failed"', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    expect(failureReason(new TypeError('fetch failed', { cause: refused }))).toBe('connect ECONNREFUSED 127.0.0.1:9');
    expect(failureReason(new TypeError('fetch failed', { cause: new AggregateError([new Error('connect ETIMEDOUT 10.0.0.1:443')]) }))).toBe(
      'connect ETIMEDOUT 10.0.0.1:443',
    );
  });

  it('keeps one line of any other error', () => {
    expect(failureReason(new Error('Response code 404 (Not Found) for http://m/v1/x.zip\n    at stack'))).toBe('Response code 404 (Not Found) for http://m/v1/x.zip');
    expect(failureReason('plain')).toBe('plain');
    expect(failureReason(new Error(''))).toBe('unknown error');
  });
});

describe('electronTarget', () => {
  it('follows install.js: its own overrides first, then npm config, then this machine', () => {
    expect(electronTarget({ ELECTRON_INSTALL_PLATFORM: 'win32', ELECTRON_INSTALL_ARCH: 'arm64', npm_config_arch: 'x64' })).toEqual({ platform: 'win32', arch: 'arm64' });
    expect(electronTarget({ npm_config_platform: 'linux', npm_config_arch: 'arm64' })).toEqual({ platform: 'linux', arch: 'arm64' });
    if (process.platform !== 'darwin') expect(electronTarget({})).toEqual({ platform: process.platform, arch: process.arch });
  });
});

describe('installedElectron', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wer-electron-pkg-'));
    mkdirSync(join(dir, 'dist'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const pkg = () => ({ dir, version: '45.4.1' });

  it('is the executable when path.txt, dist/version and the file agree, as install.js checks', () => {
    writeFileSync(join(dir, 'path.txt'), 'electron');
    writeFileSync(join(dir, 'dist', 'version'), 'v45.4.1');
    expect(installedElectron(pkg(), {})).toBeNull();
    writeFileSync(join(dir, 'dist', 'electron'), '');
    expect(installedElectron(pkg(), {})).toBe(join(dir, 'dist', 'electron'));
  });

  it('is null for another version, no path.txt, or an override folder without the file', () => {
    writeFileSync(join(dir, 'dist', 'electron'), '');
    writeFileSync(join(dir, 'dist', 'version'), '44.0.0');
    expect(installedElectron(pkg(), {})).toBeNull();
    writeFileSync(join(dir, 'dist', 'version'), '45.4.1');
    expect(installedElectron(pkg(), {})).toBeNull();
    writeFileSync(join(dir, 'path.txt'), 'electron');
    expect(installedElectron(pkg(), { ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'elsewhere') })).toBeNull();
  });
});
