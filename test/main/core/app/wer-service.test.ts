/**
 * The WerApi service over a real library: the calls the UI makes, with fake shell hooks
 * standing in for Electron's dialogs and shell.
 */
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WerEvent } from '../../../../shared/wer-api';
import { openAppCore, type AppCore } from '../../../../electron/main/core/app/app-core';
import type { ShellHooks } from '../../../../electron/main/core/app/wer-service';
import { startCollector } from '../../../../electron/main/core/cer/collector';
import { buildStore } from '../../../support/store-builder';
import { waitFor } from '../../../support/wait';
import { selfSignedCert } from '../cer/helpers/tls-cert';

jest.setTimeout(30_000);

describe('WerService', () => {
  let root: string;
  let core: AppCore;
  const opened: string[] = [];
  const events: WerEvent[] = [];
  let saveAs: string | null = null;
  let chosenFolder: string | null = null;
  let dumpFolder = '';

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-service-'));
    const built = await buildStore(join(root, 'main'), 4, { attachmentsEvery: 2 });
    // One report gets a dump (only the signature matters for opening it).
    dumpFolder = built[1]?.folder ?? '';
    await writeFile(join(dumpFolder, 'WER9F.tmp.mdmp'), Buffer.concat([Buffer.from('MDMP'), Buffer.alloc(60)]));
    await buildStore(join(root, 'more'), 3);
    const shell: ShellHooks = {
      mode: 'desktop',
      elevated: false,
      openPath: async (path) => (opened.push(path), ''),
      chooseFolder: async () => chosenFolder,
      chooseSaveFile: async () => saveAs,
    };
    await mkdir(join(root, 'data'), { recursive: true });
    // The settings decide the stores: no default stores, one extra folder.
    await writeFile(join(root, 'data', 'settings.json'), JSON.stringify({ version: 1, useDefaultStores: false, extraStores: [join(root, 'main')] }));
    core = await openAppCore({ dataDir: join(root, 'data'), shell });
    core.host.subscribe((e) => events.push(e));
  });
  afterAll(async () => {
    await core.close();
    await rm(root, { recursive: true, force: true });
  });

  const ids = async () => {
    const list = await core.calls.listReports();
    if (!list.ok) throw new Error(list.error);
    return list.value.reports.map((r) => r.id);
  };

  it('lists the stores of the settings and reads one report in full', async () => {
    const all = await ids();
    expect(all).toHaveLength(4);
    const detail = await core.calls.getReport(all[0] ?? '');
    expect(detail).toMatchObject({ ok: true, value: { id: all[0], reportWer: { eventType: expect.any(String) }, rawText: expect.stringContaining('EventType=') } });
    expect(await core.calls.getReport('gone')).toMatchObject({ ok: false, error: expect.stringMatching(/no longer in the library/) });
    expect(await core.calls.info()).toMatchObject({ ok: true, value: { mode: 'desktop', canOpenPaths: true, elevated: false } });
  });

  it('adds a chosen folder to the settings, swaps the library and tells the UI to reload', async () => {
    chosenFolder = join(root, 'more');
    const added = await core.calls.addFolder();
    expect(added).toMatchObject({ ok: true, value: { extraStores: [join(root, 'main'), join(root, 'more')] } });
    expect(await ids()).toHaveLength(7);
    expect(events.some((e) => e.kind === 'reset')).toBe(true);
    const onDisk = JSON.parse(await readFile(join(root, 'data', 'settings.json'), 'utf8'));
    expect(onDisk.extraStores).toHaveLength(2);
    chosenFolder = null;
    expect(await core.calls.addFolder()).toEqual({ ok: true, value: null });
    // Removing it again through the settings.
    await core.calls.updateSettings({ extraStores: [join(root, 'main')] });
    expect(await ids()).toHaveLength(4);
    expect(await core.calls.updateSettings({ theme: 'neon' as 'dark' })).toMatchObject({ ok: false });
  });

  it('keeps triage and the last visit', async () => {
    expect(await core.calls.setTriage('APPCRASH|x.exe', { status: 'fixed', ticket: 'BUG-7' })).toMatchObject({ ok: true, value: { problems: { 'APPCRASH|x.exe': { status: 'fixed', ticket: 'BUG-7' } } } });
    expect(await core.calls.setTriage('APPCRASH|x.exe', { status: 'maybe' as 'fixed' })).toMatchObject({ ok: false });
    const visited = await core.calls.markVisited();
    expect(visited.ok && visited.value.lastVisit).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('opens only the report folder and its dump, through the shell', async () => {
    const reports = core.host.library().reports();
    const withDump = reports.find((r) => r.folder === dumpFolder);
    const without = reports.find((r) => r.folder !== dumpFolder);
    if (!withDump || !without) throw new Error('store not as built');
    expect(await core.calls.openReportFolder(without.id)).toEqual({ ok: true, value: undefined });
    expect(opened.at(-1)).toBe(without.folder);
    expect(await core.calls.openDump(withDump.id)).toEqual({ ok: true, value: undefined });
    expect(opened.at(-1)).toBe(join(dumpFolder, 'WER9F.tmp.mdmp'));
    expect(await core.calls.openDump(without.id)).toEqual({ ok: false, error: 'This report has no dump file.' });
  });

  it('exports lists in every format', async () => {
    const all = await ids();
    const csv = await core.calls.exportList('csv', all.slice(0, 2));
    expect(csv).toMatchObject({ ok: true, value: { fileName: expect.stringMatching(/^wer-reports-.*\.csv$/), mimeType: 'text/csv' } });
    expect(csv.ok && csv.value.text.trim().split('\n')).toHaveLength(3);
    const json = await core.calls.exportList('json', all);
    expect(json.ok && JSON.parse(json.value.text)).toHaveLength(4);
    const html = await core.calls.exportList('html', all);
    expect(html.ok && html.value.text).toMatch(/^<!doctype html>/i);
    expect(await core.calls.exportList('csv', ['nope'])).toMatchObject({ ok: false });
  });

  it('exports a bundle where the user saves it, with progress, or not at all when cancelled', async () => {
    const all = await ids();
    saveAs = null;
    expect(await core.calls.exportBundle({ taskId: 'b0', reportIds: all, options: {} })).toEqual({ ok: true, value: { kind: 'cancelled' } });
    saveAs = join(root, 'out', 'bundle.zip');
    const result = await core.calls.exportBundle({ taskId: 'b1', reportIds: all, options: { redact: true } });
    expect(result).toMatchObject({ ok: true, value: { kind: 'saved', file: saveAs, manifest: { redaction: { enabled: true } } } });
    expect((await stat(saveAs)).size).toBeGreaterThan(0);
    expect(events.some((e) => e.kind === 'task' && e.taskId === 'b1')).toBe(true);
    const plan = await core.calls.planBundle({ taskId: 'p', reportIds: all, options: { redact: false, includeDumps: true } });
    expect(plan.ok && plan.value.reports).toHaveLength(4);
  });

  it('forwards to a CER server with progress, records each result, and says when no server is set', async () => {
    const all = await ids();
    expect(await core.calls.forwardStatus()).toEqual({ ok: true, value: [] });
    expect(await core.calls.forwardReports({ taskId: 'f0', reportIds: all })).toMatchObject({ ok: false, error: expect.stringMatching(/No CER server is set/) });
    const collector = await startCollector({ dir: join(root, 'collected'), port: 0 });
    try {
      const result = await core.calls.forwardReports({ taskId: 'f1', reportIds: all.slice(0, 2), server: collector.url });
      expect(result.ok && result.value.map((r) => r.ok)).toEqual([true, true]);
      await waitFor(() => events.filter((e) => e.kind === 'task' && e.taskId === 'f1').length >= 2, 'forward progress');
      // The outbox keeps each report's result for the list and the detail.
      const status = await core.calls.forwardStatus();
      expect(status.ok && status.value.map((r) => [r.reportId, r.state, r.bucket !== null]).sort()).toEqual(
        all.slice(0, 2).map((id) => [id, 'done', true]).sort(),
      );
    } finally {
      await collector.close();
    }
  });

  it('forwards to an HTTPS server signed by the CA file of the settings, and says when that file is unreadable', async () => {
    const [first] = await ids();
    const { key, cert } = selfSignedCert();
    const collector = await startCollector({ dir: join(root, 'collected-tls'), port: 0, tls: { key, cert } });
    try {
      const missing = join(root, 'no-such-ca.pem');
      expect(await core.calls.updateSettings({ cerServer: collector.url, cerCaFile: missing })).toMatchObject({ ok: true });
      const refused = await core.calls.forwardReports({ taskId: 't-ca1', reportIds: [first ?? ''] });
      expect(refused).toMatchObject({ ok: false, error: expect.stringContaining(`The CA certificate file ${missing} could not be read (ENOENT)`) });
      await writeFile(join(root, 'corp-ca.pem'), cert);
      await core.calls.updateSettings({ cerCaFile: join(root, 'corp-ca.pem') });
      const sent = await core.calls.forwardReports({ taskId: 't-ca2', reportIds: [first ?? ''] });
      expect(sent.ok && sent.value.map((r) => [r.ok, r.server])).toEqual([[true, collector.url]]);
    } finally {
      await core.calls.updateSettings({ cerServer: '', cerCaFile: '' });
      await collector.close();
    }
  });

  it('shows a bundle that cannot be opened as a store in error with the reason, also at the next start', async () => {
    const garbage = join(root, 'garbage.zip');
    await writeFile(garbage, 'this is not a zip file, only its name says so');
    const expected = { path: garbage, scope: 'extra', label: 'Bundle garbage.zip', state: 'error', message: expect.stringMatching(/^garbage\.zip is not a zip file/), reportCount: 0 };
    const storeOf = async (c: AppCore) => {
      const list = await c.calls.listReports();
      if (!list.ok) throw new Error(list.error);
      return list.value.stores.find((s) => s.path === garbage);
    };
    try {
      expect(await core.calls.updateSettings({ extraStores: [join(root, 'main'), garbage] })).toMatchObject({ ok: true });
      expect(await storeOf(core)).toEqual(expected);
      expect(await ids()).toHaveLength(4);
      const next = await openAppCore({ dataDir: join(root, 'data'), shell: { mode: 'desktop' } });
      try {
        expect(await storeOf(next)).toEqual(expected);
      } finally {
        await next.close();
      }
    } finally {
      await core.calls.updateSettings({ extraStores: [join(root, 'main')] });
    }
    expect(await storeOf(core)).toBeUndefined();
  });
});
