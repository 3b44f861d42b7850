import { windowsStoreLocations as allStoreLocations, dedupeLocations, type MachineInfo } from '../../../../electron/main/core/store/discover-stores';

/** The WER, kernel dump and live event log stores (the LocalDumps folders are tested in test/main/core/localdumps). */
async function windowsStoreLocations(machine: MachineInfo) {
  return (await allStoreLocations({ runReg: null, ...machine })).filter((l) => !l.label.startsWith('LocalDumps'));
}

describe('windowsStoreLocations', () => {
  const env = {
    ProgramData: 'C:\\ProgramData',
    LOCALAPPDATA: 'C:\\Users\\alice\\AppData\\Local',
    USERPROFILE: 'C:\\Users\\alice',
    USERNAME: 'alice',
  };

  it('lists the machine stores, then every user profile, without duplicates', async () => {
    const locations = await windowsStoreLocations({
      platform: 'win32',
      env,
      listFolders: async () => ['alice', 'bob', 'Public', 'Default'],
    });
    expect(locations.map((l) => l.path)).toEqual([
      'C:\\ProgramData\\Microsoft\\Windows\\WER\\ReportQueue',
      'C:\\ProgramData\\Microsoft\\Windows\\WER\\ReportArchive',
      'C:\\Windows\\Minidump',
      'C:\\Windows\\LiveKernelReports',
      'C:\\Windows\\MEMORY.DMP',
      'C:\\Users\\alice\\AppData\\Local\\Microsoft\\Windows\\WER\\ReportQueue',
      'C:\\Users\\alice\\AppData\\Local\\Microsoft\\Windows\\WER\\ReportArchive',
      'C:\\Users\\bob\\AppData\\Local\\Microsoft\\Windows\\WER\\ReportQueue',
      'C:\\Users\\bob\\AppData\\Local\\Microsoft\\Windows\\WER\\ReportArchive',
      'eventlog:Application',
      'eventlog:System',
    ]);
    expect(locations.map((l) => l.scope)).toEqual(['machine', 'machine', 'machine', 'machine', 'machine', 'user', 'user', 'user', 'user', 'machine', 'machine']);
    expect(locations.slice(-2).map((l) => l.label)).toEqual(['Application event log', 'System event log']);
    expect(locations[7]?.label).toBe('User bob queue');
  });

  it('keeps the current user when other profiles cannot be listed (access denied)', async () => {
    const locations = await windowsStoreLocations({
      platform: 'win32',
      env,
      listFolders: async () => {
        throw Object.assign(new Error('EPERM'), { code: 'EPERM' });
      },
    });
    expect(locations).toHaveLength(9);
  });

  it('adds the kernel dump folders under SystemRoot (the Minidump store)', async () => {
    const locations = await windowsStoreLocations({ platform: 'win32', env: { ...env, SystemRoot: 'D:\\WINNT' }, listFolders: async () => [] });
    expect(locations.filter((l) => l.path.startsWith('D:')).map((l) => [l.path, l.label])).toEqual([
      ['D:\\WINNT\\Minidump', 'Kernel minidumps'],
      ['D:\\WINNT\\LiveKernelReports', 'Live kernel reports'],
      ['D:\\WINNT\\MEMORY.DMP', 'Kernel memory dump'],
    ]);
  });

  it('is empty off Windows', async () => {
    expect(await windowsStoreLocations({ platform: 'linux', env: {} })).toEqual([]);
  });

  it('dedupes paths case-insensitively', () => {
    const l = (path: string) => ({ path, scope: 'extra' as const, label: path });
    expect(dedupeLocations([l('C:\\A\\b'), l('c:\\a\\B'), l('C:\\c')])).toHaveLength(2);
  });
});
