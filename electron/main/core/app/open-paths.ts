/**
 * Which paths the app may hand to the OS to open. They are always derived from a report the
 * library found (never taken from the page), must be absolute and local (no UNC or device paths:
 * opening a file on a share runs whatever the share serves), and a dump must be a regular file of
 * a dump type inside the report's own folder.
 */
import { lstat } from 'node:fs/promises';
import { basename, dirname, extname, isAbsolute, join, win32 } from 'node:path';
import type { WerReport } from '../../../../shared/report-model';
import { err, ok, type Result } from '../../../../shared/result';

/** Extensions the default debugger is registered for. */
const DUMP_EXTENSIONS = new Set(['.dmp', '.mdmp', '.hdmp']);

/** Whether a path is absolute and on this machine (not `\\server\share` or `\\?\`/`\\.\` device syntax). */
export function isLocalAbsolutePath(path: string, platform: string = process.platform): boolean {
  if (path.includes('\u0000')) return false;
  if (platform === 'win32') return win32.isAbsolute(path) && /^[a-zA-Z]:[\\/]/.test(path);
  return isAbsolute(path) && !path.startsWith('//');
}

/** The report's folder (a Minidump record's: the folder holding the dump), when it may be opened. */
export function folderToOpen(report: WerReport, platform: string = process.platform): Result<string> {
  const folder = report.store === 'Minidump' ? (platform === 'win32' ? win32.dirname(report.folder) : dirname(report.folder)) : report.folder;
  return isLocalAbsolutePath(folder, platform) ? ok(folder) : err('Only folders on this machine are opened (this one is on a network share).');
}

/** The report's dump file (minidump first, else heap dump), when it may be opened. */
export async function dumpToOpen(report: WerReport, platform: string = process.platform): Promise<Result<string>> {
  const folder = folderToOpen(report, platform);
  if (!folder.ok) return folder;
  const dump = report.attachments.find((a) => a.kind === 'minidump' && a.size !== null) ?? report.attachments.find((a) => a.kind === 'heapdump' && a.size !== null);
  if (!dump) return err('This report has no dump file.');
  const name = basename(dump.file);
  if (name !== dump.file || !DUMP_EXTENSIONS.has(extname(name).toLowerCase())) {
    return err(`${dump.file} is not a .dmp, .mdmp or .hdmp file, so it is not opened.`);
  }
  const path = join(folder.value, name);
  try {
    const info = await lstat(path);
    if (!info.isFile()) return err(`${name} is not a regular file.`);
  } catch {
    return err(`${name} is no longer in the report folder.`);
  }
  return ok(path);
}
