/** The driver at fault's file on this machine: described only when it is the dump's build. */
import { readFileSync } from 'node:fs';
import { causedByDriverFile, readDriverFile, windowsDriverPath } from '../../../../electron/main/core/kernel/driver-file';
import type { KernelDriver, KernelDumpSummary } from '../../../../shared/kernel-dump-model';
import { wineDll } from '../../../support/pe-builder';

// Wine's own PE build of the kernel: a real kernel-mode image with a version resource (its .sys files have none).
const SYS = wineDll('ntoskrnl.exe');

/** TimeDateStamp and SizeOfImage straight from the file's COFF / optional headers. */
function headerFacts(path: string): { timestamp: number; size: number } {
  const b = readFileSync(path);
  const pe = b.readUInt32LE(0x3c);
  return { timestamp: b.readUInt32LE(pe + 8), size: b.readUInt32LE(pe + 24 + 56) };
}

const facts = headerFacts(SYS);
const driver: KernelDriver = { name: 'ndis.sys', path: '\\SystemRoot\\System32\\drivers\\ndis.sys', base: '0xfffff80470000000', ...facts };
const toWine = () => SYS;

test('the same build: description, product, company and version from the version resource', async () => {
  const file = await readDriverFile(driver, toWine);
  expect(file?.path).toBe(SYS);
  expect(file?.version).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  expect(file?.product ?? file?.description).toBeTruthy();
});

test('another build (a different stamp), a missing file or no local path: nothing', async () => {
  expect(await readDriverFile({ ...driver, timestamp: facts.timestamp ^ 1 }, toWine)).toBeNull();
  expect(await readDriverFile(driver, () => '/nonexistent/ndis.sys')).toBeNull();
  expect(await readDriverFile(driver, () => null)).toBeNull();
});

test('only the loaded driver at fault is looked up', async () => {
  const summary = { drivers: [driver], causedBy: { driver: 'NDIS.SYS', unloaded: false } } as unknown as KernelDumpSummary;
  expect((await causedByDriverFile(summary, toWine))?.path).toBe(SYS);
  expect(await causedByDriverFile({ ...summary, causedBy: { driver: 'ndis.sys', unloaded: true } } as unknown as KernelDumpSummary, toWine)).toBeNull();
});

test('kernel paths map to Windows paths; off Windows nothing is looked up', () => {
  const resolve = windowsDriverPath({ SystemRoot: 'C:\\Windows', SystemDrive: 'C:' }, 'win32');
  expect(resolve('\\SystemRoot\\System32\\drivers\\acme.sys')).toBe('C:\\Windows\\System32\\drivers\\acme.sys');
  expect(resolve('\\??\\C:\\Program Files\\Acme\\acme.sys')).toBe('C:\\Program Files\\Acme\\acme.sys');
  expect(resolve('\\WINDOWS\\system32\\ntkrnlpa.exe')).toBe('C:\\WINDOWS\\system32\\ntkrnlpa.exe');
  expect(resolve('acme.sys')).toBe('C:\\Windows\\System32\\drivers\\acme.sys');
  expect(windowsDriverPath({}, 'linux')('\\SystemRoot\\x.sys')).toBeNull();
});
