/**
 * Complete (runs) and bitmap x64 kernel dumps: the driver list walked from PsLoadedModuleList
 * through page tables, the stack read at the stack pointer, the driver at fault, compared with the
 * independent Python reader (test/support/kernel_memory_reader.py); a 2 GiB sparse dump is read
 * by a few positional reads.
 */
import { join } from 'node:path';
import { writeMemoryDump, type MemoryDumpSpec } from '../../../support/kernel-memory-builder';
import { X64_DRIVERS } from '../../../support/kernel-triage-cases';
import { makeTempDir, removeTempDir } from '../../../support/minidump-builder';
import { facts, oracle, read } from '../../../support/kernel-memory-oracle';

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir('wer-kernel-memory-');
});
afterAll(() => removeTempDir(dir));

const NT = X64_DRIVERS[0]!.base;
const NETFOO = X64_DRIVERS[3]!.base;
const SP = 0xffffd2811f2a7f00n;

const BASE: MemoryDumpSpec = {
  layout: 'runs',
  bugCheckCode: 0x133,
  bugCheckParameters: [1n, 0x1e00n, 0xfffff80412efb320n, 0n],
  ip: NT + 0x3f1a0n,
  sp: SP,
  drivers: X64_DRIVERS,
  stack: [NT + 0x1000n, 0x1234n, NETFOO + 0x2222n, NT + 0x5000n],
};

describe('complete and bitmap x64 dumps', () => {
  test.each(['runs', 'bitmap'] as const)('%s: drivers, stack and culprit agree with the Python reader', async (layout) => {
    const file = join(dir, `memory-${layout}.dmp`);
    await writeMemoryDump(file, { ...BASE, layout });
    const s = await read(file);
    expect(s.dumpType?.value).toBe(layout === 'runs' ? 1 : 5);
    expect(s.drivers.map((d) => d.name)).toEqual(['ntoskrnl.exe', 'hal.dll', 'acme.sys', 'netfoo.sys']);
    expect(s.causedBy).toMatchObject({ driver: 'netfoo.sys', reason: 'stack', offset: '0x2222' });
    expect(s.problems).toEqual([]);
    expect(facts(s)).toEqual(oracle(file));
  });

  test('a name whose buffer is not in the dump: the driver is still listed', async () => {
    const file = join(dir, 'memory-unmapped-name.dmp');
    await writeMemoryDump(file, { ...BASE, layout: 'bitmap', unmappedName: 2 });
    const s = await read(file);
    expect(s.drivers[2]).toMatchObject({ name: '(driver 3: name not in the dump)', base: '0xfffff80470000000' });
    expect(facts(s)).toEqual(oracle(file));
  });

  test('a 2 GiB sparse complete dump is read by positional reads, quickly', async () => {
    const file = join(dir, 'MEMORY.DMP');
    const size = await writeMemoryDump(file, { ...BASE, ramPages: 0x80000 });
    expect(size).toBeGreaterThan(2 ** 31 - 0x200000);
    const started = performance.now();
    const s = await read(file);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(s.drivers).toHaveLength(4);
    expect(s.fileSize).toBe(size);
    expect(facts(s)).toEqual(oracle(file));
  });

  test('a cut complete dump: a problem, the header still shown', async () => {
    const file = join(dir, 'memory-cut.dmp');
    await writeMemoryDump(file, BASE);
    const { truncate } = await import('node:fs/promises');
    await truncate(file, 0x2000 + 0x10 * 0x1000);
    const s = await read(file);
    expect(s.bugCheck.name).toBe('DPC_WATCHDOG_VIOLATION');
    expect(s.crashAddress).toBe('0xfffff8041203f1a0');
    expect(s.problems.join('\n')).toMatch(/the dump is cut/);
  });
});
