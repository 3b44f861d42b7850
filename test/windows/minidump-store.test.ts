/**
 * The Minidump store under Windows Node in Wine: C:\Windows\Minidump is a default location, so
 * `scan` with no PATH lists its kernel dumps (one BlueScreen record each, with Windows paths) and
 * `show ID` reads the dump (driver at fault). The folder is removed again for the other files.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildTriageDump } from '../support/kernel-triage-builder';
import { ACME_CRASH, KERNEL_CRASH_STACK } from '../support/kernel-triage-cases';
import { resetStores } from './support/lane-stores';
import { linuxPath, windowsLane, withoutWineEventLogWarnings } from './support/wine-lane';
import { runWindowsCli } from './support/wine-run';

describe('the Minidump store under Windows Node', () => {
  const lane = windowsLane();
  // Wine's SystemRoot is C:\windows: the default location follows it.
  const folder = (): string => linuxPath(lane, 'C:\\windows\\Minidump');

  beforeAll(async () => {
    await resetStores(lane);
    await mkdir(folder(), { recursive: true });
    await writeFile(join(folder(), '050624-12345-01.dmp'), buildTriageDump(ACME_CRASH));
    await writeFile(join(folder(), '050824-33333-01.dmp'), buildTriageDump(KERNEL_CRASH_STACK));
  });
  afterAll(() => rm(folder(), { recursive: true, force: true }));

  it('scan --json lists each kernel dump of C:\\Windows\\Minidump as a BlueScreen record with its Windows path', async () => {
    const run = await runWindowsCli(lane, ['scan', '--json']);
    expect(withoutWineEventLogWarnings(run.stderr)).toBe('');
    expect(run.code).toBe(0);
    const reports = (JSON.parse(run.stdout) as { folder: string; store: string; eventType: string; fields: Record<string, string> }[]).filter((r) => r.store === 'Minidump');
    expect(reports.map((r) => [r.folder.toLowerCase(), r.eventType, r.fields.bugCheckCode]).sort()).toEqual([
      ['c:\\windows\\minidump\\050624-12345-01.dmp', 'BlueScreen', '000000d1'],
      ['c:\\windows\\minidump\\050824-33333-01.dmp', 'BlueScreen', '0000003b'],
    ]);
  });

  it('show ID prints the kernel dump with its driver at fault', async () => {
    const scan = await runWindowsCli(lane, ['scan', '--json']);
    const acme = (JSON.parse(scan.stdout) as { id: string; folder: string }[]).find((r) => r.folder.endsWith('050624-12345-01.dmp'));
    const run = await runWindowsCli(lane, ['show', acme?.id ?? '?']);
    expect(withoutWineEventLogWarnings(run.stderr)).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Kernel dump (050624-12345-01.dmp)');
    expect(run.stdout).toMatch(/Caused by.*acme\.sys/);
  });
});
