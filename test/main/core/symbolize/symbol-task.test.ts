/**
 * Symbol downloads while a report's detail opens, through the WerApi service: each download is a
 * TaskProgress event of task `symbols:<report id>`, and cancelTask stops a download that would
 * otherwise wait for the server (the detail still opens). The symbol server is a loopback HTTP
 * store (test/support/symbol-server.ts) holding walk-unwind.dll by code id; the dump names the DLL
 * without a path, so the server is the only place its image can come from.
 */
import { copyFileSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAppCore, type AppCore } from '../../../../electron/main/core/app/app-core';
import { writeMinidump } from '../../../../electron/main/core/minidump/write-minidump';
import type { MinidumpSummary } from '../../../../shared/minidump-model';
import { symbolTaskId } from '../../../../shared/symbol-model';
import type { TaskProgress, WerEvent } from '../../../../shared/wer-api';
import { oracleExportRvas } from '../../../support/pe-oracle';
import { buildStore } from '../../../support/store-builder';
import { startSymbolServer, type SymbolServer } from '../../../support/symbol-server';
import { waitFor } from '../../../support/wait';
import { buildWalkUnwindDll } from '../../../support/walk-asm';
import { callerChainSpec, peIdentity } from '../../../support/walk-dumps';

jest.setTimeout(60_000);

describe('symbol downloads of a report detail', () => {
  let root: string;
  let server: SymbolServer;
  let core: AppCore;
  let reportId = '';
  let imagePath = '';
  let dllSize = 0;
  const events: WerEvent[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-symbol-task-'));
    const dll = buildWalkUnwindDll();
    dllSize = statSync(dll).size;
    const labels = Object.fromEntries([...oracleExportRvas(dll).values()].map((e) => [e.name, e.rva]));
    const id = peIdentity(dll);
    const codeId = `${id.timestamp.toString(16).toUpperCase().padStart(8, '0')}${id.size.toString(16)}`;
    // The store: walk-unwind.dll/<code id>/walk-unwind.dll, as symstore lays images out.
    mkdirSync(join(root, 'server', 'walk-unwind.dll', codeId), { recursive: true });
    imagePath = `/store/walk-unwind.dll/${codeId}/walk-unwind.dll`;
    copyFileSync(dll, join(root, 'server', 'walk-unwind.dll', codeId, 'walk-unwind.dll'));
    server = await startSymbolServer(join(root, 'server'));

    const built = await buildStore(join(root, 'store'), 1);
    const folder = built[0]!.folder;
    await writeFile(join(folder, 'WER1.tmp.mdmp'), writeMinidump(callerChainSpec(dll, labels, 1, 'none').spec));
    const data = join(root, 'data');
    mkdirSync(data);
    writeFileSync(join(data, 'settings.json'), JSON.stringify({ version: 1, useDefaultStores: false, extraStores: [join(root, 'store')] }));
    core = await openAppCore({ dataDir: data, shell: { mode: 'browser' }, env: {} });
    core.host.subscribe((e) => events.push(e));
    const list = await core.calls.listReports();
    if (!list.ok) throw new Error(list.error);
    reportId = list.value.reports[0]!.id;
  });
  afterAll(async () => {
    await core.close();
    await server.close();
    await rm(root, { recursive: true, force: true });
  });
  beforeEach(async () => {
    events.length = 0;
    // A fresh cache each time, so the image is downloaded again.
    const cache = await mkdtemp(join(root, 'cache-'));
    const set = await core.calls.updateSettings({ symbolPath: `srv*${cache}*${server.url}` });
    if (!set.ok) throw new Error(set.error);
  });

  const progressOf = (): TaskProgress[] => events.filter((e): e is TaskProgress => e.kind === 'task' && e.taskId === symbolTaskId(reportId));

  it('reports the image download as progress of the report’s symbol task, and the walk uses it', async () => {
    const detail = await core.calls.getReport(reportId);
    if (!detail.ok) throw new Error(detail.error);
    const summary = detail.value.minidump?.content.ok ? (detail.value.minidump.content.value as MinidumpSummary) : null;
    // The unwind data came from the downloaded image: every caller frame is `cfi`.
    expect(summary?.stack.map((f) => f.trust)).toEqual(['context', 'cfi']);
    expect(server.requests).toContain(imagePath);
    const progress = progressOf();
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toEqual({ kind: 'task', taskId: symbolTaskId(reportId), done: dllSize, total: dllSize, label: 'Downloading walk-unwind.dll' });
  });

  it('cancelTask stops a download the server stalls, and the detail opens without it', async () => {
    // A 1 MiB image announced, 300 KB sent, then silence (the locator would wait 30 s).
    const big = join(root, 'server', 'walk-unwind.dll', imagePath.split('/')[3]!, 'walk-unwind.dll');
    const original = await readFile(big);
    writeFileSync(big, Buffer.concat([original, Buffer.alloc(1024 * 1024 - original.length)]));
    server.faults.set(imagePath, { kind: 'stall', after: 300_000 });
    try {
      const pending = core.calls.getReport(reportId);
      await waitFor(() => progressOf().length > 0, 'the first download progress');
      // Reported every 256 KiB (at chunk boundaries), never beyond what the server sent.
      const first = progressOf()[0]!;
      expect(first).toMatchObject({ total: 1024 * 1024, label: 'Downloading walk-unwind.dll' });
      expect(first.done).toBeGreaterThanOrEqual(256 * 1024);
      expect(first.done).toBeLessThanOrEqual(300_000);
      const start = performance.now();
      expect(await core.calls.cancelTask(symbolTaskId(reportId))).toEqual({ ok: true, value: undefined });
      const detail = await pending;
      expect(performance.now() - start).toBeLessThan(5_000);
      if (!detail.ok) throw new Error(detail.error);
      const summary = detail.value.minidump?.content.ok ? (detail.value.minidump.content.value as MinidumpSummary) : null;
      // Without the image the caller is found by scanning.
      expect(summary?.stack.map((f) => f.trust)).toEqual(['context', 'scan']);
    } finally {
      server.faults.delete(imagePath);
      writeFileSync(big, original);
    }
  });
});
