import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSettingsStore } from '../../../../electron/main/core/app/settings-store';
import { defaultSettings } from '../../../../shared/settings-model';

describe('settings store', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'wer-settings-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('starts from defaults, saves each change and reads it back', async () => {
    const file = join(dir, 'settings.json');
    const store = await openSettingsStore(file);
    expect(store.current()).toEqual(defaultSettings());
    expect(store.loadWarning).toBeNull();
    await Promise.all([store.update({ theme: 'dark' }), store.update({ notifyNewCrashes: false })]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ theme: 'dark', notifyNewCrashes: false });
    expect((await openSettingsStore(file)).current()).toMatchObject({ theme: 'dark', notifyNewCrashes: false });
  });

  it('refuses an invalid change and keeps the state', async () => {
    const store = await openSettingsStore(join(dir, 'settings.json'));
    expect(await store.update({ grouping: 'random' })).toMatchObject({ ok: false });
    expect(store.current().grouping).toBe('signature');
  });

  it('survives a corrupt file or bad fields with a warning', async () => {
    await writeFile(join(dir, 'bad.json'), '{ not json');
    const bad = await openSettingsStore(join(dir, 'bad.json'));
    expect(bad.current()).toEqual(defaultSettings());
    expect(bad.loadWarning).toMatch(/not valid JSON/);
    await writeFile(join(dir, 'partial.json'), JSON.stringify({ theme: 'light', extraStores: 7 }));
    const partial = await openSettingsStore(join(dir, 'partial.json'));
    expect(partial.current().theme).toBe('light');
    expect(partial.loadWarning).toMatch(/extraStores/);
  });

  it('reports a save that fails instead of pretending', async () => {
    await writeFile(join(dir, 'blocker'), 'a file where a folder should be');
    const store = await openSettingsStore(join(dir, 'blocker', 'settings.json'));
    expect(await store.update({ theme: 'dark' })).toMatchObject({ ok: false, error: expect.stringMatching(/could not be saved/) });
    expect(store.current().theme).toBe('system');
  });
});
