/**
 * LocalDumps folders under Windows Node in Wine: `scan --json` with no PATH finds the global and
 * per-app DumpFolder set with Wine's reg.exe (REG_EXPAND_SZ, expanded from the environment) and
 * the user's default %LOCALAPPDATA%\CrashDumps, and lists one APPCRASH record per dump there.
 * The dumps are real (dbghelp under Wine, see localdumps-crashes.ts); the registry is cleaned up.
 */
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { basename, dirname, win32 } from 'node:path';
import { buildCrashyFixtures, type CrashyFixtures } from '../support/localdumps-crashes';
import { resetStores } from './support/lane-stores';
import { linuxPath, userProfile, windowsLane, withoutWineEventLogWarnings } from './support/wine-lane';
import { type WineRun, runWindowsCli, runWine } from './support/wine-run';

const REG = 'C:\\windows\\system32\\reg.exe';
const LOCAL_DUMPS = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\Windows Error Reporting\\LocalDumps';

interface Row {
  readonly folder: string;
  readonly store: string;
  readonly eventType: string;
  readonly fields: Record<string, string>;
  readonly process: { pid: number } | null;
}

describe('LocalDumps folders under Windows Node', () => {
  const lane = windowsLane();
  const local = (): string => win32.join(userProfile(lane), 'AppData', 'Local');
  let fx: CrashyFixtures;
  // Where each dump goes, as Windows names it: the global folder, crashy.exe's own, the default.
  const placed: { windows: string; image: string }[] = [];
  const reg = async (args: readonly string[]): Promise<WineRun> => runWine(lane, REG, args);

  beforeAll(async () => {
    fx = await buildCrashyFixtures();
    await resetStores(lane);
    for (const [key, data] of [
      [LOCAL_DUMPS, '%SystemDrive%\\GlobalDumps'],
      [`${LOCAL_DUMPS}\\crashy.exe`, '%LOCALAPPDATA%\\CrashyDumps'],
    ] as const) {
      const r = await reg(['add', key, '/v', 'DumpFolder', '/t', 'REG_EXPAND_SZ', '/d', data, '/f']);
      if (r.code !== 0) throw new Error(`reg add ${key} failed (exit ${r.code}): ${r.stdout}${r.stderr}`);
    }
    const folders: Record<string, string> = {
      'raiser.exe': 'C:\\GlobalDumps',
      'crashy.exe': win32.join(local(), 'CrashyDumps'),
      'libcrash.exe': win32.join(local(), 'CrashDumps'),
    };
    for (const c of fx.crashes.filter((x) => x.dumpType === 0)) {
      const windows = win32.join(folders[c.image]!, basename(c.dump));
      await mkdir(dirname(linuxPath(lane, windows)), { recursive: true });
      await copyFile(c.dump, linuxPath(lane, windows));
      placed.push({ windows, image: c.image });
    }
  }, 400_000);

  afterAll(async () => {
    await reg(['delete', LOCAL_DUMPS, '/f']);
    for (const p of placed) await rm(dirname(linuxPath(lane, p.windows)), { recursive: true, force: true });
  });

  it('scan --json lists the dumps of the registry folders and of %LOCALAPPDATA%\\CrashDumps as APPCRASH records', async () => {
    const run = await runWindowsCli(lane, ['scan', '--json'], { timeoutMs: 120_000 });
    expect(withoutWineEventLogWarnings(run.stderr)).toBe('');
    expect(run.code).toBe(0);
    const rows = (JSON.parse(run.stdout) as Row[]).filter((r) => r.store === 'CrashDumps');
    expect(rows.map((r) => [r.folder.toLowerCase(), r.eventType, r.fields.application]).sort()).toEqual(
      placed.map((p) => [p.windows.toLowerCase(), 'APPCRASH', p.image]).sort(),
    );
    for (const r of rows) {
      const c = fx.crashes.find((x) => x.image === r.fields.application && x.dumpType === 0)!;
      expect([r.fields.module, r.fields.exceptionCode, r.process?.pid]).toEqual([win32.basename(c.module.path), c.code.toString(16).padStart(8, '0'), c.pid]);
    }
  });
});
