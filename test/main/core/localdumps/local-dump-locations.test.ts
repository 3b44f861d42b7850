/**
 * Where LocalDumps dumps are looked for: the registry's DumpFolder values (through a fake reg.exe
 * printing Windows' `reg query` output), the profiles' default CrashDumps and the service
 * profiles; and that a slow, failing or refusing registry never costs the store list.
 */
import type { RunReg } from '../../../../electron/main/core/doctor/reg-exe';
import { expandEnvironment, localDumpLocations, readLocalDumpsKey } from '../../../../electron/main/core/localdumps/local-dump-locations';
import { windowsStoreLocations } from '../../../../electron/main/core/store/discover-stores';
import { fakeReg } from '../../../support/reg-fake';

const KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\Windows Error Reporting\\LocalDumps';
const env = {
  SystemRoot: 'C:\\Windows',
  SystemDrive: 'C:',
  ProgramData: 'C:\\ProgramData',
  LOCALAPPDATA: 'C:\\Users\\alice\\AppData\\Local',
  USERPROFILE: 'C:\\Users\\alice',
  USERNAME: 'alice',
};
const DEFAULTS = [
  ['C:\\Users\\alice\\AppData\\Local\\CrashDumps', 'user', 'LocalDumps (alice)'],
  ['C:\\Users\\bob\\AppData\\Local\\CrashDumps', 'user', 'LocalDumps (bob)'],
  ['C:\\Windows\\System32\\config\\systemprofile\\AppData\\Local\\CrashDumps', 'machine', 'LocalDumps (SYSTEM)'],
  ['C:\\Windows\\ServiceProfiles\\LocalService\\AppData\\Local\\CrashDumps', 'machine', 'LocalDumps (LocalService)'],
  ['C:\\Windows\\ServiceProfiles\\NetworkService\\AppData\\Local\\CrashDumps', 'machine', 'LocalDumps (NetworkService)'],
];

async function localDumpsOf(runReg: RunReg | null): Promise<string[][]> {
  const all = await windowsStoreLocations({ platform: 'win32', env, listFolders: async () => ['alice', 'bob', 'Public'], runReg });
  return all.filter((l) => l.label.startsWith('LocalDumps')).map((l) => [l.path, l.scope, l.label]);
}

describe('LocalDumps locations', () => {
  it('lists the global and per-app DumpFolder (expanded), then the profiles and service profiles', async () => {
    const reg = fakeReg({
      [KEY]: [{ name: 'DumpFolder', type: 'REG_EXPAND_SZ', data: '%SystemDrive%\\Dumps' }, { name: 'DumpType', type: 'REG_DWORD', data: 2 }],
      [`${KEY}\\crashy.exe`]: [{ name: 'DumpFolder', type: 'REG_EXPAND_SZ', data: '%localappdata%\\CrashyDumps' }],
      // No DumpFolder: the global one (or the default) is used, both already listed.
      [`${KEY}\\other.exe`]: [{ name: 'DumpCount', type: 'REG_DWORD', data: 3 }],
    });
    expect(await localDumpsOf(reg.run)).toEqual([
      ['C:\\Dumps', 'machine', 'LocalDumps (every app)'],
      ['C:\\Users\\alice\\AppData\\Local\\CrashyDumps', 'machine', 'LocalDumps (crashy.exe)'],
      ...DEFAULTS,
    ]);
    expect(reg.calls).toEqual([['query', 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\Windows Error Reporting\\LocalDumps', '/s']]);
  });

  it('lists the default folders when the key is missing, unreadable, or reg.exe cannot run', async () => {
    expect(await localDumpsOf(fakeReg({}).run)).toEqual(DEFAULTS);
    expect(await localDumpsOf(fakeReg({ [KEY]: [{ name: 'DumpFolder', type: 'REG_SZ', data: 'D:\\x' }] }, { denyRead: ['HKLM\\SOFTWARE'] }).run)).toEqual(DEFAULTS);
    expect(await localDumpsOf(() => Promise.reject(new Error('spawn reg.exe ENOENT')))).toEqual(DEFAULTS);
    expect(await localDumpsOf(null)).toEqual(DEFAULTS);
  });

  it('does not wait for a registry that never answers', async () => {
    const never: RunReg = () => new Promise(() => undefined);
    const started = Date.now();
    expect(await readLocalDumpsKey(never, 50)).toBe('');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('ignores HKCU LocalDumps keys, which Windows does not read', () => {
    const registry = [
      '',
      'HKEY_CURRENT_USER\\SOFTWARE\\Microsoft\\Windows\\Windows Error Reporting\\LocalDumps',
      '    DumpFolder    REG_SZ    D:\\UserDumps',
      '',
    ].join('\r\n');
    expect(localDumpLocations({ env, registry }).map((l) => l.path)).not.toContain('D:\\UserDumps');
  });

  it('expands environment variables case-insensitively and leaves unknown ones', () => {
    expect(expandEnvironment('%SYSTEMDRIVE%\\a\\%Nope%\\%username%', env)).toBe('C:\\a\\%Nope%\\alice');
  });
});
