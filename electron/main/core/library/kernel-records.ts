/**
 * Minidump store records in the live library: what a file event on a kernel dump means, and the
 * background read of each record's driver at fault (listing reads headers only; problems group
 * kernel crashes by bug check + driver, so the library fills the driver in soon after).
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { WerReport } from '../../../../shared/report-model';
import { withCausedBy } from '../kernel/caused-by-cache';
import { isKernelDumpFile, readKernelRecord } from '../kernel/kernel-record';
import { readCrashDumpRecord } from '../localdumps/crash-dump-record';
import { isLocalDumpFile } from '../localdumps/local-dump-file';
import { storeKindOf } from '../store/scan-stores';
import type { BackgroundRead } from './background-reader';

/** What a changed file stands for: a Minidump record read from it, the report folder it belongs to, or nothing. */
export type FileChange =
  | { readonly kind: 'record'; readonly report: WerReport }
  | { readonly kind: 'folder'; readonly folder: string }
  | { readonly kind: 'none' };

/**
 * Reads a changed file: a kernel dump or a LocalDumps dump outside report folders is a record; a
 * file of a report folder refreshes that folder.
 */
export function readFileChange(path: string): FileChange {
  const dir = dirname(path);
  if (existsSync(join(dir, 'Report.wer')) || storeKindOf(basename(dirname(dir))) !== 'other') return { kind: 'folder', folder: dir };
  if (isKernelDumpFile(path)) return { kind: 'record', report: readKernelRecord(path, dir) };
  return isLocalDumpFile(path) ? { kind: 'record', report: readCrashDumpRecord(path, dir) } : { kind: 'none' };
}

/** The background read of Minidump records' driver at fault (see background-reader.ts). */
export const CAUSED_BY_READ: BackgroundRead = {
  wants: (report) => report.store === 'Minidump' && !report.fields.causedByDriver && !!report.eventType,
  read: withCausedBy,
};
