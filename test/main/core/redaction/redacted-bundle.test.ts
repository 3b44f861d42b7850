import { readdir, readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { BundleManifest, BundlePlan } from '../../../../shared/export-model';
import { importBundle } from '../../../../electron/main/core/bundle-import/import-bundle';
import { planBundle } from '../../../../electron/main/core/export/bundle-plan';
import { writeBundle } from '../../../../electron/main/core/export/bundle-writer';
import { parseReportWer } from '../../../../electron/main/core/report/parse-report-wer';
import { decodeText } from '../../../../electron/main/core/text/decode-text';
import { SEEDED, SEEDED_FILES, SEEDED_VALUES, writeSeededReport } from '../../../support/seeded-report';
import { unzipNames, unzipTest } from '../../../support/unzip';

async function walkFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walkFiles(p)));
    else out.push(p);
  }
  return out;
}

describe('a redacted bundle', () => {
  let root: string;
  let folders: string[];
  let plan: BundlePlan;
  let extracted: string;
  let manifest: BundleManifest;
  const zip = () => join(root, 'redacted.zip');

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-redact-'));
    const store = join(root, 'ReportArchive');
    folders = [(await writeSeededReport(store, 0)).folder, (await writeSeededReport(store, 1)).folder];
    // The machine name and domain come from the user (the CLI adds the local ones on Windows).
    plan = await planBundle(folders, { redact: true, knownValues: [{ category: 'domain', value: SEEDED.domain }] });
    const written = await writeBundle(plan, zip());
    if (!written.ok) throw new Error(written.error.message);
    manifest = written.value.manifest;
    const imported = await importBundle(zip(), join(root, 'extracted'));
    if (!imported.ok) throw new Error(imported.error);
    extracted = imported.value.root;
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('is a valid zip for Info-ZIP', () => {
    expect(unzipTest(zip())).toMatch(/No errors detected/);
  });

  it('holds none of the planted values in any file, after decoding UTF-16, nor in any name', async () => {
    const files = await walkFiles(extracted);
    expect(files.length).toBeGreaterThanOrEqual(11);
    for (const file of files) {
      const text = decodeText(await readFile(file)).text.toLowerCase();
      for (const value of SEEDED_VALUES) expect({ file: relative(extracted, file), found: text.includes(value.toLowerCase()) }).toEqual({ file: relative(extracted, file), found: false });
    }
    const names = unzipNames(zip()).join('\n').toLowerCase();
    for (const value of SEEDED_VALUES) expect(names).not.toContain(value.toLowerCase());
  });

  it('uses the same placeholder for the same value in every file', async () => {
    const folder = join(extracted, plan.reports[0]?.zipFolder ?? '');
    const text = async (name: string) => decodeText(await readFile(join(folder, name))).text;
    const user = plan.redaction?.placeholders.find((p) => p.value.toLowerCase() === SEEDED.user)?.placeholder;
    const guid = plan.redaction?.placeholders.find((p) => p.category === 'machine-guid')?.placeholder;
    expect(user).toBe('<user-1>');
    expect(guid).toBe('<machine-guid-1>');
    for (const name of [SEEDED_FILES.wer, SEEDED_FILES.csv]) expect(await text(name)).toContain(`\\Users\\${user}\\`);
    expect(await text(SEEDED_FILES.txt)).toContain(`<domain-1>\\${user} <sid-1>`);
    expect(await text(SEEDED_FILES.wer)).toContain(guid);
    expect(await text(SEEDED_FILES.xml)).toContain('<MID>&lt;machine-guid-1&gt;</MID>');
    // The second report's files use the same numbering as the first's.
    const other = decodeText(await readFile(join(extracted, plan.reports[1]?.zipFolder ?? '', SEEDED_FILES.wer))).text;
    expect(other).toContain(`\\Users\\${user}\\`);
  });

  it('keeps Report.wer in UTF-16LE with its BOM, parseable, with the same event type and signature', async () => {
    for (const [i, folder] of folders.entries()) {
      const original = decodeText(await readFile(join(folder, SEEDED_FILES.wer)));
      const bytes = await readFile(join(extracted, plan.reports[i]?.zipFolder ?? '', SEEDED_FILES.wer));
      expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfe]);
      const redacted = decodeText(bytes);
      expect(redacted.encoding).toBe('utf-16le');
      const [a, b] = [parseReportWer(original.text), parseReportWer(redacted.text)];
      expect(b.problems).toEqual([]);
      expect(b.eventType).toBe(a.eventType);
      expect(b.signature).toEqual(a.signature);
      expect(b.appPath).toBe('C:\\Users\\<user-1>\\AppData\\Local\\Contoso\\Viewer\\ContosoViewer.exe');
    }
  });

  it('records categories and counts in the manifest, never the values', async () => {
    const categories = manifest.redaction.counts.map((c) => c.category);
    expect(categories).toEqual(['user', 'machine', 'domain', 'email', 'ipv4', 'ipv6', 'sid', 'machine-guid']);
    for (const c of manifest.redaction.counts) expect(c.occurrences).toBeGreaterThanOrEqual(c.values);
    // Per report: AppPath, UI[2], LoadedModule[0], ReportDescription, the csv row and the txt account.
    expect(manifest.redaction.counts.find((c) => c.category === 'user')).toEqual({ category: 'user', values: 1, occurrences: 12 });
    expect(manifest.redaction.counts).toEqual(plan.redaction?.summary.counts);
    const json = (await readFile(join(extracted, 'manifest.json'), 'utf8')).toLowerCase();
    for (const value of SEEDED_VALUES) expect(json).not.toContain(value.toLowerCase());
    expect(manifest.files.filter((f) => f.redacted && f.kind !== 'summary')).toHaveLength(8);
  });

  it('leaves dumps and binary files out, saying why', () => {
    expect(manifest.leftOut.map((l) => [l.path.split('/').pop(), l.reason])).toEqual([
      [SEEDED_FILES.dump, 'dump-not-redactable'],
      [SEEDED_FILES.etl, 'binary-not-redactable'],
      [SEEDED_FILES.dump, 'dump-not-redactable'],
      [SEEDED_FILES.etl, 'binary-not-redactable'],
    ]);
  });

  it('includes dumps only when asked, marked unredacted with a warning', async () => {
    const withDumps = await planBundle(folders.slice(0, 1), { redact: true, includeDumps: true });
    const out = join(root, 'with-dumps.zip');
    const written = await writeBundle(withDumps, out);
    if (!written.ok) throw new Error(written.error.message);
    const dump = written.value.manifest.files.find((f) => f.kind === 'minidump');
    expect(dump).toMatchObject({ redacted: false, path: `${withDumps.reports[0]?.zipFolder}/${SEEDED_FILES.dump}` });
    expect(written.value.manifest.warnings.map((w) => w.kind)).toEqual(['unredacted-dumps']);
    expect(unzipTest(out)).toMatch(/No errors detected/);
  });
});
