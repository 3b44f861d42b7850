/**
 * parseReportWerSummary (the scan's fast path) must give exactly what the full parse gives for
 * every field a WerReport takes, over every real Report.wer fixture and seeded damaged variants
 * of them (keys in odd case or with leading blanks, lone CRs, cut lines, binary noise).
 */
import { readFileSync } from 'node:fs';
// summaryOf only picks fields: what is compared is the parse with and without the key filter.
import { parseReportWer, parseReportWerSummary, summaryOf } from '../../../../electron/main/core/report/parse-report-wer';
import { keyInitials, ownCopy, splitWerLines } from '../../../../electron/main/core/report/report-wer-lines';
import { decodeText } from '../../../../electron/main/core/text/decode-text';
import { fixtureFiles, fixturePath } from '../../../support/fixtures';
import { mulberry32 } from '../../../support/prng';

const realTexts = (): [string, string][] => [
  ...fixtureFiles('reportwer').map((n): [string, string] => [n, decodeText(readFileSync(fixturePath('reportwer', n))).text]),
  ...fixtureFiles('invalid').map((n): [string, string] => [n, decodeText(readFileSync(fixturePath('invalid', n))).text]),
];

// Lines that probe the key filter: case, blanks before the key, keys that start with no letter.
const PROBES = [
  '  eventtype=Other', '\tSIG[1].VALUE=x', 'sig[02].name=Y', 'Cer.MachineName= PC-7 ', 'cer.machinename=PC-8',
  ' =x', '=x', '\u00a0AppName=nbsp', '1Key=v', '[3]=x', 'LoadedModule[0].Name=n', 'UI[1]=u', 'EventTime=1',
  'File[3].Type=3', 'file[3].cabname=memory.hdmp', 'OsInfo[0].Key=VerMaj', 'DynamicSig[1].Value=6.1.7601', 'no equals',
  'Response.BucketTable=5', 'AppSessionGuid=00000fa8-0001-0000-0090-2c521863dd01', '\u0001\u0002', 'ReportType=2',
];

describe('parseReportWerSummary', () => {
  it('equals the full parse on every real fixture', () => {
    for (const [name, text] of realTexts()) {
      expect([name, parseReportWerSummary(text)]).toEqual([name, summaryOf(parseReportWer(text))]);
    }
  });

  it('equals the full parse on seeded damaged variants', () => {
    const rng = mulberry32(0x5ca4);
    const texts = realTexts().map(([, t]) => t);
    for (let n = 0; n < 600; n++) {
      let text = rng.pick(texts);
      for (let e = rng.int(6); e >= 0; e--) {
        const at = rng.int(text.length + 1);
        const r = rng.next();
        if (r < 0.6) text = `${text.slice(0, at)}${rng.pick(['\r\n', '\r', '\n', ''])}${rng.pick(PROBES)}${text.slice(at)}`;
        else if (r < 0.85) text = text.slice(0, at) + text.slice(at + rng.int(300));
        else text = text.slice(at);
      }
      expect([n, parseReportWerSummary(text)]).toEqual([n, summaryOf(parseReportWer(text))]);
    }
  });

  it('counts every Key=Value line, kept or not, like the unfiltered split', () => {
    const text = ['LoadedModule[0]=a.dll', '  lower=1', 'Sig[0].Value=x', 'junk', '=v', '', ' ', 'Zed=1'].join('\r\n');
    const all = splitWerLines(text);
    const some = splitWerLines(text, { keep: keyInitials(['Sig[']) });
    expect([some.keyValueLines, some.malformedLines]).toEqual([all.keyValueLines, all.malformedLines]);
    expect([all.keyValueLines, all.malformedLines]).toEqual([4, 2]);
    expect(some.entries).toEqual([{ key: 'Sig[0].Value', value: 'x' }]);
    expect(splitWerLines(text, { ownValues: true })).toEqual(all);
    for (const s of ['', 'short', 'C:\\Program Files\\Contoso\\Viewer.exe', 'x'.repeat(5000)]) expect(ownCopy(s)).toBe(s);
    // A file of dropped lines only is still a Report.wer, not "no Key=Value line".
    expect(parseReportWerSummary('LoadedModule[0]=a.dll').problems).toEqual(parseReportWer('LoadedModule[0]=a.dll').problems);
  });
});
