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
    [{ symbolPath: 42 }, /symbol path must be text/],
    [{ symbolPath: 'srv*C:\\sym*https://a\nb' }, /one line/],
    [{ symbolPath: 'x'.repeat(16_385) }, /too long/],
    [{ symbolMicrosoftServer: 'on' }, /true or false/],
    [{ symbolCacheDir: 'symbols' }, /symbol cache folder must be a full path/],
    [{ symbolCacheDir: '..\\cache' }, /full path/],
    [{ symbolCacheDir: 'C:\\sym\u0000' }, /symbol cache folder must be a file path/],
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

  it('keeps the symbol settings: a WinDbg path (bad elements are the core\'s business), the Microsoft toggle, a full cache folder', () => {
    expect(defaultSettings()).toMatchObject({ symbolPath: '', symbolMicrosoftServer: false, symbolCacheDir: '' });
    const path = 'srv*C:\\Symbols*https://symbols.example.com; D:\\builds\\pdb ;bogus*x';
    const r = applySettingsPatch(defaultSettings(), { symbolPath: ` ${path} `, symbolMicrosoftServer: true, symbolCacheDir: ' D:\\SymCache ' });
    expect(r).toEqual({ ok: true, value: { ...defaultSettings(), symbolPath: path, symbolMicrosoftServer: true, symbolCacheDir: 'D:\\SymCache' } });
    for (const dir of ['C:/sym', '\\\\server\\share\\sym', '/var/cache/symbols', '']) {
      expect(applySettingsPatch(defaultSettings(), { symbolCacheDir: dir })).toMatchObject({ ok: true, value: { symbolCacheDir: dir } });
    }
  });

  it('loads a settings file written before the symbol settings existed, and drops bad symbol fields', () => {
    const old = { version: 1, useDefaultStores: false, extraStores: ['D:\\reports'], cerServer: 'http://cer:1273', cerCaFile: 'C:\\ca.pem', theme: 'dark' };
    const { settings, dropped } = sanitizeSettings(old);
    expect(dropped).toEqual([]);
    expect(settings).toMatchObject({ ...old, symbolPath: '', symbolMicrosoftServer: false, symbolCacheDir: '' });
    const bad = sanitizeSettings({ ...old, symbolPath: 7, symbolMicrosoftServer: 'yes', symbolCacheDir: 'relative' });
    expect(bad.dropped).toEqual(['symbolPath', 'symbolMicrosoftServer', 'symbolCacheDir']);
    expect(bad.settings).toMatchObject({ symbolPath: '', symbolMicrosoftServer: false, symbolCacheDir: '' });
  });

  it('sanitizes a file: keeps valid fields, drops the others, defaults for a non-object', () => {
    const { settings, dropped } = sanitizeSettings({ version: 1, theme: 'light', grouping: 'bogus', extraStores: [42] });
    expect(settings.theme).toBe('light');
    expect(settings.grouping).toBe('signature');
    expect(dropped).toEqual(['grouping', 'extraStores']);
    expect(sanitizeSettings('garbage')).toEqual({ settings: defaultSettings(), dropped: ['(whole file)'] });
  });
});
