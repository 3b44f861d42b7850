/**
 * The service's one way of adding a store path (Open Folder over IPC, Open Bundle from the menu),
 * and a desktop start that does not wait for the background elevation check.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { err, ok, type Result } from '../../../../shared/result';
import { type AppSettings, defaultSettings, type SettingsPatch } from '../../../../shared/settings-model';
import type { AppInfo, WerEvent } from '../../../../shared/wer-api';
import { openAppCore } from '../../../../electron/main/core/app/app-core';
import { addStorePath } from '../../../../electron/main/core/app/wer-service';
import { planBundle } from '../../../../electron/main/core/export/bundle-plan';
import { writeBundle } from '../../../../electron/main/core/export/bundle-writer';
import { buildStore } from '../../../support/store-builder';
import { settle } from '../../../support/wait';

jest.setTimeout(30_000);

describe('addStorePath', () => {
  function fakeCalls(extraStores: string[]) {
    const updates: SettingsPatch[] = [];
    let settings: AppSettings = { ...defaultSettings(), extraStores };
    return {
      updates,
      getSettings: async (): Promise<Result<AppSettings>> => ok(settings),
      updateSettings: async (patch: SettingsPatch): Promise<Result<AppSettings>> => {
        updates.push(patch);
        settings = { ...settings, extraStores: patch.extraStores ?? settings.extraStores };
        return ok(settings);
      },
    };
  }

  it('appends a new path through updateSettings, and leaves a known one alone', async () => {
    const calls = fakeCalls(['/a']);
    expect(await addStorePath(calls, '/b.zip')).toMatchObject({ ok: true, value: { extraStores: ['/a', '/b.zip'] } });
    expect(await addStorePath(calls, '/a')).toMatchObject({ ok: true, value: { extraStores: ['/a', '/b.zip'] } });
    expect(calls.updates).toEqual([{ extraStores: ['/a', '/b.zip'] }]);
  });

  it('passes a settings failure through', async () => {
    const updateSettings = jest.fn();
    expect(await addStorePath({ getSettings: async () => err('settings.json is locked'), updateSettings }, '/b')).toEqual(err('settings.json is locked'));
    expect(updateSettings).not.toHaveBeenCalled();
  });
});

describe('a desktop core', () => {
  let root: string;
  let bundle: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-service-stores-'));
    await buildStore(join(root, 'main'), 3);
    const extra = await buildStore(join(root, 'ticket'), 2);
    bundle = join(root, 'ticket.zip');
    const written = await writeBundle(await planBundle(extra.map((b) => b.folder)), bundle);
    if (!written.ok) throw new Error(written.error.message);
    await mkdir(join(root, 'data'), { recursive: true });
    await writeFile(join(root, 'data', 'settings.json'), JSON.stringify({ version: 1, useDefaultStores: false, extraStores: [join(root, 'main')] }));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('opens and lists while the elevation check is still running; info answers once it has', async () => {
    let answer: (elevated: boolean | null) => void = () => undefined;
    const elevated = new Promise<boolean | null>((resolve) => (answer = resolve));
    const core = await openAppCore({ dataDir: join(root, 'data'), shell: { mode: 'desktop', elevated } });
    try {
      const list = await core.calls.listReports();
      expect(list.ok && list.value.reports).toHaveLength(3);
      let info: Result<AppInfo> | 'pending' = 'pending';
      const asking = core.calls.info().then((r) => (info = r));
      await settle(20);
      expect(info).toBe('pending');
      answer(false);
      await asking;
      expect(info).toMatchObject({ ok: true, value: { mode: 'desktop', elevated: false } });
    } finally {
      await core.close();
    }
  });

  it('adds a bundle as a store (what Open Bundle does): the library reads its reports', async () => {
    const core = await openAppCore({ dataDir: join(root, 'data'), shell: { mode: 'desktop' } });
    const events: WerEvent[] = [];
    core.host.subscribe((e) => events.push(e));
    try {
      const added = await addStorePath(core.calls, bundle);
      expect(added).toMatchObject({ ok: true, value: { extraStores: [join(root, 'main'), bundle] } });
      expect(core.host.library().reports()).toHaveLength(5);
      expect(events).toContainEqual({ kind: 'reset' });
      // Adding it again changes nothing: no second swap.
      const resets = events.filter((e) => e.kind === 'reset').length;
      await addStorePath(core.calls, bundle);
      expect(events.filter((e) => e.kind === 'reset')).toHaveLength(resets);
      expect(await core.calls.info()).toMatchObject({ ok: true, value: { elevated: null } });
    } finally {
      await core.close();
    }
  });
});
