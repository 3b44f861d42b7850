import { createHash } from 'node:crypto';
import { closeSync, type Dirent, fstatSync, lstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { basename, join } from 'node:path';
import type {
  Attachment,
  DecodedText,
  ParsedReportWer,
  ReportFileEntry,
  ReportOs,
  StoreKind,
  WerReport,
} from '../../../../shared/report-model';
import { decodeText } from '../text/decode-text';
import { describeFsError } from '../fs-errors';
import { classifyAttachment, kindFromName, SNIFF_BYTES } from './classify-attachment';
import { collectedMachine, parseReportWer, parseReportWerSummary, type ReportWerSummary } from './parse-report-wer';
import { reportOs } from './report-os';
import { readKernelRecord } from '../kernel/kernel-record';
import { readCrashDumpRecord } from '../localdumps/crash-dump-record';

/** Largest Report.wer we read; real ones are under 100 KB, so anything bigger is cut with a problem. */
export const MAX_REPORT_WER_BYTES = 32 * 1024 * 1024;

/** Where a report folder was found. */
export interface ReportLocation {
  readonly store: StoreKind;
  readonly storeRoot: string | null;
}

/** Report.wer as read from disk, kept for the detail view and for writers that re-encode it. */
export interface ReportWerFile {
  readonly parsed: ParsedReportWer;
  readonly text: string;
  readonly encoding: string;
  readonly bom: boolean;
  /** Whether decoding replaced bytes (a UTF-16 file cut mid-character is still being written). */
  readonly lossy: boolean;
}

/** A report plus the parsed Report.wer it came from. */
export interface ReadReport {
  readonly report: WerReport;
  readonly reportWer: ReportWerFile | null;
}

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** The report id: ReportIdentifier in lower case, else a stable hash of the folder path. */
export function reportId(reportIdentifier: string | null, folder: string): string {
  const guid = normalReportGuid(reportIdentifier);
  if (guid) return guid;
  const key = process.platform === 'win32' ? folder.toLowerCase() : folder;
  return createHash('sha1').update(key).digest('hex').slice(0, 32);
}

/** A report GUID (braces optional) in lower case, or null when the text is not one. */
export function normalReportGuid(text: string | null): string | null {
  const m = text ? GUID.exec(text.trim()) : null;
  return m?.[1]?.toLowerCase() ?? null;
}

/** `AppCrash` from `AppCrash_app.exe_…`; null when the name has no such prefix. */
export function folderKindOf(folderName: string): string | null {
  const m = /^([A-Za-z]+)_/.exec(folderName);
  return m?.[1] ?? null;
}

function isReportWerName(name: string): boolean {
  return name.toLowerCase() === 'report.wer';
}

interface FileHead {
  readonly data: Uint8Array;
  readonly size: number;
  readonly mtimeMs: number;
}

/**
 * Reads up to `bytes` from the start of a file, with its size and mtime from the same handle.
 * Synchronous on purpose: for the small files of a report folder a direct read is several times
 * faster than a round trip through libuv's thread pool, and the scan yields between reports.
 * Opened read-only with Node's default sharing, so Windows can still write or delete the file.
 */
function readHead(path: string, bytes: number): FileHead {
  const fd = openSync(path, 'r');
  try {
    const { size, mtimeMs } = fstatSync(fd);
    const length = Math.min(size, bytes);
    const data = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const bytesRead = readSync(fd, data, done, length - done, done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return { data: data.subarray(0, done), size, mtimeMs };
  } finally {
    closeSync(fd);
  }
}

/** Report.wer's bytes, or null (with a problem) when it cannot be read. */
function readWerBytes(path: string, problems: string[]): FileHead | null {
  try {
    const head = readHead(path, MAX_REPORT_WER_BYTES);
    if (head.size > MAX_REPORT_WER_BYTES) {
      problems.push(`Report.wer is ${head.size} bytes; only the first ${MAX_REPORT_WER_BYTES} were read.`);
    }
    return head;
  } catch (e) {
    problems.push(`Report.wer could not be read: ${describeFsError(e)}.`);
    return null;
  }
}

function inventoryFile(folder: string, entry: Dirent, listed: ReportFileEntry | undefined, sniffAll: boolean): Attachment {
  const path = join(folder, entry.name);
  const fileType = listed?.type ?? null;
  const cabName = listed?.cabName ?? null;
  // Links are listed but never followed: a report folder is hostile input.
  if (!entry.isFile()) return { file: entry.name, size: null, kind: 'other', cabName };
  const byName = kindFromName(entry.name, fileType);
  try {
    if (byName && !sniffAll) return { file: entry.name, size: lstatSync(path).size, kind: byName, cabName };
    const { data, size } = readHead(path, SNIFF_BYTES);
    return { file: entry.name, size, kind: classifyAttachment(entry.name, data, fileType), cabName };
  } catch {
    return { file: entry.name, size: null, kind: byName ?? 'other', cabName };
  }
}

function listedFileName(f: ReportFileEntry): string | null {
  const p = f.path ?? f.originalPath;
  return p ? basename(p.replace(/\\/g, '/')) : null;
}

function attachmentsOf(
  folder: string,
  entries: readonly Dirent[],
  files: readonly ReportFileEntry[],
  sniffAll: boolean,
): Attachment[] {
  const listedByName = new Map<string, ReportFileEntry>();
  for (const f of files) {
    const name = listedFileName(f);
    if (name) listedByName.set(name.toLowerCase(), f);
  }
  const present = entries.filter((e) => !isReportWerName(e.name));
  const attachments = present.map((e) => inventoryFile(folder, e, listedByName.get(e.name.toLowerCase()), sniffAll));
  // Files the report lists but the folder no longer has (dumps are deleted after upload).
  const presentNames = new Set(present.map((e) => e.name.toLowerCase()));
  for (const [lower, f] of listedByName) {
    if (presentNames.has(lower)) continue;
    const name = listedFileName(f) ?? lower;
    attachments.push({ file: name, size: null, kind: classifyAttachment(name, null, f.type), cabName: f.cabName });
  }
  return attachments.sort((a, b) => a.file.localeCompare(b.file));
}

/** Options for reading one report folder. */
export interface ReadReportOptions {
  /** The folder's directory entries when the caller already listed it (saves a readdir). */
  readonly entries?: readonly Dirent[];
  /** Sniff every attachment's first bytes, not only those whose name leaves the kind open. */
  readonly sniffAll?: boolean;
}

/**
 * Reads one report folder into a WerReport (synchronously: ~0.1 ms per folder). Never throws: an unreadable folder, a missing or
 * garbage Report.wer all yield a report whose `problems` say what went wrong.
 */
export function readReportFolder(folder: string, location: ReportLocation, options: ReadReportOptions = {}): ReadReport {
  let reportWer: ReportWerFile | null = null;
  const report = buildReport(loadFolder(folder, location, options), options, (decoded) => {
    const parsed = parseReportWer(decoded.text);
    reportWer = { parsed, text: decoded.text, encoding: decoded.encoding, bom: decoded.bom, lossy: decoded.lossy };
    return { ...parsed, machine: collectedMachine(parsed.entries) };
  });
  return { report, reportWer };
}

/**
 * The WerReport of readReportFolder without the full parse of Report.wer (the same report,
 * faster): for scans, which keep only the report.
 */
export function readReportSummary(folder: string, location: ReportLocation, options: ReadReportOptions = {}): WerReport {
  return buildReport(loadFolder(folder, location, options), options, parseSummary);
}

/** A report folder to read with readReportSummaries. */
export interface FolderToRead extends ReportLocation {
  readonly folder: string;
  /** The folder's directory entries when the caller already listed it (saves a readdir). */
  readonly entries?: readonly Dirent[] | undefined;
}

/**
 * readReportSummary for several folders: it first lists all of them and reads their Report.wer
 * files, then parses. Keeping the system calls together is about 20% faster than alternating
 * them with parsing (measured on 10,000 folders: the kernel's caches stay warm); give it a few
 * dozen folders at a time so the bytes held in between stay small.
 */
export function readReportSummaries(folders: readonly FolderToRead[]): WerReport[] {
  // Minidump and CrashDumps store entries are dump files: their record comes from the dump itself.
  const loaded = folders.map((f) =>
    f.store === 'Minidump'
      ? readKernelRecord(f.folder, f.storeRoot)
      : f.store === 'CrashDumps'
        ? readCrashDumpRecord(f.folder, f.storeRoot)
        : loadFolder(f.folder, f, f.entries ? { entries: f.entries } : {}),
  );
  return loaded.map((l) => ('hasReportWer' in l ? buildReport(l, {}, parseSummary) : l));
}

function parseSummary(decoded: DecodedText): ReportWerSummary {
  return parseReportWerSummary(decoded.text);
}

/** A report folder's listing and Report.wer bytes: the reading done before any parsing. */
interface LoadedFolder {
  readonly folder: string;
  readonly location: ReportLocation;
  readonly entries: readonly Dirent[];
  readonly hasReportWer: boolean;
  readonly reportWer: FileHead | null;
  readonly problems: string[];
}

function loadFolder(folder: string, location: ReportLocation, options: ReadReportOptions): LoadedFolder {
  const problems: string[] = [];
  let entries: readonly Dirent[] = options.entries ?? [];
  if (!options.entries) {
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (e) {
      problems.push(`The report folder could not be read: ${describeFsError(e)}.`);
    }
  }
  const werEntry = entries.find((e) => isReportWerName(e.name) && e.isFile());
  const reportWer = werEntry ? readWerBytes(join(folder, werEntry.name), problems) : null;
  return { folder, location, entries, hasReportWer: werEntry !== undefined, reportWer, problems };
}

/** The ids the event log may name a report by: ReportIdentifier, then IntegratorReportIdentifier. */
function werReportIds(wer: ReportWerSummary | null): string[] {
  const ids = [normalReportGuid(wer?.reportIdentifier ?? null), normalReportGuid(wer?.integratorReportIdentifier ?? null)];
  return [...new Set(ids.filter((id): id is string => id !== null))];
}

/** A loaded folder made into a WerReport (attachments included); `parse` reads the decoded Report.wer. */
function buildReport(
  loaded: LoadedFolder,
  options: ReadReportOptions,
  parse: (decoded: DecodedText) => ReportWerSummary,
): WerReport {
  const { folder, location, entries, reportWer: read, problems } = loaded;
  const wer = read ? parse(decodeText(read.data)) : null;
  if (wer) problems.push(...wer.problems);
  if (!loaded.hasReportWer && problems.length === 0) problems.push('The folder has no Report.wer file.');
  const attachments = attachmentsOf(folder, entries, wer?.files ?? [], options.sniffAll ?? false);
  const os: ReportOs | null = wer ? reportOs(wer) : null;
  return {
    id: reportId(wer?.reportIdentifier ?? null, folder),
    folder,
    store: location.store,
    storeRoot: location.storeRoot,
    folderKind: folderKindOf(basename(folder)),
    eventType: wer?.eventType ?? null,
    reportType: wer?.reportType ?? null,
    reportTypeName: wer?.reportTypeName ?? null,
    eventTime: wer?.eventTime ?? null,
    uploadTime: wer?.uploadTime ?? null,
    appName: wer?.appName ?? null,
    appPath: wer?.appPath ?? null,
    friendlyEventName: wer?.friendlyEventName ?? null,
    signature: wer?.signature ?? [],
    fields: wer?.fields ?? {},
    bucket: wer?.bucket ?? null,
    process: wer?.process ?? null,
    os,
    machine: wer?.machine ?? null,
    attachments,
    problems,
    sources: [{ kind: 'wer', folder, reportIds: werReportIds(wer) }],
    reportWerSize: read?.size ?? null,
    reportWerMtimeMs: read?.mtimeMs ?? null,
  };
}
