/**
 * Report.wer → ParsedReportWer. Pure and total: any string in, a result out, with plain-language
 * problems instead of exceptions. Format notes: ../shared/docs/wer-formats.md §2.
 */
import type { ParsedReportWer } from '../../../../shared/report-model';
import { semanticFields } from '../../../../shared/sig-fields';
import { filetimeToIso } from './filetime';
import { indexEntries } from './report-wer-index';
import { truncationProblem } from './report-wer-truncation';
import { keyInitials, type SplitOptions, splitWerLines } from './report-wer-lines';
import {
  parseAppSessionGuid,
  parseDecimal,
  parseTargetAppId,
  parseTargetAppVersion,
  REPORT_TYPE_NAMES,
} from './report-wer-values';

// Above this share of control or replacement characters the "text" is really binary data.
const GARBAGE_RATIO = 0.05;
// Values echoed in problem messages are cut so a 1 MB line does not become a 1 MB message.
const ECHO_LIMIT = 40;

/** Parses the text of a Report.wer (already decoded, see decodeText). Never throws. */
export function parseReportWer(text: string): ParsedReportWer {
  return parseSafely(text, {});
}

/** What a WerReport (the scan result) takes from a Report.wer; see parseReportWerSummary. */
export type ReportWerSummary = Pick<
  ParsedReportWer,
  | 'reportIdentifier'
  | 'integratorReportIdentifier'
  | 'eventType'
  | 'reportType'
  | 'reportTypeName'
  | 'eventTime'
  | 'uploadTime'
  | 'appName'
  | 'appPath'
  | 'friendlyEventName'
  | 'signature'
  | 'fields'
  | 'bucket'
  | 'process'
  | 'dynamicSignature'
  | 'osInfo'
  | 'files'
  | 'problems'
> & {
  /** `Cer.MachineName`: the sender recorded by the CER collector; null for local reports. */
  readonly machine: string | null;
};

/**
 * The keys every ReportWerSummary field is read from (plain keys and `Family[` prefixes). Lines
 * whose key starts with another letter (LoadedModule[n], Version, NsAppName, TargetAppId, ...)
 * cannot change the summary, so the summary parse does not slice them.
 */
const SUMMARY_KEYS = [
  'ReportIdentifier', 'IntegratorReportIdentifier', 'EventType', 'ReportType', 'EventTime', 'UploadTime', 'AppName', 'AppPath',
  'FriendlyEventName', 'ConsentKey', 'AppSessionGuid', 'Response.BucketId', 'Response.BucketTable',
  'Response.LegacyBucketId', 'Cer.MachineName', 'Sig[', 'DynamicSig[', 'OsInfo[', 'File[',
];
/** The summary keeps values (in WerReports) but drops the text, so its values get their own memory. */
const SUMMARY_SPLIT: SplitOptions = { keep: keyInitials(SUMMARY_KEYS), ownValues: true };

/**
 * The ReportWerSummary of a Report.wer text: the same values and problems as parseReportWer,
 * about twice as fast, for scans that build thousands of WerReports and need no other field.
 * Never throws.
 */
export function parseReportWerSummary(text: string): ReportWerSummary {
  return summaryOf(parseSafely(text, SUMMARY_SPLIT));
}

/** The ReportWerSummary fields of a parsed Report.wer. */
export function summaryOf(wer: ParsedReportWer): ReportWerSummary {
  return {
    reportIdentifier: wer.reportIdentifier,
    integratorReportIdentifier: wer.integratorReportIdentifier,
    eventType: wer.eventType,
    reportType: wer.reportType,
    reportTypeName: wer.reportTypeName,
    eventTime: wer.eventTime,
    uploadTime: wer.uploadTime,
    appName: wer.appName,
    appPath: wer.appPath,
    friendlyEventName: wer.friendlyEventName,
    signature: wer.signature,
    fields: wer.fields,
    bucket: wer.bucket,
    process: wer.process,
    dynamicSignature: wer.dynamicSignature,
    osInfo: wer.osInfo,
    files: wer.files,
    problems: wer.problems,
    machine: collectedMachine(wer.entries),
  };
}

