/**
 * `doctor` under Windows Node in Wine, against the prefix's live registry: values set with Wine's
 * reg.exe are found by `doctor --json` (which runs %SystemRoot%\System32\reg.exe itself), and the
 * LocalDumps actions write and remove HKLM\…\LocalDumps\crashy.exe, read back with reg query.
 * Wine keeps no registry ACLs: the lane's non-admin user (nobody) may write HKLM, so the actions
 * succeed here; on Windows a non-elevated run gets access denied (unit-tested with a fake reg.exe).
 */
import { doctorFromRegFile } from '../../electron/main/core/doctor/run-doctor';
import { linuxPath, windowsLane } from './support/wine-lane';
import { type WineRun, runWindowsCli, runWine } from './support/wine-run';

const REG = 'C:\\windows\\system32\\reg.exe';
const WER = 'SOFTWARE\\Microsoft\\Windows\\Windows Error Reporting';
const HKLM_WER = `HKEY_LOCAL_MACHINE\\${WER}`;
const POLICY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\Windows Error Reporting';
const CRASHY = `${HKLM_WER}\\LocalDumps\\crashy.exe`;

interface Finding {
  readonly id: string;
  readonly severity: string;
  readonly subject: string;
  readonly message: string;
}

describe('doctor under Windows Node', () => {
  const lane = windowsLane();
  const reg = async (args: readonly string[]): Promise<WineRun> => runWine(lane, REG, args);
  const add = async (key: string, name: string, type: string, data: string): Promise<void> => {
    const r = await reg(['add', key, '/v', name, '/t', type, '/d', data, '/f']);
    if (r.code !== 0) throw new Error(`reg add ${key} ${name} failed (exit ${r.code}): ${r.stdout}${r.stderr}`);
  };

  beforeAll(async () => {
    await add(HKLM_WER, 'Disabled', 'REG_DWORD', '1');
    await add(HKLM_WER, 'DontShowUI', 'REG_DWORD', '1');
    await add(HKLM_WER, 'CorporateWERServer', 'REG_SZ', 'cer.example.com');
    await add(`${HKLM_WER}\\ExcludedApplications`, 'skip.exe', 'REG_DWORD', '1');
    await add(`${HKLM_WER}\\LocalDumps\\preset.exe`, 'DumpFolder', 'REG_EXPAND_SZ', '%LOCALAPPDATA%\\PresetDumps');
    await add(`HKEY_CURRENT_USER\\${WER}\\Consent`, 'DefaultConsent', 'REG_DWORD', '1');
    await add(POLICY, 'DisableArchive', 'REG_DWORD', '1');
    await add(POLICY, 'Disabled', 'REG_DWORD', '0');
  });

  afterAll(async () => {
    for (const key of [HKLM_WER, `HKEY_CURRENT_USER\\${WER}`, POLICY]) await reg(['delete', key, '/f']);
  });

  it('doctor --json reads the live registry through reg.exe: effective values and findings', async () => {
    const run = await runWindowsCli(lane, ['doctor', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const j = JSON.parse(run.stdout) as { settings: { path: string; name: string; value: unknown; source: string }[]; findings: Finding[]; problems: string[] };
    expect(j.problems).toEqual([]);
    // The policy's Disabled = 0 wins over the machine's 1: WER is on.
    expect(j.settings).toContainEqual({ path: POLICY, name: 'Disabled', type: 'REG_DWORD', value: 0, source: 'policy' });
    expect(j.settings).toContainEqual({ path: `HKEY_CURRENT_USER\\${WER}\\Consent`, name: 'DefaultConsent', type: 'REG_DWORD', value: 1, source: 'user' });
    const ids = j.findings.map((f) => `${f.id}:${f.subject}`);
    expect(ids).not.toContain('wer-disabled:Disabled');
    expect(ids).toEqual(expect.arrayContaining(['archive-disabled:DisableArchive', 'excluded-application:skip.exe', 'consent:DefaultConsent', 'ui-hidden:DontShowUI', 'corporate-server:cer.example.com', 'local-dumps:preset.exe', 'archive-parameters-only:ConfigureArchive']));
    expect(j.findings.find((f) => f.id === 'local-dumps' && f.subject === 'preset.exe')?.message).toContain('%LOCALAPPDATA%\\PresetDumps');
    // reg add made the parent LocalDumps key too, and that key alone turns dumps on for every app.
    expect(ids).toContain('local-dumps:LocalDumps');
  });

  it("a .reg export written by Wine's reg.exe gives the doctor the same machine settings as the live registry", async () => {
    const exported = await reg(['export', HKLM_WER, 'C:\\wer-export.reg', '/y']);
    expect(exported.code).toBe(0);
    const [live, file] = [await runWindowsCli(lane, ['doctor', '--json']), await doctorFromRegFile(linuxPath(lane, 'C:\\wer-export.reg'))];
    if (!file.ok) throw new Error(file.error);
    expect(file.value.problems).toEqual([]);
    const machine = (JSON.parse(live.stdout) as { settings: { source: string }[] }).settings.filter((s) => s.source === 'machine');
    // The export has the machine's Disabled = 1 too, which the live answer shows as the policy's 0.
    const shadowed = { path: HKLM_WER, name: 'Disabled', type: 'REG_DWORD', value: 1, source: 'machine' };
    expect(file.value.settings).toEqual(expect.arrayContaining([...machine, shadowed]));
    expect(file.value.settings).toHaveLength(machine.length + 1);
    expect(file.value.findings.map((f) => f.id)).toContain('wer-disabled');
  });

  it('--enable-local-dumps crashy.exe --dump-type full writes the key (Wine lets the non-admin user write HKLM); reg query reads it back', async () => {
    const run = await runWindowsCli(lane, ['doctor', '--enable-local-dumps', 'crashy.exe', '--dump-type', 'full', '--folder', 'C:\\dumps', '--count', '3']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`Created ${CRASHY}\n  before: (no key)\n  after:  DumpCount=3, DumpFolder="C:\\\\dumps", DumpType=2\n`);
    const back = await reg(['query', CRASHY]);
    expect(back.code).toBe(0);
    expect(back.stdout).toMatch(/^ {4}DumpType {4}REG_DWORD {4}0x2\r?$/m);
    expect(back.stdout).toMatch(/^ {4}DumpFolder {4}REG_EXPAND_SZ {4}C:\\dumps\r?$/m);
    expect(back.stdout).toMatch(/^ {4}DumpCount {4}REG_DWORD {4}0x3\r?$/m);
  });

  it('--disable-local-dumps crashy.exe removes the key; a second run has nothing to remove', async () => {
    const run = await runWindowsCli(lane, ['doctor', '--disable-local-dumps', 'crashy.exe']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Removed .*LocalDumps\\crashy\.exe \(it had DumpCount=3, DumpFolder="C:\\\\dumps", DumpType=2\)\.\n$/);
    const back = await reg(['query', CRASHY]);
    expect(back.code).toBe(1);
    expect(`${back.stdout}${back.stderr}`).toMatch(/unable to find/i);
    const again = await runWindowsCli(lane, ['doctor', '--disable-local-dumps', 'crashy.exe']);
    expect(again.stdout).toBe(`Nothing to remove: ${CRASHY} does not exist.\n`);
  });

  it('a bad app name is a usage error (exit 2) under Windows too', async () => {
    const run = await runWindowsCli(lane, ['doctor', '--enable-local-dumps', 'C:\\apps\\crashy.exe']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is not an app file name/);
  });
});
