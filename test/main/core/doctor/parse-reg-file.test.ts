/** The .reg parser against exports written as regedit writes them (test/support/reg-writer.ts) and the documented format. */
import { MAX_LOGICAL_LINE, parseRegFile, parseRegText } from '../../../../electron/main/core/doctor/parse-reg-file';
import { MAX_PROBLEMS } from '../../../../electron/main/core/doctor/registry-snapshot';
import { REG_PATHS, hexLines, regFileBytes, regText } from '../../../support/reg-writer';

const LD = `${REG_PATHS.machine}\\LocalDumps\\crashy.exe`;

function parsed(bytes: Uint8Array) {
  const r = parseRegFile(bytes);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('parseRegFile on regedit-style exports', () => {
  const keys = [
    {
      path: REG_PATHS.machine,
      values: [
        { name: 'Disabled', kind: 'dword', data: 1 },
        { name: 'MaxArchiveCount', kind: 'dword', data: 0xffffffff },
        { name: 'CorporateWERServer', kind: 'sz', data: 'cer.example.com' },
        { name: 'Quoted', kind: 'sz', data: 'a "b" C:\\x\\' },
        { name: '', kind: 'sz', data: 'default' },
        { name: 'Big', kind: 'qword', data: 0x1122334455667788n },
        { name: 'Small', kind: 'qword', data: 5n },
        { name: 'Blob', kind: 'binary', data: new Uint8Array([0, 1, 0xfe, 0xff]) },
        { name: 'List', kind: 'multi', data: ['one', 'zwei', 'trois é'] },
      ],
    },
    { path: LD, values: [{ name: 'DumpFolder', kind: 'expand', data: '%LOCALAPPDATA%\\CrashDumps\\a very long folder name that wraps over more than one line' }, { name: 'DumpType', kind: 'dword', data: 2 }] },
  ] as const;

  test('version 5 (UTF-16LE with BOM): every value type, wrapped hex, escapes, default value', () => {
    const bytes = regFileBytes(keys);
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfe]);
    expect(regText(keys)).toMatch(/hex\(2\):25,00,.*\\\r\n  /);
    const { format, snapshot } = parsed(bytes);
    expect(format).toBe('regedit5');
    expect(snapshot.problems).toEqual([]);
    expect(snapshot.keys.map((k) => k.path)).toEqual([REG_PATHS.machine, LD]);
    expect(snapshot.keys[0]?.values).toEqual([
      { name: 'Disabled', type: 'REG_DWORD', value: 1 },
      { name: 'MaxArchiveCount', type: 'REG_DWORD', value: 0xffffffff },
      { name: 'CorporateWERServer', type: 'REG_SZ', value: 'cer.example.com' },
      { name: 'Quoted', type: 'REG_SZ', value: 'a "b" C:\\x\\' },
      { name: '', type: 'REG_SZ', value: 'default' },
      { name: 'Big', type: 'REG_QWORD', value: '1234605616436508552' },
      { name: 'Small', type: 'REG_QWORD', value: 5 },
      { name: 'Blob', type: 'REG_BINARY', value: '0001feff' },
      { name: 'List', type: 'REG_MULTI_SZ', value: ['one', 'zwei', 'trois é'] },
    ]);
    expect(snapshot.keys[1]?.values[0]).toEqual({ name: 'DumpFolder', type: 'REG_EXPAND_SZ', value: keys[1].values[0].data });
  });

  test('REGEDIT4 (ANSI): strings in hex(2)/hex(7) are single-byte', () => {
    const { format, snapshot } = parsed(regFileBytes(keys, 4));
    expect(format).toBe('regedit4');
    expect(snapshot.problems).toEqual([]);
    expect(snapshot.keys[0]?.values.find((v) => v.name === 'List')?.value).toEqual(['one', 'zwei', 'trois é']);
    expect(snapshot.keys[1]?.values[0]?.value).toBe(keys[1].values[0].data);
  });

  test('version 5 text saved as UTF-8 (no BOM) reads the same', () => {
    const { snapshot } = parsed(Buffer.from(regText(keys), 'utf8'));
    expect(snapshot.problems).toEqual([]);
    expect(snapshot.keys[1]?.values[1]).toEqual({ name: 'DumpType', type: 'REG_DWORD', value: 2 });
  });

  test('short root names, comments, blank lines, LF ends, case-insensitive keys merge', () => {
    const text = ['Windows Registry Editor Version 5.00', '; exported by hand', '[HKLM\\SOFTWARE\\Microsoft\\Windows\\Windows Error Reporting]', '"A"=dword:1', '', '[hkey_local_machine\\software\\microsoft\\windows\\windows error reporting]', '"B"="x"', ''].join('\n');
    const { snapshot } = parseRegText(text);
    expect(snapshot.problems).toEqual([]);
    expect(snapshot.keys).toEqual([{ path: REG_PATHS.machine, values: [{ name: 'A', type: 'REG_DWORD', value: 1 }, { name: 'B', type: 'REG_SZ', value: 'x' }] }]);
  });

  test('deleted keys [-…] remove the key and its subkeys; "name"=- removes a value', () => {
    const bytes = regFileBytes([
      { path: REG_PATHS.machine, values: [{ name: 'Disabled', kind: 'dword', data: 1 }, { name: 'DontShowUI', kind: 'dword', data: 1 }] },
      { path: LD, values: [{ name: 'DumpType', kind: 'dword', data: 2 }] },
      { path: `${REG_PATHS.machine}\\LocalDumps`, deleted: true },
      { path: REG_PATHS.machine, values: [{ name: 'Disabled', kind: 'delete' }] },
    ]);
    const { snapshot } = parsed(bytes);
    expect(snapshot.problems).toEqual([]);
    expect(snapshot.keys).toEqual([{ path: REG_PATHS.machine, values: [{ name: 'DontShowUI', type: 'REG_DWORD', value: 1 }] }]);
  });

  test('other hex(N) types: REG_NONE and unknown type numbers keep their bytes as hex; big-endian DWORD', () => {
    const text = ['REGEDIT4', `[${REG_PATHS.machine}]`, '"N"=hex(0):01,02', '"U"=hex(a):ff', '"BE"=hex(5):00,00,01,00', '"Bad"=hex(4):01'].join('\r\n');
    const { snapshot } = parseRegText(text);
    expect(snapshot.keys[0]?.values).toEqual([
      { name: 'N', type: 'REG_NONE', value: '0102' },
      { name: 'U', type: 'REG_UNKNOWN', value: 'ff' },
      { name: 'BE', type: 'REG_DWORD_BIG_ENDIAN', value: 256 },
      { name: 'Bad', type: 'REG_DWORD', value: null },
    ]);
  });

  test('a string ending in a backslash is not a continuation', () => {
    const { snapshot } = parseRegText(['REGEDIT4', `[${LD}]`, '"DumpFolder"="C:\\\\dumps\\\\"', '"DumpType"=dword:00000002'].join('\r\n'));
    expect(snapshot.keys[0]?.values).toEqual([
      { name: 'DumpFolder', type: 'REG_SZ', value: 'C:\\dumps\\' },
      { name: 'DumpType', type: 'REG_DWORD', value: 2 },
    ]);
  });
});

