/**
 * The enableFullDumps call end to end on the service side: its payload check (both transports use
 * it) and the service over a fake reg.exe, elevated (reg.exe runs directly) and off Windows.
 */
import { createWerService, type WerServiceOptions } from '../../../../electron/main/core/app/wer-service';
import { validateCall } from '../../../../shared/wer-api-validate';
import { fakeReg } from '../../../support/reg-fake';
import { REG_PATHS } from '../../../support/reg-writer';

const KEY = `${REG_PATHS.machine}\\LocalDumps\\crashy.exe`;

/** A service whose only parts in use are the shell's elevation and the doctor's registry access. */
function service(doctor: WerServiceOptions['doctor'], elevated: WerServiceOptions['shell']['elevated']) {
  // enableFullDumps touches neither the library, the triage nor the settings.
  const unused = {} as Pick<WerServiceOptions, 'host' | 'triage' | 'settings'>;
  return createWerService({ ...unused, dataDir: '/nonexistent', shell: { mode: 'browser', elevated }, doctor } as WerServiceOptions);
}

describe('enableFullDumps call', () => {
  it('accepts one app name and refuses anything else before the core sees it', () => {
    expect(validateCall('enableFullDumps', ['crashy.exe'])).toEqual({ ok: true, value: ['crashy.exe'] });
    for (const bad of [[], [''], [42], ['a.exe', 'b.exe'], ['bad\nname.exe'], ['x'.repeat(256)]]) {
      expect(validateCall('enableFullDumps', bad)).toEqual({ ok: false, error: 'The app name is not valid.' });
    }
  });

  it('runs reg.exe directly when the app is elevated, and reports the key before and after', async () => {
    const reg = fakeReg();
    const calls = service({ platform: 'win32', runReg: reg.run }, Promise.resolve(true));
    expect(await calls.enableFullDumps('crashy.exe')).toEqual({ ok: true, value: { kind: 'done', key: KEY, changed: true, before: null, after: { DumpType: 2 } } });
    expect(reg.calls).toEqual([['query', KEY], ['add', KEY, '/v', 'DumpType', '/t', 'REG_DWORD', '/d', '2', '/f'], ['query', KEY]]);
  });

  it('checks the app name as the CLI does, and says it needs Windows elsewhere', async () => {
    const reg = fakeReg();
    const bad = await service({ platform: 'win32', runReg: reg.run }, true).enableFullDumps('..\\crashy.exe');
    expect(bad.ok ? null : bad.error).toMatch(/^"\.\.\\\\crashy\.exe" is not an app file name/);
    expect(reg.calls).toEqual([]);
    expect(await service({ platform: 'linux' }, null).enableFullDumps('crashy.exe')).toEqual({
      ok: false,
      error: 'LocalDumps are a Windows setting: full dumps can be turned on on Windows only.',
    });
  });
});
