import { applySettingsPatch, defaultSettings, sanitizeSettings } from '../../shared/settings-model';

describe('settings model', () => {
  it('applies a valid patch field by field and keeps the rest', () => {
    const r = applySettingsPatch(defaultSettings(), { theme: 'dark', extraStores: ['D:\\reports', ' D:\\reports ', 'E:\\b.zip'], exportDefaults: { redact: false } });
    expect(r).toMatchObject({ ok: true, value: { theme: 'dark', extraStores: ['D:\\reports', 'E:\\b.zip'], exportDefaults: { redact: false, includeDumps: false } } });
  });

  it.each([
    [{ theme: 'pink' }, /Theme must be/],
    [{ extraStores: 'C:\\x' }, /list of folders/],
    [{ extraStores: [''] }, /folder path/],
    [{ cerServer: 'ftp://cer.example.com' }, /http or https/],
    [{ cerMachine: 'a\nb' }, /one line/],
    [{ cerCaFile: 42 }, /CA certificate file must be a file path/],
    [{ cerCaFile: 'C:\\ca.pem\u0000' }, /CA certificate file must be a file path/],
    [{ exportDefaults: { sizeBudgetMiB: -1 } }, /positive number/],
    [{ notifyNewCrashes: 'yes' }, /true or false/],
    [{ launchMissiles: true }, /Unknown setting: launchMissiles/],
    [null, /must be an object/],
  ])('refuses %j', (patch, message) => {
    const r = applySettingsPatch(defaultSettings(), patch);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it('accepts a CER server with or without a scheme', () => {
    expect(applySettingsPatch(defaultSettings(), { cerServer: 'cer.example.com:1273' })).toMatchObject({ ok: true, value: { cerServer: 'cer.example.com:1273' } });
    expect(applySettingsPatch(defaultSettings(), { cerServer: 'https://cer.example.com' })).toMatchObject({ ok: true });
  });

  it('keeps the CA certificate file of an HTTPS CER server, or none', () => {
    const withCa = applySettingsPatch(defaultSettings(), { cerCaFile: ' C:\\certs\\corp-ca.pem ' });
    expect(withCa).toMatchObject({ ok: true, value: { cerCaFile: 'C:\\certs\\corp-ca.pem' } });
    expect(withCa.ok && applySettingsPatch(withCa.value, { cerCaFile: '' })).toMatchObject({ ok: true, value: { cerCaFile: '' } });
  });

  it('sanitizes a file: keeps valid fields, drops the others, defaults for a non-object', () => {
    const { settings, dropped } = sanitizeSettings({ version: 1, theme: 'light', grouping: 'bogus', extraStores: [42] });
    expect(settings.theme).toBe('light');
    expect(settings.grouping).toBe('signature');
    expect(dropped).toEqual(['grouping', 'extraStores']);
    expect(sanitizeSettings('garbage')).toEqual({ settings: defaultSettings(), dropped: ['(whole file)'] });
  });
});
