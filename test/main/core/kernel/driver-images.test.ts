/**
 * Driver paths as Windows records them in kernel dumps (KLDR_DATA_TABLE_ENTRY.FullDllName: the
 * forms are listed in Microsoft's "Loaded module list" docs and seen in the ARM64 fixture) mapped
 * to this machine's files, and drivers turned into unwinder modules with their store code id.
 */
import { driverModule, localDriverPath } from '../../../../electron/main/core/kernel/driver-images';

const WINDOWS = { systemRoot: 'C:\\Windows', windows: true } as const;

describe('localDriverPath on Windows', () => {
  test.each([
    ['\\SystemRoot\\system32\\ntoskrnl.exe', 'C:\\Windows\\system32\\ntoskrnl.exe'],
    ['\\SystemRoot\\System32\\drivers\\acme.sys', 'C:\\Windows\\System32\\drivers\\acme.sys'],
    ['\\??\\D:\\Drivers\\vendor.sys', 'D:\\Drivers\\vendor.sys'],
    ['c:\\Program Files\\Vendor\\filter.sys', 'C:\\Program Files\\Vendor\\filter.sys'],
    ['\\WINDOWS\\system32\\ntkrnlpa.exe', 'C:\\WINDOWS\\system32\\ntkrnlpa.exe'],
    ['acme.sys', 'C:\\Windows\\System32\\drivers\\acme.sys'],
    ['hal.dll', 'C:\\Windows\\System32\\hal.dll'],
    ['/SystemRoot/System32/drivers/slash.sys', 'C:\\Windows\\System32\\drivers\\slash.sys'],
  ])('%s → %s', (nt, local) => {
    expect(localDriverPath(nt, WINDOWS)).toBe(local);
  });

  test.each([
    ['\\SystemRoot\\..\\..\\secret.sys'],
    ['\\SystemRoot\\System32\\drivers\\acme.sys:stream'],
    ['\\SystemRoot\\System32\\drivers\\*.sys'],
    ['\\??\\C:\\CON'],
    ['\\SystemRoot\\System32\\drivers\\com1.sys'],
    ['\\Device\\HarddiskVolume3\\x.sys'],
    ['\\SystemRoot'],
    ['drivers\\acme.sys'],
    [''],
    ['\\\\server\\share\\x.sys'],
  ])('%j has no local file', (nt) => {
    expect(localDriverPath(nt, WINDOWS)).toBeNull();
  });
});

describe('localDriverPath elsewhere', () => {
  test('nothing is looked for without a Windows folder', () => {
    expect(localDriverPath('\\SystemRoot\\system32\\ntoskrnl.exe', { systemRoot: null, windows: false })).toBeNull();
  });

  test('a POSIX root (tests) takes \\SystemRoot paths and bare names, never drive letters', () => {
    const root = { systemRoot: '/tmp/win', windows: false } as const;
    expect(localDriverPath('\\SystemRoot\\System32\\drivers\\a.sys', root)).toBe('/tmp/win/System32/drivers/a.sys');
    expect(localDriverPath('a.sys', root)).toBe('/tmp/win/System32/drivers/a.sys');
    expect(localDriverPath('C:\\Windows\\a.sys', root)).toBeNull();
    expect(localDriverPath('\\Windows\\a.sys', root)).toBeNull();
  });
});

describe('driverModule', () => {
  test('carries the name, range and the symbol store code id (%08X timestamp, %x size)', () => {
    const m = driverModule(
      { base: 0xfffff80470000000n, end: 0xfffff80470020000n, info: { name: 'acme.sys', path: '\\SystemRoot\\System32\\drivers\\acme.sys', base: '0xfffff80470000000', size: 0x20000, timestamp: 0x0a0b1c2 } },
      WINDOWS,
    );
    expect(m.base).toBe(0xfffff80470000000n);
    expect(m.end).toBe(0xfffff80470020000n);
    expect(m.model).toMatchObject({ name: 'acme.sys', path: 'C:\\Windows\\System32\\drivers\\acme.sys', codeId: '00A0B1C220000', timestamp: 0x0a0b1c2, size: 0x20000 });
  });

  test('a path without a local meaning leaves the bare name (never opened as a file)', () => {
    const m = driverModule({ base: 0n, end: 0x1000n, info: { name: 'x.sys', path: '\\Device\\x.sys', base: '0x0', size: 0x1000, timestamp: 1 } }, WINDOWS);
    expect(m.model.path).toBe('x.sys');
  });
});
