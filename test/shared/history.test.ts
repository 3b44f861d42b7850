import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extraLocations } from '../../electron/main/core/store/discover-stores';
import { scanStores } from '../../electron/main/core/store/scan-stores';
import { addDays, weekStart } from '../../shared/calendar-day';
import { countsPerProblem, historyOf, type HistoryOptions, MAX_HISTORY_BUCKETS, OTHER_SERIES } from '../../shared/history';
import { groupProblems } from '../../shared/problems';
import type { WerReport } from '../../shared/report-model';
import { semanticFields } from '../../shared/sig-fields';
import { referenceHistory } from '../support/history-rules';
import { mulberry32 } from '../support/prng';
import { buildStore, generatedSpec } from '../support/store-builder';
import { fleetReports } from '../main/core/query/fleet-reports';

const COUNT = 70;

function crash(id: string, eventTime: string | null, app = 'App.exe'): WerReport {
  const signature = [app, '1.0', 't', 'mod.dll', '1.0', 't', 'c0000005', '10'].map((value, index) => ({ index, name: `Sig${index}`, value }));
  return {
    id, folder: `/wer/${id}`, store: 'ReportArchive', storeRoot: null, folderKind: null, eventType: 'APPCRASH', reportType: 2,
    reportTypeName: null, eventTime, uploadTime: null, appName: null, appPath: null, friendlyEventName: null, signature,
    fields: semanticFields('APPCRASH', signature), bucket: null, process: null, os: null, machine: null, attachments: [], problems: [],
    sources: [{ kind: 'wer', folder: `/wer/${id}`, reportIds: [id] }], reportWerSize: null, reportWerMtimeMs: null,
  };
}

/** Reports per day of the builder's specs, computed independently of the code under test. */
function specDays(offsetMinutes: number): Map<string, number> {
  const days = new Map<string, number>();
  for (let n = 0; n < COUNT; n++) {
    const day = new Date(generatedSpec(n).spec.eventTimeMs + offsetMinutes * 60_000).toISOString().slice(0, 10);
    days.set(day, (days.get(day) ?? 0) + 1);
  }
  return days;
}

