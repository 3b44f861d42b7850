/**
 * The Sig[n] names records made from the event log carry, against the names in the real English
 * Report.wer files of ../shared/fixtures/reportwer (one per event type we name).
 */
import { readFileSync } from 'node:fs';
import { sigName, sigNames } from '../../../../electron/main/core/records/sig-names';
import { parseReportWer } from '../../../../electron/main/core/report/parse-report-wer';
import { decodeText } from '../../../../electron/main/core/text/decode-text';
import { fixturePath } from '../../../support/fixtures';

const ENGLISH_REPORTS = [
  'issue-withinboredom-ipv6-wsl-2-APPCRASH.txt.wer',
  'DebugPrivilege-beacon-BEX64.txt.wer',
  'issue-virtio-win-393-CriticalProcessFault2.txt.wer',
  'JonJon565-JohnsDDLs.Report.wer',
  'issue-microsoft-WSL-7782-AppHangB1.txt.wer',
  'writeup-HTB-CA2024-Confinement-CLR20r3.txt.wer',
  'blog-OSDeploy-GitBook-PowerShell-generic.txt.wer',
];

test.each(ENGLISH_REPORTS)('%s: every Sig[n].Name is the name we give', (file) => {
  const wer = parseReportWer(decodeText(readFileSync(fixturePath('reportwer', file))).text);
  expect(wer.signature.length).toBeGreaterThan(0);
  const names = sigNames(wer.eventType);
  expect(wer.signature.map((s) => sigName(names, s.index))).toEqual(wer.signature.map((s) => s.name));
});

test('an event type we do not know, or an index past the table, gets the log’s own P name', () => {
  expect(sigName(sigNames('crashpad_log'), 0)).toBe('P1');
  expect(sigName(sigNames('APPCRASH'), 9)).toBe('P10');
  expect(sigName(sigNames(' apphangb1 '), 3)).toBe('Hang Signature');
});
