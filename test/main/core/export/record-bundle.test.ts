/**
 * Bundles of records that are not (only) a WER folder: a LocalDumps dump (store CrashDumps), a
 * crash known only from a saved event log, and one crash recorded by all three (WER folder, event
 * log, LocalDumps dump). The records come from scanning a tree built here: report folders from the
 * store builder, real dbghelp dumps (localdumps-crashes.ts) and an .evtx written by the test EVTX
 * writer whose 1000 names the folder's report id. The truth is that
 * construction; Info-ZIP (`unzip -t`, `-Z1`, `-p`) reads the zips.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { planBundle } from '../../../../electron/main/core/export/bundle-plan';
import { writeBundle } from '../../../../electron/main/core/export/bundle-writer';
import { extraLocations } from '../../../../electron/main/core/store/discover-stores';
import { mergeRecords } from '../../../../electron/main/core/records/merge-records';
import { scanStores } from '../../../../electron/main/core/store/scan-stores';
import { escapeMarkdown as md } from '../../../../shared/markdown-escape';
import type { BundleOptions } from '../../../../shared/export-model';
import type { WerReport } from '../../../../shared/report-model';
import { APP_ERROR_VALUES, appError1000Classic, REPORT_ID, wer1001Classic } from '../../../support/evtx-crash-events';
import { writeEvtx } from '../../../support/evtx-writer';
import { buildCrashyFixtures, type CrashyCrash } from '../../../support/localdumps-crashes';
import { buildStore, type BuiltReport } from '../../../support/store-builder';
import { unzipNames, unzipTest, unzipText } from '../../../support/unzip';

/** The user name in every path of the tree (redaction must replace it). */
const USER = 'alicekw';

let root = '';
let crashDumps = '';
let evtx = '';
let built: BuiltReport;
let merged: CrashyCrash;
let alone: CrashyCrash;
let records: WerReport[] = [];

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  const fx = await buildCrashyFixtures();
  merged = fx.crashes.find((c) => c.mode === 'app' && c.dumpType === 0)!;
  alone = fx.crashes.find((c) => c.mode === 'lib' && c.dumpType === 0)!;
  root = await mkdtemp(join(tmpdir(), 'wer-record-bundle-'));
  const home = join(root, 'Users', USER);
  const stores = join(home, 'WER');
  [built] = (await buildStore(stores, 1)) as [BuiltReport];
  crashDumps = join(home, 'AppData', 'Local', 'CrashDumps');
  await mkdir(crashDumps, { recursive: true });
  for (const c of [merged, alone]) await copyFile(c.dump, join(crashDumps, basename(c.dump)));
  // Record 1: the 1000 of the built folder's crash (by its report id).
  // Records 3 and 4: a crash whose folder is gone (REPORT_ID names no folder).
  const values = [...APP_ERROR_VALUES];
  values[12] = built.spec.reportIdentifier.toUpperCase();
  const events = [
    { ...appError1000Classic(1), data: { kind: 'classic' as const, strings: values } },
    appError1000Classic(3),
    wer1001Classic(4, '1541199205021550517'),
  ];
  await mkdir(join(home, 'Desktop'), { recursive: true });
  evtx = join(home, 'Desktop', 'Application.evtx');
  await writeFile(evtx, writeEvtx(events));
  const scanned = (await scanStores(extraLocations([stores, crashDumps, evtx]))).reports;
  // The scan gives these dumps no process start time, so the dump cannot find its crash by
  // process: it is given the folder's process (what a dump of that crash holds) and merged again.
  const folder = scanned.find((r) => r.folder === built.folder)!;
  const dump = scanned.find((r) => r.folder === join(crashDumps, basename(merged.dump)))!;
  records = mergeRecords([...scanned.filter((r) => r !== dump), { ...dump, process: folder.process }]);
}, 400_000);

afterAll(() => rm(root, { recursive: true, force: true }));

const mergedRecord = () => records.find((r) => r.folder === built.folder)!;
const logOnly = () => records.find((r) => r.store === 'EventLog' && r.id === REPORT_ID)!;
const dumpOnly = () => records.find((r) => r.folder === join(crashDumps, basename(alone.dump)))!;

async function bundle(name: string, targets: readonly WerReport[], options: BundleOptions = {}) {
  const plan = await planBundle(targets, options);
  const zip = join(root, `${name}.zip`);
  const written = await writeBundle(plan, zip);
  if (!written.ok) throw new Error(written.error.message);
  expect(unzipTest(zip)).toMatch(/No errors detected in compressed data/);
  return { plan, zip, names: unzipNames(zip), summary: unzipText(zip, 'summary.md') };
}

