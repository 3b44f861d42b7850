import { join } from 'node:path';
import type { ParsedAttachment, ReportDetail } from '../../../../shared/report-detail';
import type { KernelDriverFile } from '../../../../shared/kernel-dump-model';
import type { SemanticFields } from '../../../../shared/sig-fields';
import type { Attachment } from '../../../../shared/report-model';
import { type DumpSummary, isKernelDump } from '../../../../shared/kernel-dump-model';
import type { Result } from '../../../../shared/result';
import { checkBugCheck } from '../kernel/bugcheck-check';
import { causedByDriverFile } from '../kernel/driver-file';
import { readKernelRecordDetail } from '../kernel/kernel-record-detail';
import { describeFsError } from '../fs-errors';
import { readWhole } from '../file-read';
import { readDumpFile } from '../minidump/read-dump-file';
import { readSymbolizedDumpFile } from '../symbolize/symbolize-summary';
import type { SymbolLocator } from '../symbols/symbol-locator';
import { decodeText } from '../text/decode-text';
import { parseMemoryCsv } from './parse-memory-csv';
import { parseMetadataXml } from './parse-metadata-xml';
import { parseSysinfo } from './parse-sysinfo';
import { type ReportLocation, readReportFolder } from './read-report-folder';

/** Largest text attachment parsed for display; larger ones are listed but not opened. */
export const MAX_TEXT_ATTACHMENT_BYTES = 16 * 1024 * 1024;

async function parseText<T>(
  folder: string,
  attachment: Attachment,
  parse: (text: string) => T,
  problems: string[],
): Promise<ParsedAttachment<T> | null> {
  try {
    const { text } = decodeText(await readWhole(join(folder, attachment.file), MAX_TEXT_ATTACHMENT_BYTES));
    return { file: attachment.file, content: parse(text) };
  } catch (e) {
    problems.push(`${attachment.file} could not be read: ${describeFsError(e)}.`);
    return null;
  }
}

const isCsv = (a: Attachment) => a.kind === 'csv' || a.cabName?.toLowerCase() === 'memory.csv';
const isSysinfo = (a: Attachment) =>
  a.cabName?.toLowerCase() === 'sysinfo.txt' || (a.kind === 'text' && /\.tmp\.txt$/i.test(a.file) && !/appcompat/i.test(a.file));

/** The dump to summarise: a minidump if there is one, else a heap dump (read header-first). */
function pickDump(attachments: readonly Attachment[]): Attachment | undefined {
  const present = attachments.filter((a) => a.size !== null);
  return present.find((a) => a.kind === 'minidump') ?? present.find((a) => a.kind === 'heapdump');
}

/** How much of the dump to resolve. */
export interface ReportDetailOptions {
  /**
   * Name the minidump's frames: a locator over the symbol path, or null for local files only;
   * absent = no symbol work at all (bundles of many reports).
   */
  readonly symbols?: SymbolLocator | null;
}

/**
 * Reads one report folder with everything parsed: Report.wer, every XML attachment, memory.csv,
 * sysinfo.txt and the dump summary (checked against the report's signature: a user-mode dump's
 * module and offset, a kernel dump's bug check and parameters). A Minidump store record (`folder`
 * is the dump file) is read as that dump. With `symbols`, a user-mode dump's stack is unwound and
 * named through that locator (null: local files only). Never throws; attachments that cannot be
 * read become problems of the report.
 */
export async function readReportDetail(folder: string, location: ReportLocation, options: ReportDetailOptions = {}): Promise<ReportDetail> {
  if (location.store === 'Minidump') return readKernelRecordDetail(folder, location.storeRoot, options.symbols !== undefined ? { images: { locator: options.symbols } } : {});
  const { report, reportWer } = readReportFolder(folder, location, { sniffAll: true });
  const problems = [...report.problems];
  const present = report.attachments.filter((a) => a.size !== null);

  const metadata: ParsedAttachment<ReturnType<typeof parseMetadataXml>>[] = [];
  for (const a of present.filter((x) => x.kind === 'metadata' || x.kind === 'xml')) {
    const parsed = await parseText(folder, a, parseMetadataXml, problems);
    if (parsed) metadata.push(parsed);
  }
  const csv = present.find(isCsv);
  const sysinfo = present.find(isSysinfo);
  const dump = pickDump(report.attachments);
  const read = dump ? await readDumpDetail(join(folder, dump.file), dump.file, report.fields, options) : null;
  if (read?.mismatch) problems.push(read.mismatch);

  return {
    ...report,
    problems,
    reportWer: reportWer?.parsed ?? null,
    rawText: reportWer?.text ?? null,
    encoding: reportWer ? { name: reportWer.encoding, bom: reportWer.bom } : null,
    metadata,
    memoryCsv: csv ? await parseText(folder, csv, (t) => parseMemoryCsv(t), problems) : null,
    sysinfo: sysinfo ? await parseText(folder, sysinfo, parseSysinfo, problems) : null,
    minidump: read?.minidump ?? null,
    ...(read?.driverFile ? { driverFile: read.driverFile } : {}),
  };
}

/** A dump read for a detail view: its summary (or why not), the driver file at fault, a mismatch with the record. */
export interface DumpDetail {
  readonly minidump: ParsedAttachment<Result<DumpSummary>>;
  readonly driverFile: KernelDriverFile | null;
  /** Why the dump does not agree with the record's bug check, or null. */
  readonly mismatch: string | null;
}

/**
 * Reads one dump file for a record's detail: header-first, checked against the record's
 * signature (module + offset) or bug check, a user-mode stack named when `options.symbols` is set.
 */
export async function readDumpDetail(path: string, file: string, fields: SemanticFields, options: ReportDetailOptions): Promise<DumpDetail> {
  const read = { signature: { module: fields.module ?? null, offset: fields.exceptionOffset ?? null } };
  // With symbols, one set of them serves the walk (images, x86 frame data) and the names.
  const result = options.symbols !== undefined ? await readSymbolizedDumpFile(path, read, options.symbols) : await readDumpFile(path, read);
  const content: Result<DumpSummary> = result.ok ? { ok: true, value: result.value.summary } : result;
  if (!result.ok || !isKernelDump(result.value.summary)) return { minidump: { file, content }, driverFile: null, mismatch: null };
  return {
    minidump: { file, content },
    driverFile: await causedByDriverFile(result.value.summary),
    mismatch: checkBugCheck(fields, result.value.summary),
  };
}
