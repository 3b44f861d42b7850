import { normalizeHexCode, semanticFields, sigLayout } from '../../shared/sig-fields';

const sig = (...values: string[]) => values.map((value, index) => ({ index, value }));

describe('semanticFields', () => {
  it('reads APPCRASH code at 6 and offset at 7', () => {
    const f = semanticFields('APPCRASH', sig('a.exe', '1.0', '5f00', 'm.dll', '2.0', '6000', 'C0000005', '0001CCFA'));
    expect(f).toEqual({
      application: 'a.exe',
      applicationVersion: '1.0',
      applicationTimestamp: '5f00',
      module: 'm.dll',
      moduleVersion: '2.0',
      moduleTimestamp: '6000',
      exceptionCode: 'c0000005',
      exceptionOffset: '0001ccfa',
    });
  });

  it('reads BEX64 with offset and code swapped, plus exception data', () => {
    const f = semanticFields('bex64', sig('a.exe', '1', 't', 'ucrtbase.dll', '2', 't', '000000000007286e', 'c0000409', '00000007'));
    expect(f.exceptionCode).toBe('c0000409');
    expect(f.exceptionOffset).toBe('000000000007286e');
    expect(f.exceptionData).toBe('00000007');
  });

  it('keeps sparse indices and ignores unknown event types', () => {
    expect(semanticFields('AppHangB1', [{ index: 4, value: '134217728' }])).toEqual({ hangType: '134217728' });
    expect(semanticFields('WindowsUpdateFailure3', sig('x'))).toEqual({});
    expect(sigLayout(null)).toBeNull();
  });

  it('normalises hex codes and leaves non-hex values alone', () => {
    expect(normalizeHexCode('0x18')).toBe('00000018');
    expect(normalizeHexCode('PCH_74')).toBe('PCH_74');
  });
});
