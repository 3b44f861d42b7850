/** The live library over a Minidump folder: records listed, the driver at fault filled in, dumps added and deleted. */
import { copyFile, mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReportLibrary } from '../../../../electron/main/core/library/report-library';
import { groupProblems } from '../../../../shared/problems';
import { startLibrary } from '../../../support/library-harness';
import { writeMinidumpFolder } from '../../../support/kernel-store-builder';
import { waitFor } from '../../../support/wait';

jest.setTimeout(30_000);

let root = '';
let library: ReportLibrary | null = null;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'wer-lib-minidump-'));
});
afterEach(async () => {
  await library?.close();
  library = null;
  await rm(root, { recursive: true, force: true });
});

test('lists a Minidump folder like any store, fills in each driver at fault, and follows new and deleted dumps', async () => {
  const dir = join(root, 'Minidump');
  const dumps = await writeMinidumpFolder(dir);
  const cacheFile = join(root, 'cache.json');
  const started = await startLibrary({ locations: [{ path: dir, scope: 'machine', label: 'Kernel minidumps' }], cacheFile });
  library = started.library;
  expect(started.info.reports).toBe(3);
  expect(library.stores()[0]?.state).toBe('ok');
  expect(library.reports().every((r) => r.store === 'Minidump' && r.eventType === 'BlueScreen')).toBe(true);

  // Grouping needs the driver at fault: read in the background, announced as updates.
  await waitFor(() => library?.reports().every((r) => r.fields.causedByDriver) ?? false, 'every driver at fault');
  expect(started.events.filter((e) => e.kind === 'updated')).toHaveLength(3);
  const keys = groupProblems(library.reports()).map((p) => `${p.key} ×${p.count}`).sort();
  expect(keys).toEqual(['bluescreen|3b|c0000005|netfoo.sys ×1', 'bluescreen|d1|acme.sys ×2']);

  const added = join(dir, '051024-44444-01.dmp');
  await copyFile(dumps[2] as string, added);
  await waitFor(() => library?.reports().some((r) => r.folder === added && r.fields.causedByDriver === 'netfoo.sys') ?? false, 'the new dump with its driver');
  expect(started.events.some((e) => e.kind === 'added' && e.report.folder === added)).toBe(true);

  await unlink(dumps[0] as string);
  await waitFor(() => !(library?.reports().some((r) => r.folder === dumps[0]) ?? true), 'the deleted dump gone');
  expect(library.count()).toBe(3);
});
