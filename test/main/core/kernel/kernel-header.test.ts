/**
 * Kernel dump headers ("PAGEDU64" / "PAGEDUMP"): round trips of both layouts, the dispatch in
 * readDumpFile, a sparse multi-GB file read through one small read, and hostile headers that
 * must give an error Result, never a throw.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createBufferSource } from '../../../../electron/main/core/minidump/byte-source';
import { KERNEL_DUMP_PROBE_BYTES, parseKernelDumpHeader } from '../../../../electron/main/core/kernel/kernel-header';
import { readKernelDump, readKernelDumpFrom } from '../../../../electron/main/core/kernel/read-kernel-dump';
import { readDumpFile } from '../../../../electron/main/core/minidump/read-dump-file';
import type { KernelDumpSummary } from '../../../../shared/kernel-dump-model';
import { fixturePath } from '../../../support/fixtures';
import { buildKernelHeader, HEADER32_OFFSETS, HEADER64_OFFSETS, writeKernelDump, type KernelHeaderSpec } from '../../../support/kernel-dump-builder';
import { makeTempDir, removeTempDir } from '../../../support/minidump-builder';
import { mulberry32 } from '../../../support/prng';

const CRASH_TIME = new Date('2024-05-06T07:08:09.000Z');

/** The crash facts of a header without a context, drivers or triage parts. */
const NO_CRASH_FACTS = {
  crashAddress: null,
  stackPointer: null,
  exception: null,
  causedBy: null,
  drivers: [],
  unloadedDrivers: [],
  stack: [],
  triage: null,
} as const;

/** Parses a built header as a file of `size` bytes (header + pages) and fails on an error. */
function parsed(spec: KernelHeaderSpec, size = 1 << 20): KernelDumpSummary {
  const r = parseKernelDumpHeader(buildKernelHeader(spec), size);
  if (!r.ok) throw new Error(`expected a summary, got: ${r.error}`);
  return r.value;
}

/** The error of a parse expected to fail. */
function errorOf(bytes: Uint8Array, size = bytes.length): string {
  const r = parseKernelDumpHeader(bytes, size);
  if (r.ok) throw new Error('expected an error, got a summary');
  return r.error;
}

describe('DUMP_HEADER64 ("PAGEDU64")', () => {
  const spec: KernelHeaderSpec = {
    minorVersion: 19045,
    numberProcessors: 8,
    bugCheckCode: 0xd1,
    bugCheckParameters: [0x10n, 0x2n, 0x0n, 0xfffff80312345678n],
    dumpType: 4,
    systemTime: CRASH_TIME,
    systemUpTime: 93_784n * 10_000_000n,
  };

  test('round trip: bug check with name, sentence and 4 parameters, machine facts, time', async () => {
    const r = await readKernelDumpFrom(createBufferSource(buildKernelHeader(spec)));
    if (!r.ok) throw new Error(r.error);
    expect(r.value).toEqual({
      kind: 'kernel',
      arch: 'amd64',
      machineType: '0x8664',
      is64Bit: true,
      osBuild: 19045,
      kernelFlavor: 'free',
      bugCheck: {
        code: '0x000000d1',
        baseCode: '0x000000d1',
        name: 'DRIVER_IRQL_NOT_LESS_OR_EQUAL',
        summary: expect.stringContaining('driver'),
        liveDump: false,
        parameters: ['0x10', '0x2', '0x0', '0xfffff80312345678'],
      },
      processors: 8,
      dumpType: { value: 4, name: 'small memory (triage)' },
      systemTime: '2024-05-06T07:08:09.000Z',
      systemUpTimeSeconds: 93_784,
      directoryTableBase: '0x1ad000',
      pfnDataBase: '0xfffffa8000000000',
      psLoadedModuleList: '0xfffff8025e22a2d0',
      psActiveProcessHead: '0xfffff8025e21f6a0',
      fileSize: HEADER64_OFFSETS.size,
      ...NO_CRASH_FACTS,
      problems: ['the file holds only the dump header (no memory pages)', "the file ends before the small dump's triage header (0x2000, 128 bytes)"],
    });
  });

  test('the summary is plain data (JSON round trip is lossless)', () => {
    const s = parsed(spec);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect(s.problems).toEqual([]);
  });

  test('checked kernel, ARM64, live dump code 0x141, the 0x1000007e form', () => {
    const s = parsed({ majorVersion: 0xc, machineImageType: 0xaa64, bugCheckCode: 0x141 });
    expect(s.kernelFlavor).toBe('checked');
    expect(s.arch).toBe('arm64');
    expect(s.bugCheck.liveDump).toBe(true);
    const v = parsed({ bugCheckCode: 0x1000007e }).bugCheck;
    expect(v).toEqual(expect.objectContaining({ code: '0x1000007e', baseCode: '0x0000007e', name: 'SYSTEM_THREAD_EXCEPTION_NOT_HANDLED' }));
  });

  test('fields Windows left at the "PAGE" fill pattern read as not recorded, without complaint', () => {
    const s = parsed({});
    expect(s.dumpType).toBeNull();
    expect(s.systemTime).toBeNull();
    expect(s.systemUpTimeSeconds).toBeNull();
    expect(s.problems).toEqual([]);
  });

  test('every known dump type has a name; an unknown one is kept and reported', () => {
    for (const t of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) expect(parsed({ dumpType: t }).dumpType?.name).not.toMatch(/unknown/);
    const s = parsed({ dumpType: 77 });
    expect(s.dumpType).toEqual({ value: 77, name: 'unknown (77)' });
    expect(s.problems).toContain('unknown dump type 77');
  });

  test('a code not in the table keeps its number and says so', () => {
    const b = parsed({ bugCheckCode: 0x12345 }).bugCheck;
    expect(b.name).toBeNull();
    expect(b.code).toBe('0x00012345');
    expect(b.summary).toMatch(/not in our table/);
  });
});

