import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WerReport } from '../../../../shared/report-model';
import { runCli } from '../../../../electron/cli/program';
import { SCAN_CSV_COLUMNS } from '../../../../electron/cli/commands/scan';
import { LIST_CSV_COLUMNS, formatScanHtml, reportsToCsv, reportsToHtml, reportsToJson } from '../../../../electron/main/core/export/list-export';
import { writeReportFolder } from '../../../../electron/main/core/sample/report-writer';
import { scanStores } from '../../../../electron/main/core/store/scan-stores';
import { extraLocations } from '../../../../electron/main/core/store/discover-stores';
import { captureIo } from '../../../support/capture-io';
import { buildStore, generatedSpec } from '../../../support/store-builder';

describe('list exports', () => {
  let root: string;
  let reports: WerReport[];
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-list-'));
    await buildStore(join(root, 'WER'), 9, { attachmentsEvery: 3 });
    // A report whose text tries to inject markup and spreadsheet formulas.
    const { spec } = generatedSpec(99);
    await writeReportFolder(join(root, 'WER', 'ReportArchive'), {
      ...spec,
      appName: '=HYPERLINK("http://evil.example","click")',
      signature: [['Application Name', '<script>alert("x")</script> & <img src=x onerror=alert(1)>'], ...spec.signature.slice(1)],
    });
    reports = (await scanStores(extraLocations([join(root, 'WER')]))).reports;
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('writes the same CSV and JSON as scan --csv / --json', async () => {
    expect([...LIST_CSV_COLUMNS]).toEqual([...SCAN_CSV_COLUMNS]);
    const csvIo = captureIo();
    expect(await runCli(['scan', '--csv', join(root, 'WER')], csvIo)).toBe(0);
    expect(reportsToCsv(reports)).toBe(csvIo.stdout());
    const jsonIo = captureIo();
    expect(await runCli(['scan', '--json', join(root, 'WER')], jsonIo)).toBe(0);
    expect(JSON.parse(reportsToJson(reports))).toEqual(JSON.parse(jsonIo.stdout()));
  });

  it('quotes CSV fields and, on request, defuses spreadsheet formulas', () => {
    const plain = reportsToCsv(reports).split('\r\n');
    expect(plain).toHaveLength(reports.length + 2);
    expect(plain.some((l) => l.includes('"=HYPERLINK(""http://evil.example"",""click"")"'))).toBe(true);
    const safe = reportsToCsv(reports, { spreadsheetSafe: true });
    expect(safe).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    expect(safe).not.toMatch(/,=HYPERLINK|,"=HYPERLINK/);
  });

  it('writes a self-contained HTML table with every report string escaped', () => {
    const html = reportsToHtml(reports, { title: 'Crashes <this week>', generatedAt: '2026-11-01T00:00:00Z' });
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).toContain('<title>Crashes &lt;this week&gt;</title>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;');
    // Every tag in the page is one of ours.
    expect(html).not.toMatch(/<(?!\/?(?:html|head|meta|title|style|body|h1|p|table|thead|tbody|tr|th|td)[\s>]|!DOCTYPE)/i);
    expect((html.match(/<tr>/g) ?? []).length).toBe(reports.length + 1);
    expect(html).toContain('c0000005 STATUS_ACCESS_VIOLATION');
    expect(formatScanHtml(reports)).toBe(reportsToHtml(reports));
  });
});
