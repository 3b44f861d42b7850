import { nextSort, DEFAULT_SORT } from '../../renderer/src/views/reports/sort-reports';
import type { QuerySortColumn } from '../../shared/query-model';
import { sortReports } from '../support/list-rules';
import { eventFamily } from '../../shared/problems';
import { crashSig, makeReport, makeReports } from '../support/report-factory';

const r1 = makeReport({ id: 'r1', sig: crashSig('beta.exe', 'x.dll', 'c0000005', '0000000000001234', '1.10.0.0'), eventTime: '2026-11-01T10:00:00.000Z', attachments: [] });
const r2 = makeReport({ id: 'r2', sig: crashSig('Alpha.exe', 'y.dll', 'c0000409', '00000000000000ff', '1.9.0.0'), eventTime: '2026-11-03T10:00:00.000Z' });
const r3 = makeReport({ id: 'r3', sig: crashSig('alpha.exe', 'z.dll', 'c0000005', '00ab0000', '1.2.0.0'), eventTime: null });
const r4 = makeReport({ id: 'r4', eventType: 'AppHangB1', sig: ['gamma.exe', '2.0.0.0', '5f000000', 'abcd', '1'], eventTime: '2026-11-02T10:00:00.000Z' });
const ids = (column: QuerySortColumn, direction: 'ascending' | 'descending', list = [r1, r2, r3, r4]) =>
  sortReports(list, { column, direction }).map((r) => r.id);

describe('sortReports', () => {
  it('puts the newest first by default and undated reports last', () => {
    expect(sortReports([r1, r2, r3, r4], { column: 'time', direction: DEFAULT_SORT.direction }).map((r) => r.id)).toEqual(['r2', 'r4', 'r1', 'r3']);
    expect(ids('time', 'ascending')).toEqual(['r1', 'r4', 'r2', 'r3']);
  });

  it('sorts text ignoring case and keeps ties in input order (stable), either way', () => {
    expect(ids('application', 'ascending')).toEqual(['r2', 'r3', 'r1', 'r4']);
    expect(ids('application', 'descending')).toEqual(['r4', 'r1', 'r2', 'r3']);
    expect(ids('application', 'ascending', [r3, r2, r1])).toEqual(['r3', 'r2', 'r1']);
  });

  it('orders versions by number, not by character', () => {
    expect(ids('version', 'ascending')).toEqual(['r3', 'r2', 'r1', 'r4']);
  });

  it('keeps empty values last in both directions', () => {
    // The hang has no module and no offset.
    expect(ids('module', 'ascending')).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(ids('module', 'descending')).toEqual(['r3', 'r2', 'r1', 'r4']);
    expect(ids('offset', 'descending').at(-1)).toBe('r4');
  });

  it('orders hex offsets by value whatever their width', () => {
    expect(ids('offset', 'ascending')).toEqual(['r2', 'r1', 'r3', 'r4']);
  });

  it('sorts attachments by count', () => {
    expect(ids('attachments', 'ascending')[0]).toBe('r1');
  });

  it('does not change its input and sorts 10,000 reports quickly', () => {
    const many = makeReports(10_000);
    const before = many.map((r) => r.id);
    const start = performance.now();
    const sorted = sortReports(many, { column: 'application', direction: 'ascending' });
    expect(performance.now() - start).toBeLessThan(1000);
    expect(sorted).toHaveLength(10_000);
    expect(many.map((r) => r.id)).toEqual(before);
  });
});

describe('nextSort', () => {
  it('reverses the same column and starts a new one in its natural direction', () => {
    expect(nextSort(DEFAULT_SORT, 'time')).toEqual({ column: 'time', direction: 'ascending' });
    expect(nextSort(DEFAULT_SORT, 'application')).toEqual({ column: 'application', direction: 'ascending' });
    expect(nextSort({ column: 'application', direction: 'ascending' }, 'application')).toEqual({ column: 'application', direction: 'descending' });
    expect(nextSort(DEFAULT_SORT, 'attachments')).toEqual({ column: 'attachments', direction: 'descending' });
  });
});

describe('eventFamily (the colour of the list\'s dot, the detail badge and the problems view)', () => {
  it.each([
    ['APPCRASH', 'crash'],
    ['BEX', 'crash'],
    ['BEX64', 'crash'],
    ['MoAppCrash', 'crash'],
    ['CLR20r3', 'crash'],
    ['CriticalProcessFault2', 'crash'],
    ['PowerShell', 'crash'],
    ['AppHangB1', 'hang'],
    ['AppHangXProcB1', 'hang'],
    ['MoAppHang', 'hang'],
    ['BlueScreen', 'kernel'],
    ['LiveKernelEvent', 'kernel'],
    ['WindowsUpdateFailure3', 'other'],
    [null, 'other'],
  ])('%s is a %s', (eventType, family) => {
    expect(eventFamily(eventType)).toBe(family);
  });
});
