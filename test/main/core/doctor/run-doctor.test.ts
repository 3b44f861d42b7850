/** The live doctor over a fake reg.exe (missing keys, access denied, failures) and the .reg file reader's limits. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WER_ROOTS } from '../../../../electron/main/core/doctor/effective-settings';
import { regExePath } from '../../../../electron/main/core/doctor/reg-exe';
import { doctorFromRegFile, doctorLive, doctorOutcome, NOT_WINDOWS } from '../../../../electron/main/core/doctor/run-doctor';
import { fakeReg } from '../../../support/reg-fake';
import { REG_PATHS, regFileBytes } from '../../../support/reg-writer';

describe('doctorLive', () => {
  test('queries each WER root with /s; missing keys are no settings; values combine across roots', async () => {
    const reg = fakeReg({
      [REG_PATHS.machine]: [{ name: 'Disabled', type: 'REG_DWORD', data: 1 }],
      [`${REG_PATHS.machine}\\LocalDumps\\crashy.exe`]: [{ name: 'DumpType', type: 'REG_DWORD', data: 2 }],
      [REG_PATHS.policy]: [{ name: 'DontShowUI', type: 'REG_DWORD', data: 1 }],
    });
    const r = await doctorLive({ platform: 'win32', runReg: reg.run });
    expect(reg.calls).toEqual(WER_ROOTS.map((root) => ['query', root.path, '/s']));
    if (!r.ok) throw new Error(r.error);
    expect(r.value.origin).toBe('live registry');
    expect(r.value.problems).toEqual([]);
    expect(r.value.findings.map((f) => f.id)).toEqual(['wer-disabled', 'archive-parameters-only', 'ui-hidden', 'local-dumps']);
    expect(r.value.settings.map((s) => [s.name, s.source])).toEqual([['Disabled', 'machine'], ['DontShowUI', 'policy'], ['DumpType', 'machine']]);
  });

  test('access denied on a key is a warning finding, not a failure; other reg.exe errors are problems', async () => {
    const reg = fakeReg({ [REG_PATHS.machine]: [{ name: 'DisableArchive', type: 'REG_DWORD', data: 1 }] }, { denyRead: [REG_PATHS.policy] });
    const r = await doctorLive({ platform: 'win32', runReg: reg.run });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.findings[0]).toEqual(expect.objectContaining({ id: 'registry-unreadable', severity: 'warning', subject: REG_PATHS.policy }));
    expect(r.value.findings.map((f) => f.id)).toContain('archive-disabled');

    const odd = await doctorLive({ platform: 'win32', runReg: async () => ({ code: 5, stdout: '', stderr: 'ERROR: something else\r\n' }) });
    expect(odd.ok && odd.value.problems).toHaveLength(WER_ROOTS.length);
    expect(odd.ok && odd.value.problems[0]).toBe(`${WER_ROOTS[0]!.path}: ERROR: something else`);
  });

  test('reg.exe that cannot be started is an error; off Windows the doctor says where it works', async () => {
    expect(await doctorLive({ platform: 'win32', runReg: () => Promise.reject(new Error('spawn ENOENT')) })).toEqual({ ok: false, error: 'cannot run reg.exe: spawn ENOENT' });
    expect(await doctorLive({ platform: 'linux' })).toEqual({ ok: false, error: NOT_WINDOWS });
  });

  test('reg.exe comes from %SystemRoot%\\System32, never PATH', () => {
    expect(regExePath({ SystemRoot: 'D:\\Win', PATH: 'C:\\evil' })).toBe('D:\\Win\\System32\\reg.exe');
    expect(regExePath({})).toBe('C:\\Windows\\System32\\reg.exe');
  });
});

describe('doctorOutcome (the UI call)', () => {
  test('a report on Windows, "unavailable" with the reason elsewhere, reg.exe failures as errors', async () => {
    const reg = fakeReg({ [REG_PATHS.machine]: [{ name: 'DisableQueue', type: 'REG_DWORD', data: 1 }] });
    const r = await doctorOutcome({ platform: 'win32', runReg: reg.run });
    expect(r.ok && r.value.kind === 'report' && r.value.report.findings.map((f) => f.id)).toContain('queue-disabled');
    expect(await doctorOutcome({ platform: 'darwin' })).toEqual({ ok: true, value: { kind: 'unavailable', reason: 'The doctor reads the live registry on Windows only.' } });
    expect(await doctorOutcome({ platform: 'win32', runReg: () => Promise.reject(new Error('spawn EACCES')) })).toEqual({ ok: false, error: 'cannot run reg.exe: spawn EACCES' });
  });
});

describe('doctorFromRegFile', () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'doctor-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  test('reads an export; a missing file or a non-export is a one-line error', async () => {
    const file = join(dir, 'wer.reg');
    await writeFile(file, regFileBytes([{ path: REG_PATHS.machine, values: [{ name: 'DisableQueue', kind: 'dword', data: 1 }] }]));
    const r = await doctorFromRegFile(file);
    expect(r.ok && r.value.findings.map((f) => f.id)).toContain('queue-disabled');
    expect(await doctorFromRegFile(join(dir, 'none.reg'))).toEqual({ ok: false, error: `cannot read ${join(dir, 'none.reg')}: ENOENT` });
    const junk = join(dir, 'junk.reg');
    await writeFile(junk, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    expect(await doctorFromRegFile(junk)).toEqual({ ok: false, error: expect.stringMatching(/junk\.reg: not a registry export/) });
  });
});
