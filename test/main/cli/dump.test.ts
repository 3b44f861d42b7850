/** `dump FILE [--json]` in process: the §6 JSON shape, the text view, and one-line failures. */
import { formatDumpSection, runDump } from '../../../electron/cli/commands/dump';
import { readMinidump } from '../../../electron/main/core/minidump/read-minidump';
import { captureIo } from '../../support/capture-io';
import { fixturePath } from '../../support/fixtures';

const HEX = /^0x[0-9a-f]+$/;
const dump = (name: string): string => fixturePath('minidump', name);

describe('dump --json', () => {
  test('prints the architecture.md §6 shape for breakpad-minidump2.dmp', async () => {
    const io = captureIo();
    expect(await runDump(dump('breakpad-minidump2.dmp'), { json: true }, io)).toBe(0);
    expect(io.stderr()).toBe('');
    const j = JSON.parse(io.stdout());
    expect(j.arch).toBe('x86');
    expect(j.os).toEqual(expect.objectContaining({ platform: 'Windows', version: '5.1.2600', build: '2600' }));
    expect(j.processId).toBe(3932);
    expect(j.exception).toEqual(
      expect.objectContaining({
        code: '0xc0000005', name: 'STATUS_ACCESS_VIOLATION', address: '0x40429e', threadId: 3060,
        module: 'test_app.exe', offset: '0x429e', access: 'write', target: '0x45',
      }),
    );
    expect(j.modules).toHaveLength(13);
    for (const m of j.modules) {
      expect(Object.keys(m)).toEqual(expect.arrayContaining(['name', 'path', 'base', 'size', 'version', 'timestamp', 'debugFile', 'debugId']));
      expect(m.base).toMatch(HEX);
      expect(typeof m.size).toBe('number');
    }
    expect(j.modules[0]).toEqual(expect.objectContaining({ name: 'test_app.exe', debugFile: 'c:\\test_app.pdb', debugId: '5A9832E5287241C1838ED98914E9B7FF1' }));
    expect(j.threads.map((t: { id: number; stackStart: string; stackSize: number }) => [t.id, t.stackStart, t.stackSize])).toEqual([
      [3060, '0x12f31c', 3300],
      [4544, '0x97f6e8', 2328],
    ]);
    // No symbol path: the symbol fields are there, empty.
    expect(j.stack[0]).toEqual({
      address: '0x40429e', module: 'test_app.exe', offset: '0x429e', trust: 'context',
      function: null, functionOffset: null, file: null, line: null, inlined: [], nameSource: null,
    });
    for (const f of j.stack) {
      expect(f.address).toMatch(HEX);
      expect(['context', 'frame-pointer', 'scan']).toContain(f.trust);
    }
  });

  test('64-bit addresses stay exact strings (no number rounding)', async () => {
    const io = captureIo();
    expect(await runDump(dump('breakpad-write_av_non_canonical.dmp'), { json: true }, io)).toBe(0);
    const j = JSON.parse(io.stdout());
    expect(j.exception.target).toBe('0xffffffffffffffff');
    expect(j.exception.address).toBe('0x7ff738721331');
  });

  test('thread names appear only where the dump has them', async () => {
    const io = captureIo();
    await runDump(dump('breakpad-thread_name_list.dmp'), { json: true }, io);
    const j = JSON.parse(io.stdout());
    expect(j.threads.filter((t: { name?: string }) => 'name' in t).map((t: { name: string }) => t.name)).toEqual(['main thread', 'sleep thread', 'overflow thread']);
  });
});

describe('dump (text)', () => {
  test('exception with module + offset, access kind and target, OS, modules, threads and stack', async () => {
    const io = captureIo();
    expect(await runDump(dump('breakpad-minidump2.dmp'), { json: false }, io)).toBe(0);
    const out = io.stdout();
    expect(out).toContain('Arch: x86');
    expect(out).toContain('OS: Windows 5.1.2600');
    expect(out).toContain('Exception: 0xc0000005 STATUS_ACCESS_VIOLATION at 0x40429e in test_app.exe +0x429e (thread 3060)');
    expect(out).toContain('Access violation: write to 0x45');
    expect(out).toContain('Modules: 13');
    expect(out).toMatch(/test_app\.exe +0x400000 +\(no version\) +<- exception/);
    expect(out).toContain('Threads: 2');
    // Without symbols a frame reads as WinDbg prints it: module+offset.
    expect(out).toMatch(/#0 +0x40429e +test_app\+0x429e +\[context\]/);
    expect(out).toMatch(/#3 +0x7c816fd7 +kernel32\+0x16fd7 +\[frame-pointer\]/);
    expect(io.stderr()).toBe('');
  });

  test('an address in no module is said plainly', async () => {
    const io = captureIo();
    await runDump(dump('breakpad-exec_av_on_stack.dmp'), { json: false }, io);
    expect(io.stdout()).toContain('at 0x3df944 in no module (thread 6920)');
    expect(io.stdout()).toContain('Access violation: execute at 0x3df944');
    expect(io.stdout()).toContain('First stack frame in a module: kernel32.dll +0x13677');
  });

  test('a dump without an exception stream and a non-Windows dump', async () => {
    const io = captureIo();
    await runDump(dump('breakpad-tiny-exe-with-cet-xsave.dmp'), { json: false }, io);
    await runDump(dump('rust-minidump-simple-crashpad.dmp'), { json: false }, io);
    expect(io.stdout()).toContain('Exception: none (the dump has no exception stream)');
    expect(io.stdout()).toContain('OS: macOS 10.15.7 (build 19H114)');
  });

  test('formatDumpSection gives single lines (show indents them)', async () => {
    const r = await readMinidump(dump('JonJon565-WERC824.tmp - Copy.dmp'), { signature: { module: 'combase.dll', offset: '000000000001ccfa' } });
    if (!r.ok) throw new Error(r.error);
    const lines = formatDumpSection(r.value);
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
    expect(lines).toContain('  Report signature differs: the dump\'s exception is at KERNELBASE.dll +0x12db22; the report\'s signature blames combase.dll +0x1ccfa');
    expect(lines).toContain('Handles: 441 ((unnamed) 201, Event 65, WaitCompletionPacket 32, Key 24, ALPC Port 20)');
  });
});

describe('failures: exit 1 and one clear line on stderr', () => {
  test.each([
    ['a text file', () => fixturePath('reportwer', 'DownPower-website.Report.wer'), /^error: .*DownPower-website\.Report\.wer: not a minidump \(signature ff fe .. .., expected 4d 44 4d 50 "MDMP"\)\n$/],
    ['a fuzzed dump', () => dump('rust-minidump-invalid-range.dmp'), /^error: .*: corrupt minidump: stream directory at offset 2 overlaps the 32-byte header\n$/],
    ['a missing file', () => '/no/such/dir/x.dmp', /^error: \/no\/such\/dir\/x\.dmp: cannot open the file: no such file\n$/],
  ])('%s', async (_, file, message) => {
    for (const json of [false, true]) {
      const io = captureIo();
      expect(await runDump(file(), { json }, io)).toBe(1);
      expect(io.stdout()).toBe('');
      expect(io.stderr()).toMatch(message);
      expect(io.stderr().split('\n')).toHaveLength(2);
    }
  });
});
