/**
 * `scan DIR` of a LocalDumps folder (in process): one APPCRASH record per user-mode dump with
 * store CrashDumps, next to a kernel dump (a Minidump record) and files that only look like dumps.
 * The dumps are real (dbghelp under Wine, see localdumps-crashes.ts); the truth is what the
 * crashing programs printed.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, win32 } from 'node:path';
import type { CliContext } from '../../../electron/cli/cli-context';
import { runCli } from '../../../electron/cli/program';
import { buildCrashyFixtures, type CrashyFixtures } from '../../support/localdumps-crashes';
import { captureIo } from '../../support/capture-io';
import { buildTriageDump } from '../../support/kernel-triage-builder';
import { ACME_CRASH } from '../../support/kernel-triage-cases';

interface Row {
  readonly folder: string;
  readonly store: string;
  readonly eventType: string;
  readonly fields: Record<string, string>;
  readonly process: { pid: number; startTime: string | null } | null;
  readonly problems: string[];
}

describe('scan of a LocalDumps folder', () => {
  let root = '';
  let crashDumps = '';
  let fx: CrashyFixtures;
  const ctx: CliContext = { defaultLocations: async () => [] };

  beforeAll(async () => {
    fx = await buildCrashyFixtures();
    root = await mkdtemp(join(tmpdir(), 'wer-scan-crashdumps-'));
    crashDumps = join(root, 'CrashDumps');
    await mkdir(crashDumps);
    for (const c of fx.crashes.filter((x) => x.dumpType === 0)) await copyFile(c.dump, join(crashDumps, basename(c.dump)));
    const bytes = await readFile(fx.crashes[0]!.dump);
    await writeFile(join(crashDumps, 'trunc.exe.9.dmp'), bytes.subarray(0, 2048));
    // A dump under another name counts in a folder named CrashDumps only.
    await writeFile(join(crashDumps, 'copied.dmp'), bytes);
    await writeFile(join(crashDumps, '050624-12345-01.dmp'), buildTriageDump(ACME_CRASH));
    await writeFile(join(crashDumps, 'notes.exe.5.dmp'), 'not a dump at all\r\n');
    await writeFile(join(crashDumps, 'random.dmp'), Buffer.alloc(64));
    await mkdir(join(root, 'Elsewhere'));
    await writeFile(join(root, 'Elsewhere', 'copied.dmp'), bytes);
  }, 400_000);
  afterAll(() => rm(root, { recursive: true, force: true }));

  async function scanJson(...paths: string[]): Promise<Row[]> {
    const io = captureIo();
    expect(await runCli(['scan', ...paths, '--json'], io, ctx)).toBe(0);
    expect(io.stderr()).toBe('');
    return JSON.parse(io.stdout()) as Row[];
  }

  it('lists one APPCRASH record per user-mode dump (store CrashDumps) and the kernel dump as a Minidump record', async () => {
    const rows = await scanJson(crashDumps);
    const byName = new Map(rows.map((r) => [basename(r.folder), r]));
    expect([...byName.keys()].sort()).toEqual(['050624-12345-01.dmp', 'copied.dmp', 'crashy.exe.32.dmp', 'libcrash.exe.32.dmp', 'raiser.exe.32.dmp', 'trunc.exe.9.dmp'].sort());
    expect(byName.get('050624-12345-01.dmp')?.store).toBe('Minidump');
    for (const c of fx.crashes.filter((x) => x.dumpType === 0)) {
      const r = byName.get(basename(c.dump))!;
      expect([r.store, r.eventType, r.folder]).toEqual(['CrashDumps', 'APPCRASH', join(crashDumps, basename(c.dump))]);
      expect(r.fields).toEqual(
        expect.objectContaining({
          application: c.image,
          module: win32.basename(c.module.path),
          exceptionCode: c.code.toString(16).padStart(8, '0'),
          exceptionOffset: (c.address - c.module.base).toString(16).padStart(16, '0'),
        }),
      );
      expect(r.process).toEqual({ pid: c.pid, startTime: null });
      expect(r.problems).toEqual([]);
    }
    const trunc = byName.get('trunc.exe.9.dmp')!;
    expect([trunc.store, trunc.eventType, trunc.fields.application, trunc.process?.pid]).toEqual(['CrashDumps', 'APPCRASH', 'trunc.exe', 9]);
    expect(trunc.problems.length).toBeGreaterThan(0);
  });

  it('ignores minidumps with other names outside CrashDumps folders', async () => {
    expect(await scanJson(join(root, 'Elsewhere'))).toEqual([]);
  });

  it('reads a dump given directly as one record', async () => {
    const c = fx.crashes.find((x) => x.mode === 'lib')!;
    const rows = await scanJson(c.dump);
    expect(rows.map((r) => [r.store, r.folder, r.fields.module])).toEqual([['CrashDumps', c.dump, 'crashy-lib.dll']]);
  });
});
