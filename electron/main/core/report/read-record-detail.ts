/**
 * The detail of a record, whatever recorded it: a WER folder is read with everything parsed, a
 * kernel dump record as that dump, a crash known from the event log or a LocalDumps dump from what
 * its sources hold. A merged record keeps its sources, and a dump file that recorded the same
 * crash gives the minidump section when the folder has none.
 */
import { basename } from 'node:path';
import type { ReportDetail } from '../../../../shared/report-detail';
import type { WerReport } from '../../../../shared/report-model';
import { readDumpDetail, readReportDetail, type ReportDetailOptions } from './read-report-detail';

/** The first dump file among a record's sources (a LocalDumps dump merged with its crash), or null. */
function dumpSource(record: WerReport): string | null {
  for (const s of record.sources) if (s.kind === 'dump') return s.path;
  return null;
}

/** A record with no report folder: its own fields, and the dump its sources name (if any). */
async function recordOnlyDetail(record: WerReport, options: ReportDetailOptions): Promise<ReportDetail> {
  const path = dumpSource(record);
  const read = path ? await readDumpDetail(path, basename(path), record.fields, options) : null;
  return {
    ...record,
    problems: read?.mismatch ? [...record.problems, read.mismatch] : record.problems,
    reportWer: null,
    rawText: null,
    encoding: null,
    metadata: [],
    memoryCsv: null,
    sysinfo: null,
    minidump: read?.minidump ?? null,
    ...(read?.driverFile ? { driverFile: read.driverFile } : {}),
  };
}

/**
 * Reads one record with everything parsed (see readReportDetail). Never throws: what cannot be
 * read becomes a problem of the record.
 */
export async function readRecordDetail(record: WerReport, options: ReportDetailOptions = {}): Promise<ReportDetail> {
  if (record.store === 'EventLog' || record.store === 'CrashDumps') return recordOnlyDetail(record, options);
  const detail = await readReportDetail(record.folder, { store: record.store, storeRoot: record.storeRoot }, options);
  if (record.sources.length <= 1) return detail;
  // What the folder says wins; the other sources fill what it lacks.
  const path = detail.minidump ? null : dumpSource(record);
  const read = path ? await readDumpDetail(path, basename(path), detail.fields, options) : null;
  return {
    ...detail,
    sources: record.sources,
    bucket: detail.bucket ?? record.bucket,
    process: detail.process ?? record.process,
    fields: { ...record.fields, ...detail.fields },
    ...(read ? { minidump: read.minidump } : {}),
  };
}
