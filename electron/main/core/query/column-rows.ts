/**
 * The engine's columns as the rows problems and history are computed over (shared/problem-rows.ts):
 * row = slot, every value read from a column, so grouping a million reports touches one report
 * object per problem (its newest, for the title) instead of every report.
 */
import type { ProblemRows } from '../../../../shared/problem-rows';
import type { WerReport } from '../../../../shared/report-model';
import { STORE_KINDS, type ReportColumns } from './report-columns';

/**
 * The rows of every slot (select the shown ones with `selectRows`). `timeOrder`: the live slots
 * by time, newest first, undated last, ties in slot order (the list's time sort); ties are put
 * in id order here, as grouping wants.
 */
export function columnRows(c: ReportColumns, resolve: (id: string) => WerReport | undefined, timeOrder: () => Uint32Array): ProblemRows {
  const textOf = (column: Uint32Array, slot: number) => c.texts.valueOf(column[slot] as number);
  return {
    length: c.length,
    get textCount() {
      return c.problemTexts.size;
    },
    text: (n) => c.problemTexts.valueOf(n),
    numbers: (column) => c.problem[column].subarray(0, c.length),
    times: () => c.time.subarray(0, c.length),
    id: (slot) => c.idAt(slot) ?? '',
    // '' for none: grouping and history treat it as they treat a missing event type.
    eventType: (slot) => textOf(c.text.event, slot),
    application: (slot) => textOf(c.text.application, slot),
    store: (slot) => STORE_KINDS[c.store[slot] as number] ?? 'other',
    report: (slot) => {
      const id = c.idAt(slot) ?? '';
      const report = resolve(id);
      if (!report) throw new Error(`The library has no report ${id} any more.`);
      return report;
    },
    newestFirst: () => idsBreakTies(c, timeOrder()),
  };
}

/** The time order with each run of equal times (undated ones included) in id order. */
function idsBreakTies(c: ReportColumns, order: Uint32Array): Uint32Array {
  const out = order.slice();
  const same = (a: number, b: number) => {
    const ta = c.time[a] as number;
    const tb = c.time[b] as number;
    return ta === tb || (Number.isNaN(ta) && Number.isNaN(tb));
  };
  let start = 0;
  while (start < out.length) {
    let end = start + 1;
    while (end < out.length && same(out[start] as number, out[end] as number)) end += 1;
    if (end - start > 1) {
      const run = Array.from(out.subarray(start, end)).sort((a, b) => {
        const x = c.idAt(a) ?? '';
        const y = c.idAt(b) ?? '';
        return x < y ? -1 : x > y ? 1 : a - b;
      });
      out.set(run, start);
    }
    start = end;
  }
  return out;
}
