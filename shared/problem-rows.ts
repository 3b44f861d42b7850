/**
 * What grouping into problems reads of each report, as rows: keys and bucket ids as numbers of one
 * text table, the summarised values as strings, times as milliseconds. `groupProblems` reads
 * reports through {@link reportRows}; the library's query engine reads the same facts from its
 * columns (electron/main/core/query/problem-columns.ts), so a million reports are grouped without
 * touching a report object, by the same code.
 */
import { frameKey, problemKey, signatureKey } from './problem-key';
import { displayApplication } from './report-display';
import type { StoreKind, WerReport } from './report-model';

/** The values a problem reports only when its reports share them (or of its newest report). */
export const PICKED_FACTS = ['module', 'exceptionCode', 'offset', 'hangSignature', 'exceptionType', 'bugCheckCode'] as const;
/** The values a problem counts or picks (null when the report has none). */
export const COUNTED_FACTS = ['version', 'os', 'machine', ...PICKED_FACTS] as const;
/** One of them. */
export type FactName = (typeof COUNTED_FACTS)[number];

/** Everything grouping reads of one report besides its id, time, event type and store. */
export interface ProblemFacts {
  /** Its key in signature mode: the frame key when its top frame is known, else its signature key. */
  readonly signatureModeKey: string;
  readonly applicationModeKey: string;
  /** The signature key of a frame-keyed report (listed in `Problem.keys` for triage made before), else null. */
  readonly framedSignature: string | null;
  /** A usable Windows bucket id, lower case; null before the service answered. */
  readonly bucket: string | null;
  readonly facts: Readonly<Record<FactName, string | null>>;
}

/** A usable bucket id: WER writes all zeros (or nothing) before the service has answered. */
function bucketIdOf(report: WerReport): string | null {
  const id = report.bucket?.id?.trim().toLowerCase();
  return id && !/^0*$/.test(id) ? id : null;
}

/** What grouping reads of a report. */
export function problemFacts(r: WerReport): ProblemFacts {
  const frame = frameKey(r);
  const f = r.fields;
  return {
    signatureModeKey: frame ?? signatureKey(r),
    applicationModeKey: problemKey(r, 'application'),
    framedSignature: frame === null ? null : signatureKey(r),
    bucket: bucketIdOf(r),
    facts: {
      version: f.applicationVersion ?? null,
      os: r.os?.version ?? (typeof r.os?.build === 'number' ? String(r.os.build) : null),
      // The collector records the sending machine; local reports have none.
      machine: r.machine,
      // A kernel crash's driver at fault (read from its dump) stands in for the faulting module.
      module: f.module ?? f.causedByDriver ?? null,
      exceptionCode: f.exceptionCode ?? null,
      offset: f.exceptionOffset ?? null,
      hangSignature: f.hangSignature ?? null,
      exceptionType: f.exceptionType ?? null,
      bugCheckCode: f.bugCheckCode ?? null,
    },
  };
}

/** The columns of text numbers rows have: keys, bucket ids and facts. */
export const NUMBER_COLUMNS = ['signatureModeKey', 'applicationModeKey', 'framedSignature', 'bucket', ...COUNTED_FACTS] as const;
/** One of them. */
export type NumberColumn = (typeof NUMBER_COLUMNS)[number];

/**
 * The reports to group, by row number (0 … length - 1). Keys, bucket ids and facts come as
 * columns of numbers of one text table, so grouping reads typed arrays, not objects.
 */
export interface ProblemRows {
  readonly length: number;
  /** Numbers in the columns are below this. */
  readonly textCount: number;
  /** The text of a number. */
  text(n: number): string;
  /** A column: the number of each row's text, -1 where it has none (framed signature, bucket, facts). */
  numbers(column: NumberColumn): Int32Array;
  /** Event time of each row in ms since 1970, NaN when undated. */
  times(): Float64Array;
  id(row: number): string;
  eventType(row: number): string | null;
  /** The application as displayed (`displayApplication`). */
  application(row: number): string;
  store(row: number): StoreKind;
  /** The whole report (read for the newest reports of each problem only). */
  report(row: number): WerReport;
  /** Every row, newest first, undated last, then by id (then in row order). */
  newestFirst(): ArrayLike<number>;
}

/** A report's event time in ms since 1970, NaN when it has none or it is not a time. */
export function eventTimeMs(report: WerReport): number {
  return report.eventTime ? Date.parse(report.eventTime) : Number.NaN;
}

/** What a column holds of a report's facts. */
export function columnValue(f: ProblemFacts, column: NumberColumn): string | null {
  switch (column) {
    case 'signatureModeKey':
    case 'applicationModeKey':
    case 'framedSignature':
    case 'bucket':
      return f[column];
    default:
      return f.facts[column];
  }
}