describe('DUMP_HEADER32 ("PAGEDUMP")', () => {
  test('round trip: 32-bit fields, x86, the 0x1000007e form mapped to 0x7e', () => {
    const s = parsed({
      bits: 32,
      minorVersion: 2600,
      numberProcessors: 2,
      bugCheckCode: 0x1000007e,
      bugCheckParameters: [0xc0000005n, 0x804e3c2an, 0xf78aeb3cn, 0xf78ae838n],
      dumpType: 4,
      systemTime: CRASH_TIME,
      systemUpTime: 600n * 10_000_000n,
    });
    expect(s).toEqual(
      expect.objectContaining({
        arch: 'x86',
        machineType: '0x14c',
        is64Bit: false,
        osBuild: 2600,
        processors: 2,
        dumpType: { value: 4, name: 'small memory (triage)' },
        systemTime: '2024-05-06T07:08:09.000Z',
        systemUpTimeSeconds: 600,
        directoryTableBase: '0x1ad000',
        psLoadedModuleList: '0x8055a420',
        problems: [],
      }),
    );
    expect(s.bugCheck).toEqual(
      expect.objectContaining({
        code: '0x1000007e',
        baseCode: '0x0000007e',
        name: 'SYSTEM_THREAD_EXCEPTION_NOT_HANDLED',
        parameters: ['0xc0000005', '0x804e3c2a', '0xf78aeb3c', '0xf78ae838'],
      }),
    );
  });

  test('SystemUpTime comes before SystemTime in the 32-bit tail (they are not swapped)', () => {
    expect(HEADER32_OFFSETS.systemUpTime).toBeLessThan(HEADER32_OFFSETS.systemTime);
    const s = parsed({ bits: 32, systemUpTime: 5n * 10_000_000n });
    expect(s.systemUpTimeSeconds).toBe(5);
    expect(s.systemTime).toBeNull();
  });

  test('a 64-bit machine in a 32-bit header is reported', () => {
    expect(parsed({ bits: 32, machineImageType: 0x8664 }).problems).toContain('a 64-bit machine (amd64) in a 32-bit dump header');
  });
});

describe('readDumpFile dispatch and big files', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await makeTempDir('wer-kernel-dump-');
  });
  afterAll(() => removeTempDir(dir));

  test('a 2 GiB sparse MEMORY.DMP (header only) opens fast with a few small reads', async () => {
    const path = join(dir, 'MEMORY.DMP');
    const size = 2 * 1024 * 1024 * 1024;
    await writeKernelDump(path, { dumpType: 5, bugCheckCode: 0xe2 }, size);
    const started = Date.now();
    const r = await readDumpFile(path);
    expect(Date.now() - started).toBeLessThan(2_000);
    if (!r.ok || r.value.kind !== 'kernel') throw new Error(`expected a kernel dump, got ${JSON.stringify(r)}`);
    expect(r.value.summary.fileSize).toBe(size);
    expect(r.value.summary.bugCheck.name).toBe('MANUALLY_INITIATED_CRASH');
    expect(r.value.summary.dumpType?.value).toBe(5);
    // The pages behind the header are a hole: no bitmap header, so memory is not walked.
    expect(r.value.summary.problems).toEqual(['no "SDMP"/"FDMP" bitmap header at 0x2000; memory is not read']);
  });

  test('reads at most the 8 KiB header from the source when the dump type holds no pages to walk', async () => {
    const bytes = new Uint8Array(64 * 1024);
    bytes.set(buildKernelHeader({}));
    const inner = createBufferSource(bytes);
    const reads: number[] = [];
    const source = { size: inner.size, read: (o: bigint, n: number) => (reads.push(n), inner.read(o, n)) };
    expect((await readKernelDumpFrom(source)).ok).toBe(true);
    expect(reads).toEqual([KERNEL_DUMP_PROBE_BYTES]);
  });

  test('a user-mode minidump still comes back as kind "user"', async () => {
    const r = await readDumpFile(fixturePath('minidump', 'breakpad-minidump2.dmp'));
    if (!r.ok || r.value.kind !== 'user') throw new Error('expected a user-mode minidump');
    expect(r.value.summary.exception?.code).toBe('0xc0000005');
  });

  test('a truncated kernel dump file and a missing file give errors', async () => {
    const path = join(dir, 'cut.dmp');
    await writeFile(path, buildKernelHeader({}).subarray(0, 100));
    expect(await readDumpFile(path)).toEqual({ ok: false, error: 'truncated kernel dump: the file ends inside the 64-bit dump header (100 of 8192 bytes)' });
    expect(await readKernelDump(join(dir, 'nope.dmp'))).toEqual({ ok: false, error: 'cannot open the file: no such file' });
    expect(await readDumpFile(join(dir, 'nope.dmp'))).toEqual({ ok: false, error: 'cannot open the file: no such file' });
  });

  test('an empty file and a non-dump are not taken for kernel dumps', async () => {
    const empty = join(dir, 'empty.dmp');
    await writeFile(empty, new Uint8Array(0));
    const r = await readDumpFile(empty);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).not.toMatch(/kernel/);
  });
});

