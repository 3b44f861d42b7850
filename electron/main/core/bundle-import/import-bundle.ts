/**
 * Opens a ticket bundle (someone else's zip: hostile input) by extracting it into a folder that
 * can then be scanned as a read-only store. Every entry is checked before a byte is written — no
 * path out of the target, no absolute paths or drive letters, no links, no duplicates, limits on
 * entry count, total size and compression ratio counted on the bytes really inflated — and
 * extraction goes into a `.partial-…` folder that is removed on any refusal.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { type Entry, openPromise, type ZipFile } from 'yauzl';
import type { ImportedBundle, ImportLimits } from '../../../../shared/bundle-import-model';
import { err, ok, type Result } from '../../../../shared/result';
import { describeFsError } from '../fs-errors';
import { DEFAULT_IMPORT_LIMITS, ExtractGuard, RefusedEntry, checkDeclaredSizes, type ImportTotals } from './extract-guard';
import { verifyManifest } from './verify-manifest';
import { checkEntryEncoding, checkEntryName, checkEntryType, decodeEntryName, entryKey } from './zip-entry-checks';

/** What extraction recorded: SHA-256 per extracted file path (`/`-separated). */
type Extracted = Map<string, { readonly sha256: string; readonly size: number }>;

interface ImportState {
  readonly limits: ImportLimits;
  readonly root: string;
  readonly totals: ImportTotals;
  readonly files: Extracted;
  readonly fileKeys: Set<string>;
  readonly dirKeys: Set<string>;
  declared: number;
}

