import { readFileSync } from 'node:fs';
import { decodeText } from '../../../../electron/main/core/text/decode-text';
import { parseReportWer } from '../../../../electron/main/core/report/parse-report-wer';
import { parseIndexedKey } from '../../../../electron/main/core/report/report-wer-index';
import { fixturePath } from '../../../support/fixtures';

const wer = (...lines: string[]): string => lines.join('\r\n');

describe('parseReportWer: line structure', () => {
  it('accepts CRLF, LF and lone CR, splitting at the first "=" only', () => {
    const r = parseReportWer('Version=1\nEventType=APPCRASH\rState[0].Key=k\r\nState[0].Value=a=b=c');
    expect(r.entries).toEqual([
      { key: 'Version', value: '1' },
      { key: 'EventType', value: 'APPCRASH' },
      { key: 'State[0].Key', value: 'k' },
      { key: 'State[0].Value', value: 'a=b=c' },
    ]);
    expect(r.state).toEqual([{ index: 0, key: 'k', value: 'a=b=c' }]);
  });

  it('strips a leading BOM character and NUL padding', () => {
    const r = parseReportWer('\uFEFF\0Version=1\r\nEventType=BEX\r\nEventTime=133507243830375858\r\nAppName=a.exe\0\0');
    expect(r.entries[0]).toEqual({ key: 'Version', value: '1' });
    expect(r.eventTime).toBe('2024-01-26T06:33:03.037Z');
    expect(r.problems).toEqual([]);
  });

  it('keeps empty values and duplicate keys in entries; the last duplicate wins', () => {
    const r = parseReportWer(wer('EventType=APPCRASH', 'AppName=', 'EventType=BEX64', 'EventTime=133507243830375858'));
    expect(r.entries).toHaveLength(4);
    expect(r.eventType).toBe('BEX64');
    expect(r.appName).toBeNull();
  });

  it('reports lines without "=" once, with their count', () => {
    const r = parseReportWer(wer('EventType=APPCRASH', 'EventTime=133507243830375858', 'junk', '', 'more junk', '=no key', 'AppName=a.exe'));
    expect(r.problems).toEqual(['3 lines are not of the form Key=Value and were skipped.']);
  });

  it('builds sparse, index-sorted groups and tolerates half pairs', () => {
    const r = parseReportWer(
      wer(
        'EventType=APPCRASH',
        'Sig[7].Value=0001CCFA',
        'Sig[6].Name=Exception Code',
        'Sig[6].Value=C0000005',
        'DynamicSig[22].Name=Additional Information 1',
        'UI[3]=Title',
        'UI[2]=C:\\app.exe',
        'OsInfo[30].Key=buildflightid',
        'OsInfo[2].Value=19045',
        'File[4].Type=99',
        'LoadedModule[10]=C:\\b.dll',
        'Sig[x].Value=ignored',
        'Foo[1].Value=ignored',
      ),
    );
    expect(r.signature).toEqual([
      { index: 6, name: 'Exception Code', value: 'C0000005' },
      { index: 7, name: '', value: '0001CCFA' },
    ]);
    expect(r.fields).toEqual({ exceptionCode: 'c0000005', exceptionOffset: '0001ccfa' });
    expect(r.dynamicSignature).toEqual([{ index: 22, name: 'Additional Information 1', value: '' }]);
    expect(r.ui).toEqual([
      { index: 2, value: 'C:\\app.exe' },
      { index: 3, value: 'Title' },
    ]);
    expect(r.osInfo).toEqual([
      { index: 2, key: '', value: '19045' },
      { index: 30, key: 'buildflightid', value: null },
    ]);
    expect(r.files).toEqual([
      { index: 4, cabName: null, path: null, originalPath: null, type: 99, typeName: null, flags: null },
    ]);
    expect(r.loadedModules).toEqual([{ index: 10, value: 'C:\\b.dll' }]);
  });

  it('reads WOW64=1 (Windows 8.1) as an x64 host', () => {
    expect(parseReportWer(wer('EventType=APPCRASH', 'WOW64=1')).wow64Host).toBe(34404);
    expect(parseReportWer(wer('EventType=APPCRASH', 'Wow64Host=43620')).wow64Host).toBe(43620);
    expect(parseReportWer(wer('EventType=APPCRASH', 'WOW64=0')).wow64Host).toBeNull();
  });

  it('maps IsFatal 1/0/other and builds a bucket from any Response field', () => {
    expect(parseReportWer('IsFatal=1').isFatal).toBe(true);
    expect(parseReportWer('IsFatal=0').isFatal).toBe(false);
    expect(parseReportWer('IsFatal=4294967295').isFatal).toBeNull();
    expect(parseReportWer('Response.BucketTable=5').bucket).toEqual({ id: null, table: 5, legacyId: null });
    expect(parseReportWer('Response.type=4').bucket).toBeNull();
  });
});

