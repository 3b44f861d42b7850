/** Effective values (policy > machine > user) and every finding, from exports built with the reg writer. */
import type { DoctorReport } from '../../../../shared/doctor-model';
import { parseRegFile } from '../../../../electron/main/core/doctor/parse-reg-file';
import { diagnose } from '../../../../electron/main/core/doctor/run-doctor';
import { REG_PATHS, type RegWriterKey, regFileBytes } from '../../../support/reg-writer';

function doctor(keys: readonly RegWriterKey[]): DoctorReport {
  const r = parseRegFile(regFileBytes(keys));
  if (!r.ok) throw new Error(r.error);
  return diagnose(r.value.snapshot, 'test.reg');
}

const dword = (name: string, data: number) => ({ name, kind: 'dword', data }) as const;
const ids = (r: DoctorReport) => r.findings.map((f) => f.id);
const one = (r: DoctorReport, id: string, subject?: string) => {
  const f = r.findings.filter((x) => x.id === id && (subject === undefined || x.subject === subject));
  expect(f).toHaveLength(1);
  return f[0]!;
};

describe('effective settings', () => {
  test('policy beats machine beats user, value by value; settings carry path, type and source', () => {
    const r = doctor([
      { path: REG_PATHS.user, values: [dword('Disabled', 1), dword('DontShowUI', 1), dword('MaxQueueCount', 5)] },
      { path: REG_PATHS.machine, values: [dword('Disabled', 1), dword('DontShowUI', 0)] },
      { path: REG_PATHS.policy, values: [dword('Disabled', 0)] },
    ]);
    expect(r.settings).toEqual([
      { path: REG_PATHS.policy, name: 'Disabled', type: 'REG_DWORD', value: 0, source: 'policy' },
      { path: REG_PATHS.machine, name: 'DontShowUI', type: 'REG_DWORD', value: 0, source: 'machine' },
      { path: REG_PATHS.user, name: 'MaxQueueCount', type: 'REG_DWORD', value: 5, source: 'user' },
    ]);
    expect(ids(r)).not.toContain('wer-disabled');
    expect(ids(r)).not.toContain('ui-hidden');
    expect(one(r, 'archive-limit').severity).toBe('warning');
  });

  test('keys outside the WER roots are left out; HKEY_USERS\\<SID> reads as the user', () => {
    const r = doctor([
      { path: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Other', values: [dword('Disabled', 1)] },
      { path: 'HKEY_USERS\\S-1-5-21-1-2-3-1001\\SOFTWARE\\Microsoft\\Windows\\Windows Error Reporting', values: [dword('DisableArchive', 1)] },
    ]);
    expect(r.settings).toEqual([{ path: 'HKEY_USERS\\S-1-5-21-1-2-3-1001\\SOFTWARE\\Microsoft\\Windows\\Windows Error Reporting', name: 'DisableArchive', type: 'REG_DWORD', value: 1, source: 'user' }]);
    expect(ids(r)).toContain('archive-disabled');
  });
});

describe('findings', () => {
  test('nothing set: defaults (parameters-only archive) and no-settings', () => {
    const r = doctor([]);
    expect(ids(r)).toEqual(['archive-parameters-only', 'no-settings']);
    expect(one(r, 'archive-parameters-only').message).toMatch(/not set, and 1 is the default/);
  });

  test('wer-disabled from the machine key and from the policy, with fixes that fit each', () => {
    const machine = one(doctor([{ path: REG_PATHS.machine, values: [dword('Disabled', 1)] }]), 'wer-disabled');
    expect(machine).toEqual(expect.objectContaining({ severity: 'error', subject: 'Disabled' }));
    expect(machine.message).toContain(`Disabled = 1 (machine, ${REG_PATHS.machine})`);
    expect(machine.fix).toMatch(/^Turn WER back on.*delete Disabled under HKEY_LOCAL_MACHINE/);
    const policy = one(doctor([{ path: REG_PATHS.policy, values: [dword('Disabled', 1)] }]), 'wer-disabled');
    expect(policy.fix).toMatch(/Group Policy/);
    const pch = one(doctor([{ path: REG_PATHS.pchealth, values: [dword('DoReport', 0)] }]), 'wer-disabled');
    expect(pch.subject).toBe('DoReport');
    expect(pch.message).toContain(REG_PATHS.pchealth);
  });

  test('archive-disabled, queue-disabled, archive-parameters-only (explicit 1; none for 2)', () => {
    const r = doctor([{ path: REG_PATHS.machine, values: [dword('DisableArchive', 1), dword('DisableQueue', 1), dword('ConfigureArchive', 1)] }]);
    expect(one(r, 'archive-disabled').severity).toBe('warning');
    expect(one(r, 'queue-disabled').message).toMatch(/ReportQueue stays empty/);
    expect(one(r, 'archive-parameters-only').message).toContain('ConfigureArchive = 1 (machine');
    expect(ids(doctor([{ path: REG_PATHS.machine, values: [dword('ConfigureArchive', 2)] }]))).not.toContain('archive-parameters-only');
  });

  test('archive-limit per limit: below the default is a warning, policy-only limits are named', () => {
    const r = doctor([
      { path: REG_PATHS.machine, values: [dword('MaxArchiveCount', 20), dword('MaxQueueCount', 100)] },
      { path: REG_PATHS.policy, values: [dword('MaxQueueSize', 64), dword('MinFreeDiskSpace', 2000)] },
    ]);
    expect(one(r, 'archive-limit', 'MaxArchiveCount')).toEqual(expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/^MaxArchiveCount is 20: reports kept in ReportArchive \(default 1000\)/) }));
    expect(one(r, 'archive-limit', 'MaxQueueCount').severity).toBe('info');
    expect(one(r, 'archive-limit', 'MaxQueueSize').message).toMatch(/64 MB/);
    expect(one(r, 'archive-limit', 'MinFreeDiskSpace').message).toContain('policy');
  });

  test('corporate-server names the server, port and SSL', () => {
    const f = one(doctor([{ path: REG_PATHS.machine, values: [{ name: 'CorporateWERServer', kind: 'sz', data: 'cer.corp.example' }, dword('CorporateWERPortNumber', 8443), dword('CorporateWERUseSSL', 1)] }]), 'corporate-server');
    expect(f.subject).toBe('cer.corp.example');
    expect(f.message).toMatch(/cer\.corp\.example:8443 over SSL/);
    expect(f.fix).toMatch(/delete CorporateWERServer/);
  });

  test('local-dumps: one for the global key and one per app, with inherited folder/type/count; HKCU ones ignored', () => {
    const r = doctor([
      { path: `${REG_PATHS.machine}\\LocalDumps`, values: [{ name: 'DumpFolder', kind: 'expand', data: 'D:\\dumps' }, dword('DumpCount', 4)] },
      { path: `${REG_PATHS.machine}\\LocalDumps\\crashy.exe`, values: [dword('DumpType', 2)] },
      { path: `${REG_PATHS.machine}\\LocalDumps\\custom.exe`, values: [dword('DumpType', 0)] },
      { path: `${REG_PATHS.user}\\LocalDumps\\mine.exe`, values: [dword('DumpType', 2)] },
    ]);
    expect(r.findings.filter((f) => f.id === 'local-dumps').map((f) => f.subject).sort()).toEqual(['LocalDumps', 'LocalDumps\\mine.exe', 'crashy.exe', 'custom.exe']);
    expect(one(r, 'local-dumps', 'LocalDumps').message).toMatch(/^LocalDumps for every app: mini dumps into D:\\dumps, keeping 4\./);
    const crashy = one(r, 'local-dumps', 'crashy.exe');
    expect(crashy.message).toMatch(/^LocalDumps for crashy\.exe: full dumps into D:\\dumps, keeping 4\./);
    expect(crashy.fix).toMatch(/--disable-local-dumps crashy\.exe/);
    expect(one(r, 'local-dumps', 'custom.exe').severity).toBe('warning');
    expect(one(r, 'local-dumps', 'LocalDumps\\mine.exe')).toEqual(expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/HKEY_CURRENT_USER, where Windows does not read LocalDumps/) }));
    // The ignored HKCU value is not an effective setting.
    expect(r.settings.some((s) => s.source === 'user')).toBe(false);
  });

  test('a bare LocalDumps parent (only per-app keys under it) still means every app, and the message says why', () => {
    const r = doctor([{ path: `${REG_PATHS.machine}\\LocalDumps` }, { path: `${REG_PATHS.machine}\\LocalDumps\\one.exe`, values: [dword('DumpType', 2)] }]);
    expect(one(r, 'local-dumps', 'LocalDumps').message).toMatch(/^LocalDumps for every app: mini dumps .* no values of its own \(it holds the per-app keys\), yet Windows reads it as on for every app\./);
  });

  test('an empty LocalDumps\\app.exe key already means mini dumps in the default folder', () => {
    const f = one(doctor([{ path: `${REG_PATHS.machine}\\LocalDumps\\bare.exe` }]), 'local-dumps');
    expect(f.message).toMatch(/^LocalDumps for bare\.exe: mini dumps into %LOCALAPPDATA%\\CrashDumps, keeping 10\./);
  });

  test('excluded-application: one per app (WER key and PCHealth ExclusionList); a 0 value excludes nothing', () => {
    const r = doctor([
      { path: `${REG_PATHS.machine}\\ExcludedApplications`, values: [dword('skip.exe', 1), dword('kept.exe', 0), { name: 'other.exe', kind: 'sz', data: '' }] },
      { path: `${REG_PATHS.pchealth}\\ExclusionList`, values: [dword('legacy.exe', 1)] },
    ]);
    expect(r.findings.filter((f) => f.id === 'excluded-application').map((f) => f.subject)).toEqual(['legacy.exe', 'other.exe', 'skip.exe']);
    expect(one(r, 'excluded-application', 'skip.exe').fix).toBe(`Delete the value skip.exe under ${REG_PATHS.machine}\\ExcludedApplications.`);
  });

  test('consent: 1 (ask) is a warning naming ReportQueue, 4 is info', () => {
    expect(one(doctor([{ path: `${REG_PATHS.machine}\\Consent`, values: [dword('DefaultConsent', 1)] }]), 'consent')).toEqual(expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/ReportQueue/) }));
    expect(one(doctor([{ path: `${REG_PATHS.policy}\\Consent`, values: [dword('DefaultConsent', 4)] }]), 'consent').severity).toBe('info');
  });

  test('ui-hidden from DontShowUI and from PCHealth ShowUI=0', () => {
    const r = doctor([{ path: REG_PATHS.machine, values: [dword('DontShowUI', 1)] }, { path: REG_PATHS.pchealth, values: [dword('ShowUI', 0)] }]);
    expect(r.findings.filter((f) => f.id === 'ui-hidden').map((f) => f.subject)).toEqual(['DontShowUI', 'ShowUI']);
  });

  test('errors come first, then warnings, then info; REG_SZ numbers are read leniently', () => {
    const r = doctor([{ path: REG_PATHS.machine, values: [dword('DontShowUI', 1), dword('DisableQueue', 1), { name: 'Disabled', kind: 'sz', data: '1' }] }]);
    expect(r.findings.map((f) => f.severity)).toEqual(['error', 'warning', 'info', 'info']);
  });
});
