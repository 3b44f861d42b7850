import { historyOf, OTHER_SERIES } from '../../shared/history';
import type { WerReport } from '../../shared/report-model';
import { EMPTY_FILTER } from '../../renderer/src/model/report-filter';
import { applyFilter } from '../support/list-rules';
import { bucketFilter, type StackBy } from '../../renderer/src/views/history/history-model';
import { crashSig, makeReport } from '../support/report-factory';

const range = { from: '2026-10-01', to: '2026-10-31' };

/** Spellings that the series ids normalise: event types by canonical name, applications by case. */
function mixedReports(): WerReport[] {
  const at = (day: string, app: string, eventType: string) =>
    makeReport({ sig: crashSig(app, 'mod.dll'), eventType, eventTime: `2026-10-${day}T10:00:00.000Z` });
  return [
    at('01', 'Contoso.exe', 'APPCRASH'),
    at('01', 'CONTOSO.EXE', 'AppCrash'),
    at('02', 'contoso.exe', 'appcrash'),
    at('02', 'Fabrikam.exe', 'APPCRASH'),
    at('03', 'Fabrikam.exe', 'BEX64'),
    at('03', 'Tailspin.exe', 'AppHangB1'),
    // Before the range, in a spelling the range has not: the bar did not count it.
    makeReport({ sig: crashSig('cONTOSO.exe', 'mod.dll'), eventTime: '2026-09-15T10:00:00.000Z' }),
  ];
}

describe('bucketFilter', () => {
  it.each<StackBy>(['eventType', 'application'])('lists exactly the reports a %s series counted', (stackBy) => {
    const reports = mixedReports();
    const history = historyOf(reports, { period: 'day', groupBy: stackBy, ...range });
    expect(history.series.length).toBeGreaterThan(1);
    for (const series of history.series) {
      const listed = applyFilter(reports, { ...EMPTY_FILTER, ...bucketFilter(range, stackBy, series, history.values) });
      expect([series, listed.length]).toEqual([series, history.totals[series]]);
    }
  });

  it('shows the whole bucket for no series and for "Other"', () => {
    const values = { 'Contoso.exe': ['CONTOSO.EXE', 'Contoso.exe'] };
    expect(bucketFilter(range, 'application', null, values)).toEqual(range);
    expect(bucketFilter(range, 'application', OTHER_SERIES, values)).toEqual(range);
    expect(bucketFilter(range, 'application', 'Contoso.exe', values)).toEqual({ ...range, applications: ['CONTOSO.EXE', 'Contoso.exe'] });
  });
});
