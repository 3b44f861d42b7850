/**
 * The Minidump store in the real renderer over the real core: `serve` (built CLI) on a folder of
 * kernel dumps lists one record per dump in the list like any store, and opening one shows the
 * kernel dump panel (bug check, driver at fault, drivers). Expected answers come from the core.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readKernelDump } from '../../electron/main/core/kernel/read-kernel-dump';
import { scanStores } from '../../electron/main/core/store/scan-stores';
import type { WerReport } from '../../shared/report-model';
import { writeMinidumpFolder } from '../support/kernel-store-builder';
import { type AppPage, waitForReportCount } from './support/app-page';
import { type ServedApp, startServedApp } from './support/served-app';

jest.setTimeout(30_000);

describe('the Minidump store in Chromium', () => {
  let root: string;
  let served: ServedApp | undefined;
  let app: AppPage;
  let reports: WerReport[];
  let dumps: string[];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-e2e-minidump-'));
    const folder = join(root, 'Minidump');
    dumps = await writeMinidumpFolder(folder);
    reports = (await scanStores([{ path: folder, scope: 'extra', label: folder }])).reports;
    served = await startServedApp([folder], join(root, 'data'));
    app = served.app;
  }, 60_000);

  afterAll(async () => {
    await served?.close();
    await rm(root, { recursive: true, force: true });
  }, 20_000);

  it('lists one record per kernel dump, in the Minidump store, with no console errors', async () => {
    expect(reports).toHaveLength(3);
    await waitForReportCount(app.page, 3, 3, 20_000);
    const rows = await app.page.getByTestId('report-row').allInnerTexts();
    expect(rows.every((r) => r.includes('Minidump'))).toBe(true);
    expect(rows.some((r) => /bug check 0xd1/i.test(r) || r.includes('0xd1'))).toBe(true);
    expect(await app.problems()).toEqual([]);
  });

  it('opens a dump with the kernel dump panel: bug check, driver at fault and the driver list', async () => {
    const dump = await readKernelDump(dumps[0] as string);
    if (!dump.ok || !dump.value.causedBy || !dump.value.bugCheck.name) throw new Error('the built dump was not read');
    const record = reports.find((r) => r.folder === dumps[0]);
    await app.page.getByTestId('quick-filter').fill(record?.id ?? '?');
    await waitForReportCount(app.page, 1, 3);
    await app.page.getByTestId('report-row').first().click();
    const panel = app.page.getByTestId('dump-panel');
    await panel.getByRole('heading', { name: 'Kernel dump' }).waitFor();
    const text = await panel.innerText();
    expect(text).toContain(dump.value.bugCheck.name);
    expect(text).toContain(`${dump.value.causedBy.driver}`);
    expect(text).toContain(dump.value.causedBy.offset);
    expect(await panel.getByRole('table', { name: 'Drivers' }).getByRole('row').count()).toBe(dump.value.drivers.length + 1);
    expect(await app.problems()).toEqual([]);
  });
});
