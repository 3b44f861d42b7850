import { explainReport, formatOffset, isNoModule } from '../../shared/report-explain';
import { semanticFields } from '../../shared/sig-fields';
import { breakpadDump } from '../renderer/support/detail-factory';

/** A report row from Sig values in index order, as Report.wer writes them (Sig[0]…). */
const report = (eventType: string, values: readonly string[], appName: string | null = null) => ({
  eventType,
  appName,
  fields: semanticFields(eventType, values.map((value, index) => ({ index, value }))),
});
const fact = (x: ReturnType<typeof explainReport>, label: string) => x.facts.find((f) => f.label === label)?.value;

describe('what happened (explainReport)', () => {
  it('explains an access violation with the dump: code, module + offset, null-pointer write', () => {
    const x = explainReport(report('APPCRASH', ['test_app.exe', '0.0.0.0', '45d35f6c', 'test_app.exe', '0.0.0.0', '45d35f6c', 'c0000005', '0000429e']), breakpadDump());
    expect(x.headline).toMatch(/read, wrote or ran memory it was not allowed to touch/);
    expect(fact(x, 'Exception')).toBe('c0000005 STATUS_ACCESS_VIOLATION');
    expect(fact(x, 'Where')).toBe('test_app.exe at offset 0x429e (version 0.0.0.0)');
    expect(fact(x, 'Memory access')).toBe('tried to write to 0x45 — near address zero: the program used a null (empty) pointer');
    expect(x.warnings).toEqual([]);
  });

  it('gives the fast-fail reason of c0000409 (BEX64 Sig[8]) instead of "stack buffer overrun"', () => {
    // Values from fixtures reportwer/uberalex974-RL.Report.wer (GigaLearnBot.exe, ucrtbase.dll, data 7).
    const x = explainReport(report('BEX64', ['GigaLearnBot.exe', '0.0.0.0', '693130d9', 'ucrtbase.dll', '10.0.26100.7019', '55eee9bf', '00000000000a4ace', 'c0000409', '0000000000000007']), null);
    expect(x.headline).toMatch(/deliberately ended itself/);
    expect(fact(x, 'Fast-fail reason')).toBe('0x7 FAST_FAIL_FATAL_APP_EXIT');
  });

  it('says plainly when the code ran in no module', () => {
    const x = explainReport(report('APPCRASH', ['app.exe', '1.0', '0', 'unknown', '0.0.0.0', '00000000', 'c0000005', '00007ffb3a08286e']), null);
    expect(fact(x, 'Where')).toMatch(/^in no loaded module: .* \(the signature says “unknown”\)$/);
    expect(isNoModule('StackHash_0a9e')).toBe(true);
  });

  it('notes where the dump and the signature disagree', () => {
    const dump = { ...breakpadDump(), signatureCheck: { kind: 'differ' as const, dump: { module: 'test_app.exe', offset: '0x429e' }, report: { module: 'other.dll', offset: '0x10' }, message: 'the dump says one thing' } };
    const x = explainReport(report('APPCRASH', ['a.exe', '1', '0', 'other.dll', '1', '0', 'c0000409', '10']), dump);
    expect(x.warnings).toEqual([
      'The minidump records exception 0xc0000005 STATUS_ACCESS_VIOLATION, but the report’s signature says c0000409.',
      'The minidump and the report’s signature point to different places: the dump says one thing.',
    ]);
  });

  it('explains bug checks, live kernel events, hangs, .NET and PowerShell failures', () => {
    const blue = explainReport(report('BlueScreen', ['000000d1', 'fffff80000000000', '2', '0', 'fffff80312345678', '10_0_19045', '0_0', '256_1']), null);
    expect(fact(blue, 'Bug check')).toBe('0x000000d1 DRIVER_IRQL_NOT_LESS_OR_EQUAL');
    expect(fact(blue, 'Outcome')).toMatch(/blue screen/);
    expect(fact(explainReport(report('LiveKernelEvent', ['141', '0', '0', '0', '0']), null), 'Outcome')).toMatch(/kept running/);
    const hang = explainReport(report('AppHangB1', ['explorer.exe', '10.0', '0', 'a2f3', '134742016']), null);
    expect(hang.headline).toMatch(/^explorer\.exe stopped responding\./);
    expect(fact(hang, 'Hang signature')).toMatch(/^a2f3 — /);
    const clr = explainReport(report('CLR20r3', ['intel.exe', '1.0.0.0', '0', 'mscorlib', '4.8', '0', '1a2', '3c', 'System.IO.FileNotFoundException']), null);
    expect(clr.headline).toContain('System.IO.FileNotFoundException');
    expect(fact(clr, 'Meaning')).toMatch(/was not found/);
    expect(fact(clr, 'Method')).toMatch(/^method token 0x060001a2, IL offset 0x3c/);
    const ps = explainReport(report('PowerShell', ['powershell.exe', '10.0', 'System.NullReferenceException', 'System.Management.Automation.RuntimeException']), null);
    expect(fact(ps, 'Root cause')).toMatch(/^System.NullReferenceException — /);
  });

  it('falls back to the dump for the exception when the event type has no code, and to a plain note otherwise', () => {
    expect(fact(explainReport(report('Custom', ['x']), breakpadDump()), 'Where')).toBe('test_app.exe at offset 0x429e');
    expect(explainReport(report('Custom', ['x']), null).headline).toMatch(/^Custom is not a kind of report WER Explorer can explain/);
    expect(formatOffset('000000000007286e')).toBe('0x7286e');
    expect(formatOffset('PCH_74')).toBe('PCH_74');
  });
});