describe('parseRegFile on bad input', () => {
  test('a file that is no export at all is an error, not "no settings"', () => {
    const r = parseRegFile(Buffer.from('hello world\r\nthis is not a registry file\r\n'));
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/not a registry export/) });
  });

  test('wrong encoding: UTF-16BE without BOM still decodes (zero-byte pattern); UTF-32 is rejected as no export', () => {
    const text = regText([{ path: REG_PATHS.machine, values: [{ name: 'Disabled', kind: 'dword', data: 1 }] }]);
    const be = Buffer.from(text, 'utf16le').swap16();
    expect(parsed(be).snapshot.keys[0]?.values).toEqual([{ name: 'Disabled', type: 'REG_DWORD', value: 1 }]);
    const utf32 = Buffer.alloc(text.length * 4);
    for (let i = 0; i < text.length; i++) utf32.writeUInt32LE(text.charCodeAt(i), i * 4);
    const r = parseRegFile(utf32);
    expect(r.ok).toBe(false);
  });

  test('UTF-16LE without its BOM (a careless copy) still reads', () => {
    const bytes = regFileBytes([{ path: REG_PATHS.machine, values: [{ name: 'DisableArchive', kind: 'dword', data: 1 }] }]).subarray(2);
    expect(parsed(bytes).snapshot.keys[0]?.values[0]?.value).toBe(1);
  });

  test('a hex value continued past the end of the file is a problem; earlier values stay', () => {
    const lines = regText([{ path: LD, values: [{ name: 'DumpType', kind: 'dword', data: 2 }, { name: 'DumpFolder', kind: 'expand', data: 'C:\\a long folder name that makes the value wrap onto a second line' }] }]).split('\r\n');
    const cut = lines.findIndex((l) => l.endsWith('\\'));
    const { snapshot } = parseRegText(lines.slice(0, cut + 1).join('\r\n'));
    expect(snapshot.keys[0]?.values).toEqual([{ name: 'DumpType', type: 'REG_DWORD', value: 2 }]);
    expect(snapshot.problems).toEqual([expect.stringMatching(/continues past the end of the file/)]);
  });

  test('broken values each give a line-numbered problem; the readable rest is kept', () => {
    const text = ['Windows Registry Editor Version 5.00', '"Orphan"=dword:1', `[${REG_PATHS.machine}`, `[${REG_PATHS.machine}]`, '"A"=hex:zz', '"B"=dword:123456789', '"C"', '"D"=str', '"E=dword:1', 'garbage', '"Ok"=dword:00000003'].join('\r\n');
    const { snapshot } = parseRegText(text);
    expect(snapshot.keys[0]?.values).toEqual([{ name: 'Ok', type: 'REG_DWORD', value: 3 }]);
    expect(snapshot.problems).toHaveLength(8);
    expect(snapshot.problems[0]).toMatch(/^line 2: /);
  });

  test('problems are bounded however many bad lines there are', () => {
    const text = ['REGEDIT4', ...Array.from({ length: 5000 }, () => 'junk')].join('\n');
    const { snapshot } = parseRegText(text);
    expect(snapshot.problems).toHaveLength(MAX_PROBLEMS + 1);
    expect(snapshot.problems[MAX_PROBLEMS]).toBe(`… and ${5000 - MAX_PROBLEMS} more problems`);
  });

  test('an absurd line (and an absurd continued value) is skipped with a problem, quickly', () => {
    const long = `"X"="${'a'.repeat(MAX_LOGICAL_LINE + 10)}"`;
    const hex = hexLines('"Y"=hex:', Array.from({ length: MAX_LOGICAL_LINE / 2 }, () => 0xab));
    const started = performance.now();
    const { snapshot } = parseRegText(['REGEDIT4', `[${REG_PATHS.machine}]`, long, ...hex, '"Z"=dword:00000001'].join('\r\n'));
    expect(performance.now() - started).toBeLessThan(3000);
    expect(snapshot.keys[0]?.values).toEqual([{ name: 'Z', type: 'REG_DWORD', value: 1 }]);
    expect(snapshot.problems).toEqual([expect.stringMatching(/^line 3: longer than/), expect.stringMatching(/^line 4: longer than/)]);
  });

  test('a 10 MB export parses in bounded time', () => {
    const values = Array.from({ length: 2000 }, (_, i) => ({ name: `App${i}.exe`, kind: 'binary' as const, data: new Uint8Array(1200).fill(i & 0xff) }));
    const bytes = regFileBytes([{ path: `${REG_PATHS.machine}\\ExcludedApplications`, values }]);
    expect(bytes.length).toBeGreaterThan(10 * 1024 * 1024);
    const started = performance.now();
    const { snapshot } = parsed(bytes);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(snapshot.problems).toEqual([]);
    expect(snapshot.keys[0]?.values).toHaveLength(2000);
  });
});
