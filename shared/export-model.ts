/**
 * Ticket bundles, redaction and bundle import: the plain data a UI shows in its review step, the
 * progress it draws and the manifest written into every bundle. Structured-clone safe throughout.
 */
import type { AttachmentKind, StoreKind } from './report-model';

/** What kind of sensitive value a placeholder stands for. */
export type RedactionCategory =
  | 'user'
  | 'machine'
  | 'domain'
  | 'email'
  | 'ipv4'
  | 'ipv6'
  | 'sid'
  | 'machine-guid'
  | 'custom';

/** Every category, in the order summaries list them. */
export const REDACTION_CATEGORIES: readonly RedactionCategory[] = [
  'user', 'machine', 'domain', 'email', 'ipv4', 'ipv6', 'sid', 'machine-guid', 'custom',
];

/** A value to redact that is known up front: found in the reports, or given by the user. */
export interface KnownValue {
  readonly category: RedactionCategory;
  readonly value: string;
}

/** One value and the placeholder that replaces it. Local only: never written into a bundle. */
export interface PlaceholderEntry {
  readonly category: RedactionCategory;
  readonly value: string;
  /** `<user-1>`, `<email-2>`, ... */
  readonly placeholder: string;
}

/** How many values of one category were replaced, and how often (never the values). */
export interface RedactionCount {
  readonly category: RedactionCategory;
  /** Distinct values replaced. */
  readonly values: number;
  /** Replacements made. */
  readonly occurrences: number;
}

/** What redaction did: categories and counts only. */
export interface RedactionSummary {
  /** Categories with at least one replacement, in REDACTION_CATEGORIES order. */
  readonly counts: readonly RedactionCount[];
  /** Known values too short to replace safely (fewer than 3 characters). */
  readonly skippedShortValues: number;
}

/** How a file of a bundle is treated: copied byte for byte, or decoded, redacted and re-encoded. */
export type FileTreatment = 'copy' | 'redact';

/** What a bundled file is: Report.wer, or an attachment kind. */
export type BundleFileKind = AttachmentKind | 'report-wer';

/** Why a file of a selected report is not in the bundle. */
export type LeftOutReason =
  | 'dumps-off'
  | 'heap-dumps-off'
  | 'dump-not-redactable'
  | 'binary-not-redactable'
  | 'text-too-large'
  | 'size-budget'
  | 'not-a-file';

/** A file that goes into the bundle. */
export interface PlannedFile {
  /** Index into BundlePlan.reports. */
  readonly reportIndex: number;
  /** Absolute path of the file on disk. */
  readonly source: string;
  /** Path inside the zip (`reports/<folder>/<file>`), already redacted when redaction is on. */
  readonly zipPath: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly kind: BundleFileKind;
  readonly treatment: FileTreatment;
}

/** A file of a selected report that stays out of the bundle, and why. */
export interface LeftOutFile {
  readonly reportIndex: number;
  readonly source: string;
  /** Where it would have gone inside the zip. */
  readonly zipPath: string;
  readonly size: number | null;
  readonly kind: BundleFileKind;
  readonly reason: LeftOutReason;
  /** One sentence for the user. */
  readonly message: string;
}

/** A selected report as the bundle will hold it. */
export interface PlannedReport {
  readonly index: number;
  readonly id: string;
  /** Absolute path of the report folder. */
  readonly folder: string;
  readonly store: StoreKind;
  readonly storeRoot: string | null;
  /** Folder inside the zip (`reports/<name>`), already redacted when redaction is on. */
  readonly zipFolder: string;
  readonly eventType: string | null;
  readonly eventTime: string | null;
  /** One line, e.g. "app.exe crashed in mod.dll (c0000005 STATUS_ACCESS_VIOLATION)". */
  readonly title: string;
}

/** Something the user should know before sending the bundle. */
export interface BundleWarning {
  readonly kind: 'dumps' | 'heap-dumps' | 'unredacted-dumps' | 'unreadable-report';
  readonly message: string;
  /** Zip paths (or folders) concerned. */
  readonly files: readonly string[];
}

