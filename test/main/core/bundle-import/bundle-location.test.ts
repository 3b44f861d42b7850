import { copyFile, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
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
  let folders: string[];
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-bundle-loc-'));
    const built = await buildStore(join(root, 'WER'), 5, { attachmentsEvery: 2 });
    folders = built.map((b) => b.folder);
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

  describe('looking a zip up by path, size and mtime', () => {
    const scannedIds = async (path: string) => (await scanStores([{ path, scope: 'extra', label: 'x' }])).reports.map((r) => r.id).sort();
    const marker = (location: string) => readFile(join(location, '..', '.wer-explorer-import'), 'utf8');
    // Whole milliseconds, so that utimes can give a file back exactly the mtime it had.
    const T0 = new Date('2024-05-01T10:00:00.000Z');
    const copyWithMtime = async (file: string) => {
      await copyFile(zip, file);
      await utimes(file, T0, T0);
    };
    /** Overwrites a file with other bytes of the same size and gives it back its mtime: only a hash could tell. */
    const swapContentKeepStamp = async (file: string) => {
      const before = await stat(file);
      await writeFile(file, Buffer.alloc(before.size, 0x5a));
      await utimes(file, before.atime, before.mtime);
      expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
    };

    it('does not hash an unchanged zip again, and hashes a changed one', async () => {
      const cacheDir = join(root, 'cache-stamp');
      const moving = join(root, 'moving.zip');
      await copyWithMtime(moving);
      const first = await bundleLocation(moving, { cacheDir });
      if (!first.ok) throw new Error(first.error);
      expect(await marker(first.value.path)).toContain(JSON.stringify(moving).slice(1, -1));

      // Same path, size and mtime: found from the marker. Had the zip been hashed, these bytes
      // (not a zip) would have missed the cache and failed to import.
      await swapContentKeepStamp(moving);
      expect(await bundleLocation(moving, { cacheDir })).toEqual(first);

      // Another bundle written to the same path (a new mtime): hashed, extracted, scanned.
      const written = await writeBundle(await planBundle(folders.slice(0, 2)), moving);
      if (!written.ok) throw new Error(written.error.message);
      const changed = await bundleLocation(moving, { cacheDir });
      if (!changed.ok) throw new Error(changed.error);
      expect(changed.value.path).not.toBe(first.value.path);
      expect(await scannedIds(changed.value.path)).toEqual(written.value.manifest.reports.map((r) => r.id).sort());
      expect(await readdir(cacheDir)).toHaveLength(2);
    });

    it('hashes again when only the mtime changed, and then knows the new stamp', async () => {
      const cacheDir = join(root, 'cache-touch');
      const touched = join(root, 'touched.zip');
      await copyWithMtime(touched);
      const first = await bundleLocation(touched, { cacheDir });
      if (!first.ok) throw new Error(first.error);
      const later = new Date(T0.getTime() + 60_000);
      await utimes(touched, later, later);
      // Same content: hashing finds the same extraction, which records the new stamp.
      expect(await bundleLocation(touched, { cacheDir })).toEqual(first);
      await swapContentKeepStamp(touched);
      expect(await bundleLocation(touched, { cacheDir })).toEqual(first);
      expect(await readdir(cacheDir)).toHaveLength(1);
    });

    it('extracts again when the extraction a stamp names is gone', async () => {
      const cacheDir = join(root, 'cache-gone');
      const first = await bundleLocation(zip, { cacheDir });
      if (!first.ok) throw new Error(first.error);
      await rm(join(first.value.path, '..'), { recursive: true, force: true });
      const again = await bundleLocation(zip, { cacheDir });
      expect(again).toEqual(first);
      expect(await scannedIds(first.value.path)).toEqual(ids);
    });

    it('reuses an extraction whose marker predates stamps (hash only), and adds the stamp', async () => {
      const cacheDir = join(root, 'cache-old');
      const first = await bundleLocation(zip, { cacheDir });
      if (!first.ok) throw new Error(first.error);
      const markerFile = join(first.value.path, '..', '.wer-explorer-import');
      const sha = (await readFile(markerFile, 'utf8')).split('\n')[0] ?? '';
      await writeFile(markerFile, `${sha}\n`);
      expect(await bundleLocation(zip, { cacheDir })).toEqual(first);
      expect((await readFile(markerFile, 'utf8')).split('\n').filter(Boolean)).toHaveLength(2);
    });
  });
});
