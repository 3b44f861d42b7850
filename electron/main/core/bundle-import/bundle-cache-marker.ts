/**
 * The marker file of an extracted bundle in the bundle cache. Its first line is the zip's SHA-256
 * (written last, so its presence means the extraction finished); the lines after it are the
 * (path, size, mtime) stamps of the zip files known to have that content, so an unchanged zip is
 * found again without hashing it (seconds for a large bundle, at every start and store change).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../atomic-file';

/** The marker's name inside an extracted bundle's folder. */
const MARKER = '.wer-explorer-import';

/** Stamps kept per extraction: one per path the same bundle was opened from, newest last. */
const MAX_STAMPS = 16;

const SHA256 = /^[0-9a-f]{64}$/;
/** Extraction folders are named after the first 32 hex digits of the zip's SHA-256. */
const EXTRACTION_DIR = /^[0-9a-f]{32}$/;

/** A zip file as last seen: the same path, size and mtime are taken to mean the same content. */
export interface ZipStamp {
  /** Absolute path. */
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/** What a marker says: the content hash, and the zip files seen with that content. */
export interface BundleMarker {
  readonly sha: string;
  readonly stamps: readonly ZipStamp[];
}

/** The stamp of a zip file now; throws what stat throws. */
export async function zipStamp(zipPath: string): Promise<ZipStamp> {
  const s = await stat(zipPath);
  return { path: resolve(zipPath), size: s.size, mtimeMs: s.mtimeMs };
}

function isStamp(value: unknown): value is ZipStamp {
  const v = value as Partial<ZipStamp> | null;
  return typeof v === 'object' && v !== null && typeof v.path === 'string' && typeof v.size === 'number' && typeof v.mtimeMs === 'number';
}

function sameStamp(a: ZipStamp, b: ZipStamp): boolean {
  return a.path === b.path && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** Reads a marker's text; null when it does not start with a SHA-256. Unreadable stamp lines are skipped. */
export function parseMarker(text: string): BundleMarker | null {
  const [first = '', ...rest] = text.split('\n');
  const sha = first.trim();
  if (!SHA256.test(sha)) return null;
  const stamps: ZipStamp[] = [];
  for (const line of rest) {
    if (!line.trim()) continue;
    try {
      const value: unknown = JSON.parse(line);
      if (isStamp(value)) stamps.push({ path: value.path, size: value.size, mtimeMs: value.mtimeMs });
    } catch {
      // A damaged stamp line only costs a hash.
    }
  }
  return { sha, stamps };
}

/** A marker's text: the hash line first (readers before stamps existed only look at it). */
export function formatMarker(marker: BundleMarker): string {
  return [marker.sha, ...marker.stamps.map((s) => JSON.stringify({ path: s.path, size: s.size, mtimeMs: s.mtimeMs }))].join('\n') + '\n';
}

async function readMarker(dir: string): Promise<BundleMarker | null> {
  const text = await readFile(join(dir, MARKER), 'utf8').catch(() => null);
  return text === null ? null : parseMarker(text);
}

/** Whether `dir` holds a finished extraction of the zip with this SHA-256. */
export async function extractionCompleted(dir: string, sha: string): Promise<boolean> {
  return (await readMarker(dir))?.sha === sha;
}

/**
 * The finished extraction whose marker lists this stamp, or null. Reads one small marker per
 * cached bundle, which is far cheaper than hashing the zip.
 */
export async function findExtraction(cacheDir: string, stamp: ZipStamp): Promise<string | null> {
  const names = await readdir(cacheDir).catch(() => [] as string[]);
  for (const name of names) {
    if (!EXTRACTION_DIR.test(name)) continue;
    const dir = join(cacheDir, name);
    const marker = await readMarker(dir);
    // The folder must be the one named after the hash, so a copied or renamed folder is not trusted.
    if (marker && marker.sha.startsWith(name) && marker.stamps.some((s) => sameStamp(s, stamp))) return dir;
  }
  return null;
}

/**
 * Writes the marker of a finished extraction. Atomic, because a reader that saw half a marker
 * would take the extraction as unfinished and delete it.
 */
export async function writeMarker(dir: string, marker: BundleMarker): Promise<void> {
  await writeFileAtomic(join(dir, MARKER), formatMarker(marker));
}

/**
 * Adds a zip's stamp to a finished extraction's marker (replacing the older stamp of the same
 * path). Best effort: when it fails, the next lookup hashes the zip again.
 */
export async function rememberStamp(dir: string, sha: string, stamp: ZipStamp): Promise<void> {
  const marker = await readMarker(dir);
  if (!marker || marker.sha !== sha || marker.stamps.some((s) => sameStamp(s, stamp))) return;
  const stamps = [...marker.stamps.filter((s) => s.path !== stamp.path), stamp].slice(-MAX_STAMPS);
  await writeMarker(dir, { sha, stamps }).catch(() => undefined);
}
