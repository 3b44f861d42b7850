import { describeHangType, HANG_EXPLANATION, HANG_SIGNATURE_EXPLANATION } from '../../../shared/codes';

describe('describeHangType', () => {
  it('lists no flags for 0', () => {
    const d = describeHangType('0');
    expect(d).toMatchObject({ value: '0', hex: '0x00000000', flags: [] });
    expect(d.summary).toMatch(/no flags set/);
    expect(d.summary).toMatch(/does not publicly document/);
  });

  it('reports each set bit as an undocumented flag', () => {
    expect(describeHangType('134217728')).toMatchObject({
      hex: '0x08000000',
      flags: [{ bit: 27, mask: '0x08000000', meaning: null }],
    });
    expect(describeHangType('128').flags).toEqual([{ bit: 7, mask: '0x00000080', meaning: null }]);
    expect(describeHangType('1024').flags.map((f) => f.bit)).toEqual([10]);
    expect(describeHangType('134217856').flags.map((f) => f.mask)).toEqual(['0x00000080', '0x08000000']);
  });

  it('decodes the values of the real AppHangB1 / MoAppHang fixtures', () => {
    // ../shared/fixtures/reportwer/issue-microsoft-WSL-7782-AppHangB1.txt.wer (Sig[4]) and
    // blog-lindexi-MoAppHang-Edge-zh.txt.wer (Sig[5]).
    const wsl = describeHangType('134742016');
    expect(wsl.hex).toBe('0x08080000');
    expect(wsl.summary).toContain('undocumented flag 0x00080000, undocumented flag 0x08000000');
    expect(describeHangType(' 4194304 ').flags).toEqual([{ bit: 22, mask: '0x00400000', meaning: null }]);
  });

  it('handles the top bit, hex input and junk', () => {
    expect(describeHangType('4294967295').flags).toHaveLength(32);
    expect(describeHangType('0x80').flags.map((f) => f.bit)).toEqual([7]);
    expect(describeHangType('4294967296')).toMatchObject({ hex: null, flags: [] });
    expect(describeHangType('abc').summary).toMatch(/not a number/);
  });

  it('explains hangs and hang signatures in one line each', () => {
    for (const text of [HANG_EXPLANATION, HANG_SIGNATURE_EXPLANATION]) {
      expect(text).toMatch(/^[^\n]+\.$/);
    }
  });
});
