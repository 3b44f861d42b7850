/** `doctor` in process: the JSON contract, the text view, the LocalDumps actions and the exit codes. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDoctor } from '../../../electron/cli/commands/doctor';
import { runCli } from '../../../electron/cli/program';
import { captureIo } from '../../support/capture-io';
import { fakeReg } from '../../support/reg-fake';
import { REG_PATHS, regFileBytes } from '../../support/reg-writer';

const KEY = `${REG_PATHS.machine}\\LocalDumps\\crashy.exe`;
let dir: string;
let regFile: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'doctor-cli-'));
  regFile = join(dir, 'wer.reg');
  await writeFile(
    regFile,
    regFileBytes([
      { path: REG_PATHS.machine, values: [{ name: 'Disabled', kind: 'dword', data: 1 }, { name: 'CorporateWERServer', kind: 'sz', data: 'cer.example.com' }] },
      { path: `${REG_PATHS.machine}\\ExcludedApplications`, values: [{ name: 'skip.exe', kind: 'dword', data: 1 }] },
      { path: KEY, values: [{ name: 'DumpType', kind: 'dword', data: 2 }] },
    ]),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('doctor --reg', () => {
  test('--json prints {settings, findings, problems} with the contract fields', async () => {
    const io = captureIo();
    expect(await runCli(['doctor', '--reg', regFile, '--json'], io)).toBe(0);
    expect(io.stderr()).toBe('');
    const j = JSON.parse(io.stdout());
    expect(Object.keys(j)).toEqual(['settings', 'findings', 'problems']);
    expect(j.settings).toContainEqual({ path: REG_PATHS.machine, name: 'CorporateWERServer', type: 'REG_SZ', value: 'cer.example.com', source: 'machine' });
    for (const f of j.findings) expect(Object.keys(f)).toEqual(['id', 'severity', 'subject', 'message', 'fix']);
    expect(j.findings.map((f: { id: string }) => f.id)).toEqual(['wer-disabled', 'excluded-application', 'archive-parameters-only', 'corporate-server', 'local-dumps']);
  });

  test('text: findings with severity and fix, then the effective settings', async () => {
    const io = captureIo();
    expect(await runCli(['doctor', '--reg', regFile], io)).toBe(0);
    const out = io.stdout();
    expect(out).toMatch(/^WER settings doctor \(.*wer\.reg\)\n/);
    expect(out).toContain('  [error] wer-disabled: Disabled\n');
    expect(out).toMatch(/ {4}Fix: /);
    expect(out).toContain(`  ${KEY}\\DumpType = 2 (REG_DWORD, machine)`);
  });

  test('a missing or wrong file is exit 1 with one line on stderr', async () => {
    const io = captureIo();
    expect(await runCli(['doctor', '--reg', join(dir, 'nope.reg')], io)).toBe(1);
    expect(io.stderr()).toMatch(/^error: cannot read .*nope\.reg: ENOENT\n$/);
  });
});

describe('doctor usage errors (exit 2)', () => {
  test.each([
    [['doctor'], /live registry on Windows only/],
    [['doctor', '--enable-local-dumps', 'crashy.exe'], /works on Windows only/],
    [['doctor', '--enable-local-dumps', 'a.exe', '--disable-local-dumps', 'a.exe'], /cannot be used together/],
    [['doctor', '--dump-type', 'full'], /go with --enable-local-dumps/],
    [['doctor', '--enable-local-dumps', 'a.exe', '--dump-type', 'huge'], /mini or full/],
    [['doctor', '--enable-local-dumps', 'a.exe', '--count', 'ten'], /whole number/],
    [['doctor', '--reg', 'x.reg', '--disable-local-dumps', 'a.exe'], /one or the other/],
  ])('%j', async (argv, message) => {
    const io = captureIo();
    expect(await runCli(argv, io)).toBe(2);
    expect(io.stderr()).toMatch(message);
    expect(io.stderr().trim().split('\n')).toHaveLength(1);
  });
});

describe('doctor actions (Windows, fake reg.exe)', () => {
  const win = (reg: ReturnType<typeof fakeReg>) => ({ platform: 'win32' as const, runReg: () => reg.run });

  test('--enable-local-dumps prints what changed; --disable-local-dumps removes it', async () => {
    const reg = fakeReg();
    const io = captureIo();
    expect(await runDoctor({ json: false, enableLocalDumps: 'crashy.exe', dumpType: 'full', count: '4' }, io, win(reg))).toBe(0);
    expect(io.stdout()).toBe(`Created ${KEY}\n  before: (no key)\n  after:  DumpType=2, DumpCount=4\n`);
    const off = captureIo();
    expect(await runDoctor({ json: true, disableLocalDumps: 'crashy.exe' }, off, win(reg))).toBe(0);
    expect(JSON.parse(off.stdout())).toEqual({ key: KEY, changed: true, before: { DumpType: 2, DumpCount: 4 }, after: null });
    const again = captureIo();
    expect(await runDoctor({ json: false, disableLocalDumps: 'crashy.exe' }, again, win(reg))).toBe(0);
    expect(again.stdout()).toBe(`Nothing to remove: ${KEY} does not exist.\n`);
  });

  test('without elevation: exit 1 and a plain message', async () => {
    const io = captureIo();
    expect(await runDoctor({ json: false, enableLocalDumps: 'crashy.exe' }, io, win(fakeReg({}, { denyWrites: true })))).toBe(1);
    expect(io.stderr()).toBe(`error: access denied: writing ${KEY} needs an elevated prompt (Run as administrator)\n`);
  });

  test('a bad app name is a usage error and nothing runs', async () => {
    const reg = fakeReg();
    const io = captureIo();
    expect(await runDoctor({ json: false, enableLocalDumps: 'C:\\apps\\crashy.exe' }, io, win(reg))).toBe(2);
    expect(io.stderr()).toMatch(/^error: "C:\\\\apps\\\\crashy.exe" is not an app file name/);
    expect(reg.calls).toEqual([]);
  });

  test('the live doctor on Windows runs over reg.exe', async () => {
    const reg = fakeReg({ [REG_PATHS.machine]: [{ name: 'DontShowUI', type: 'REG_DWORD', data: 1 }] });
    const io = captureIo();
    expect(await runDoctor({ json: true }, io, win(reg))).toBe(0);
    expect(JSON.parse(io.stdout()).findings.map((f: { id: string }) => f.id)).toContain('ui-hidden');
  });
});
