/**
 * `scan --group`'s rows, built a report at a time with the cut reports parked on disk, are the
 * rows reportRows gives over the cut reports held in memory: same texts and numbers, times, ids,
 * reports read back, order; and so the same problems as groupProblems over the whole reports.
 */
import { GroupingRowsBuilder, groupingRecord, stringInterner } from '../../../electron/cli/commands/scan-group-record';
import { NUMBER_COLUMNS, reportRows } from '../../../shared/problem-rows';
import { groupProblems, problemsOfRows } from '../../../shared/problems';
import { fleetReports } from '../core/query/fleet-reports';

test('rows built a report at a time equal reportRows over the cut reports, and group alike', () => {
  const reports = fleetReports(1500, { seed: 7, applications: 40 });
  const builder = new GroupingRowsBuilder();
  try {
    for (const r of reports) builder.add(r);
    const intern = stringInterner();
    const want = reportRows(reports.map((r) => groupingRecord(r, intern)));
    const got = builder.rows();
    expect(got.length).toBe(want.length);
    // Columns first: reportRows numbers its texts as it makes them.
    for (const c of NUMBER_COLUMNS) expect(got.numbers(c)).toEqual(want.numbers(c));
    expect(got.textCount).toBe(want.textCount);
    for (let n = 0; n < want.textCount; n++) expect(got.text(n)).toBe(want.text(n));
    expect(got.times()).toEqual(want.times());
    for (let row = 0; row < want.length; row++) {
      expect([got.id(row), got.eventType(row), got.application(row), got.store(row)]).toEqual([want.id(row), want.eventType(row), want.application(row), want.store(row)]);
    }
    for (const row of [0, 1, 777, want.length - 1]) expect(got.report(row)).toEqual(want.report(row));
    expect(Array.from(got.newestFirst())).toEqual(Array.from(want.newestFirst()));
    for (const mode of ['signature', 'application'] as const) expect(problemsOfRows(got, { mode })).toEqual(groupProblems(reports, { mode }));
  } finally {
    builder.close();
  }
});