/** The sender recorded by the CER collector (`Cer.MachineName`, first one), for reports it received. */
export function collectedMachine(entries: ParsedReportWer['entries']): string | null {
  const value = entries.find((e) => e.key === 'Cer.MachineName')?.value.trim();
  return value ? value : null;
}

/** parseUnsafe with any internal error turned into a problem. */
function parseSafely(text: string, split: SplitOptions): ParsedReportWer {
  try {
    return parseUnsafe(text, split);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return { ...emptyReport(), problems: [`The report could not be read because of an internal error (${reason}).`] };
  }
}

/** The parse; `split` may keep only some lines as entries (see splitWerLines). */
function parseUnsafe(input: string, split: SplitOptions): ParsedReportWer {
  const text = stripPadding(input);
  const problems: string[] = [];
  if (text.trim() === '') return { ...emptyReport(), problems: ['The Report.wer file is empty.'] };

  const garbage = unreadableShare(text);
  if (garbage > GARBAGE_RATIO) {
    problems.push(
      `The file is mostly binary data (${Math.round(garbage * 100)}% unreadable characters): it is damaged or not a Report.wer file.`,
    );
  }
  const { entries, keyValueLines, malformedLines } = splitWerLines(text, split);
  if (keyValueLines === 0) {
    problems.push('This is not a Report.wer file: none of its lines has the form Key=Value.');
    return { ...emptyReport(), problems };
  }
  if (malformedLines > 0) {
    problems.push(
      malformedLines === 1
        ? '1 line is not of the form Key=Value and was skipped.'
        : `${malformedLines} lines are not of the form Key=Value and were skipped.`,
    );
  }

  const { top, groups } = indexEntries(entries);
  const truncated = truncationProblem(text, top);
  if (truncated) problems.push(truncated);

  const eventType = textOf(top, 'eventtype');
  if (!eventType) problems.push('The report has no EventType, so the kind of failure is unknown.');
  const rawEventTime = valueOf(top, 'eventtime');
  const eventTime = filetimeToIso(rawEventTime);
  if (rawEventTime === null) problems.push('The report has no EventTime, so the time of the failure is unknown.');
  else if (eventTime === null) {
    problems.push(`The EventTime "${echo(rawEventTime)}" is not a valid time stamp, so the time of the failure is unknown.`);
  }

  const reportType = parseDecimal(valueOf(top, 'reporttype'));
  return {
    entries,
    version: textOf(top, 'version'),
    eventType,
    eventTime,
    uploadTime: filetimeToIso(valueOf(top, 'uploadtime')),
    reportType,
    reportTypeName: reportType === null ? null : (REPORT_TYPE_NAMES[reportType] ?? null),
    reportIdentifier: textOf(top, 'reportidentifier'),
    integratorReportIdentifier: textOf(top, 'integratorreportidentifier'),
    reportStatus: parseDecimal(valueOf(top, 'reportstatus')),
    consent: parseDecimal(valueOf(top, 'consent')),
    isFatal: flag(valueOf(top, 'isfatal')),
    heapdumpAttached: flag(valueOf(top, 'heapdumpattached')) === true,
    wow64Host: wow64Host(valueOf(top, 'wow64host'), valueOf(top, 'wow64')),
    appName: textOf(top, 'appname'),
    appPath: textOf(top, 'apppath'),
    nsAppName: textOf(top, 'nsappname'),
    originalFilename: textOf(top, 'originalfilename'),
    friendlyEventName: textOf(top, 'friendlyeventname'),
    consentKey: textOf(top, 'consentkey'),
    reportDescription: textOf(top, 'reportdescription'),
    applicationIdentity: textOf(top, 'applicationidentity'),
    process: parseAppSessionGuid(valueOf(top, 'appsessionguid')),
    targetAppId: parseTargetAppId(valueOf(top, 'targetappid')),
    targetAppVersion: parseTargetAppVersion(valueOf(top, 'targetappver')),
    bucket: bucketOf(textOf(top, 'response.bucketid'), valueOf(top, 'response.buckettable'), textOf(top, 'response.legacybucketid')),
    ...groups,
    fields: semanticFields(eventType, groups.signature),
    problems,
  };
}

