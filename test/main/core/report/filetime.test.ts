import {
  FILETIME_UNIX_EPOCH,
  filetimeBigIntToIso,
  filetimeFromLittleEndian,
  filetimeToIso,
} from '../../../../electron/main/core/report/filetime';
import { mulberry32 } from '../../../support/prng';

describe('filetimeToIso', () => {
  it('converts decimal FILETIMEs from real Report.wer files', () => {
    // EventTime of DownPower-website.Report.wer; checked against Python's datetime(1601,1,1) + 13391590899211375 µs.
    expect(filetimeToIso('133915908992113755')).toBe('2025-05-13T06:21:39.211Z');
    // EventTime of Mayter-CVE-2019-1315.Report.wer (Windows 7).
    expect(filetimeToIso('132167965005638556')).toBe('2019-10-29T04:21:40.563Z');
    expect(filetimeToIso(' 133541169195413692 ')).toBe('2024-03-05T12:55:19.541Z');
  });

  it('maps the Unix epoch and the FILETIME origin', () => {
    expect(filetimeToIso(FILETIME_UNIX_EPOCH.toString())).toBe('1970-01-01T00:00:00.000Z');
    expect(filetimeToIso('10000')).toBe('1601-01-01T00:00:00.001Z');
  });

  it('returns null for zero, empty, non-numeric, negative and oversized values', () => {
    for (const v of [null, undefined, '', '   ', '0', '000', 'abc', '-5', '1.5e17', '0x01da50ad38fbe1df', '18446744073709551616', '9'.repeat(1_000_000)]) {
      expect(filetimeToIso(v)).toBeNull();
    }
  });

  it('accepts the largest 64-bit FILETIME', () => {
    expect(filetimeToIso('18446744073709551615')).toBe('+060056-05-28T05:36:10.955Z');
  });
});

describe('filetimeBigIntToIso / filetimeFromLittleEndian', () => {
  it('reads the creation time packed in an AppSessionGuid (wer-formats.md §2.2 example)', () => {
    const ft = filetimeFromLittleEndian([0xdf, 0xe1, 0xfb, 0x38, 0xad, 0x50, 0xda, 0x01]);
    expect(ft).toBe(0x01da50ad38fbe1dfn);
    expect(filetimeBigIntToIso(ft)).toBe('2024-01-26T23:13:07.644Z');
  });

  it('rejects zero, negative and >64-bit values', () => {
    expect(filetimeBigIntToIso(0n)).toBeNull();
    expect(filetimeBigIntToIso(-1n)).toBeNull();
    expect(filetimeBigIntToIso(1n << 64n)).toBeNull();
  });
});

describe('filetimeToIso agrees with the BigInt conversion', () => {
  it('on edge values and seeded random ones', () => {
    const rng = mulberry32(0xf17e);
    const values = [
      '1', '9999', '10000', '116444736000000000', '116444735999990001', '116444735999999999', '116444736000009999',
      '18446744073709551615', '00000000000000000001', '2650467743999990000', '2650467744000000000',
    ];
    for (let i = 0; i < 2000; i++) values.push(String(rng.int(2 ** 31)) + String(rng.int(1e9)).padStart(9, '0').slice(0, 1 + rng.int(9)));
    for (const v of values) expect([v, filetimeToIso(v)]).toEqual([v, filetimeBigIntToIso(BigInt(v))]);
  });
});
