/** A BlueScreen report whose .dmp is a kernel dump: attachment kind, detail, `show`, signature check. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../../electron/cli/program';
import { classifyAttachment } from '../../../../electron/main/core/report/classify-attachment';
import { readReportDetail } from '../../../../electron/main/core/report/read-report-detail';
import { isKernelDump } from '../../../../shared/kernel-dump-model';
import { captureIo } from '../../../support/capture-io';
import { buildTriageDump } from '../../../support/kernel-triage-builder';
import { ACME_CRASH } from '../../../support/kernel-triage-cases';
import { writeBlueScreenReport } from '../../../support/kernel-store-builder';

// ACME_CRASH: 0xD1 with parameters 0x10, 0x2, 0x0, acme.sys + 0x12345.
const ACME_PARAMETERS = ['10', '2', '0', 'fffff80470012345'];
let root = '';
const ctx = { defaultLocations: async () => [] };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'wer-kernel-report-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

test('a .dmp that starts with PAGE is a minidump attachment; other bytes under a dump name are not', () => {
  const head = buildTriageDump(ACME_CRASH).subarray(0, 16);
  expect(classifyAttachment('050624-01.dmp', head)).toBe('minidump');
  expect(classifyAttachment('050624-01.dmp', new Uint8Array([1, 2, 3, 4]))).toBe('other');
  expect(classifyAttachment('notes.txt', head)).not.toBe('minidump');
});

test('the detail holds the kernel summary under `minidump`; a matching signature adds no problem', async () => {
  const folder = await writeBlueScreenReport(root, 'Kernel_d1_match', 'd1', ACME_PARAMETERS);
  const detail = await readReportDetail(folder, { store: 'other', storeRoot: null });
  expect(detail.attachments.find((a) => a.file.endsWith('.dmp'))?.kind).toBe('minidump');
  expect(detail.minidump?.content.ok).toBe(true);
  const s = detail.minidump?.content.ok ? detail.minidump.content.value : null;
  expect(s && isKernelDump(s)).toBe(true);
  if (!s || !isKernelDump(s)) return;
  expect(s.bugCheck.code).toBe('0x000000d1');
  expect(s.causedBy?.driver).toBe('acme.sys');
  expect(detail.problems).toEqual([]);
});

test('a report whose code or parameters differ from its dump gets a problem naming both', async () => {
  const folder = await writeBlueScreenReport(root, 'Kernel_a_mismatch', '0000000a', ['10', '2', '1', 'fffff80470012345']);
  const detail = await readReportDetail(folder, { store: 'other', storeRoot: null });
  const problem = detail.problems.find((p) => p.includes('does not match its kernel dump'));
  expect(problem).toContain('bug check 0000000a vs 0x000000d1');
  expect(problem).toContain('parameter 3 1 vs 0x0');
  expect(problem).not.toContain('parameter 4');
});

test('show FOLDER prints the kernel dump section; --json has it under minidump with kind kernel', async () => {
  const folder = await writeBlueScreenReport(root, 'Kernel_d1_show', 'd1', ACME_PARAMETERS);
  const text = captureIo();
  expect(await runCli(['show', folder], text, ctx)).toBe(0);
  expect(text.stdout()).toContain('Kernel dump (050624-12345-01.dmp)');
  expect(text.stdout()).toMatch(/Caused by.*acme\.sys/);
  const json = captureIo();
  expect(await runCli(['show', folder, '--json'], json, ctx)).toBe(0);
  const detail = JSON.parse(json.stdout()) as { minidump: { file: string; content: { ok: boolean; value: { kind: string; causedBy: { driver: string } } } } };
  expect(detail.minidump.file).toBe('050624-12345-01.dmp');
  expect(detail.minidump.content.value.kind).toBe('kernel');
  expect(detail.minidump.content.value.causedBy.driver).toBe('acme.sys');
});
