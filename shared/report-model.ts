/**
 * The report model: what the core makes of a WER report folder, and what the CLI prints and the
 * UI shows. Plain, structured-clone-safe data (no Maps, no Dates, no class instances), so the
 * same objects cross IPC, HTTP and `--json` unchanged.
 */
import type { SemanticFields } from './sig-fields';

/**
 * Which store a record comes from: a WER store (ReportQueue/ReportArchive), a folder of kernel
 * dumps (`Minidump`: one record per dump file, its `folder` the dump's path), a LocalDumps folder
 * (`CrashDumps`: one record per user-mode dump `app.exe.PID.dmp`, its `folder` the dump's path),
 * an event log known only from its events (`EventLog`: the crash's WER folder is gone or was
 * never written; its `folder` is the log file), or elsewhere.
 */
export type StoreKind = 'ReportQueue' | 'ReportArchive' | 'Minidump' | 'CrashDumps' | 'EventLog' | 'other';

/** A WER report folder that recorded the crash. */
export interface WerFolderSource {
  readonly kind: 'wer';
  readonly folder: string;
  /** `ReportIdentifier` and `IntegratorReportIdentifier` in lower case (the event log names either). */
  readonly reportIds: readonly string[];
}

/** An event of the Application or System log that recorded the crash. */
export interface EventLogSource {
  readonly kind: 'eventlog';
  /** The saved `.evtx` file, or null for the machine's live log. */
  readonly log: string | null;
  /** `Application` or `System`. */
  readonly channel: string;
  readonly provider: string;
  readonly eventId: number;
  /** EventRecordID: where the event sits in its log. */
  readonly recordId: number;
  /** TimeCreated, ISO-8601 UTC. */
  readonly time: string | null;
  /** The report id the event names (1000 IntegratorReportId, 1001/1002 ReportId), lower case. */
  readonly reportId: string | null;
}

/** A dump file outside report folders that recorded the crash (LocalDumps, kernel dumps). */
export interface DumpFileSource {
  readonly kind: 'dump';
  readonly path: string;
  readonly size: number | null;
}

/** One thing that recorded a crash: records merge when their sources name the same crash. */
export type RecordSource = WerFolderSource | EventLogSource | DumpFileSource;

/** What an attached file is, decided from its first bytes, its name and its File[n].Type. */
export type AttachmentKind =
  | 'minidump'
  | 'heapdump'
  | 'metadata'
  | 'text'
  | 'xml'
  | 'csv'
  | 'etl'
  | 'other';

/** Text encodings the decoder recognises (legacy code pages are named as iconv-lite names them). */
export type TextEncoding = 'utf-16le' | 'utf-16be' | 'utf-8' | (string & {});

/** Decoded text with how it was decoded, so a writer can re-encode it the same way. */
export interface DecodedText {
  readonly text: string;
  readonly encoding: TextEncoding;
  /** Whether the bytes started with a byte-order mark. */
  readonly bom: boolean;
  /** Whether the decoder replaced invalid byte sequences. */
  readonly lossy: boolean;
}

/** One `Sig[n]` or `DynamicSig[n]` pair. Indices are kept as written: gaps are normal. */
export interface SigEntry {
  readonly index: number;
  /** The name as written, in the UI language of the machine that wrote it. */
  readonly name: string;
  readonly value: string;
}

/** One `State[n]` or `OsInfo[n]` pair; the Value line can be missing. */
export interface KeyValueEntry {
  readonly index: number;
  readonly key: string;
  readonly value: string | null;
}

/** One `UI[n]` or `LoadedModule[n]` line. */
export interface IndexedText {
  readonly index: number;
  readonly value: string;
}

/** One `File[n].*` group of Report.wer: an attachment as the report lists it. */
export interface ReportFileEntry {
  readonly index: number;
  /** Name inside the upload cab (`minidump.mdmp`, `WERInternalMetadata.xml`, ...). */
  readonly cabName: string | null;
  /** File name inside the report folder. */
  readonly path: string | null;
  /** Where WER staged the file before moving it into the folder. */
  readonly originalPath: string | null;
  /** WER_FILE_TYPE number (1 Microdump, 2 Minidump, 3 Heapdump, ... 9 EtlTrace). */
  readonly type: number | null;
  /** WER_FILE_TYPE name, when the number is known. */
  readonly typeName: string | null;
  readonly flags: number | null;
}

/** The bucket Windows' error-reporting service answered with (absent before an upload). */
export interface Bucket {
  /** `Response.BucketId`: 32 hex digits. */
  readonly id: string | null;
  /** `Response.BucketTable`. */
  readonly table: number | null;
  /** `Response.LegacyBucketId`: a decimal 64-bit number, kept as text. */
  readonly legacyId: string | null;
}

/** Process id and start time decoded from `AppSessionGuid`. */
export interface ProcessIdentity {
  readonly pid: number;
  /** ISO-8601 UTC, or null when the GUID's time part is not a plausible FILETIME. */
  readonly startTime: string | null;
}

/** `TargetAppId`, decoded. */
export type TargetAppId =
  | {
      readonly kind: 'win32';
      /** Program id (4 hex + 40 hex). */
      readonly programId: string;
      /** File id: 4 hex + the SHA-1 of the executable. */
      readonly fileId: string;
      readonly exeName: string;
      readonly raw: string;
    }
  | {
      readonly kind: 'packaged';
      readonly packageFullName: string;
      /** Package-relative application id (PRAID), e.g. `App`. */
      readonly applicationId: string;
      readonly raw: string;
    }
  | { readonly kind: 'other'; readonly raw: string };