describe('historyOf on a generated store (known answers)', () => {
  let root: string;
  let reports: WerReport[];
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-history-'));
    await buildStore(join(root, 'WER'), COUNT);
    reports = (await scanStores(extraLocations([root]))).reports;
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  it('counts per day with the gaps filled, matching the specs', () => {
    const h = historyOf(reports, { period: 'day', groupBy: 'none' });
    // Sample times run from 2026-10-11 16:02 to 2026-10-31 18:00 UTC: 21 calendar days.
    expect(h.buckets).toHaveLength(21);
    expect(h.buckets[0]?.start).toBe('2026-10-11');
    expect(h.buckets[20]?.start).toBe('2026-10-31');
    h.buckets.forEach((b, i) => expect(b.start).toBe(addDays('2026-10-11', i)));
    const expected = specDays(0);
    for (const b of h.buckets) expect(b.total).toBe(expected.get(b.start) ?? 0);
    expect(h.buckets.find((b) => b.start === '2026-10-12')?.total).toBe(0); // a gap day
    expect(h.total).toBe(COUNT);
    expect(h.series).toEqual(['all']);
    expect(h.totals).toEqual({ all: COUNT });
  });

  it('counts per ISO week starting on Monday', () => {
    const h = historyOf(reports, { period: 'week', groupBy: 'none' });
    // 2026-10-11 is a Sunday, so the first week starts on Monday 2026-10-05.
    expect(h.buckets.map((b) => [b.start, b.total])).toEqual([
      ['2026-10-05', 4],
      ['2026-10-12', 4],
      ['2026-10-19', 24],
      ['2026-10-26', 38],
    ]);
    for (const b of h.buckets) expect(new Date(`${b.start}T00:00:00Z`).getUTCDay()).toBe(1);
  });

  it('shifts reports across midnight with the UTC offset', () => {
    const h = historyOf(reports, { period: 'day', groupBy: 'none', utcOffsetMinutes: 600 });
    const expected = specDays(600);
    expect(h.buckets[0]?.start).toBe('2026-10-12');
    expect(h.buckets[h.buckets.length - 1]?.start).toBe('2026-11-01');
    for (const b of h.buckets) expect(b.total).toBe(expected.get(b.start) ?? 0);
    const weeks = historyOf(reports, { period: 'week', groupBy: 'none', utcOffsetMinutes: 600 });
    expect(weeks.buckets.map((b) => [b.start, b.total])).toEqual([['2026-10-12', 8], ['2026-10-19', 20], ['2026-10-26', 42]]);
  });

  it('orders event-type series by total, largest first', () => {
    const h = historyOf(reports, { period: 'week', groupBy: 'eventType' });
    expect(h.series).toEqual(['APPCRASH', 'AppHangB1', 'BEX64', 'CLR20r3', 'BlueScreen', 'MoAppCrash']);
    expect(h.totals).toEqual({ APPCRASH: 38, AppHangB1: 8, BEX64: 8, CLR20r3: 8, BlueScreen: 4, MoAppCrash: 4 });
    for (const b of h.buckets) {
      expect(Object.keys(b.counts).sort()).toEqual([...h.series].sort());
      expect(Object.values(b.counts).reduce((s, n) => s + n, 0)).toBe(b.total);
    }
  });

  it('caps the series and sums the rest into other', () => {
    const h = historyOf(reports, { period: 'day', groupBy: 'application', maxSeries: 3 });
    expect(h.series).toEqual(['ContosoViewer.exe', 'notepad++.exe', 'GameClient.exe', OTHER_SERIES]);
    expect(h.totals).toEqual({ 'ContosoViewer.exe': 26, 'notepad++.exe': 12, 'GameClient.exe': 8, other: 24 });
    expect(h.labels.other).toBe('Other');
  });

  it('uses problem keys as series, labelled with the problem title', () => {
    const h = historyOf(reports, { period: 'day', groupBy: 'problem' });
    const problems = groupProblems(reports);
    expect(h.series).toHaveLength(7);
    expect(new Set(h.series)).toEqual(new Set(problems.map((p) => p.key)));
    for (const p of problems) {
      expect(h.totals[p.key]).toBe(p.count);
      expect(h.labels[p.key]).toBe(p.title);
    }
  });

  it('fills from/to and leaves reports outside them out', () => {
    const wide = historyOf(reports, { period: 'day', groupBy: 'none', from: '2026-10-01', to: '2026-11-05' });
    expect(wide.buckets).toHaveLength(36);
    expect(wide.buckets[0]).toEqual({ start: '2026-10-01', total: 0, counts: { all: 0 } });
    expect(wide.total).toBe(COUNT);
    const narrow = historyOf(reports, { period: 'day', groupBy: 'none', from: '2026-10-30', to: '2026-10-31T23:59:59Z' });
    expect(narrow.buckets.map((b) => b.total)).toEqual([13, 5]);
    expect(narrow.outOfRange).toBe(COUNT - 18);
  });
});

describe('historyOf edge cases', () => {
  it('counts undated reports apart and returns no buckets without dates', () => {
    const h = historyOf([crash('a', null), crash('b', 'not a time')], { period: 'day', groupBy: 'eventType' });
    expect(h).toMatchObject({ buckets: [], series: [], total: 0, undated: 2 });
  });

  it('bounds the number of buckets when a time is bogus', () => {
    const h = historyOf([crash('old', '1601-01-01T00:00:00Z'), crash('now', '2026-10-01T00:00:00Z')], { period: 'day', groupBy: 'none' });
    expect(h.buckets).toHaveLength(MAX_HISTORY_BUCKETS);
    expect(h.buckets[h.buckets.length - 1]?.start).toBe('2026-10-01');
    expect(h).toMatchObject({ total: 1, outOfRange: 1 });
  });

  it('merges application series case-insensitively', () => {
    const h = historyOf([crash('a', '2026-10-01T00:00:00Z', 'App.exe'), crash('b', '2026-10-01T00:00:00Z', 'APP.EXE')], { period: 'day', groupBy: 'application' });
    expect(h.totals).toEqual({ 'App.exe': 2 });
  });

  it('lists the recorded values behind each series, from the reports it counted', () => {
    const typed = (id: string, eventType: string | null, app = 'App.exe') => ({ ...crash(id, '2026-10-02T00:00:00Z', app), eventType });
    const reports = [
      typed('a', 'APPCRASH'),
      typed('b', 'AppCrash', 'APP.EXE'),
      typed('c', null, 'Other.exe'),
      // Before `from`: its spelling must not show up (the list then filters on what the bar counted).
      { ...typed('old', 'appcrash', 'app.EXE'), eventTime: '2026-09-01T00:00:00Z' },
    ];
    const byType = historyOf(reports, { period: 'day', groupBy: 'eventType', from: '2026-10-01' });
    expect(byType.values).toEqual({ APPCRASH: ['APPCRASH', 'AppCrash'], unknown: [''] });
    const byApp = historyOf(reports, { period: 'day', groupBy: 'application', from: '2026-10-01' });
    expect(byApp.series).toEqual(['App.exe', 'Other.exe']);
    expect(byApp.values).toEqual({ 'App.exe': ['APP.EXE', 'App.exe'], 'Other.exe': ['Other.exe'] });
    const capped = historyOf(reports, { period: 'day', groupBy: 'application', from: '2026-10-01', maxSeries: 1 });
    expect(capped.values).toEqual({ 'App.exe': ['APP.EXE', 'App.exe'] }); // nothing for `other`: it is the whole bucket
    expect(historyOf(reports, { period: 'day', groupBy: 'problem' }).values).toEqual({});
    expect(historyOf(reports, { period: 'day', groupBy: 'none' }).values).toEqual({});
  });
});

