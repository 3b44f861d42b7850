/**
 * `scan --group` over a million reports: grouping reads a few fields of each report (shared/
 * problems.ts: id, time, event type, application, signature, semantic fields, bucket, OS,
 * machine, store), so each report is cut down to those as soon as it is read, and its repeated
 * strings (applications, modules, versions, signature names) are shared between reports. The
 * other fields are emptied, never invented: the result is still a WerReport, just one that says
 * nothing about its folder, files or sources. Even cut down, a million of them held 2 GB; so
 * GroupingRowsBuilder keeps only the rows grouping reads, and parks the cut reports on disk.
 */
import { columnValue, eventTimeMs, newestFirstOrder, NUMBER_COLUMNS, type NumberColumn, problemFacts, type ProblemRows } from '../../../shared/problem-rows';
import { displayApplication } from '../../../shared/report-display';
import type { SemanticFieldId } from '../../../shared/sig-fields';
import type { StoreKind, WerReport } from '../../../shared/report-model';
import { StringDictionary } from '../../main/core/query/string-dictionary';
import { ReportSpool } from '../format/report-spool';

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

/**
 * The rows grouping reads (shared/problem-rows.ts), one report at a time as a scan reads them:
 * the numbered columns, times, ids, event types, applications and stores stay in memory (~150
 * bytes a report); each report, cut to what grouping reads (groupingRecord), waits in a spool
 * file and is read back only for the newest reports of each problem. The rows are those
 * reportRows gives for the cut reports in the order they were added (texts numbered alike).
 */
export class GroupingRowsBuilder {
  private readonly spool = new ReportSpool();
  private readonly intern = stringInterner();
  private readonly texts = new StringDictionary();
  private columns = Object.fromEntries(NUMBER_COLUMNS.map((c) => [c, new Int32Array(1024)])) as Record<NumberColumn, Int32Array>;
  private times = new Float64Array(1024);
  private readonly ids: string[] = [];
  private readonly eventTypes: (string | null)[] = [];
  private readonly applications: string[] = [];
  private readonly stores: StoreKind[] = [];

  /** Reports added. */
  get length(): number {
    return this.ids.length;
  }

  add(report: WerReport): void {
    const record = groupingRecord(report, this.intern);
    const row = this.ids.length;
    if (row === this.times.length) this.grow(row * 2);
    const facts = problemFacts(record);
    for (const c of NUMBER_COLUMNS) this.columns[c][row] = this.number(columnValue(facts, c));
    this.times[row] = eventTimeMs(record);
    this.ids.push(record.id);
    this.eventTypes.push(record.eventType);
    this.applications.push(this.intern(displayApplication(record)));
    this.stores.push(record.store);
    this.spool.add(record, (r) => JSON.stringify(r));
  }

  /** The rows of the reports added so far (valid until `close`). */
  rows(): ProblemRows {
    const length = this.length;
    const times = this.times.subarray(0, length);
    return {
      length,
      textCount: this.texts.size,
      text: (n) => this.texts.valueOf(n),
      numbers: (column) => this.columns[column].subarray(0, length),
      times: () => times,
      id: (row) => this.ids[row] as string,
      eventType: (row) => this.eventTypes[row] ?? null,
      application: (row) => this.applications[row] as string,
      store: (row) => this.stores[row] as StoreKind,
      report: (row) => JSON.parse(this.spool.text(row)) as WerReport,
      newestFirst: () => newestFirstOrder(length, (row) => times[row] as number, (row) => this.ids[row] as string),
    };
  }

  /** Removes the spool file. */
  close(): void {
    this.spool.close();
  }

  private number(text: string | null): number {
    return text === null ? -1 : this.texts.intern(text);
  }

  private grow(size: number): void {
    const bigger = <T extends Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.times = bigger(this.times);
    for (const c of NUMBER_COLUMNS) this.columns[c] = bigger(this.columns[c]);
  }
}