/** `TargetAppVer`, decoded. */
export interface TargetAppVersion {
  /** Package version for packaged apps (`1.2.3.0`), else null. */
  readonly version: string | null;
  /** Package architecture for packaged apps (`x64`), else null. */
  readonly architecture: string | null;
  /** PE link time as ISO-8601 UTC (may be a nonsense year for reproducible builds), or null. */
  readonly linkTime: string | null;
  /** The hex field after the date (usually the PE checksum). */
  readonly checksum: string | null;
  readonly exeName: string | null;
  readonly raw: string;
}

/** Everything Report.wer says, parsed. Every key is kept in `entries`, in file order. */
export interface ParsedReportWer {
  /** Every `Key=Value` line in file order (split at the first `=`), duplicates included. */
  readonly entries: readonly { readonly key: string; readonly value: string }[];
  readonly version: string | null;
  readonly eventType: string | null;
  /** `EventTime` FILETIME as ISO-8601 UTC. */
  readonly eventTime: string | null;
  /** `UploadTime` FILETIME as ISO-8601 UTC. */
  readonly uploadTime: string | null;
  /** WER_REPORT_TYPE number. */
  readonly reportType: number | null;
  /** WER_REPORT_TYPE name: NonCritical, Critical, ApplicationCrash, ApplicationHang, Kernel, Invalid. */
  readonly reportTypeName: string | null;
  /** `ReportIdentifier` GUID as written. */
  readonly reportIdentifier: string | null;
  readonly integratorReportIdentifier: string | null;
  readonly reportStatus: number | null;
  readonly consent: number | null;
  readonly isFatal: boolean | null;
  readonly heapdumpAttached: boolean;
  /** `Wow64Host`: IMAGE_FILE_MACHINE of the host (34404 = AMD64; written for native 64-bit processes too). */
  readonly wow64Host: number | null;
  readonly appName: string | null;
  readonly appPath: string | null;
  readonly nsAppName: string | null;
  readonly originalFilename: string | null;
  readonly friendlyEventName: string | null;
  readonly consentKey: string | null;
  readonly reportDescription: string | null;
  readonly applicationIdentity: string | null;
  /** From `AppSessionGuid`. */
  readonly process: ProcessIdentity | null;
  readonly targetAppId: TargetAppId | null;
  readonly targetAppVersion: TargetAppVersion | null;
  /** `Response.BucketId` / `BucketTable` / `LegacyBucketId`; null when none is present. */
  readonly bucket: Bucket | null;
  readonly signature: readonly SigEntry[];
  readonly dynamicSignature: readonly SigEntry[];
  readonly ui: readonly IndexedText[];
  readonly loadedModules: readonly IndexedText[];
  readonly state: readonly KeyValueEntry[];
  readonly osInfo: readonly KeyValueEntry[];
  readonly files: readonly ReportFileEntry[];
  /** Language-independent fields by EventType + Sig index. */
  readonly fields: SemanticFields;
  /** What was wrong with the text (each a sentence for the user); empty when all was well. */
  readonly problems: readonly string[];
}

/** A file of a report folder, from the directory listing and/or a `File[n]` entry. */
export interface Attachment {
  /** File name inside the report folder. */
  readonly file: string;
  /** Size in bytes; null when the file is listed by Report.wer but missing from the folder. */
  readonly size: number | null;
  readonly kind: AttachmentKind;
  /** Name inside the upload cab, from the matching `File[n]` entry. */
  readonly cabName: string | null;
}

/** Operating system facts of a report, from Report.wer (OsInfo, DynamicSig) or the metadata. */
export interface ReportOs {
  /** Dotted version, e.g. `10.0.19045.3930`. */
  readonly version: string | null;
  readonly build: number | null;
  /** X64, X86, ARM64, ... */
  readonly architecture: string | null;
  readonly edition: string | null;
}

/** A report as listed: what `scan --json` prints, and one row of the UI's list. */
export interface WerReport {
  /** ReportIdentifier in lower case, else a stable hash of the folder path. */
  readonly id: string;
  /** Absolute path of the report folder (for a `Minidump` record: of the dump file). */
  readonly folder: string;
  readonly store: StoreKind;
  /** The store root this report was found under, or null for a folder given directly. */
  readonly storeRoot: string | null;
  /** Prefix of the folder name (`AppCrash`, `AppHang`, `Critical`, `NonCritical`, `Kernel`), if any. */
  readonly folderKind: string | null;
  readonly eventType: string | null;
  readonly reportType: number | null;
  readonly reportTypeName: string | null;
  readonly eventTime: string | null;
  readonly uploadTime: string | null;
  readonly appName: string | null;
  readonly appPath: string | null;
  readonly friendlyEventName: string | null;
  readonly signature: readonly SigEntry[];
  readonly fields: SemanticFields;
  readonly bucket: Bucket | null;
  readonly process: ProcessIdentity | null;
  readonly os: ReportOs | null;
  /** The machine that sent the report (collected stores: `Cer.MachineName`); null for local reports. */
  readonly machine: string | null;
  readonly attachments: readonly Attachment[];
  /** Parse warnings. A report that cannot be parsed still appears, with its problems. */
  readonly problems: readonly string[];
  /**
   * What recorded this crash: its WER folder, event log events, dump files. Never empty; a
   * record read from one place has one source until it is merged with the others.
   */
  readonly sources: readonly RecordSource[];
  /** Size and modification time (ms since epoch) of Report.wer, for change detection. */
  readonly reportWerSize: number | null;
  readonly reportWerMtimeMs: number | null;
}