describe('historyOf over a generated fleet', () => {
  it('counts as the plain per-report reference does, for every period, series, offset, range and cap', () => {
    // Undated and unparsable times, reports across days' boundaries, every event type and site.
    const fleet = fleetReports(4000, { seed: 7, applications: 60 });
    // A bogus year far before the others (the bucket limit), and one far after.
    const withBogus = [...fleet, { ...(fleet[0] as WerReport), id: 'bogus-1601', eventTime: '1601-01-01T00:00:00.000Z' }, { ...(fleet[1] as WerReport), id: 'bogus-9999', eventTime: '9999-12-31T23:00:00.000Z' }];
    const rng = mulberry32(99);
    const days = ['2025-10-01', '2026-06-15', '2026-11-20', '2026-11-21T05:00:00+09:00', '2027-01-01'];
    for (let i = 0; i < 80; i++) {
      const options: HistoryOptions = {
        period: rng.pick(['day', 'week'] as const),
        groupBy: rng.pick(['eventType', 'application', 'problem', 'none'] as const),
        utcOffsetMinutes: rng.pick([0, 780, -600, 330, -59]),
        ...(rng.int(2) === 0 ? { from: rng.pick(days) } : {}),
        ...(rng.int(2) === 0 ? { to: rng.pick(days) } : {}),
        ...(rng.int(3) === 0 ? { maxSeries: rng.pick([1, 3, 100]) } : {}),
        ...(rng.int(4) === 0 ? { problemMode: 'application' as const } : {}),
      };
      const reports = i % 10 === 0 ? withBogus : i % 10 === 1 ? fleet.slice(0, rng.int(5)) : fleet.slice(rng.int(2000));
      expect({ options, history: historyOf(reports, options) }).toEqual({ options, history: referenceHistory(reports, options) });
    }
  }, 120_000);
});

describe('countsPerProblem', () => {
  it('gives each problem the same daily window for sparklines', () => {
    const reports = [
      crash('a1', '2026-10-01T10:00:00Z', 'A.exe'),
      crash('a2', '2026-10-03T10:00:00Z', 'A.exe'),
      crash('a3', '2026-10-03T11:00:00Z', 'A.exe'),
      crash('b1', '2026-10-02T10:00:00Z', 'B.exe'),
    ];
    const problems = groupProblems(reports);
    const counts = countsPerProblem(problems, { days: 4 });
    const keyOf = (app: string) => problems.find((p) => p.application === app)?.key ?? '';
    expect(counts[keyOf('A.exe')]).toEqual([0, 1, 0, 2]);
    expect(counts[keyOf('B.exe')]).toEqual([0, 0, 1, 0]);
    expect(countsPerProblem(problems, { days: 2, endDay: '2026-10-02' })[keyOf('A.exe')]).toEqual([1, 0]);
    expect(weekStart('2026-10-04')).toBe('2026-09-28'); // a Sunday belongs to the week before
  });
});
