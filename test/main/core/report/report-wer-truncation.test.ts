/**
 * A Report.wer cut off mid-file carries a problem saying so. The inputs are complete reports
 * (the generated ones end with FriendlyEventName, ConsentKey, AppName, AppPath as Windows writes
 * them; DownPower is a real Windows 11 file) cut at known places.
 */
import { readFileSync } from 'node:fs';
import { parseReportWer, parseReportWerSummary } from '../../../../electron/main/core/report/parse-report-wer';
import { generatedSpec } from '../../../support/store-builder';
import { formatReportWer } from '../../../../electron/main/core/sample/report-writer';
import { decodeText } from '../../../../electron/main/core/text/decode-text';
import { fixturePath } from '../../../support/fixtures';

const CUT = /^The Report\.wer looks cut off after "(.*)": it has none of the keys Windows writes at its end/;

function cutProblems(text: string): string[] {
  const full = parseReportWer(text).problems.filter((p) => CUT.test(p));
  // The scan's summary parse must say the same.
  expect(parseReportWerSummary(text).problems.filter((p) => CUT.test(p))).toEqual(full);
  return full;
}

describe('a Report.wer cut off mid-file', () => {
  const complete = formatReportWer(generatedSpec(3, 20).spec);

  it('has no such problem when complete, with or without a final line break', () => {
    expect(complete.endsWith('\r\n')).toBe(false);
    expect(cutProblems(complete)).toEqual([]);
    expect(cutProblems(`${complete}\r\n`)).toEqual([]);
  });

  it.each(['Sig[1].Value=', 'LoadedModule[7]=C:\\Windows', 'OsInfo[2].Va', 'ReportIdentifier=', 'Friendly'])(
    'says so when it ends inside the line starting %j',
    (lineStart) => {
      const at = complete.indexOf(lineStart);
      expect(at).toBeGreaterThan(0);
      const text = complete.slice(0, at + lineStart.length + 3);
      const problems = cutProblems(text);
      expect(problems).toHaveLength(1);
      // The problem quotes the cut line.
      expect(CUT.exec(problems[0]!)?.[1]?.startsWith(lineStart)).toBe(true);
    },
  );

  it('says so when it ends at a line break before the closing keys', () => {
    const text = complete.slice(0, complete.indexOf('FriendlyEventName='));
    expect(cutProblems(text)).toHaveLength(1);
  });

  it('cannot tell once the closing keys were written (a cut inside AppPath passes)', () => {
    expect(cutProblems(complete.slice(0, complete.length - 3))).toEqual([]);
  });

  it('a real Windows 11 Report.wer (UTF-16LE) cut in half', () => {
    const bytes = readFileSync(fixturePath('reportwer', 'DownPower-website.Report.wer'));
    expect(cutProblems(decodeText(bytes).text)).toEqual([]);
    const half = decodeText(bytes.subarray(0, bytes.length / 2)).text;
    expect(cutProblems(half)).toHaveLength(1);
  });
});
