import { readFileSync } from 'node:fs';
import { decodeText } from '../../../../electron/main/core/text/decode-text';
import { parseSysinfo } from '../../../../electron/main/core/report/parse-sysinfo';
import { fixturePath } from '../../../support/fixtures';

const load = (name: string) => parseSysinfo(decodeText(readFileSync(fixturePath('other', name))).text);

describe('parseSysinfo', () => {
  it('reads the byte-exact JonJon565 sysinfo.txt (UTF-16LE without BOM)', () => {
    const entries = load('JonJon565-WERCA49.tmp - Copy.txt');
    expect(entries).toHaveLength(115);
    expect(entries[0]).toEqual({ key: 'B.TimerResolution', value: '156250' });
    expect(entries.find((e) => e.key === 'B.MaximumUserModeAddress')?.value).toBe('140737488289791');
    expect(entries.find((e) => e.key === 'B.NumberOfProcessors')?.value).toBe('4');
    expect(entries.find((e) => e.key === 'Cf.CurrentSize')?.value).toBe('108134400');
    expect(entries.at(-1)).toEqual({ key: 'Ct.Flags', value: '0' });
  });

  it('reads the DebugPrivilege paste (UTF-8)', () => {
    const entries = load('DebugPrivilege-beacon-sysinfo.txt');
    expect(entries).toHaveLength(115);
    expect(entries.find((e) => e.key === 'B.NumberOfProcessors')?.value).toBe('5');
    expect(entries.find((e) => e.key === 'Ct.TransitionRePurposeCount')?.value).toBe('3848380');
  });

  it('keeps values with spaces, keys without values, and skips blank lines', () => {
    expect(parseSysinfo('\uFEFFA.Key      some value  \r\n\r\nLonelyKey\n\tB.Tab\t7\r')).toEqual([
      { key: 'A.Key', value: 'some value' },
      { key: 'LonelyKey', value: '' },
      { key: 'B.Tab', value: '7' },
    ]);
    expect(parseSysinfo('')).toEqual([]);
  });
});
