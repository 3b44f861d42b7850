/**
 * The collector's working area on the (possibly shared) store: DIR/.cer-collector/, next to
 * DIR/ReportArchive on the same file system, so a rename from one to the other is atomic on a
 * local disk, NFS and SMB alike.
 *
 *   tmp/<host>-<pid>-<random>/   private folders where a report or a record is assembled; a crash
 *                                leaves one behind, and a later start removes it once it is old
 *   posted/<t[0:2]>/<token>/     what a POST received, written once: report.xml, post.json (when,
 *                                from whom, which folder) and the Report.wer made for it (as
 *                                Report.wer.part, which no scanner takes for a report). The PUT of
 *                                its DumpFile, on any collector, finds it here. Each content that
 *                                landed in ReportArchive adds a `landed-<digest>.json` marker
 *
 * Every file is written once and published by a rename; nothing is rewritten in place, so
 * collectors on several machines never fight over a file.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { renameWithRetry } from '../atomic-file';

/** Name of the working folder inside the collector's DIR (a dot name: not a report store). */
export const STAGING_DIR = '.cer-collector';

/** The file of a POST record that says what was received, when, from whom, and where it lands. */
export const RECORD_META = 'post.json';

/** The content of {@link RECORD_META}. */
export interface RecordMeta {
  readonly folderName: string;
  readonly remoteAddress: string;
  readonly receivedMs: number;
}

/** The folders of the working area. */
export interface StagingPaths {
  readonly tmp: string;
  readonly posted: string;
}

/** The working area of the store in `root`. */
export function stagingPaths(root: string): StagingPaths {
  const base = join(root, STAGING_DIR);
  return { tmp: join(base, 'tmp'), posted: join(base, 'posted') };
}

/** Where the record of a POST with this token lives. */
export function postedRecordPath(paths: StagingPaths, token: string): string {
  return join(paths.posted, token.slice(0, 2), token);
}

/** A new private folder under tmp/, named after this host and process (for whoever finds it). */
export async function makePrivateFolder(paths: StagingPaths): Promise<string> {
  const host = hostname().replace(/[^A-Za-z0-9-]/g, '_').slice(0, 32) || 'host';
  const folder = join(paths.tmp, `${host}-${process.pid}-${randomBytes(8).toString('hex')}`);
  await mkdir(folder, { recursive: true });
  return folder;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Moves the folder `from` to `to` in one rename, unless `to` exists: then `from` is left alone and
 * the answer is 'exists' (another collector, or an earlier try, got there first). The first check
 * only saves a failing rename; the rename itself decides, since a folder is never renamed onto a
 * non-empty one (ENOTEMPTY/EEXIST on POSIX, EPERM/EACCES on Windows and SMB).
 */
export async function publishFolder(from: string, to: string): Promise<'published' | 'exists'> {
  if (await exists(to)) return 'exists';
  try {
    await renameWithRetry(from, to);
    return 'published';
  } catch (e) {
    if (await exists(to)) return 'exists';
    throw e;
  }
}

/** Removes private folders under tmp/ last changed more than `maxAgeMs` ago; returns how many. */
export async function removeStaleTemps(paths: StagingPaths, maxAgeMs: number, nowMs: number): Promise<number> {
  let removed = 0;
  let names: string[];
  try {
    names = await readdir(paths.tmp);
  } catch {
    return 0;
  }
  for (const name of names) {
    const path = join(paths.tmp, name);
    try {
      if (nowMs - (await stat(path)).mtimeMs <= maxAgeMs) continue;
      await rm(path, { recursive: true, force: true });
      removed++;
    } catch {
      // Gone already (another collector cleaned it) or unreadable: the next sweep tries again.
    }
  }
  return removed;
}

/** post.json of a record, or null when it is missing or not ours. */
export async function readRecordMeta(path: string): Promise<RecordMeta | null> {
  try {
    const meta = JSON.parse(await readFile(join(path, RECORD_META), 'utf8')) as { folderName?: unknown; remoteAddress?: unknown; receivedMs?: unknown };
    if (typeof meta.folderName !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/.test(meta.folderName)) return null;
    return {
      folderName: meta.folderName,
      remoteAddress: typeof meta.remoteAddress === 'string' ? meta.remoteAddress : '',
      receivedMs: typeof meta.receivedMs === 'number' && Number.isFinite(meta.receivedMs) ? meta.receivedMs : 0,
    };
  } catch {
    return null;
  }
}
