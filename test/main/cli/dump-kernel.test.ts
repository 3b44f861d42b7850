/** `dump FILE [--json]` on kernel dumps (BlueScreen minidumps, MEMORY.DMP, live kernel dumps), in process. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runDump } from '../../../electron/cli/commands/dump';
import { formatKernelDumpSection } from '../../../electron/cli/commands/kernel-dump-text';
import { readKernelDump } from '../../../electron/main/core/kernel/read-kernel-dump';
import { captureIo } from '../../support/capture-io';
import { fixturePath } from '../../support/fixtures';
import { buildKernelHeader, writeKernelDump } from '../../support/kernel-dump-builder';
import { writeMemoryDump } from '../../support/kernel-memory-builder';
import { buildTriageDump } from '../../support/kernel-triage-builder';
import { ACME_CRASH, X64_DRIVERS } from '../../support/kernel-triage-cases';
import { comparable, factsOf, oracleFacts } from '../../support/kernel-triage-oracle';
import { makeTempDir, removeTempDir } from '../../support/minidump-builder';

let dir = '';
let small64 = '';
let xp32 = '';

beforeAll(async () => {
  dir = await makeTempDir('wer-dump-kernel-');
  small64 = join(dir, '050624-12345-01.dmp');
  await writeFile(
    small64,
    buildTriageDump({
      ...ACME_CRASH,
      minorVersion: 22631,
      numberProcessors: 16,
      bugCheckCode: 0xd1,
      bugCheckParameters: [0xfffff8041234n, 0x2n, 0x0n, 0xfffff80456789abcn],
      systemTime: new Date('2024-05-06T07:08:09.000Z'),
      systemUpTime: 93_784n * 10_000_000n,
    }),
  );
  xp32 = join(dir, 'Mini050624-01.dmp');
  await writeKernelDump(xp32, { bits: 32, minorVersion: 2600, numberProcessors: 1, bugCheckCode: 0x1000007e, bugCheckParameters: [0xc0000005n, 0x804e3c2an, 0xf78aeb3cn, 0xf78ae838n], dumpType: 4 }, 64 * 1024);
});
afterAll(() => removeTempDir(dir));

describe('dump (text) on a kernel dump', () => {
  test('bug check with name and sentence, parameters, OS build, arch, processors, dump type', async () => {
    const io = captureIo();
    expect(await runDump(small64, { json: false }, io)).toBe(0);
    expect(io.stderr()).toBe('');
    const lines = io.stdout().split('\n');
    expect(lines[0]).toBe(`Kernel dump: ${small64}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        'Bug check: 0x000000d1 DRIVER_IRQL_NOT_LESS_OR_EQUAL',
        '  Parameter 1: 0xfffff8041234',
        '  Parameter 2: 0x2',
        '  Parameter 3: 0x0',
        '  Parameter 4: 0xfffff80456789abc',
        'OS build: 22631 (free build)',
        'Arch: amd64 (machine 0x8664, 64-bit dump header)',
        'Processors: 16',
        'Dump type: small memory (triage)',
        'Dump time: 2024-05-06T07:08:09.000Z',
        'System up time: 1 d 02:03:04',
      ]),
    );
    // The plain-language sentence follows the bug check line.
    expect(lines[2]).toMatch(/^ {2}A driver .+\.$/);
    expect(io.stdout()).not.toContain('Problems:');
  });

  test('caused by, crash address, drivers with the culprit marked, unloaded drivers, stack', async () => {
    const io = captureIo();
    expect(await runDump(small64, { json: false }, io)).toBe(0);
    const lines = io.stdout().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'Caused by: acme.sys +0x12345 (0xfffff80470012345) — the crash address lies in this driver',
        'Crash address: 0xfffff80470012345 (acme.sys +0x12345)',
        'Drivers: 4 (load order)',
        'Unloaded drivers: MSKSSRV.sys',
        'Stack (no symbols; scanned frames may be spurious):',
        '  #0   0xfffff80470012345  acme.sys +0x12345  [context]',
        '  #1   0xfffff8041203f1a0  ntoskrnl.exe +0x3f1a0  [scan]',
      ]),
    );
    expect(lines.find((l) => l.includes('<- caused by'))).toMatch(/^ {2}acme\.sys +0xfffff80470000000 +0x20000 +0x65a0b1c2 +<- caused by$/);
    expect(lines.findIndex((l) => l.startsWith('Caused by:'))).toBeLessThan(lines.findIndex((l) => l.startsWith('OS build:')));
  });

  test('the real ARM64 small dump: the kernel itself, 245 drivers', async () => {
    const io = captureIo();
    expect(await runDump(fixturePath('kernel', 'rizin-triage_arm64.dmp'), { json: false }, io)).toBe(0);
    const out = io.stdout();
    expect(out).toContain('Bug check: 0x000001c8 MANUALLY_INITIATED_POWER_BUTTON_HOLD');
    expect(out).toMatch(/Caused by: ntoskrnl\.exe \+0x4de014 \(0xfffff803f32de014\) — no other driver is implicated.*; this stop was triggered on purpose, so no driver is at fault$/m);
    expect(out).toContain('Drivers: 245 (load order)');
    expect(out).toContain('… 235 more');
    expect(out).toContain('  … 45 more (dump --json lists them all)');
  });

  test('a 32-bit XP dump with the 0x1000007e form', async () => {
    const io = captureIo();
    expect(await runDump(xp32, { json: false }, io)).toBe(0);
    const out = io.stdout();
    expect(out).toContain('Bug check: 0x1000007e SYSTEM_THREAD_EXCEPTION_NOT_HANDLED (same stop as 0x0000007e)');
    expect(out).toContain('  Parameter 1: 0xc0000005');
    expect(out).toContain('Arch: x86 (machine 0x14c, 32-bit dump header)');
    expect(out).toContain('OS build: 2600 (free build)');
    expect(out).toContain('Dump time: not recorded');
  });

  test('formatKernelDumpSection gives single lines and lists problems', async () => {
    const path = join(dir, 'odd.dmp');
    await writeKernelDump(path, { bugCheckCode: 0x141, dumpType: 42 });
    const r = await readKernelDump(path);
    if (!r.ok) throw new Error(r.error);
    const lines = formatKernelDumpSection(r.value);
    expect(lines.every((l) => !l.includes('\n'))).toBe(true);
    expect(lines[0]).toMatch(/^Bug check: 0x00000141 \S+ — live dump, Windows kept running$/);
    expect(lines).toContain('Dump type: unknown (42)');
    expect(lines.slice(-3)).toEqual(['Problems:', '  - unknown dump type 42', '  - the file holds only the dump header (no memory pages)']);
  });
});

describe('dump --json on a kernel dump', () => {
  test('prints the KernelDumpSummary with kind "kernel"', async () => {
    const io = captureIo();
    expect(await runDump(small64, { json: true }, io)).toBe(0);
    expect(io.stderr()).toBe('');
    const j = JSON.parse(io.stdout());
    expect(j).toEqual(
      expect.objectContaining({
        kind: 'kernel',
        arch: 'amd64',
        is64Bit: true,
        osBuild: 22631,
        processors: 16,
        dumpType: { value: 4, name: 'small memory (triage)' },
        systemTime: '2024-05-06T07:08:09.000Z',
        crashAddress: '0xfffff80470012345',
        causedBy: expect.objectContaining({ driver: 'acme.sys', address: '0xfffff80470012345', offset: '0x12345', reason: 'crash-address' }),
        problems: [],
      }),
    );
    expect(j.drivers[2]).toEqual({ name: 'acme.sys', path: '\\SystemRoot\\System32\\drivers\\acme.sys', base: '0xfffff80470000000', size: 0x20000, timestamp: 0x65a0b1c2 });
    expect(j.unloadedDrivers).toEqual([{ name: 'MSKSSRV.sys', base: '0xfffff80480000000', size: 0x11000 }]);
    expect(j.stack[0]).toEqual({ address: '0xfffff80470012345', module: 'acme.sys', offset: '0x12345', trust: 'context' });
    expect(j.triage).toMatchObject({ complete: true, dataBlocks: 1, dataBlockBytes: 64 });
    expect(j.bugCheck).toEqual({
      code: '0x000000d1',
      baseCode: '0x000000d1',
      name: 'DRIVER_IRQL_NOT_LESS_OR_EQUAL',
      summary: expect.any(String),
      liveDump: false,
      parameters: ['0xfffff8041234', '0x2', '0x0', '0xfffff80456789abc'],
    });
  });
});

describe('dump --json agrees with the independent Python reader', () => {
  test.each([
    ['the real ARM64 small dump', () => fixturePath('kernel', 'rizin-triage_arm64.dmp')],
    ['a built x64 small dump', () => small64],
  ])('%s', async (_, file) => {
    const io = captureIo();
    expect(await runDump(file(), { json: true }, io)).toBe(0);
    expect(factsOf(JSON.parse(io.stdout()))).toEqual(comparable(oracleFacts(file())));
  });

  test('a bitmap kernel dump (MEMORY.DMP): drivers from PsLoadedModuleList, stack, caused by', async () => {
    const file = join(dir, 'MEMORY.DMP');
    await writeMemoryDump(file, {
      layout: 'bitmap',
      bugCheckCode: 0xd1,
      bugCheckParameters: [0n, 2n, 0n, X64_DRIVERS[2]!.base + 0x10n],
      ip: X64_DRIVERS[0]!.base + 0x3f1a0n,
      sp: 0xffffd2811f2a7f00n,
      drivers: X64_DRIVERS,
      stack: [X64_DRIVERS[0]!.base + 0x100n],
    });
    const io = captureIo();
    expect(await runDump(file, { json: false }, io)).toBe(0);
    expect(io.stdout()).toContain('Dump type: complete memory (bitmap)');
    expect(io.stdout()).toContain('Caused by: acme.sys +0x10 (0xfffff80470000010) — parameter 4 of this bug check is the address that referenced memory');
    expect(io.stdout()).toContain('Drivers: 4 (load order)');
  });
});

describe('failures on kernel dumps: exit 1 and one clear line', () => {
  test.each([
    ['a truncated header', buildKernelHeader({}).subarray(0, 0x100), /^error: .*cut\.dmp: truncated kernel dump: the file ends inside the 64-bit dump header \(256 of 8192 bytes\)\n$/],
    ['an unfinished dump', buildKernelHeader({ magic: 'PAGEPAGE' }), /^error: .*cut\.dmp: incomplete kernel dump: /],
    ['a garbage header', buildKernelHeader({ majorVersion: 7, numberProcessors: 0 }), /^error: .*cut\.dmp: corrupt kernel dump header: /],
  ])('%s', async (_, bytes, message) => {
    const path = join(dir, 'cut.dmp');
    await writeFile(path, bytes);
    for (const json of [false, true]) {
      const io = captureIo();
      expect(await runDump(path, { json }, io)).toBe(1);
      expect(io.stdout()).toBe('');
      expect(io.stderr()).toMatch(message);
      expect(io.stderr().split('\n')).toHaveLength(2);
    }
  });
});
