import {
  parseAppSessionGuid,
  parseDecimal,
  parseLinkDate,
  parseTargetAppId,
  parseTargetAppVersion,
} from '../../../../electron/main/core/report/report-wer-values';
import { filetimeBigIntToIso, filetimeFromLittleEndian } from '../../../../electron/main/core/report/filetime';
import { mulberry32 } from '../../../support/prng';

describe('parseAppSessionGuid', () => {
  it('decodes the documented example: PID 8468, started 2024-01-26 23:13:07 UTC', () => {
    // The same process in metadata/JonJon565-WERC99C: Pid 8468, Uptime 1593 ms before 23:13:09.
    expect(parseAppSessionGuid('00002114-0001-0125-dfe1-fb38ad50da01')).toEqual({
      pid: 8468,
      startTime: '2024-01-26T23:13:07.644Z',
    });
  });

  it('accepts braces and upper case', () => {
    expect(parseAppSessionGuid('{00002114-0001-0125-DFE1-FB38AD50DA01}')?.pid).toBe(8468);
  });

  it('keeps the PID but drops an implausible start time', () => {
    expect(parseAppSessionGuid('0000007b-0000-0000-0000-000000000000')).toEqual({ pid: 123, startTime: null });
    expect(parseAppSessionGuid('0000007b-0000-0000-ffff-ffffffffffff')).toEqual({ pid: 123, startTime: null });
  });

  it('reads the start time like the BigInt FILETIME conversion (seeded random GUIDs)', () => {
    const rng = mulberry32(0x6a1d);
    const hex = (digits: number): string =>
      Array.from({ length: digits }, () => '0123456789abcdef'[rng.int(16)]).join('');
    for (let i = 0; i < 3000; i++) {
      // Half of them near real creation times (high bytes 01d0-01dc), half anywhere in 64 bits.
      const top = i % 2 === 0 ? `d${rng.int(13).toString(16)}01` : hex(4);
      const guid = `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(8)}${top}`;
      const timeHex = guid.slice(19, 23) + guid.slice(24);
      const bytes = Array.from({ length: 8 }, (_, b) => Number.parseInt(timeHex.slice(b * 2, b * 2 + 2), 16));
      const iso = filetimeBigIntToIso(filetimeFromLittleEndian(bytes));
      const ms = iso ? Date.parse(iso) : NaN;
      const expected = ms >= Date.UTC(1990, 0, 1) && ms < Date.UTC(2200, 0, 1) ? iso : null;
      expect([guid, parseAppSessionGuid(guid)?.startTime]).toEqual([guid, expected]);
    }
  });

  it('returns null for anything that is not a GUID', () => {
    for (const v of [null, '', 'not-a-guid', '00002114-0001-0125-dfe1-fb38ad50da0', 'x'.repeat(100000)]) {
      expect(parseAppSessionGuid(v)).toBeNull();
    }
  });
});

describe('parseTargetAppId', () => {
  it('splits Win32 and packaged ids', () => {
    expect(
      parseTargetAppId('W:0000f519feec486de87ed73cb92d3cac802400000000!0000aa6ea75aa228f3bd0caace870cf9cde305f4b7c6!Taskmgr.exe'),
    ).toEqual({
      kind: 'win32',
      programId: '0000f519feec486de87ed73cb92d3cac802400000000',
      fileId: '0000aa6ea75aa228f3bd0caace870cf9cde305f4b7c6',
      exeName: 'Taskmgr.exe',
      raw: 'W:0000f519feec486de87ed73cb92d3cac802400000000!0000aa6ea75aa228f3bd0caace870cf9cde305f4b7c6!Taskmgr.exe',
    });
    expect(parseTargetAppId('U:VectorUnit.BeachBuggyRacing_1.2.7.0_x64__hvbhrzr8672s2!App')).toEqual({
      kind: 'packaged',
      packageFullName: 'VectorUnit.BeachBuggyRacing_1.2.7.0_x64__hvbhrzr8672s2',
      applicationId: 'App',
      raw: 'U:VectorUnit.BeachBuggyRacing_1.2.7.0_x64__hvbhrzr8672s2!App',
    });
  });

  it('keeps anything else as other', () => {
    expect(parseTargetAppId('X:something')).toEqual({ kind: 'other', raw: 'X:something' });
    expect(parseTargetAppId('W:only!two')).toEqual({ kind: 'other', raw: 'W:only!two' });
    expect(parseTargetAppId('')).toBeNull();
  });
});

describe('parseTargetAppVersion', () => {
  it('reads the Win32 form with its doubled slashes', () => {
    expect(parseTargetAppVersion('2098//07//10:04:45:46!ed7d!lsass.exe')).toEqual({
      version: null,
      architecture: null,
      linkTime: '2098-07-10T04:45:46.000Z',
      checksum: 'ed7d',
      exeName: 'lsass.exe',
      raw: '2098//07//10:04:45:46!ed7d!lsass.exe',
    });
  });

  it('reads the packaged form, also with the single slashes of the upload XML', () => {
    expect(parseTargetAppVersion('1.2.7.0_x64_!2015/09/11:16:37:08!0!PurpleWinStore.exe')).toEqual({
      version: '1.2.7.0',
      architecture: 'x64',
      linkTime: '2015-09-11T16:37:08.000Z',
      checksum: '0',
      exeName: 'PurpleWinStore.exe',
      raw: '1.2.7.0_x64_!2015/09/11:16:37:08!0!PurpleWinStore.exe',
    });
  });

  it('keeps the raw text of unknown shapes', () => {
    expect(parseTargetAppVersion('garbage')).toMatchObject({ linkTime: null, exeName: null, raw: 'garbage' });
    expect(parseTargetAppVersion('a!b!c!d!e.exe')).toMatchObject({ linkTime: null, exeName: 'e.exe' });
  });
});

describe('parseLinkDate / parseDecimal', () => {
  it('rejects impossible dates but keeps odd years', () => {
    expect(parseLinkDate('1970//01//01:00:00:00')).toBe('1970-01-01T00:00:00.000Z');
    expect(parseLinkDate('2093//06//27:17:07:21')).toBe('2093-06-27T17:07:21.000Z');
    expect(parseLinkDate('0050//01//02:03:04:05')).toBe('0050-01-02T03:04:05.000Z');
    expect(parseLinkDate('2024//02//29:00:00:00')).toBe('2024-02-29T00:00:00.000Z');
    expect(parseLinkDate('2021//02//31:00:00:00')).toBeNull();
    expect(parseLinkDate('2021//13//01:00:00:00')).toBeNull();
    expect(parseLinkDate('2021-01-01')).toBeNull();
  });

  it('parses safe decimal integers only', () => {
    expect(parseDecimal('4294967295')).toBe(4294967295);
    expect(parseDecimal(' -2139705494 ')).toBe(-2139705494);
    expect(parseDecimal('1665527478120872319')).toBeNull();
    expect(parseDecimal('12a')).toBeNull();
    expect(parseDecimal(null)).toBeNull();
  });
});
