/**
 * Complete, bitmap and kernel summary dumps of x86 (non-PAE and PAE) and arm64 machines: the
 * driver list walked from PsLoadedModuleList through each machine's page tables, the stack read
 * at the stack pointer and the driver at fault, compared with the independent Python reader
 * (test/support/kernel_memory_reader.py) and with the dumps' construction; hostile lists, headers
 * and cut files give problems, never a hang; a 2 GiB sparse dump costs a few small reads.
 */
import { truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { type ByteSource, openFileSource } from '../../../../electron/main/core/minidump/byte-source';
import { readKernelDumpFrom } from '../../../../electron/main/core/kernel/read-kernel-dump';
import { writeMemoryDump, type MemoryDumpArch, type MemoryDumpSpec } from '../../../support/kernel-memory-builder';
import type { TriageDriverSpec } from '../../../support/kernel-triage-builder';
import { X64_DRIVERS } from '../../../support/kernel-triage-cases';
import { makeTempDir, removeTempDir } from '../../../support/minidump-builder';
import { facts, oracle, read } from '../../../support/kernel-memory-oracle';

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir('wer-kernel-memory-arch-');
});
afterAll(() => removeTempDir(dir));

/** An x86 machine's drivers: kernel, HAL, two third-party drivers (kernel space above 0x80000000). */
const X86_DRIVERS: readonly TriageDriverSpec[] = [
  { path: '\\WINDOWS\\system32\\ntkrnlpa.exe', base: 0x804d7000n, size: 0x1f8000, timestamp: 0x41108004 },
  { path: '\\WINDOWS\\system32\\hal.dll', base: 0x806d0000n, size: 0x20380, timestamp: 0x41107b1a },
  { path: '\\SystemRoot\\system32\\DRIVERS\\usbfoo.sys', base: 0xf7a00000n, size: 0x8000, timestamp: 0x3b7d8419 },
  { path: '\\SystemRoot\\system32\\DRIVERS\\netbar.sys', base: 0xf7b10000n, size: 0x12000, timestamp: 0x4a5bc60d },
];
const X86_NT = X86_DRIVERS[0]!.base;
const X86_NETBAR = X86_DRIVERS[3]!.base;

const X86: Omit<MemoryDumpSpec, 'layout'> = {
  bugCheckCode: 0x7f,
  bugCheckParameters: [8n, 0x80042000n, 0n, 0n],
  ip: X86_NT + 0x3f1a0n,
  sp: 0xf8a3ef00n,
  drivers: X86_DRIVERS,
  stack: [X86_NT + 0x1000n, 0x1234n, X86_NETBAR + 0x2222n, X86_NT + 0x5000n],
};

const ARM64_NT = X64_DRIVERS[0]!.base;
const ARM64: Omit<MemoryDumpSpec, 'layout'> = {
  arch: 'arm64',
  bugCheckCode: 0x133,
  bugCheckParameters: [1n, 0x1e00n, 0xfffff80412efb320n, 0n],
  ip: ARM64_NT + 0x3f1a0n,
  sp: 0xffffd2811f2a7f00n,
  drivers: X64_DRIVERS,
  stack: [ARM64_NT + 0x1000n, 0x1234n, X64_DRIVERS[3]!.base + 0x2222n, ARM64_NT + 0x5000n],
};

function specOf(arch: MemoryDumpArch, layout: MemoryDumpSpec['layout']): MemoryDumpSpec {
  return arch === 'arm64' ? { ...ARM64, layout } : { ...X86, arch, layout };
}

/** Driver names in the order the builder linked them. */
function names(drivers: readonly TriageDriverSpec[]): string[] {
  return drivers.map((d) => d.path.split('\\').pop()!);
}

describe('x86 and arm64 complete and bitmap dumps', () => {
  test.each([
    ['x86', 'runs', 1],
    ['x86', 'bitmap', 5],
    ['x86', 'summary', 2],
    ['x86-pae', 'runs', 1],
    ['x86-pae', 'bitmap', 5],
    ['x86-pae', 'summary', 2],
    ['arm64', 'runs', 1],
    ['arm64', 'bitmap', 5],
  ] as const)('%s %s: drivers, stack and culprit agree with the construction and the Python reader', async (arch, layout, dumpType) => {
    const file = join(dir, `${arch}-${layout}.dmp`);
    const spec = specOf(arch, layout);
    await writeMemoryDump(file, spec);
    const s = await read(file);
    expect(s.dumpType?.value).toBe(dumpType);
    expect(s.arch).toBe(arch === 'arm64' ? 'arm64' : 'x86');
    expect(s.problems).toEqual([]);
    expect(s.drivers.map((d) => d.name)).toEqual(names(spec.drivers));
    expect(s.drivers.map((d) => [BigInt(d.base), d.size, d.timestamp])).toEqual(spec.drivers.map((d) => [d.base, d.size, d.timestamp]));
    expect(s.crashAddress).toBe(`0x${spec.ip.toString(16)}`);
    expect(s.causedBy).toMatchObject({ driver: names(spec.drivers)[3], reason: 'stack', offset: '0x2222' });
    expect(facts(s)).toEqual(oracle(file));
  });

  test('x86: a name whose buffer is not in the dump: the driver is still listed', async () => {
    const file = join(dir, 'x86-unmapped-name.dmp');
    await writeMemoryDump(file, { ...X86, arch: 'x86-pae', layout: 'bitmap', unmappedName: 2 });
    const s = await read(file);
    expect(s.drivers[2]).toMatchObject({ name: '(driver 3: name not in the dump)', base: '0xf7a00000' });
    expect(facts(s)).toEqual(oracle(file));
  });
});

