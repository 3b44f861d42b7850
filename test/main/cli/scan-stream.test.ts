/**
 * `scan --json` streams, and prints what it printed before: the same bytes as the whole-list
 * JSON of scanStores' records, in the documented order (newest first: truth from the generated
 * specs' own times), with and without the built worker threads, and with an event log whose
 * records merge. `scan --group` over slimmed records groups as over whole ones.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliContext } from '../../../electron/cli/cli-context';
import { runCli } from '../../../electron/cli/program';
import { reportsToJson } from '../../../electron/main/core/export/list-export';
import { formatReportWer, utf16leWithBom } from '../../../electron/main/core/sample/report-writer';
import { closeReadHelpers, useReadHelpers } from '../../../electron/main/core/store/parallel-read';
import { scanStores } from '../../../electron/main/core/store/scan-stores';
import { groupProblems } from '../../../shared/problems';
import type { WerReport } from '../../../shared/report-model';
import { BUILT, requireBuilt } from '../../support/built';
import { builtScanWorker } from '../../support/built-scan-worker';
import { captureIo } from '../../support/capture-io';
import { appError1000Classic, REPORT_ID, wer1001Classic } from '../../support/evtx-crash-events';
import { writeEvtx } from '../../support/evtx-writer';
import { type BuiltReport, buildStore, generatedSpec } from '../../support/store-builder';

jest.setTimeout(60_000);

const ctx: CliContext = { defaultLocations: async () => [] };
let root: string;
let store: string;
let built: BuiltReport[];

async function cli(args: readonly string[]): Promise<string> {
  const io = captureIo();
  expect(await runCli([...args], io, ctx)).toBe(0);
  expect(io.stderr()).toBe('');
  return io.stdout();
}

/** Compares long texts without Jest diffing megabytes: on a difference, shows where it starts. */
function expectSameText(actual: string, expected: string): void {
  let i = 0;
  while (i < actual.length && actual[i] === expected[i]) i++;
  const at = (t: string) => JSON.stringify(t.slice(Math.max(0, i - 80), i + 80));
  expect(i === actual.length && actual.length === expected.length ? 'same' : `differ at ${i}: ${at(actual)} vs ${at(expected)}`).toBe('same');
}

async function scanned(...paths: string[]): Promise<WerReport[]> {
  return (await scanStores(paths.map((path) => ({ path, scope: 'extra' as const, label: 'test' })))).reports;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'wer-cli-stream-'));
  store = join(root, 'WER');
  // Over 1,024 folders, so the built worker threads take part when they are on.
  built = await buildStore(store, 1100, { attachmentsEvery: 7, loadedModules: 5 });
});
afterAll(async () => {
  useReadHelpers(null);
  await closeReadHelpers();
  await rm(root, { recursive: true, force: true });
});

test('scan --json prints the same bytes as the whole list did, newest first as the specs say', async () => {
  const out = await cli(['scan', '--json', store]);
  expectSameText(out, reportsToJson(await scanned(store)));
  // Every generated report has its own time (one minute apart), so the order is theirs alone.
  const expected = [...built].sort((a, b) => b.spec.eventTimeMs - a.spec.eventTimeMs);
  const reports = JSON.parse(out) as WerReport[];
  expect(reports.map((r) => [r.id, r.folder, r.eventTime])).toEqual(
    expected.map((b) => [b.spec.reportIdentifier, b.folder, new Date(b.spec.eventTimeMs).toISOString()]),
  );
});

test('scan --json with the built worker threads reading part of the store prints the same bytes', async () => {
  const whole = reportsToJson(await scanned(store));
  useReadHelpers(builtScanWorker(), 1);
  try {
    expectSameText(await cli(['scan', '--json', store]), whole);
  } finally {
    useReadHelpers(null);
  }
});

test('the built CLI\u2019s scan --json into a slow pipe waits for it: all of it arrives, exit 0', async () => {
  requireBuilt(BUILT.cli);
  // The composition root's stdout drain (see report-spool's drain test for why it exists): a
  // reader that pauses after every chunk still gets every byte, and the command ends.
  const child = spawn(process.execPath, [BUILT.cli, 'scan', '--json', store], { stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout.on('data', (c: Buffer) => {
    chunks.push(c);
    // A slow reader: every chunk costs 2 ms.
    child.stdout.pause();
    setTimeout(() => child.stdout.resume(), 2);
  });
  const code = await new Promise<number | null>((done) => child.once('close', done));
  expect(stderr).toBe('');
  expect(code).toBe(0);
  const out = Buffer.concat(chunks).toString('utf8');
  expect(out.length).toBeGreaterThan(2_000_000);
  expect((JSON.parse(out) as WerReport[]).length).toBe(built.length);
});

test('scan --json of an empty store is an empty array', async () => {
  const empty = join(root, 'empty', 'ReportArchive');
  await mkdir(empty, { recursive: true });
  expect(await cli(['scan', '--json', empty])).toBe(`${JSON.stringify([], null, 2)}\n`);
});

test('scan --json with an event log merges its records as before (the buffered path)', async () => {
  const dir = join(root, 'with-log');
  const { spec } = generatedSpec(3);
  const folder = join(dir, 'ReportArchive', spec.folderName);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'Report.wer'), utf16leWithBom(formatReportWer({ ...spec, reportIdentifier: REPORT_ID })));
  const log = join(root, 'Application.evtx');
  await writeFile(log, writeEvtx([appError1000Classic(1), wer1001Classic(2, '1705213331041182621')]));
  const out = await cli(['scan', '--json', dir, store, log]);
  expectSameText(out, reportsToJson(await scanned(dir, store, log)));
  const reports = JSON.parse(out) as WerReport[];
  // The log's two events name the folder's report id: they join its record, none stands alone.
  expect(reports).toHaveLength(built.length + 1);
  expect(reports.find((r) => r.id === REPORT_ID)?.sources.map((s) => s.kind)).toEqual(['wer', 'eventlog', 'eventlog']);
});

test('scan --group --json over slimmed records gives the problems of the whole records', async () => {
  const text = await cli(['scan', '--group', '--json', store]);
  const out = JSON.parse(text) as ReturnType<typeof groupProblems>;
  expect(out).toEqual(groupProblems(await scanned(store)));
  // Printed a batch of problems at a time, byte for byte as JSON.stringify prints them all.
  expect(text).toBe(`${JSON.stringify(out, null, 2)}\n`);
  // Every report is in exactly one problem.
  expect(out.flatMap((p) => p.reportIds).sort()).toEqual(built.map((b) => b.spec.reportIdentifier).sort());
});
