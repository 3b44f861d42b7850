/**
 * Packaging without packaging: electron-builder needs the Electron download, so its config is
 * checked against electron-builder's own schema, the afterPack hook is run with a stand-in for
 * @electron/fuses, and the icons are checked and regenerated.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_NAME } from '../../../shared/app-info';
import { APP_ID, TRAY_ICON } from '../../../electron/main/core/app/desktop-identity';
import { REPO_ROOT } from '../../support/built';
import { decodePng, readIco } from './support/png';

interface Target {
  target: string;
  arch: string[];
}
const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  build: Record<string, unknown> & {
    win: { icon: string; target: Target[] };
    nsis: Record<string, unknown>;
    afterPack: string;
    extraResources: { from: string; to: string }[];
  };
};
const config = pkg.build;

describe('electron-builder config (package.json "build")', () => {
  it('names the app and keeps the id the running app uses for notifications', () => {
    expect(config).toMatchObject({ appId: APP_ID, productName: APP_NAME, asar: true, directories: { buildResources: 'build' } });
    expect(config.files).toEqual(['out/**', 'package.json']);
  });

  it('builds an NSIS installer and a portable exe, each for x64 and arm64', () => {
    const targets = Object.fromEntries(config.win.target.map((t) => [t.target, [...t.arch].sort()]));
    expect(targets).toEqual({ nsis: ['arm64', 'x64'], portable: ['arm64', 'x64'] });
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true });
  });

  it('points at files that exist: icons, tray icons, the afterPack hook', () => {
    expect(existsSync(join(REPO_ROOT, config.win.icon))).toBe(true);
    expect(existsSync(join(REPO_ROOT, config.afterPack))).toBe(true);
    const tray = config.extraResources.find((r) => r.to === 'tray');
    expect(tray && existsSync(join(REPO_ROOT, tray.from, TRAY_ICON))).toBe(true);
  });

  it('has the dist script, and npm test builds before Jest (the contract tests read out/)', () => {
    expect(pkg.scripts.dist).toBe('npm run build && electron-builder --win --x64 --arm64');
    expect(pkg.scripts.test).toBe('npm run typecheck && npm run build && jest');
  });

  it("passes electron-builder's own schema check", () => {
    // In one child process: electron-builder's module graph is large and loads faster outside Jest.
    // The second config proves the check is real: a misspelt option fails it.
    const candidates = [config, { ...config, nsis: { ...config.nsis, oneClik: false } }];
    const script = `
      const { dirname, join } = require('node:path');
      const lib = dirname(require.resolve('app-builder-lib/package.json', { paths: [dirname(require.resolve('electron-builder/package.json'))] }));
      const { validateConfiguration } = require(join(lib, 'out', 'util', 'config', 'config.js'));
      const check = (c) => validateConfiguration(c, { isEnabled: false, add() {} }).then(() => 'valid', (e) => e.message.slice(0, 300));
      Promise.all(${JSON.stringify(candidates)}.map(check)).then((r) => console.log(JSON.stringify(r)));`;
    const [good, bad] = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, encoding: 'utf8' })) as string[];
    expect(good).toBe('valid');
    expect(bad).toMatch(/Invalid configuration/);
  });
});

describe('afterPack hook (build/after-pack.cjs)', () => {
  const hook = require(join(REPO_ROOT, 'build', 'after-pack.cjs')) as ((context: unknown) => Promise<void>) & {
    applyFuses: (context: unknown, fuses: unknown) => Promise<void>;
  };
  const context = (platform: string, appOutDir = '/dist/win-unpacked') => ({
    appOutDir,
    electronPlatformName: platform,
    packager: { appInfo: { productFilename: 'WER Explorer' }, executableName: 'wer-explorer' },
  });
  // @electron/fuses 2 is ESM-only (Jest here runs CommonJS): a stand-in with its enums' shape.
  const fakeFuses = () => ({
    FuseVersion: { V1: '1' },
    FuseV1Options: { RunAsNode: 0, EnableCookieEncryption: 1, EnableNodeOptionsEnvironmentVariable: 2, EnableNodeCliInspectArguments: 3, EnableEmbeddedAsarIntegrityValidation: 4, OnlyLoadAppFromAsar: 5 },
    flipFuses: jest.fn(async () => 1),
  });

  it('is a function, as electron-builder expects', () => {
    expect(typeof hook).toBe('function');
  });

  it('flips the hardening fuses on the packed Windows executable', async () => {
    const fuses = fakeFuses();
    await hook.applyFuses(context('win32'), fuses);
    expect(fuses.flipFuses).toHaveBeenCalledTimes(1);
    expect(fuses.flipFuses).toHaveBeenCalledWith(join('/dist/win-unpacked', 'WER Explorer.exe'), {
      version: '1',
      resetAdHocDarwinSignature: false,
      0: false, // RunAsNode
      1: true, // EnableCookieEncryption
      2: false, // EnableNodeOptionsEnvironmentVariable
      3: false, // EnableNodeCliInspectArguments
      4: true, // EnableEmbeddedAsarIntegrityValidation
      5: true, // OnlyLoadAppFromAsar
    });
  });

  it('finds the executable on macOS (and resets the ad-hoc signature) and on Linux', async () => {
    const fuses = fakeFuses();
    await hook.applyFuses(context('darwin'), fuses);
    await hook.applyFuses(context('linux'), fuses);
    expect(fuses.flipFuses.mock.calls.map((c: unknown[]) => [c[0], (c[1] as { resetAdHocDarwinSignature: boolean }).resetAdHocDarwinSignature])).toEqual([
      [join('/dist/win-unpacked', 'WER Explorer.app'), true],
      [join('/dist/win-unpacked', 'wer-explorer'), false],
    ]);
  });

  it('flips the fuse wire of an executable with the real @electron/fuses', () => {
    // A stand-in executable: the fuse sentinel, wire version 1, nine fuses all enabled ('1').
    const dir = mkdtempSync(join(tmpdir(), 'wer-fuses-'));
    try {
      const sentinel = Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX');
      const exe = join(dir, 'WER Explorer.exe');
      writeFileSync(exe, Buffer.concat([Buffer.alloc(4096, 0x90), sentinel, Buffer.from([1, 9]), Buffer.from('111111111'), Buffer.alloc(64)]));
      const script = `require(${JSON.stringify(join(REPO_ROOT, 'build', 'after-pack.cjs'))})(${JSON.stringify(context('win32', dir))}).catch((e) => { console.error(e); process.exit(1); })`;
      execFileSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, stdio: 'pipe' });
      const bytes = readFileSync(exe);
      const wire = bytes.subarray(bytes.indexOf(sentinel) + sentinel.length + 2, bytes.indexOf(sentinel) + sentinel.length + 11).toString('ascii');
      // RunAsNode off, cookies encrypted, NODE_OPTIONS off, --inspect off, asar integrity on, asar only; the rest untouched.
      expect(wire).toBe('010011111');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('icons (build/make-icons.mjs output)', () => {
  const read = (...parts: string[]) => readFileSync(join(...parts));

  it('has an .ico with PNG images of 16, 32, 48 and 256 px', () => {
    const entries = readIco(read(REPO_ROOT, 'build', 'icon.ico'));
    expect(entries.map((e) => e.size)).toEqual(expect.arrayContaining([16, 32, 48, 256]));
    for (const entry of entries) {
      const image = decodePng(entry.png);
      expect([image.width, image.height, entry.bitCount]).toEqual([entry.size, entry.size, 32]);
    }
  });

  it('has a large PNG icon and the 16/32 px tray icons', () => {
    expect(decodePng(read(REPO_ROOT, 'build', 'icon.png')).width).toBeGreaterThanOrEqual(256);
    expect(decodePng(read(REPO_ROOT, 'build', 'tray', 'tray.png'))).toMatchObject({ width: 16, height: 16 });
    expect(decodePng(read(REPO_ROOT, 'build', 'tray', 'tray@2x.png'))).toMatchObject({ width: 32, height: 32 });
  });

  it('are exactly what the script draws (so they can be regenerated, not hand-edited)', () => {
    const out = mkdtempSync(join(tmpdir(), 'wer-icons-'));
    try {
      execFileSync(process.execPath, [join(REPO_ROOT, 'build', 'make-icons.mjs'), '--out', out], { stdio: 'pipe' });
      // Pixels, not bytes: another zlib may compress the same image differently.
      for (const file of ['icon.png', join('tray', 'tray.png'), join('tray', 'tray@2x.png')]) {
        expect(decodePng(read(out, file)).rgba.equals(decodePng(read(REPO_ROOT, 'build', file)).rgba)).toBe(true);
      }
      const fresh = readIco(read(out, 'icon.ico'));
      const committed = readIco(read(REPO_ROOT, 'build', 'icon.ico'));
      expect(fresh.map((e) => e.size)).toEqual(committed.map((e) => e.size));
      fresh.forEach((e, i) => expect(decodePng(e.png).rgba.equals(decodePng(committed[i]?.png ?? Buffer.alloc(0)).rgba)).toBe(true));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