describe('parseIndexedKey', () => {
  it('splits base, index and sub-key', () => {
    expect(parseIndexedKey('File[0].Original.Path')).toEqual({ base: 'file', index: 0, sub: 'original.path' });
    expect(parseIndexedKey('UI[12]')).toEqual({ base: 'ui', index: 12, sub: '' });
    for (const k of ['Sig', '[1].Value', 'Sig[].Value', 'Sig[1]Value', 'Sig[1234567890].Value', 'Sig[-1].Value']) {
      expect(parseIndexedKey(k)).toBeNull();
    }
  });
});

describe('parseReportWer: problems', () => {
  it('an empty file', () => {
    for (const text of ['', '\uFEFF', '\0\0\0', '  \r\n\r\n']) {
      expect(parseReportWer(text).problems).toEqual(['The Report.wer file is empty.']);
    }
  });

  it('text with no Key=Value line at all', () => {
    const r = parseReportWer('hello\r\nworld');
    expect(r.problems).toEqual(['This is not a Report.wer file: none of its lines has the form Key=Value.']);
    expect(r.entries).toEqual([]);
  });

  it('a single line', () => {
    const r = parseReportWer('EventType=APPCRASH');
    expect(r.eventType).toBe('APPCRASH');
    expect(r.problems).toEqual([
      'The Report.wer looks cut off after "EventType=APPCRASH": it has none of the keys Windows writes at its end (FriendlyEventName, ConsentKey, AppName or AppPath), so whatever followed is missing.',
      'The report has no EventTime, so the time of the failure is unknown.',
    ]);
    expect(parseReportWer('Version=1').problems).toContain('The report has no EventType, so the kind of failure is unknown.');
  });

  it('an EventTime that is not a FILETIME', () => {
    const r = parseReportWer(wer('EventType=APPCRASH', `EventTime=2024-01-01 ${'x'.repeat(500)}`, 'ConsentKey=APPCRASH'));
    expect(r.eventTime).toBeNull();
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/^The EventTime "2024-01-01 x+…" is not a valid time stamp/);
    expect(r.problems[0]!.length).toBeLessThan(150);
  });

  it('binary garbage named Report.wer (fixture invalid/Fasil-Getu-Pharmacy)', () => {
    const bytes = readFileSync(fixturePath('invalid', 'Fasil-Getu-Pharmacy.Report.wer.notwer'));
    const r = parseReportWer(decodeText(bytes).text);
    expect(r.eventType).toBeNull();
    expect(r.problems).toEqual([
      expect.stringMatching(/^The file is mostly binary data \(\d+% unreadable characters\)/),
      'This is not a Report.wer file: none of its lines has the form Key=Value.',
    ]);
  });

  it('a real file cut at every 97th byte never throws and keeps what came before the cut', () => {
    const bytes = readFileSync(fixturePath('reportwer', 'DownPower-website.Report.wer'));
    for (let cut = 0; cut <= bytes.length; cut += 97) {
      const r = parseReportWer(decodeText(bytes.subarray(0, cut)).text);
      expect(Array.isArray(r.problems)).toBe(true);
      if (cut > 200) expect(r.eventType).toBe('APPCRASH');
    }
  });
});

describe('parseReportWer: size', () => {
  it('handles multi-MB lines and many lines in linear time', () => {
    const huge = wer('EventType=APPCRASH', `AppPath=${'A'.repeat(4_000_000)}`, `junk${'='.repeat(2_000_000)}`, 'x'.repeat(2_000_000));
    const manyLines = 'no equals sign here\n'.repeat(200_000);
    const start = performance.now();
    const r = parseReportWer(huge);
    const r2 = parseReportWer(manyLines);
    const elapsed = performance.now() - start;
    expect(r.appPath).toHaveLength(4_000_000);
    expect(r.problems).toContain('1 line is not of the form Key=Value and was skipped.');
    expect(r2.problems).toContain('This is not a Report.wer file: none of its lines has the form Key=Value.');
    expect(elapsed).toBeLessThan(2000);
  });
});
