/**
 * The symbolized stack in the real renderer over the real core, in Chromium: `serve` (built CLI)
 * on a store whose report holds a dump of walk-unwind.dll (clang/lld-built, recorded at its path on
 * this machine, so its exports name the frames). The module table says where the names came from,
 * and "Copy stack" puts the stack on the clipboard as text. Frame names come from llvm-readobj's
 * export table; the frames from the dump's construction.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { writeMinidump } from '../../electron/main/core/minidump/write-minidump';
import { oracleExportRvas } from '../support/pe-oracle';
import { buildStore } from '../support/store-builder';
import { buildWalkUnwindDll } from '../support/walk-asm';
import { callerChainSpec, WALK_DLL_BASE } from '../support/walk-dumps';
import { type AppPage, waitForReportCount } from './support/app-page';
import { type ServedApp, startServedApp } from './support/served-app';

jest.setTimeout(30_000);

describe('stack actions in Chromium', () => {
  let root: string;
  let served: ServedApp | undefined;
  let app: AppPage;
  let dll: string;
  let labels: Record<string, number>;
  let frames: bigint[];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-e2e-stack-'));
    dll = buildWalkUnwindDll();
    labels = Object.fromEntries([...oracleExportRvas(dll).values()].map((e) => [e.name, e.rva]));
    const built = callerChainSpec(dll, labels, 1, 'local-path');
    frames = built.frames;
    const store = join(root, 'WER');
    const reports = await buildStore(store, 1);
    await writeFile(join(reports[0]!.folder, 'WER1.tmp.mdmp'), writeMinidump(built.spec));
    served = await startServedApp([store], join(root, 'data'));
    app = served.app;
    await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(served.serve.url).origin });
  }, 60_000);

  afterAll(async () => {
    await served?.close();
    await rm(root, { recursive: true, force: true });
  }, 20_000);

  it('shows the module’s symbol status and copies the named stack as text', async () => {
    await waitForReportCount(app.page, 1, 1, 20_000);
    await app.page.getByTestId('report-row').first().click();
    const panel = app.page.getByTestId('dump-panel');
    await panel.getByRole('button', { name: 'Copy stack' }).waitFor();

    // No PDB (lld wrote none), names from the DLL's exports: the column says so, the tooltip why.
    const status = panel.locator('.symbol-status').first();
    expect(await status.innerText()).toBe('export names only');
    expect(await status.getAttribute('title')).toMatch(/^Names come from the module's exports \(no PDB\): /);

    await panel.getByRole('button', { name: 'Copy stack' }).click();
    await panel.getByRole('status').filter({ hasText: 'Copied the stack.' }).waitFor();
    const text = (await app.page.evaluate('navigator.clipboard.readText()')) as string;
    // Frame 0 sits on the `small_body` export; its caller returns into `caller` (looked up at the return address − 1).
    const module = basename(dll).replace(/\.dll$/i, '');
    expect(text.split('\n')).toEqual([
      `#0 ${module}!small_body`,
      `#1 ${module}!caller+0x${(Number(frames[1]! - WALK_DLL_BASE) - labels.caller!).toString(16)}`,
    ]);
    expect(await app.problems()).toEqual([]);
  });
});
