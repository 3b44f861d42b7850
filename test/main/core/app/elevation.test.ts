/**
 * The Windows elevation check, without Windows: the platform and the program runner are injected,
 * and the whoami lines are as `whoami /groups /fo csv /nh` prints them (the label's name is
 * localized; its SID is not).
 */
import { checkElevation, elevationFromGroups, type RunProgram } from '../../../../electron/main/core/app/elevation';

const line = (name: string, sid: string) => `"${name}","Label","${sid}",""`;
const GROUPS = ['"Everyone","Well-known group","S-1-1-0","Mandatory group, Enabled by default, Enabled group"', '"BUILTIN\\Administrators","Alias","S-1-5-32-544","Group used for deny only"'];
const output = (...lines: string[]) => [...GROUPS, ...lines].join('\r\n') + '\r\n';
const MEDIUM = output(line('Mandatory Label\\Medium Mandatory Level', 'S-1-16-8192'));
const HIGH = output(line('Etiqueta obligatoria\\Nivel obligatorio alto', 'S-1-16-12288'));
const SYSTEM = output(line('Mandatory Label\\System Mandatory Level', 'S-1-16-16384'));

describe('elevationFromGroups', () => {
  it('is true from the High mandatory level up, false below, null without a label', () => {
    expect(elevationFromGroups(HIGH)).toBe(true);
    expect(elevationFromGroups(SYSTEM)).toBe(true);
    expect(elevationFromGroups(MEDIUM)).toBe(false);
    expect(elevationFromGroups(output())).toBeNull();
    expect(elevationFromGroups('')).toBeNull();
  });
});

describe('checkElevation', () => {
  it('is null off Windows, without running anything', async () => {
    const run = jest.fn<ReturnType<RunProgram>, Parameters<RunProgram>>();
    expect(await checkElevation({ platform: 'linux', run })).toBeNull();
    expect(await checkElevation({ platform: 'darwin', run })).toBeNull();
    expect(run).not.toHaveBeenCalled();
  });

  it('asks whoami from the system folder, and answers only when whoami has (nothing waits for it)', async () => {
    let answer: (text: string) => void = () => undefined;
    const run = jest.fn<ReturnType<RunProgram>, Parameters<RunProgram>>(() => new Promise((resolve) => (answer = resolve)));
    let result: boolean | null | 'pending' = 'pending';
    const checking = checkElevation({ platform: 'win32', systemRoot: 'D:\\Win', run }).then((r) => (result = r));
    await new Promise((r) => setImmediate(r));
    expect(run).toHaveBeenCalledWith('D:\\Win\\System32\\whoami.exe', ['/groups', '/fo', 'csv', '/nh']);
    expect(result).toBe('pending');
    answer(HIGH);
    await checking;
    expect(result).toBe(true);
    expect(await checkElevation({ platform: 'win32', run: async () => MEDIUM })).toBe(false);
  });

  it('is unknown, not "not elevated", when whoami fails or says nothing useful', async () => {
    expect(await checkElevation({ platform: 'win32', run: () => Promise.reject(new Error('spawn ENOENT')) })).toBeNull();
    expect(await checkElevation({ platform: 'win32', run: async () => 'ERROR: Access denied.' })).toBeNull();
    // Wine 8's whoami ignores /groups and prints only the user (seen by the Windows lane).
    expect(await checkElevation({ platform: 'win32', run: async () => 'VM\\nobody\r\n' })).toBeNull();
  });
});