/** Columns made on first use, then kept. */
function lazyColumns<T>(make: (column: NumberColumn) => T): (column: NumberColumn) => T {
  const made = new Map<NumberColumn, T>();
  return (column) => {
    let values = made.get(column);
    if (values === undefined) made.set(column, (values = make(column)));
    return values;
  };
}

/** Reports as rows; their facts are read when a column is first needed. */
export function reportRows(reports: readonly WerReport[]): ProblemRows {
  const numbers = new Map<string, number>();
  const texts: string[] = [];
  const number = (text: string | null): number => {
    if (text === null) return -1;
    let n = numbers.get(text);
    if (n === undefined) {
      n = texts.length;
      texts.push(text);
      numbers.set(text, n);
    }
    return n;
  };
  // Every column in one pass over the reports, when the first is asked for (the facts of a
  // report are not kept: a million of them would hold hundreds of megabytes).
  let columns: Record<NumberColumn, Int32Array> | null = null;
  const makeColumns = (): Record<NumberColumn, Int32Array> => {
    const made = Object.fromEntries(NUMBER_COLUMNS.map((c) => [c, new Int32Array(reports.length)])) as Record<NumberColumn, Int32Array>;
    reports.forEach((report, row) => {
      const f = problemFacts(report);
      for (const c of NUMBER_COLUMNS) made[c][row] = number(columnValue(f, c));
    });
    return made;
  };
  let times: Float64Array | null = null;
  const timesOf = () => (times ??= Float64Array.from(reports, eventTimeMs));
  return {
    length: reports.length,
    get textCount() {
      return texts.length;
    },
    text: (n) => texts[n] ?? '',
    numbers: (column) => (columns ??= makeColumns())[column],
    times: timesOf,
    id: (row) => (reports[row] as WerReport).id,
    eventType: (row) => (reports[row] as WerReport).eventType,
    application: (row) => displayApplication(reports[row] as WerReport),
    store: (row) => (reports[row] as WerReport).store,
    report: (row) => reports[row] as WerReport,
    newestFirst: () => {
      const t = timesOf();
      return newestFirstOrder(reports.length, (row) => t[row] as number, (row) => (reports[row] as WerReport).id);
    },
  };
}

/**
 * Some rows of `rows` (in the order given) as rows of their own: numbers, texts and reports are
 * the parent's; the newest-first order is the parent's, filtered.
 */
export function selectRows(rows: ProblemRows, picked: ArrayLike<number>): ProblemRows {
  const parent = Uint32Array.from(picked);
  const at = (row: number) => parent[row] as number;
  let times: Float64Array | null = null;
  return {
    length: parent.length,
    get textCount() {
      return rows.textCount;
    },
    text: (n) => rows.text(n),
    numbers: lazyColumns((column) => gather(rows.numbers(column), parent, new Int32Array(parent.length))),
    times: () => (times ??= gather(rows.times(), parent, new Float64Array(parent.length))),
    id: (row) => rows.id(at(row)),
    eventType: (row) => rows.eventType(at(row)),
    application: (row) => rows.application(at(row)),
    store: (row) => rows.store(at(row)),
    report: (row) => rows.report(at(row)),
    newestFirst: () => {
      const own = new Int32Array(rows.length).fill(-1);
      parent.forEach((p, row) => (own[p] = row));
      const all = rows.newestFirst();
      const order = new Uint32Array(parent.length);
      let n = 0;
      for (let i = 0; i < all.length; i++) {
        const row = own[all[i] as number] as number;
        if (row >= 0) order[n++] = row;
      }
      return order;
    },
  };
}

/** `out[i] = all[picked[i]]` (a loop: TypedArray.from with a function is several times slower). */
function gather<T extends Int32Array | Float64Array>(all: T, picked: Uint32Array, out: T): T {
  for (let i = 0; i < picked.length; i++) out[i] = all[picked[i] as number] as number;
  return out;
}

/**
 * Row numbers newest first, undated last, then by id, then by row. Each time is read once (a
 * comparator parsing both sides would parse n log n times: seconds for a large library).
 */
export function newestFirstOrder(length: number, time: (row: number) => number, id: (row: number) => string): Uint32Array {
  const times = new Float64Array(length);
  for (let row = 0; row < length; row++) times[row] = time(row);
  return Uint32Array.from({ length }, (_, row) => row).sort((i, j) => {
    const ta = times[i] as number;
    const tb = times[j] as number;
    if (ta !== tb) {
      if (Number.isNaN(ta)) return Number.isNaN(tb) ? compareIds(id(i), id(j)) || i - j : 1;
      if (Number.isNaN(tb)) return -1;
      return tb - ta;
    }
    return compareIds(id(i), id(j)) || i - j;
  });
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
