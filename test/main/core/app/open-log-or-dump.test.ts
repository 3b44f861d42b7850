/**
 * What dropping (or File > Open Event Log or Dump…) a saved event log or a dump file does in the
 * desktop app: the path becomes an extra store, the library lists the crashes the log records and
 * the dump's one record, and a bundle of them is planned from the records (the review step's plan
 * carries no records). The log is written by the test EVTX writer (one crash: a 1000 and its
 * 1001); the dump is a real dbghelp dump (localdumps-crashes.ts).
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { openAppCore } from '../../../../electron/main/core/app/app-core';
import { addStorePath } from '../../../../electron/main/core/app/wer-service';
import { appError1000Classic, REPORT_ID, wer1001Classic } from '../../../support/evtx-crash-events';
import { writeEvtx } from '../../../support/evtx-writer';
import { buildCrashyFixtures } from '../../../support/localdumps-crashes';

jest.setTimeout(60_000);

let root = '';
let evtx = '';
let dump = '';

beforeAll(async () => {
  const crash = (await buildCrashyFixtures()).crashes.find((c) => c.mode === 'app' && c.dumpType === 0)!;
  root = await mkdtemp(join(tmpdir(), 'wer-open-log-dump-'));
  evtx = join(root, 'Saved.evtx');
  await writeFile(evtx, writeEvtx([appError1000Classic(1), wer1001Classic(2, '1541199205021550517')]));
  await mkdir(join(root, 'CrashDumps'));
  dump = join(root, 'CrashDumps', basename(crash.dump));
  await copyFile(crash.dump, dump);
  await mkdir(join(root, 'data'));
  await writeFile(join(root, 'data', 'settings.json'), JSON.stringify({ version: 1, useDefaultStores: false, extraStores: [] }));
}, 400_000);

afterAll(() => rm(root, { recursive: true, force: true }));

test('an opened .evtx and .dmp become stores whose records bundle', async () => {
  const core = await openAppCore({ dataDir: join(root, 'data'), shell: { mode: 'desktop' } });
  try {
    expect(await addStorePath(core.calls, evtx)).toMatchObject({ ok: true, value: { extraStores: [evtx] } });
    expect(await addStorePath(core.calls, dump)).toMatchObject({ ok: true, value: { extraStores: [evtx, dump] } });
    const reports = core.host.library().reports();
    expect(reports.map((r) => [r.store, r.folder]).sort()).toEqual([['CrashDumps', dump], ['EventLog', evtx]]);
    expect(reports.find((r) => r.store === 'EventLog')?.id).toBe(REPORT_ID);

    const plan = await core.calls.planBundle({ taskId: 'p', reportIds: reports.map((r) => r.id), options: { redact: false, includeDumps: true } });
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.value.problems).toEqual([]);
    expect(plan.value.reports.map((r) => r.store).sort()).toEqual(['CrashDumps', 'EventLog']);
    // The dump goes in; the log never does.
    expect(plan.value.files.map((f) => f.source)).toEqual([dump]);
    expect('records' in plan.value).toBe(false);
  } finally {
    await core.close();
  }
});