describe('hostile headers: an error Result, never a throw', () => {
  const header64 = buildKernelHeader({});
  const header32 = buildKernelHeader({ bits: 32 });

  test.each([0, 3, 4, 7, 8, 0x30, 0x5f, 0x1000, 0x1fff])('64-bit header cut at %i bytes', (n) => {
    expect(errorOf(header64.subarray(0, n))).toMatch(n >= 8 ? /^truncated kernel dump: the file ends inside the 64-bit dump header/ : n >= 4 ? /^truncated kernel dump/ : /^not a kernel dump/);
  });

  test('32-bit header cut short', () => {
    expect(errorOf(header32.subarray(0, 0xfff))).toBe('truncated kernel dump: the file ends inside the 32-bit dump header (4095 of 4096 bytes)');
  });

  test('wrong magic', () => {
    expect(errorOf(buildKernelHeader({ magic: 'MDMPDU64' }))).toBe('not a kernel dump (signature 4d 44 4d 50, expected 50 41 47 45 "PAGE")');
    expect(errorOf(buildKernelHeader({ magic: 'PAGEDU32' }))).toBe('not a kernel dump (signature "PAGE" followed by 44 55 33 32 "DU32", expected "DU64" or "DUMP")');
    expect(errorOf(buildKernelHeader({ magic: 'PAGEPAGE' }))).toMatch(/^incomplete kernel dump: .*did not finish writing/);
  });

  test('several absurd core values make the header corrupt; one is a problem', () => {
    expect(errorOf(buildKernelHeader({ majorVersion: 0x1234, machineImageType: 0x9999 }))).toBe(
      'corrupt kernel dump header: MajorVersion 0x1234 (expected 0xf free or 0xc checked); MachineImageType 0x9999 is not a known machine',
    );
    expect(errorOf(buildKernelHeader({ numberProcessors: 0, machineImageType: 0 }))).toMatch(/^corrupt kernel dump header: /);
    const s = parsed({ numberProcessors: 0x7fffffff, minorVersion: 0xffffffff, systemUpTime: 0xffffffffffffffffn });
    expect(s.processors).toBeNull();
    expect(s.osBuild).toBeNull();
    expect(s.systemUpTimeSeconds).toBeNull();
    expect(s.problems).toEqual([
      'NumberProcessors 2147483647 is implausible',
      'MinorVersion 4294967295 is not a Windows build number',
      'the system up time 0xffffffffffffffff is implausible',
    ]);
  });

  test('a bug check code left at the fill pattern is reported', () => {
    expect(parsed({ bugCheckCode: 0x45474150 }).problems).toContain('the bug check code was not recorded (the field holds the "PAGE" fill pattern)');
  });

  test('fuzz: 3,000 mutated headers never throw', async () => {
    const rng = mulberry32(0x6b64);
    for (let i = 0; i < 3000; i++) {
      const base = rng.int(2) === 0 ? header64 : header32;
      const bytes = base.slice(0, rng.int(4) === 0 ? rng.int(base.length) : base.length);
      const flips = 1 + rng.int(32);
      for (let f = 0; f < flips && bytes.length > 0; f++) {
        // Mostly the fields that are read, sometimes anywhere (the magic included).
        const at = rng.int(4) === 0 ? rng.int(bytes.length) : rng.pick([8, 0xc, 0x10, 0x20, 0x24, 0x28, 0x30, 0x34, 0x38, 0x40, 0xf88, 0xf98, 0xfa8, 0xfb8, 0xfc0, 0x1030]) + rng.int(8);
        if (at < bytes.length) bytes[at] = rng.int(256);
      }
      const r = await readKernelDumpFrom(createBufferSource(bytes));
      if (r.ok) expect(JSON.parse(JSON.stringify(r.value))).toEqual(r.value);
      else expect(typeof r.error).toBe('string');
    }
  });
});