function nextEntry(zip: ZipFile, pending: { error: Error | null }): Promise<Entry | null> {
  return new Promise((resolvePromise, reject) => {
    if (pending.error) return reject(pending.error);
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (e: Entry) => (cleanup(), resolvePromise(e));
    const onEnd = () => (cleanup(), resolvePromise(null));
    const onError = (e: Error) => (cleanup(), reject(e));
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

/** Names an Info-ZIP Unicode Path field (0x7075) carries: other tools extract under that name. */
function alternateNames(entry: Entry): string[] {
  return entry.extraFields.filter((f) => f.id === 0x7075 && f.data.length > 5).map((f) => f.data.subarray(5).toString('utf8'));
}

function refusal(entry: Entry, name: string, state: ImportState): string | null {
  for (const candidate of [name, ...alternateNames(entry)]) {
    const check = checkEntryName(candidate);
    if (check.kind === 'refused') return check.reason;
  }
  const typeProblem = checkEntryType(entry.externalFileAttributes) ?? checkEntryEncoding(entry.generalPurposeBitFlag, entry.compressionMethod);
  if (typeProblem) return typeProblem;
  state.declared += entry.uncompressedSize;
  return checkDeclaredSizes(state.limits, state.declared, entry.uncompressedSize, entry.compressedSize);
}

/** Refuses names that clash with an earlier entry the way Windows and macOS compare names. */
function claim(state: ImportState, parts: readonly string[], directory: boolean): string | null {
  const key = entryKey(parts);
  if (state.fileKeys.has(key) || (!directory && state.dirKeys.has(key))) return 'an earlier entry has the same name';
  for (let i = 1; i < parts.length; i++) {
    if (state.fileKeys.has(entryKey(parts.slice(0, i)))) return 'an earlier entry is a file where it needs a folder';
  }
  for (let i = 1; i <= parts.length; i++) {
    if (i < parts.length || directory) state.dirKeys.add(entryKey(parts.slice(0, i)));
  }
  if (!directory) state.fileKeys.add(key);
  return null;
}

async function extractEntry(zip: ZipFile, entry: Entry, state: ImportState): Promise<void> {
  const name = decodeEntryName(entry.fileNameRaw, entry.generalPurposeBitFlag);
  const quoted = JSON.stringify(name);
  const problem = refusal(entry, name, state);
  const check = checkEntryName(name);
  if (problem || check.kind === 'refused') throw new RefusedEntry(`refused entry ${quoted}: ${problem ?? 'bad name'}`);
  const clash = claim(state, check.parts, check.kind === 'directory');
  if (clash) throw new RefusedEntry(`refused entry ${quoted}: ${clash}`);
  const dest = resolve(state.root, ...check.parts);
  // Belt and braces: whatever the checks above missed, nothing lands outside the target.
  if (!dest.startsWith(state.root + sep)) throw new RefusedEntry(`refused entry ${quoted}: it points outside the target folder`);
  if (check.kind === 'directory') {
    await mkdir(dest, { recursive: true });
    return;
  }
  await mkdir(dirname(dest), { recursive: true });
  const guard = new ExtractGuard(state.limits, state.totals, entry.uncompressedSize, entry.compressedSize);
  try {
    const input = await zip.openReadStreamPromise(entry);
    // 'wx': never write through something that already exists (a link planted earlier).
    await pipeline(input, guard, createWriteStream(dest, { flags: 'wx' }));
  } catch (e) {
    if (e instanceof RefusedEntry) throw new RefusedEntry(`refused entry ${quoted}: ${e.message}`);
    const message = e instanceof Error ? e.message : String(e);
    if (/too many bytes|not enough bytes/.test(message)) {
      throw new RefusedEntry(`refused entry ${quoted}: its data does not match the size it declares (a zip bomb or a damaged zip)`);
    }
    throw e;
  }
  state.files.set(check.parts.join('/'), { sha256: guard.sha256 ?? '', size: guard.bytes });
}

async function prepareTarget(target: string): Promise<string | null> {
  const existing = await stat(target).catch(() => null);
  if (!existing) return null;
  if (!existing.isDirectory()) return `${target} exists and is not a folder`;
  if ((await readdir(target)).length > 0) return `${target} is not empty`;
  return null;
}

function describeZipError(zipName: string, e: unknown): string {
  const message = (e instanceof Error ? e.message : String(e)).replace(/\s*[\r\n]+\s*/g, ' ');
  if (e instanceof RefusedEntry) return `${zipName}: ${message}`;
  if ((e as NodeJS.ErrnoException).code) return `${zipName} could not be extracted: ${describeFsError(e)}`;
  return `${zipName} is damaged or truncated: ${message}`;
}

/**
 * Extracts a bundle into `targetDir` (created; it must not exist or be empty). Returns the
 * extracted folder with its manifest and any integrity problems, or one line saying why the zip
 * was refused; nothing is left behind on refusal.
 */
export async function importBundle(
  zipPath: string,
  targetDir: string,
  limits: Partial<ImportLimits> = {},
): Promise<Result<ImportedBundle>> {
  const zipName = basename(zipPath);
  const target = resolve(targetDir);
  const lim: ImportLimits = { ...DEFAULT_IMPORT_LIMITS, ...limits };
  const zipStat = await stat(zipPath).catch(() => null);
  if (!zipStat?.isFile()) return err(`${zipPath} is not a file`);
  const targetProblem = await prepareTarget(target).catch((e: unknown) => `${target} could not be read: ${describeFsError(e)}`);
  if (targetProblem) return err(targetProblem);

  let zip: ZipFile;
  try {
    zip = await openPromise(zipPath, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true });
  } catch (e) {
    return err(`${zipName} is not a zip file, or it is truncated: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (zip.entryCount > lim.maxEntries) {
    zip.close();
    return err(`${zipName} has ${zip.entryCount} entries; the limit is ${lim.maxEntries}`);
  }
  const partial = `${target}.partial-${randomBytes(4).toString('hex')}`;
  const pending: { error: Error | null } = { error: null };
  zip.on('error', (e: Error) => (pending.error = e));
  const state: ImportState = { limits: lim, root: partial, totals: { bytes: 0 }, files: new Map(), fileKeys: new Set(), dirKeys: new Set(), declared: 0 };
  let entries = 0;
  try {
    await mkdir(partial, { recursive: true });
    for (let entry = await nextEntry(zip, pending); entry; entry = await nextEntry(zip, pending)) {
      entries++;
      await extractEntry(zip, entry, state);
    }
    zip.close();
    const { manifest, problems } = await verifyManifest(partial, state.files);
    if (await stat(target).catch(() => null)) await rmdir(target);
    await rename(partial, target);
    const reports = await stat(join(target, 'reports')).catch(() => null);
    return ok({
      root: target,
      reportsDir: reports?.isDirectory() ? join(target, 'reports') : null,
      manifest,
      entries,
      bytes: state.totals.bytes,
      problems,
    });
  } catch (e) {
    zip.close();
    await rm(partial, { recursive: true, force: true }).catch(() => undefined);
    return err(describeZipError(zipName, e));
  }
}
