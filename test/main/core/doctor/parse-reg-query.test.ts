/** The `reg query /s` parser against output written as wer-formats.md §8 describes (reg-query-writer) and Wine's reg.exe. */
import { parseRegQuery } from '../../../../electron/main/core/doctor/parse-reg-query';
import { regQueryText } from '../../../support/reg-query-writer';
import { REG_PATHS } from '../../../support/reg-writer';

describe('parseRegQuery', () => {
  test('keys and every value type as Windows prints them', () => {
    const text = regQueryText([
      {
        path: REG_PATHS.machine,
        values: [
          { name: 'Disabled', type: 'REG_DWORD', data: 1 },
          { name: 'CorporateWERServer', type: 'REG_SZ', data: 'cer server.example.com' },
          { name: 'Empty', type: 'REG_SZ', data: '' },
          { name: '', type: 'REG_SZ', data: 'the default' },
          { name: 'List', type: 'REG_MULTI_SZ', data: ['a', 'b c'] },
          { name: 'Q', type: 'REG_QWORD', data: 0x100000000 },
          { name: 'Blob', type: 'REG_BINARY', data: new Uint8Array([1, 0xab]) },
          { name: 'Name With    Four Spaces', type: 'REG_DWORD', data: 0 },
        ],
      },
      { path: `${REG_PATHS.machine}\\LocalDumps`, values: [] },
      { path: `${REG_PATHS.machine}\\LocalDumps\\crashy.exe`, values: [{ name: 'DumpFolder', type: 'REG_EXPAND_SZ', data: '%LOCALAPPDATA%\\CrashDumps' }] },
    ]);
    const s = parseRegQuery(text);
    expect(s.problems).toEqual([]);
    expect(s.keys.map((k) => k.path)).toEqual([REG_PATHS.machine, `${REG_PATHS.machine}\\LocalDumps`, `${REG_PATHS.machine}\\LocalDumps\\crashy.exe`]);
    expect(s.keys[0]?.values).toEqual([
      { name: 'Disabled', type: 'REG_DWORD', value: 1 },
      { name: 'CorporateWERServer', type: 'REG_SZ', value: 'cer server.example.com' },
      { name: 'Empty', type: 'REG_SZ', value: '' },
      { name: '', type: 'REG_SZ', value: 'the default' },
      { name: 'List', type: 'REG_MULTI_SZ', value: ['a', 'b c'] },
      { name: 'Q', type: 'REG_QWORD', value: 0x100000000 },
      { name: 'Blob', type: 'REG_BINARY', value: '01ab' },
      { name: 'Name With    Four Spaces', type: 'REG_DWORD', value: 0 },
    ]);
    expect(s.keys[2]?.values).toEqual([{ name: 'DumpFolder', type: 'REG_EXPAND_SZ', value: '%LOCALAPPDATA%\\CrashDumps' }]);
  });

  test("Wine 8's reg.exe output (recorded with `wine reg query … /s` in a fresh prefix): QWORD printed as (null) is a problem", () => {
    const wine = [
      '',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\Windows Error Reporting',
      '    Bin    REG_BINARY    0102FF',
      '    Disabled    REG_DWORD    0x1',
      '    Empty    REG_SZ    ',
      '    Multi    REG_MULTI_SZ    a\\0b',
      '    Q    REG_QWORD    (null)',
      '',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\Windows Error Reporting\\LocalDumps',
      '',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\Windows Error Reporting\\LocalDumps\\crashy.exe',
      '    DumpFolder    REG_EXPAND_SZ    %LOCALAPPDATA%\\CrashDumps',
      '    DumpType    REG_DWORD    0x2',
      '',
    ].join('\r\n');
    const s = parseRegQuery(wine);
    expect(s.keys[0]?.values).toEqual([
      { name: 'Bin', type: 'REG_BINARY', value: '0102ff' },
      { name: 'Disabled', type: 'REG_DWORD', value: 1 },
      { name: 'Empty', type: 'REG_SZ', value: '' },
      { name: 'Multi', type: 'REG_MULTI_SZ', value: ['a', 'b'] },
      { name: 'Q', type: 'REG_QWORD', value: null },
    ]);
    expect(s.problems).toEqual([expect.stringMatching(/^line 7: REG_QWORD data of "Q" not readable/)]);
    expect(s.keys[2]?.values).toEqual([
      { name: 'DumpFolder', type: 'REG_EXPAND_SZ', value: '%LOCALAPPDATA%\\CrashDumps' },
      { name: 'DumpType', type: 'REG_DWORD', value: 2 },
    ]);
  });

  test('unknown lines and values before any key are problems; unknown types keep hex', () => {
    const s = parseRegQuery(['    Early    REG_DWORD    0x1', 'HKEY_CURRENT_USER\\Software\\X', '    Odd    REG_LINK    00ff', 'nonsense', 'End of search: 1 match(es) found.'].join('\n'));
    expect(s.keys).toEqual([{ path: 'HKEY_CURRENT_USER\\Software\\X', values: [{ name: 'Odd', type: 'REG_UNKNOWN', value: '00ff' }] }]);
    expect(s.problems).toEqual([expect.stringMatching(/^line 1: value outside any key/), expect.stringMatching(/^line 4: not a key or value/)]);
  });
});
