/**
 * Small memory dumps (DumpType 4): the real ARM64 dump from ../shared/fixtures/kernel and built
 * x64 / x86 dumps, each compared with the independent Python reader (test/support/
 * kernel_triage_reader.py): crash address, drivers, unloaded drivers, stack, driver at fault.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readKernelDump } from '../../../../electron/main/core/kernel/read-kernel-dump';
import type { KernelDumpSummary } from '../../../../shared/kernel-dump-model';
import { fixturePath } from '../../../support/fixtures';
import { comparable, factsOf, oracleFacts } from '../../../support/kernel-triage-oracle';
import { makeTempDir, removeTempDir } from '../../../support/minidump-builder';
import { buildTriageDump } from '../../../support/kernel-triage-builder';
import { ACME_CRASH, KERNEL_CRASH_STACK, PARAMETER_ONLY, UNLOADED_PARAMETER, XP_PARAMETER } from '../../../support/kernel-triage-cases';

let dir = '';
beforeAll(async () => {
  dir = await makeTempDir('wer-kernel-triage-');
});
afterAll(() => removeTempDir(dir));

async function read(file: string): Promise<KernelDumpSummary> {
  const r = await readKernelDump(file);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

async function written(name: string, bytes: Uint8Array): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, bytes);
  return file;
}

describe('the real ARM64 small dump (rizin triage_arm64.dmp)', () => {
  const file = fixturePath('kernel', 'rizin-triage_arm64.dmp');

  test('agrees with the Python reader on every crash fact', async () => {
    const s = await read(file);
    expect(factsOf(s)).toEqual(comparable(oracleFacts(file)));
  });

  test('matches the README: 245 drivers, 0x1C8, PC in ntoskrnl, nothing third-party at fault', async () => {
    const s = await read(file);
    expect(s.arch).toBe('arm64');
    expect(s.osBuild).toBe(22000);
    expect(s.processors).toBe(8);
    expect(s.bugCheck).toMatchObject({ code: '0x000001c8', name: 'MANUALLY_INITIATED_POWER_BUTTON_HOLD', parameters: ['0x1b58', '0xfffff803f3a20860', '0x0', '0x0'] });
    expect(s.systemTime).toMatch(/^2021-09-14T02:51:58\./);
    expect(s.drivers).toHaveLength(245);
    expect(s.drivers[0]).toMatchObject({ name: 'ntoskrnl.exe', path: '\\SystemRoot\\system32\\ntoskrnl.exe' });
    expect(s.stack[0]).toMatchObject({ module: 'ntoskrnl.exe', trust: 'context' });
    expect(s.causedBy).toMatchObject({ driver: 'ntoskrnl.exe', reason: 'kernel' });
    expect(s.triage).toMatchObject({ complete: true, sizeOfDump: 0xac46c, validOffset: 0xac468 });
    expect(s.unloadedDrivers.length).toBeGreaterThan(0);
    expect(s.problems).toEqual([]);
  });
});

describe('built small dumps against the Python reader', () => {
  test.each([
    ['x64: crash inside a third-party driver', ACME_CRASH, 'acme.sys', 'crash-address'],
    ['x64: crash in the kernel, a third-party driver on the stack', KERNEL_CRASH_STACK, 'netfoo.sys', 'stack'],
    ['x64: 0xD1 with the driver named only by parameter 4', PARAMETER_ONLY, 'acme.sys', 'parameter'],
    ['x64: 0xCE naming an unloaded driver by parameter 3', UNLOADED_PARAMETER, 'oldfilt.sys', 'parameter'],
    ['x86: 0x1000007E with the driver named by parameter 2', XP_PARAMETER, 'usbfoo.sys', 'parameter'],
  ] as const)('%s', async (name, spec, driver, reason) => {
    const file = await written(`${name.slice(0, 3)}-${reason}-${driver}.dmp`, buildTriageDump(spec));
    const s = await read(file);
    expect(factsOf(s)).toEqual(comparable(oracleFacts(file)));
    expect(s.causedBy).toMatchObject({ driver, reason });
    expect(s.problems).toEqual([]);
    expect(s.triage?.complete).toBe(true);
  });

  test('an unloaded driver parameter says the driver had been unloaded', async () => {
    const file = await written('unloaded.dmp', buildTriageDump(UNLOADED_PARAMETER));
    expect((await read(file)).causedBy).toMatchObject({ unloaded: true, detail: expect.stringContaining('unloaded') });
  });
});

describe('cut and unfinished small dumps', () => {
  const whole = buildTriageDump(ACME_CRASH);

  // Cut points spread over the parts after the triage header: stack, drivers, string pool, blocks.
  test.each([0.97, 0.8, 0.6, 0.4, 0.2, 0.05])('cut at %p of the parts: a problem, and what is left still agrees', async (fraction) => {
    const start = 0x2080;
    const file = await written(`cut-${fraction}.dmp`, whole.subarray(0, start + Math.floor((whole.length - start) * fraction)));
    const s = await read(file);
    expect(s.triage?.complete).toBe(false);
    expect(s.problems.join('\n')).toMatch(/SizeOfDump\): it was cut/);
    expect(s.bugCheck.code).toBe('0x000000d1');
    expect(s.crashAddress).toBe('0xfffff80470012345');
    expect(factsOf(s)).toEqual(comparable(oracleFacts(file)));
  });

  test('cut inside the triage header: the dump header is still shown', async () => {
    const file = await written('cut-triage.dmp', whole.subarray(0, 0x2010));
    const s = await read(file);
    expect(s.bugCheck.name).toBe('DRIVER_IRQL_NOT_LESS_OR_EQUAL');
    expect(s.crashAddress).toBe('0xfffff80470012345');
    expect(s.problems.join('\n')).toMatch(/ends before the small dump's triage header/);
  });

  test('no TRGD at ValidOffset: a problem, everything else shown', async () => {
    const bytes = whole.slice();
    bytes.set([0, 0, 0, 0], bytes.length - 4);
    const s = await read(await written('no-trgd.dmp', bytes));
    expect(s.triage?.complete).toBe(false);
    expect(s.problems).toEqual([expect.stringMatching(/no "TRGD" end marker/)]);
    expect(s.causedBy).toMatchObject({ driver: 'acme.sys', reason: 'crash-address' });
  });
});

describe('the stack walker seam', () => {
  test('a walker replaces the scan; one that gives up or throws falls back to it', async () => {
    const file = await written('seam.dmp', buildTriageDump(KERNEL_CRASH_STACK));
    const walked = await readKernelDump(file, {
      walkStack: ({ context }) => [{ address: `0x${context.ip.toString(16)}`, module: 'ntoskrnl.exe', offset: '0x5000', trust: 'frame-pointer' as const }],
    });
    expect(walked.ok && walked.value.stack).toHaveLength(1);
    for (const walkStack of [() => null, () => { throw new Error('walker bug'); }]) {
      const r = await readKernelDump(file, { walkStack });
      expect(r.ok && r.value.causedBy).toMatchObject({ driver: 'netfoo.sys', reason: 'stack' });
    }
  });
});
