/**
 * Report.wer → ParsedReportWer. Pure and total: any string in, a result out, with plain-language
 * problems instead of exceptions. Format notes: ../shared/docs/wer-formats.md §2.
 */
import type { ParsedReportWer } from '../../../../shared/report-model';
import { semanticFields } from '../../../../shared/sig-fields';
import { filetimeToIso } from './filetime';
import { indexEntries, splitWerLines } from './report-wer-lines';
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
  try {
    return parseUnsafe(text);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return { ...emptyReport(), problems: [`The report could not be read because of an internal error (${reason}).`] };
  }
}

function parseUnsafe(input: string): ParsedReportWer {
  const text = stripPadding(input);
  const problems: string[] = [];
  if (text.trim() === '') return { ...emptyReport(), problems: ['The Report.wer file is empty.'] };

  const garbage = unreadableShare(text);
  if (garbage > GARBAGE_RATIO) {
    problems.push(
      `The file is mostly binary data (${Math.round(garbage * 100)}% unreadable characters): it is damaged or not a Report.wer file.`,
    );
  }
  const { entries, malformedLines } = splitWerLines(text);
  if (entries.length === 0) {
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
  const get = (key: string): string | null => top.get(key.toLowerCase()) ?? null;
  const text0 = (key: string): string | null => nonEmpty(get(key));

  const eventType = text0('EventType');
  if (!eventType) problems.push('The report has no EventType, so the kind of failure is unknown.');
  const rawEventTime = get('EventTime');
  const eventTime = filetimeToIso(rawEventTime);
  if (rawEventTime === null) problems.push('The report has no EventTime, so the time of the failure is unknown.');
  else if (eventTime === null) {
    problems.push(`The EventTime "${echo(rawEventTime)}" is not a valid time stamp, so the time of the failure is unknown.`);
  }

  const reportType = parseDecimal(get('ReportType'));
  return {
    entries,
    version: text0('Version'),
    eventType,
    eventTime,
    uploadTime: filetimeToIso(get('UploadTime')),
    reportType,
    reportTypeName: reportType === null ? null : (REPORT_TYPE_NAMES[reportType] ?? null),
    reportIdentifier: text0('ReportIdentifier'),
    integratorReportIdentifier: text0('IntegratorReportIdentifier'),
    reportStatus: parseDecimal(get('ReportStatus')),
    consent: parseDecimal(get('Consent')),
    isFatal: flag(get('IsFatal')),
    heapdumpAttached: flag(get('HeapdumpAttached')) === true,
    wow64Host: wow64Host(get('Wow64Host'), get('WOW64')),
    appName: text0('AppName'),
    appPath: text0('AppPath'),
    nsAppName: text0('NsAppName'),
    originalFilename: text0('OriginalFilename'),
    friendlyEventName: text0('FriendlyEventName'),
    consentKey: text0('ConsentKey'),
    reportDescription: text0('ReportDescription'),
    applicationIdentity: text0('ApplicationIdentity'),
    process: parseAppSessionGuid(get('AppSessionGuid')),
    targetAppId: parseTargetAppId(get('TargetAppId')),
    targetAppVersion: parseTargetAppVersion(get('TargetAppVer')),
    bucket: bucketOf(text0('Response.BucketId'), get('Response.BucketTable'), text0('Response.LegacyBucketId')),
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

// Characters no text file has: C0 controls (but tab, CR, LF), DEL and U+FFFD.
const UNREADABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;

/** Share of characters no text file has; a native regex test skips the count for clean text. */
function unreadableShare(text: string): number {
  if (!UNREADABLE.test(text)) return 0;
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0x7f || c === 0xfffd) bad++;
  }
  return bad / text.length;
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
