/** One report with everything parsed: what `show --json` prints and the detail view shows. */
import type { MemoryCsv, ReportMetadata, SysinfoEntry } from './metadata-model';
import type { DumpSummary, KernelDriverFile } from './kernel-dump-model';
import type { ParsedReportWer, WerReport } from './report-model';
import type { Result } from './result';

/** An attachment whose content was parsed for display. */
export interface ParsedAttachment<T> {
  /** File name inside the report folder. */
  readonly file: string;
  readonly content: T;
}

/** A report and the parsed contents of its Report.wer and attachments. */
export interface ReportDetail extends WerReport {
  /** Report.wer fully parsed (every key, indexed families, decoded values); null when unreadable. */
  readonly reportWer: ParsedReportWer | null;
  /** Report.wer as text, for the raw view. */
  readonly rawText: string | null;
  /** How Report.wer was encoded (`utf-16le`, ...) and whether it had a BOM. */
  readonly encoding: { readonly name: string; readonly bom: boolean } | null;
  /** Every XML attachment: WERInternalMetadata, upload request, or unknown. */
  readonly metadata: readonly ParsedAttachment<ReportMetadata>[];
  readonly memoryCsv: ParsedAttachment<MemoryCsv> | null;
  readonly sysinfo: ParsedAttachment<readonly SysinfoEntry[]> | null;
  /**
   * The first minidump (else heap dump) of the folder, read header-first; a kernel dump (a
   * BlueScreen report's, or a Minidump store record) has `kind: 'kernel'`; null when none.
   */
  readonly minidump: ParsedAttachment<Result<DumpSummary>> | null;
  /**
   * A kernel dump's driver at fault as installed on this machine (description, product, company,
   * version), when the file there is the build the dump names; absent or null otherwise.
   */
  readonly driverFile?: KernelDriverFile | null;
}
