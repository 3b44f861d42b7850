/**
 * `scan --group` over a million reports: grouping reads a few fields of each report (shared/
 * problems.ts: id, time, event type, application, signature, semantic fields, bucket, OS,
 * machine, store), so each report is cut down to those as soon as it is read, and its repeated
 * strings (applications, modules, versions, signature names) are shared between reports. The
 * other fields are emptied, never invented: the result is still a WerReport, just one that says
 * nothing about its folder, files or sources.
 */
import type { SemanticFieldId } from '../../../shared/sig-fields';
import type { WerReport } from '../../../shared/report-model';

/** Returns one shared copy of each distinct string it is given. */
export function stringInterner(): <T extends string | null | undefined>(value: T) => T {
  const seen = new Map<string, string>();
  return <T extends string | null | undefined>(value: T): T => {
    if (typeof value !== 'string') return value;
    const known = seen.get(value);
    if (known !== undefined) return known as T;
    seen.set(value, value);
    return value;
  };
}

/** A report with only what grouping reads (see the file comment), its strings interned. */
export function groupingRecord(report: WerReport, intern: ReturnType<typeof stringInterner>): WerReport {
  const fields: Partial<Record<SemanticFieldId, string>> = {};
  for (const [key, value] of Object.entries(report.fields) as [SemanticFieldId, string | undefined][]) {
    if (value !== undefined) fields[key] = intern(value);
  }
  const { bucket, os } = report;
  return {
    id: report.id,
    folder: '',
    store: report.store,
    storeRoot: null,
    folderKind: null,
    eventType: intern(report.eventType),
    reportType: null,
    reportTypeName: null,
    eventTime: report.eventTime,
    uploadTime: null,
    appName: intern(report.appName),
    appPath: null,
    friendlyEventName: null,
    signature: report.signature.map((s) => ({ index: s.index, name: intern(s.name), value: intern(s.value) })),
    fields,
    bucket: bucket && { id: intern(bucket.id), table: bucket.table, legacyId: intern(bucket.legacyId) },
    process: null,
    os: os && { version: intern(os.version), build: os.build, architecture: intern(os.architecture), edition: intern(os.edition) },
    machine: intern(report.machine),
    attachments: [],
    problems: [],
    sources: [],
    reportWerSize: null,
    reportWerMtimeMs: null,
  };
}
