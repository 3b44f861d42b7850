import { join } from 'node:path';
import type { ParsedAttachment, ReportDetail } from '../../../../shared/report-detail';
import type { Attachment } from '../../../../shared/report-model';
import { type DumpSummary, isKernelDump } from '../../../../shared/kernel-dump-model';
import type { Result } from '../../../../shared/result';
import { checkBugCheck } from '../kernel/bugcheck-check';
import { causedByDriverFile } from '../kernel/driver-file';
import { readKernelRecordDetail } from '../kernel/kernel-record-detail';
import { describeFsError } from '../fs-errors';
import { readWhole } from '../file-read';
import { readDumpFile } from '../minidump/read-dump-file';
import { symbolizeSummary } from '../symbolize/symbolize-summary';
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
  if (location.store === 'Minidump') return readKernelRecordDetail(folder, location.storeRoot);
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
  let minidump: ParsedAttachment<Result<DumpSummary>> | null = null;
  let driverFile = null;
  if (dump) {
    const result = await readDumpFile(join(folder, dump.file), {
      signature: { module: report.fields.module ?? null, offset: report.fields.exceptionOffset ?? null },
      ...(options.symbols !== undefined ? { images: { locator: options.symbols } } : {}),
    });
    let content: Result<DumpSummary> = result.ok ? { ok: true, value: result.value.summary } : result;
    if (result.ok && result.value.kind === 'user' && options.symbols !== undefined) {
      content = { ok: true, value: await symbolizeSummary(result.value.summary, options.symbols) };
    }
    minidump = { file: dump.file, content };
    if (result.ok && isKernelDump(result.value.summary)) {
      const mismatch = checkBugCheck(report.fields, result.value.summary);
      if (mismatch) problems.push(mismatch);
      driverFile = await causedByDriverFile(result.value.summary);
    }
  }

  return {
    ...report,
    problems,
    reportWer: reportWer?.parsed ?? null,
    rawText: reportWer?.text ?? null,
    encoding: reportWer ? { name: reportWer.encoding, bom: reportWer.bom } : null,
    metadata,
    memoryCsv: csv ? await parseText(folder, csv, (t) => parseMemoryCsv(t), problems) : null,
    sysinfo: sysinfo ? await parseText(folder, sysinfo, parseSysinfo, problems) : null,
    minidump,
    ...(driverFile ? { driverFile } : {}),
  };
}