describe('hostile memory dumps: problems, never a hang', () => {
  test.each(['x86', 'x86-pae', 'arm64'] as const)('%s: a list that loops back to its first entry stops with a problem', async (arch) => {
    const file = join(dir, `${arch}-loop.dmp`);
    const spec = { ...specOf(arch, 'runs'), loopAt: 2 };
    await writeMemoryDump(file, spec);
    const s = await read(file);
    expect(s.drivers.map((d) => d.name)).toEqual(names(spec.drivers).slice(0, 3));
    expect(s.problems.join('\n')).toMatch(/loops back/);
    expect(facts(s)).toEqual(oracle(file));
  });

  test.each(['x86', 'arm64'] as const)('%s: an entry pointing outside mapped memory breaks the list with a problem', async (arch) => {
    const file = join(dir, `${arch}-break.dmp`);
    const spec = { ...specOf(arch, 'bitmap'), breakAt: 1 };
    await writeMemoryDump(file, spec);
    const s = await read(file);
    expect(s.drivers.map((d) => d.name)).toEqual(names(spec.drivers).slice(0, 2));
    expect(s.problems.join('\n')).toMatch(/breaks at .* after 2 drivers/);
    expect(facts(s)).toEqual(oracle(file));
  });

  test('a PaeEnabled byte that is neither 0 nor 1: no page walk guessed, a problem, the header kept', async () => {
    const file = join(dir, 'x86-pae-byte.dmp');
    const spec = { ...X86, arch: 'x86', layout: 'runs', paeByte: 0x50 } as const;
    await writeMemoryDump(file, spec);
    const s = await read(file);
    expect(s.crashAddress).toBe(`0x${spec.ip.toString(16)}`);
    expect(s.drivers).toEqual([]);
    expect(s.problems.join('\n')).toMatch(/PaeEnabled is 80 \(expected 0 or 1\)/);
  });

  test('an absurd run count: a problem, the header kept', async () => {
    const file = join(dir, 'x86-runs-absurd.dmp');
    await writeMemoryDump(file, { ...X86, arch: 'x86', layout: 'runs', runCount: 0xffffffff });
    const s = await read(file);
    expect(s.bugCheck.name).toBe('UNEXPECTED_KERNEL_MODE_TRAP');
    expect(s.drivers).toEqual([]);
    expect(s.problems.join('\n')).toMatch(/4294967295 runs/);
  });

  test.each([
    ['summary', 0x1010, 0xffffffff],
    ['bitmap', 0x1030, 0x7fffffff],
  ] as const)('an absurd %s bitmap size: a problem, nothing allocated for it', async (layout, at, value) => {
    const file = join(dir, `x86-${layout}-absurd.dmp`);
    await writeMemoryDump(file, { ...X86, arch: 'x86', layout });
    const fh = await (await import('node:fs/promises')).open(file, 'r+');
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, value, true);
    await fh.write(b, 0, 4, at);
    await fh.close();
    const s = await read(file);
    
    expect(s.drivers).toEqual([]);
    expect(s.problems.join('\n')).toMatch(/bitmap header is not consistent/);
  });

  test.each([
    ['x86-pae', 'runs', 0x1000 + 0x40 * 0x1000],
    ['arm64', 'bitmap', 0x2000 + 0x100],
  ] as const)('%s %s cut short: problems, the header still shown', async (arch, layout, size) => {
    const file = join(dir, `${arch}-${layout}-cut.dmp`);
    const spec = specOf(arch, layout);
    await writeMemoryDump(file, spec);
    await truncate(file, size);
    const s = await read(file);
    expect(s.crashAddress).toBe(`0x${spec.ip.toString(16)}`);
    expect(s.problems.length).toBeGreaterThan(0);
    expect(s.drivers.length).toBeLessThan(spec.drivers.length);
  });
});

/** A ByteSource that counts what it reads. */
function counting(inner: ByteSource): { source: ByteSource; reads: () => number; bytes: () => number } {
  let reads = 0;
  let bytes = 0;
  return {
    source: {
      size: inner.size,
      async read(offset, length) {
        const out = await inner.read(offset, length);
        reads++;
        bytes += out.length;
        return out;
      },
    },
    reads: () => reads,
    bytes: () => bytes,
  };
}

describe('2 GiB sparse dumps are read by a few positional reads', () => {
  test.each([
    ['x86-pae', 'runs'],
    ['arm64', 'bitmap'],
  ] as const)('%s %s', async (arch, layout) => {
    const file = join(dir, `${arch}-MEMORY.DMP`);
    const size = await writeMemoryDump(file, { ...specOf(arch, layout), ramPages: 0x80000 });
    if (layout === 'runs') expect(size).toBeGreaterThan(2 ** 31 - 0x200000);
    const fileSource = await openFileSource(file);
    try {
      const c = counting(fileSource);
      const r = await readKernelDumpFrom(c.source);
      if (!r.ok) throw new Error(r.error);
      expect(r.value.drivers).toHaveLength(4);
      expect(r.value.problems).toEqual([]);
      // The header, the bitmap (64 KiB for 2 GiB) and the cached 64 KiB blocks of the pages walked.
      expect(c.bytes()).toBeLessThan(3 * 1024 * 1024);
      expect(c.reads()).toBeLessThan(64);
    } finally {
      await fileSource.close();
    }
  });
});
