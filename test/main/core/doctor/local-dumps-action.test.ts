/** The LocalDumps actions over a fake reg.exe: what is written, validation, access denied. */
import { applyLocalDumps, validateAppName } from '../../../../electron/main/core/doctor/local-dumps-action';
import { fakeReg } from '../../../support/reg-fake';
import { REG_PATHS } from '../../../support/reg-writer';

const KEY = `${REG_PATHS.machine}\\LocalDumps\\crashy.exe`;

describe('applyLocalDumps', () => {
  test('enable writes DumpType (2 full), DumpFolder as REG_EXPAND_SZ and DumpCount with reg add, and reads the key back', async () => {
    const reg = fakeReg();
    const r = await applyLocalDumps({ kind: 'enable', app: 'crashy.exe', dumpType: 'full', folder: '%TEMP%\\dumps', count: 3 }, reg.run);
    expect(r).toEqual({ ok: true, value: { key: KEY, changed: true, before: null, after: { DumpType: 2, DumpFolder: '%TEMP%\\dumps', DumpCount: 3 } } });
    expect(reg.calls.filter((c) => c[0] === 'add')).toEqual([
      ['add', KEY, '/v', 'DumpType', '/t', 'REG_DWORD', '/d', '2', '/f'],
      ['add', KEY, '/v', 'DumpFolder', '/t', 'REG_EXPAND_SZ', '/d', '%TEMP%\\dumps', '/f'],
      ['add', KEY, '/v', 'DumpCount', '/t', 'REG_DWORD', '/d', '3', '/f'],
    ]);
  });

  test('enable mini over an existing key changes only DumpType; the same again is no change', async () => {
    const reg = fakeReg({ [KEY]: [{ name: 'DumpType', type: 'REG_DWORD', data: 2 }, { name: 'DumpCount', type: 'REG_DWORD', data: 5 }] });
    const r = await applyLocalDumps({ kind: 'enable', app: 'crashy.exe', dumpType: 'mini' }, reg.run);
    expect(r.ok && r.value).toEqual({ key: KEY, changed: true, before: { DumpType: 2, DumpCount: 5 }, after: { DumpType: 1, DumpCount: 5 } });
    const again = await applyLocalDumps({ kind: 'enable', app: 'crashy.exe', dumpType: 'mini' }, reg.run);
    expect(again.ok && again.value.changed).toBe(false);
  });

  test('disable deletes the key; a missing key is nothing to do (no delete run)', async () => {
    const reg = fakeReg({ [KEY]: [{ name: 'DumpType', type: 'REG_DWORD', data: 2 }] });
    expect(await applyLocalDumps({ kind: 'disable', app: 'CRASHY.EXE' }, reg.run)).toEqual({ ok: true, value: { key: `${REG_PATHS.machine}\\LocalDumps\\CRASHY.EXE`, changed: true, before: { DumpType: 2 }, after: null } });
    expect(reg.keys.size).toBe(0);
    const none = await applyLocalDumps({ kind: 'disable', app: 'crashy.exe' }, reg.run);
    expect(none).toEqual({ ok: true, value: { key: KEY, changed: false, before: null, after: null } });
    expect(reg.calls.filter((c) => c[0] === 'delete')).toHaveLength(1);
  });

  test('access denied (not elevated) is said plainly', async () => {
    const reg = fakeReg({}, { denyWrites: true });
    expect(await applyLocalDumps({ kind: 'enable', app: 'crashy.exe', dumpType: 'full' }, reg.run)).toEqual({
      ok: false,
      error: { kind: 'failure', message: `access denied: writing ${KEY} needs an elevated prompt (Run as administrator)` },
    });
    const del = await applyLocalDumps({ kind: 'disable', app: 'crashy.exe' }, fakeReg({ [KEY]: [] }, { denyWrites: true }).run);
    expect(!del.ok && del.error.message).toMatch(/^access denied: deleting .* needs an elevated prompt/);
  });

  test('bad names, counts and folders are usage errors before reg.exe runs', async () => {
    for (const app of ['crashy', 'C:\\apps\\crashy.exe', 'a/b.exe', '..\\x.exe', '.exe ', ' x.exe', 'a"b.exe', 'a\nb.exe', `${'x'.repeat(300)}.exe`]) {
      expect(validateAppName(app).ok).toBe(false);
    }
    expect(validateAppName('My App (x64).EXE').ok).toBe(true);
    const reg = fakeReg();
    for (const bad of [{ count: 0 }, { count: 1.5 }, { count: 2 ** 31 }, { folder: '' }, { folder: 'C:\\a"b' }]) {
      const r = await applyLocalDumps({ kind: 'enable', app: 'crashy.exe', dumpType: 'mini', ...bad }, reg.run);
      expect(!r.ok && r.error.kind).toBe('usage');
    }
    expect(reg.calls).toEqual([]);
  });
});
