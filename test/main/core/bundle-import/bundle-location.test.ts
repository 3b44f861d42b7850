import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleLocation, isBundlePath, locationsForPaths } from '../../../../electron/main/core/bundle-import/bundle-location';
import { planBundle } from '../../../../electron/main/core/export/bundle-plan';
import { writeBundle } from '../../../../electron/main/core/export/bundle-writer';
import { scanStores } from '../../../../electron/main/core/store/scan-stores';
import { buildStore } from '../../../support/store-builder';

describe('bundleLocation', () => {
  let root: string;
  let zip: string;
  let ids: string[];
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-bundle-loc-'));
    const built = await buildStore(join(root, 'WER'), 5, { attachmentsEvery: 2 });
    zip = join(root, 'ticket.zip');
    const written = await writeBundle(await planBundle(built.map((b) => b.folder)), zip);
    if (!written.ok) throw new Error(written.error.message);
    ids = written.value.manifest.reports.map((r) => r.id).sort();
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('extracts a bundle once, keyed by its SHA-256, and scans as a store', async () => {
    const cacheDir = join(root, 'cache');
    const first = await bundleLocation(zip, { cacheDir });
    if (!first.ok) throw new Error(first.error);
    expect(first.value).toMatchObject({ scope: 'extra', label: 'Bundle ticket.zip' });
    expect(first.value.path).toMatch(/[/\\][0-9a-f]{32}[/\\]reports$/);
    const { reports, stores } = await scanStores([first.value]);
    expect(stores[0]?.state).toBe('ok');
    expect(reports.map((r) => r.id).sort()).toEqual(ids);

    // A second call reuses the extraction (a file added to it survives).
    await writeFile(join(first.value.path, 'touched'), 'x');
    const second = await bundleLocation(zip, { cacheDir });
    expect(second).toEqual(first);
    expect(await readdir(first.value.path)).toContain('touched');
    expect(await readdir(cacheDir)).toHaveLength(1);
  });

  it('mixes bundles and folders, and turns a bad zip into one error line', async () => {
    const bad = join(root, 'bad.zip');
    await writeFile(bad, 'not a zip');
    const { locations, errors } = await locationsForPaths([join(root, 'WER'), zip, bad], { cacheDir: join(root, 'cache2') });
    expect(locations.map((l) => l.label)).toEqual([join(root, 'WER'), 'Bundle ticket.zip']);
    expect(errors).toEqual([expect.stringMatching(/^bad\.zip is not a zip file, or it is truncated: /)]);
    expect(isBundlePath('x/Y.ZIP')).toBe(true);
    expect(isBundlePath('x/ReportQueue')).toBe(false);
  });
});
