import { IPC_CHANNELS, WER_METHODS } from '../../shared/wer-api';
import { isWerMethod, validateCall } from '../../shared/wer-api-validate';

describe('WerApi payload checks', () => {
  it('knows every method of the contract, and nothing else', () => {
    expect(WER_METHODS).toEqual(Object.keys(IPC_CHANNELS));
    for (const m of WER_METHODS) expect(isWerMethod(m)).toBe(true);
    for (const m of ['subscribe', 'constructor', '__proto__', 'toString', 42]) expect(isWerMethod(m)).toBe(false);
  });

  it('passes valid arguments through', () => {
    expect(validateCall('listReports', [])).toEqual({ ok: true, value: [] });
    expect(validateCall('getReport', ['abc'])).toEqual({ ok: true, value: ['abc'] });
    expect(validateCall('exportList', ['csv', ['a', 'b']])).toEqual({ ok: true, value: ['csv', ['a', 'b']] });
    const request = { taskId: 't1', reportIds: ['a'], options: { redact: true, sizeBudget: 1000, ticketText: 'BUG-1' } };
    expect(validateCall('exportBundle', [request])).toEqual({ ok: true, value: [request] });
    expect(validateCall('forwardReports', [{ taskId: 't2', reportIds: ['a'], server: 'http://cer' }])).toMatchObject({ ok: true });
    expect(validateCall('symbolSetup', [])).toEqual({ ok: true, value: [] });
    // Over HTTP an absent draft arrives as null.
    expect(validateCall('symbolSetup', [null])).toEqual({ ok: true, value: [] });
    const draft = { symbolPath: 'srv*https://symbols.example.com', symbolMicrosoftServer: true, symbolCacheDir: 'D:\\sym' };
    expect(validateCall('symbolSetup', [draft])).toEqual({ ok: true, value: [draft] });
    expect(validateCall('clearSymbolCache', [])).toEqual({ ok: true, value: [] });
  });

  it.each([
    ['listReports', ['extra'], /no arguments/],
    ['getReport', [42], /Report id is not valid/],
    ['getReport', ['x'.repeat(300)], /not valid/],
    ['getReport', ['a\u0000b'], /not valid/],
    ['setTriage', [42, {}], /problem key/],
    ['setTriage', ['k', 'status'], /triage change/],
    ['updateSettings', [[]], /settings change/],
    ['exportList', ['pdf', ['a']], /csv, json or html/],
    ['exportList', ['csv', []], /at least one/],
    ['exportBundle', [{ taskId: 't', reportIds: ['a'], options: { redact: 'yes' } }], /true or false/],
    ['exportBundle', [{ taskId: 't', reportIds: ['a'], options: { knownValues: [] } }], /Unknown export option/],
    ['exportBundle', [{ taskId: 't', reportIds: ['a'], options: { sizeBudget: -5 } }], /positive number/],
    ['forwardReports', [{ reportIds: ['a'] }], /Task id/],
    ['getTriage', [1, 2, 3, 4, 5], /Too many/],
    ['symbolSetup', ['srv*x'], /symbol settings to try are not valid/],
    ['symbolSetup', [{ theme: 'dark' }], /Unknown symbol setting: theme/],
    ['symbolSetup', [{}, {}], /one argument/],
    ['clearSymbolCache', ['C:\\Windows'], /no arguments/],
  ] as const)('%s(%j) is refused', (method, args, message) => {
    const r = validateCall(method, args as unknown as unknown[]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});