/** What the caller asks of a bundle. */
export interface BundleOptions {
  /** Replace user names, machine names, addresses, SIDs, ... in every text file. */
  readonly redact?: boolean;
  /** Minidumps (.mdmp/.dmp); default: included without redaction, left out with it. */
  readonly includeDumps?: boolean;
  /** Heap dumps (memory.hdmp); default: left out. */
  readonly includeHeapDumps?: boolean;
  /** Largest total of uncompressed file bytes; files past it are left out (reports' own files first). */
  readonly sizeBudget?: number | null;
  /** Values to redact besides those found in the reports. */
  readonly knownValues?: readonly KnownValue[];
  /** Free text for the ticket, shown at the top of the summary (redacted too when redaction is on). */
  readonly ticketText?: string;
  /** Version written into the manifest. */
  readonly toolVersion?: string;
}

/** BundleOptions with every default applied. */
export interface ResolvedBundleOptions {
  readonly redact: boolean;
  readonly includeDumps: boolean;
  readonly includeHeapDumps: boolean;
  readonly sizeBudget: number | null;
  readonly ticketText: string;
  readonly toolVersion: string;
}

/** What redaction will do, from a dry run over every text file at planning time. */
export interface RedactionPlan {
  readonly summary: RedactionSummary;
  /** Value → placeholder table for the review step and the writer. Local only; never in the bundle. */
  readonly placeholders: readonly PlaceholderEntry[];
  /** Values known before the dry run (given, and found in the reports). Local only. */
  readonly known: readonly KnownValue[];
}

/** Everything a bundle will hold, for the UI's review step; `writeBundle` writes exactly this. */
export interface BundlePlan {
  readonly options: ResolvedBundleOptions;
  readonly reports: readonly PlannedReport[];
  readonly files: readonly PlannedFile[];
  readonly leftOut: readonly LeftOutFile[];
  /** Sum of the included files' sizes on disk. */
  readonly totalBytes: number;
  readonly warnings: readonly BundleWarning[];
  readonly redaction: RedactionPlan | null;
  /** Selected folders that could not be read at all (each a sentence). */
  readonly problems: readonly string[];
}

/** How far writing a bundle has got. */
export interface BundleProgress {
  readonly phase: 'files' | 'summary' | 'done';
  readonly filesDone: number;
  readonly filesTotal: number;
  /** Source bytes read so far, of `bytesTotal` (the plan's total). */
  readonly bytesDone: number;
  readonly bytesTotal: number;
  /** Zip path of the file being written. */
  readonly current: string | null;
}

/** One file inside a bundle, as the manifest lists it. */
export interface ManifestFile {
  readonly path: string;
  readonly size: number;
  /** SHA-256 of the bytes in the zip, lower-case hex. */
  readonly sha256: string;
  readonly kind: BundleFileKind | 'summary';
  readonly redacted: boolean;
  /** Where the file was on the machine that made the bundle (redacted when redaction is on). */
  readonly originalPath: string | null;
  readonly originalSize: number | null;
  /** Id of the report the file belongs to; null for summary files. */
  readonly report: string | null;
}

/** A report inside a bundle, as the manifest lists it. */
export interface ManifestReport {
  readonly id: string;
  readonly folder: string;
  readonly originalPath: string;
  readonly store: StoreKind;
  readonly eventType: string | null;
  readonly eventTime: string | null;
  readonly title: string;
}

/** `manifest.json` of a ticket bundle. Holds redaction categories and counts, never the values. */
export interface BundleManifest {
  readonly format: 'wer-explorer-bundle';
  readonly formatVersion: 1;
  readonly tool: { readonly name: 'wer-explorer'; readonly version: string };
  readonly createdAt: string;
  readonly options: {
    readonly includeDumps: boolean;
    readonly includeHeapDumps: boolean;
    readonly sizeBudget: number | null;
  };
  readonly redaction: { readonly enabled: boolean } & RedactionSummary;
  readonly reports: readonly ManifestReport[];
  readonly files: readonly ManifestFile[];
  readonly leftOut: readonly {
    readonly path: string;
    readonly originalPath: string;
    readonly size: number | null;
    readonly reason: LeftOutReason;
    readonly message: string;
  }[];
  readonly warnings: readonly BundleWarning[];
}

/** A written bundle. */
export interface BundleResult {
  readonly outFile: string;
  /** Size of the zip file. */
  readonly zipBytes: number;
  readonly manifest: BundleManifest;
}

/** Why writing a bundle stopped; no partial file is left behind in either case. */
export type BundleWriteError =
  | { readonly kind: 'cancelled'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string };