/** Everything absent: the base of results for text that holds no report. */
function emptyReport(): ParsedReportWer {
  return {
    entries: [],
    version: null,
    eventType: null,
    eventTime: null,
    uploadTime: null,
    reportType: null,
    reportTypeName: null,
    reportIdentifier: null,
    integratorReportIdentifier: null,
    reportStatus: null,
    consent: null,
    isFatal: null,
    heapdumpAttached: false,
    wow64Host: null,
    appName: null,
    appPath: null,
    nsAppName: null,
    originalFilename: null,
    friendlyEventName: null,
    consentKey: null,
    reportDescription: null,
    applicationIdentity: null,
    process: null,
    targetAppId: null,
    targetAppVersion: null,
    bucket: null,
    signature: [],
    dynamicSignature: [],
    ui: [],
    loadedModules: [],
    state: [],
    osInfo: [],
    files: [],
    fields: {},
    problems: [],
  };
}

/** Drops a BOM left in the text and the NUL padding some copies carry at either end. */
function stripPadding(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text.charCodeAt(start) === 0xfeff || text.charCodeAt(start) === 0)) start++;
  while (end > start && text.charCodeAt(end - 1) === 0) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

// Text without a character no text file has: C0 controls (but tab, CR, LF), DEL and U+FFFD.
// One anchored run of a negated class is ~2x faster than searching for the first bad character
// (the regex engine does not restart at every position).
const READABLE = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]*$/;

/** Share of characters no text file has; a native regex test skips the count for clean text. */
function unreadableShare(text: string): number {
  if (READABLE.test(text)) return 0;
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0x7f || c === 0xfffd) bad++;
  }
  return bad / text.length;
}

/** A plain key's value; `lowerKey` is written in lower case, like the keys of `top`. */
function valueOf(top: ReadonlyMap<string, string>, lowerKey: string): string | null {
  return top.get(lowerKey) ?? null;
}

/** A plain key's trimmed value, null when absent or blank. */
function textOf(top: ReadonlyMap<string, string>, lowerKey: string): string | null {
  return nonEmpty(top.get(lowerKey) ?? null);
}

function nonEmpty(value: string | null): string | null {
  const t = value?.trim();
  return t ? t : null;
}

function echo(value: string): string {
  const t = value.trim();
  return t.length > ECHO_LIMIT ? `${t.slice(0, ECHO_LIMIT)}…` : t;
}

/** `1` → true, `0` → false; anything else (IsFatal=4294967295 on generic reports) → null. */
function flag(value: string | null): boolean | null {
  const n = parseDecimal(value);
  return n === 1 ? true : n === 0 ? false : null;
}

function wow64Host(host: string | null, legacyWow64: string | null): number | null {
  const n = parseDecimal(host);
  if (n !== null) return n;
  // Windows 7/8.1 only say `WOW64=1`. Their only WOW64 hosts were x64 (Itanium was dropped
  // after Server 2008 R2), so IMAGE_FILE_MACHINE_AMD64 is the honest reading.
  return flag(legacyWow64) === true ? 0x8664 : null;
}

function bucketOf(id: string | null, table: string | null, legacyId: string | null): ParsedReportWer['bucket'] {
  const tableNumber = parseDecimal(table);
  if (id === null && tableNumber === null && legacyId === null) return null;
  return { id, table: tableNumber, legacyId };
}