test('the scanned tree holds the three records the construction made', () => {
  expect(mergedRecord().sources.map((s) => s.kind).sort()).toEqual(['dump', 'eventlog', 'wer']);
  expect(logOnly().sources.map((s) => s.kind)).toEqual(['eventlog', 'eventlog']);
  expect(dumpOnly()).toMatchObject({ store: 'CrashDumps', sources: [{ kind: 'dump' }] });
});

test('a LocalDumps record bundles its dump, byte for byte, and only with dumps on', async () => {
  const record = dumpOnly();
  const file = basename(alone.dump);
  const withDumps = await bundle('dump-only', [record], { includeDumps: true });
  expect(withDumps.plan.problems).toEqual([]);
  expect(withDumps.names).toContain(`reports/${file}/${file}`);
  const extracted = Buffer.from(execUnzipBytes(withDumps.zip, `reports/${file}/${file}`));
  expect(sha(extracted)).toBe(sha(await readFile(alone.dump)));
  expect(withDumps.summary).toContain(md(`LocalDumps dump ${record.folder}`));
  expect(withDumps.summary).toContain('## 1. ');

  const without = await bundle('dump-off', [record], { includeDumps: false });
  expect(without.names.filter((n) => n.endsWith('.dmp'))).toEqual([]);
  expect(without.plan.leftOut.map((l) => [basename(l.source), l.reason])).toEqual([[file, 'dumps-off']]);
});

test('a crash known only from the event log bundles no file but a summary naming its events', async () => {
  const { plan, names, summary } = await bundle('log-only', [logOnly()], { includeDumps: true });
  expect(plan.problems).toEqual([]);
  expect(plan.reports).toHaveLength(1);
  expect(plan.files).toEqual([]);
  expect(names.filter((n) => n.startsWith('reports/'))).toEqual([]);
  expect(names.some((n) => n.toLowerCase().endsWith('.evtx'))).toBe(false);
  expect(summary).toContain('### Recorded by');
  expect(summary).toContain('Application log (Application.evtx): Application Error 1000, record #3');
  expect(summary).toContain('Application log (Application.evtx): Windows Error Reporting 1001, record #4');
  expect(summary).toContain('Known only from the event log');
});

test('a merged record bundles its folder plus its LocalDumps dump, and its summary lists every source', async () => {
  const record = mergedRecord();
  const { plan, names, summary } = await bundle('merged', [record], { includeDumps: true });
  expect(plan.problems).toEqual([]);
  const zipFolder = `reports/${basename(built.folder)}`;
  const expected = [...(await readdir(built.folder)), basename(merged.dump)].map((f) => `${zipFolder}/${f}`).sort();
  expect(names.filter((n) => n.startsWith('reports/')).sort()).toEqual(expected);
  expect(summary).toContain(md(`WER report folder ${built.folder}`));
  expect(summary).toContain('Application log (Application.evtx): Application Error 1000, record #1');
  expect(summary).toContain(md(`LocalDumps dump ${join(crashDumps, basename(merged.dump))}`));
  // The dump was read for the summary: its exception code is the one the program printed.
  expect(summary.toLowerCase()).toContain(merged.code.toString(16).padStart(8, '0'));
});

test('all three in one bundle, planned once each even when given twice', async () => {
  const { plan } = await bundle('all', [mergedRecord(), logOnly(), dumpOnly(), logOnly()], { includeDumps: true });
  expect(plan.reports.map((r) => r.store).sort()).toEqual(['CrashDumps', 'EventLog', built.store].sort());
});

test('redaction replaces the user name in event log, dump and folder paths', async () => {
  const { zip, names, summary } = await bundle('redacted', [mergedRecord(), logOnly(), dumpOnly()], { redact: true, includeDumps: true });
  expect(summary).toContain('Application log (Application.evtx)');
  expect(summary).not.toContain(USER);
  expect(unzipText(zip, 'summary.html')).not.toContain(USER);
  const manifest = unzipText(zip, 'manifest.json');
  expect(manifest).not.toContain(USER);
  // The log-only record's original path is the .evtx (redacted), never a bundled file.
  expect(manifest).toContain('Application.evtx');
  expect(names.some((n) => n.includes(USER))).toBe(false);
});

/** `unzip -p` as bytes (binary entries). */
function execUnzipBytes(zip: string, entry: string): Buffer {
  return execFileSync('unzip', ['-p', zip, entry], { maxBuffer: 256 * 1024 * 1024 });
}
