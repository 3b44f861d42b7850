/**
 * Bundles as stores: `scan bundle.zip` extracts the zip (safely, see importBundle) into a cache
 * folder named after the zip's SHA-256, so the same bundle is extracted once and reused, and
 * returns a store location for the extracted reports. A zip whose path, size and mtime are
 * already in a cache marker is not even hashed (see bundle-cache-marker).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ImportLimits } from '../../../../shared/bundle-import-model';
import { err, ok, type Result } from '../../../../shared/result';
import type { StoreLocation } from '../../../../shared/store-model';
import { describeFsError } from '../fs-errors';
import { extraLocations } from '../store/discover-stores';
import { extractionCompleted, findExtraction, rememberStamp, writeMarker, zipStamp, type ZipStamp } from './bundle-cache-marker';
import { importBundle } from './import-bundle';

/** Options of bundle locations. */
export interface BundleLocationOptions {
  /** Where extracted bundles are kept (default: `<tmp>/wer-explorer-bundles`). */
  readonly cacheDir?: string;
  readonly limits?: Partial<ImportLimits>;
}

/** The default cache of extracted bundles. */
export function defaultBundleCacheDir(): string {
  return join(tmpdir(), 'wer-explorer-bundles');
}

/** Whether a scan path names a bundle (a .zip file) rather than a folder. */
export function isBundlePath(path: string): boolean {
  return /\.zip$/i.test(path);
}

async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

async function locationOf(dir: string, zipPath: string): Promise<StoreLocation> {
  const reports = join(dir, 'reports');
  const hasReports = (await stat(reports).catch(() => null))?.isDirectory() ?? false;
  return { path: hasReports ? reports : dir, scope: 'extra', label: `Bundle ${basename(zipPath)}` };
}

/** Extracts a bundle into the cache (once per distinct zip) and returns its store location. */
export async function bundleLocation(zipPath: string, options: BundleLocationOptions = {}): Promise<Result<StoreLocation>> {
  const cacheDir = options.cacheDir ?? defaultBundleCacheDir();
  let stamp: ZipStamp;
  let sha: string;
  try {
    // Stamped before hashing: a zip rewritten meanwhile gets a newer mtime and is hashed again next time.
    stamp = await zipStamp(zipPath);
    const known = await findExtraction(cacheDir, stamp);
    if (known) return ok(await locationOf(known, zipPath));
    sha = await sha256OfFile(zipPath);
  } catch (e) {
    return err(`${zipPath} could not be read: ${describeFsError(e)}`);
  }
  const dir = join(cacheDir, sha.slice(0, 32));
  const reuse = async (): Promise<Result<StoreLocation>> => {
    await rememberStamp(dir, sha, stamp);
    return ok(await locationOf(dir, zipPath));
  };
  if (await extractionCompleted(dir, sha)) return reuse();
  // Left over from an extraction that stopped half-way: start again.
  await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  const imported = await importBundle(zipPath, dir, options.limits);
  if (!imported.ok) {
    // Another process may have extracted the same bundle meanwhile.
    if (await extractionCompleted(dir, sha)) return reuse();
    return imported;
  }
  await writeMarker(dir, { sha, stamps: [stamp] });
  return ok(await locationOf(dir, zipPath));
}

/**
 * Store locations for scan paths: .zip files become extracted bundles, anything else is taken
 * as a folder. A bundle that cannot be opened becomes an error line instead of a location.
 */
export async function locationsForPaths(
  paths: readonly string[],
  options: BundleLocationOptions = {},
): Promise<{ locations: StoreLocation[]; errors: string[] }> {
  const locations: StoreLocation[] = [];
  const errors: string[] = [];
  for (const path of paths) {
    const isFile = (await stat(path).catch(() => null))?.isFile() ?? false;
    if (!isBundlePath(path) || !isFile) {
      locations.push(...extraLocations([path]));
      continue;
    }
    const result = await bundleLocation(path, options);
    if (result.ok) locations.push(result.value);
    else errors.push(result.error);
  }
  return { locations, errors };
}
