import { displayApplication, displayCode, summaryLine } from '../../shared/report-display';

const row = (eventType: string, fields: Record<string, string>, appName: string | null = null) => ({ eventType, fields, appName });

describe('report display values', () => {
  it('names packaged apps by package, not praid', () => {
    expect(displayApplication(row('MoAppCrash', { packageFullName: 'Microsoft.WindowsTerminal_1.18.10301.0_x64__8wekyb3d8bbwe', application: 'praid:App' }))).toBe('Microsoft.WindowsTerminal');
    expect(displayApplication(row('APPCRASH', {}, 'Task Manager'))).toBe('Task Manager');
  });

  it('picks the code that identifies the problem for each kind of event', () => {
    expect(displayCode(row('APPCRASH', { exceptionCode: 'c0000005' }))).toBe('c0000005');
    expect(displayCode(row('BlueScreen', { bugCheckCode: '000000d1' }))).toBe('0xd1');
    expect(displayCode(row('AppHangB1', { hangSignature: 'a2f3' }))).toBe('hang a2f3');
    expect(displayCode(row('CLR20r3', { exceptionType: 'System.NullReferenceException' }))).toBe('NullReferenceException');
  });

  it('writes a one-line summary a person understands', () => {
    expect(summaryLine(row('APPCRASH', { application: 'app.exe', module: 'mod.dll', exceptionCode: 'c0000005' }))).toBe(
      'app.exe crashed in mod.dll (c0000005 STATUS_ACCESS_VIOLATION)',
    );
    expect(summaryLine(row('BEX64', { application: 'g.exe', module: 'ucrtbase.dll', exceptionCode: 'c0000409', exceptionData: '00000007' }))).toBe(
      'g.exe crashed in ucrtbase.dll (c0000409 FAST_FAIL_FATAL_APP_EXIT)',
    );
    expect(summaryLine(row('AppHangB1', { application: 'explorer.exe', hangSignature: 'a2f3' }))).toBe('explorer.exe stopped responding');
    expect(summaryLine(row('BlueScreen', { bugCheckCode: '000000d1' }))).toBe('Windows stopped with bug check 0xd1');
  });
});
