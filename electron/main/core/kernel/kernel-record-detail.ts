/**
 * The detail of a Minidump store record (`show`, the detail view): the full read of the dump
 * (drivers, stack, driver at fault) under the key that holds a report's dump summary.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ReportDetail } from '../../../../shared/report-detail';
import { describeFsError } from '../fs-errors';
import { kernelRecord, readKernelRecord } from './kernel-record';
import { readKernelDump, type ReadKernelDumpOptions } from './read-kernel-dump';
import { rememberCausedBy } from './caused-by-cache';
import { causedByDriverFile } from './driver-file';

/**
 * Reads one kernel dump fully into a ReportDetail whose `minidump` holds its summary; `options`
 * say where driver images for the stack walk come from (the symbol path). Never throws.
 */
export async function readKernelRecordDetail(path: string, storeRoot: string | null, options: ReadKernelDumpOptions = {}): Promise<ReportDetail> {
  const empty = { reportWer: null, rawText: null, encoding: null, metadata: [], memoryCsv: null, sysinfo: null } as const;
  const info = await stat(path).catch((e: unknown) => describeFsError(e));
  const result = typeof info === 'string' ? null : await readKernelDump(path, options);
  if (typeof info === 'string' || !result?.ok) {
    // The header-only record says why (missing file, not a kernel dump, broken header).
    const report = readKernelRecord(path, storeRoot);
    const error = result && !result.ok ? result.error : `could not be read: ${String(info)}`;
    return { ...report, ...empty, minidump: { file: basename(path), content: { ok: false, error } } };
  }
  rememberCausedBy(path, info, result.value.causedBy?.driver ?? null);
  const report = kernelRecord(path, storeRoot, result.value, info);
  const driverFile = await causedByDriverFile(result.value);
  return { ...report, ...empty, minidump: { file: basename(path), content: result }, ...(driverFile ? { driverFile } : {}) };
}
