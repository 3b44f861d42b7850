import { windowsStoreLocations, dedupeLocations } from '../../../../electron/main/core/store/discover-stores';

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
      'C:\\Users\\alice\\AppData\\Local\\Microsoft\\Windows\\WER\\ReportQueue',
      'C:\\Users\\alice\\AppData\\Local\\Microsoft\\Windows\\WER\\ReportArchive',
      'C:\\Users\\bob\\AppData\\Local\\Microsoft\\Windows\\WER\\ReportQueue',
      'C:\\Users\\bob\\AppData\\Local\\Microsoft\\Windows\\WER\\ReportArchive',
    ]);
    expect(locations.map((l) => l.scope)).toEqual(['machine', 'machine', 'user', 'user', 'user', 'user']);
    expect(locations[4]?.label).toBe('User bob queue');
  });

  it('keeps the current user when other profiles cannot be listed (access denied)', async () => {
    const locations = await windowsStoreLocations({
      platform: 'win32',
      env,
      listFolders: async () => {
        throw Object.assign(new Error('EPERM'), { code: 'EPERM' });
      },
    });
    expect(locations).toHaveLength(4);
  });

  it('is empty off Windows', async () => {
    expect(await windowsStoreLocations({ platform: 'linux', env: {} })).toEqual([]);
  });

  it('dedupes paths case-insensitively', () => {
    const l = (path: string) => ({ path, scope: 'extra' as const, label: path });
    expect(dedupeLocations([l('C:\\A\\b'), l('c:\\a\\B'), l('C:\\c')])).toHaveLength(2);
  });
});
