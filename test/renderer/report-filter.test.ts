import { applyFilter, dayOf, EMPTY_FILTER, exceptionText, facetValues, isFiltering, type ReportFilter } from '../../renderer/src/model/report-filter';
import { crashSig, makeReport, makeReports } from '../support/report-factory';

const viewer = makeReport({ id: 'a-viewer', sig: crashSig('ContosoViewer.exe', 'ContosoRender.dll', 'c0000005'), eventTime: '2026-11-01T10:00:00.000Z' });
const sync = makeReport({ id: 'b-sync', sig: crashSig('FabrikamSync.exe', 'ntdll.dll', 'c0000374'), eventTime: '2026-11-02T23:30:00.000Z', store: 'ReportQueue' });
const hang = makeReport({ id: 'c-hang', eventType: 'AppHangB1', sig: ['Notepad.exe', '10.0.0.1', '5f000000', 'abcd', '67246080'], eventTime: '2026-11-03T00:15:00.000Z' });
const undated = makeReport({ id: 'd-undated', eventTime: null });
const all = [viewer, sync, hang, undated];
const ids = (f: Partial<ReportFilter>, offset = 0) => applyFilter(all, { ...EMPTY_FILTER, ...f }, offset).map((r) => r.id);

describe('applyFilter', () => {
  it('lets everything through with the empty filter, in the given order', () => {
    expect(ids({})).toEqual(['a-viewer', 'b-sync', 'c-hang', 'd-undated']);
    expect(isFiltering(EMPTY_FILTER)).toBe(false);
    expect(isFiltering({ ...EMPTY_FILTER, text: '  ' })).toBe(false);
    expect(isFiltering({ ...EMPTY_FILTER, from: '2026-11-01' })).toBe(true);
  });

  it('needs every word of the text, ignoring case', () => {
    expect(ids({ text: 'CONTOSOVIEWER' })).toEqual(['a-viewer', 'd-undated']);
    expect(ids({ text: 'contosoviewer render' })).toEqual(['a-viewer', 'd-undated']);
    expect(ids({ text: 'fabrikam  NTDLL' })).toEqual(['b-sync']);
    expect(ids({ text: 'fabrikam contosoviewer' })).toEqual([]);
  });

  it('finds reports by exception name, code with 0x, id and hang signature', () => {
    expect(ids({ text: 'access violation' })).toEqual(['a-viewer', 'd-undated']);
    expect(ids({ text: 'heap corruption' })).toEqual(['b-sync']);
    expect(ids({ text: '0xC0000374' })).toEqual(['b-sync']);
    expect(ids({ text: 'b-sync' })).toEqual(['b-sync']);
    expect(ids({ text: 'hang abcd' })).toEqual(['c-hang']);
  });

  it('matches facets exactly and combines them', () => {
    expect(ids({ eventTypes: ['AppHangB1'] })).toEqual(['c-hang']);
    expect(ids({ applications: ['FabrikamSync.exe', 'Notepad.exe'] })).toEqual(['b-sync', 'c-hang']);
    expect(ids({ stores: ['ReportQueue'] })).toEqual(['b-sync']);
    expect(ids({ stores: ['ReportArchive'], eventTypes: ['APPCRASH'] })).toEqual(['a-viewer', 'd-undated']);
    expect(ids({ reportIds: ['c-hang', 'a-viewer'] })).toEqual(['a-viewer', 'c-hang']);
  });

  it('takes date bounds inclusively and drops undated reports when a bound is set', () => {
    expect(ids({ from: '2026-11-02', to: '2026-11-02' })).toEqual(['b-sync']);
    expect(ids({ from: '2026-11-02' })).toEqual(['b-sync', 'c-hang']);
    expect(ids({ to: '2026-11-01' })).toEqual(['a-viewer']);
    expect(ids({ from: '2026-11-03', to: '2026-11-01' })).toEqual([]);
  });

  it('takes days in the given time zone', () => {
    // 23:30 UTC on the 2nd is already the 3rd one hour east of UTC; 00:15 UTC on the 3rd is still the 2nd in New York.
    expect(ids({ from: '2026-11-03', to: '2026-11-03' }, 60)).toEqual(['b-sync', 'c-hang']);
    expect(ids({ from: '2026-11-02', to: '2026-11-02' }, -300)).toEqual(['b-sync', 'c-hang']);
    expect(dayOf(sync, 60)).toBe('2026-11-03');
    expect(dayOf(undated)).toBeNull();
  });
});

describe('applyFilter speed', () => {
  it('filters 10,000 reports by text fast enough for every keystroke', () => {
    const many = makeReports(10_000);
    applyFilter(many, { ...EMPTY_FILTER, text: 'warm-up' });
    const start = performance.now();
    for (const text of ['f', 'fa', 'fab', 'fabrikam', 'fabrikam heap']) applyFilter(many, { ...EMPTY_FILTER, text });
    // Five keystrokes; the budget per keystroke is well under 100 ms even on a busy test machine.
    expect((performance.now() - start) / 5).toBeLessThan(50);
  });
});

describe('exceptionText', () => {
  it('names the code, the bug check or the hang', () => {
    expect(exceptionText(viewer)).toBe('c0000005 access violation');
    expect(exceptionText(hang)).toBe('hang abcd');
    expect(exceptionText(makeReport({ sig: crashSig('a.exe', 'b.dll', 'e0434352') }))).toBe('e0434352 .NET exception');
    expect(exceptionText(makeReport({ sig: crashSig('a.exe', 'b.dll', 'e0000001') }))).toBe('e0000001');
    const bsod = makeReport({ eventType: 'BlueScreen', sig: ['133', '0', '0', '0', '0', '10_0_19045'] });
    expect(exceptionText(bsod)).toBe('0x133 DPC_WATCHDOG_VIOLATION');
  });
});

describe('facetValues', () => {
  it('counts values, most frequent first, ties by name', () => {
    expect(facetValues(all, (r) => r.eventType ?? '')).toEqual([
      { value: 'APPCRASH', count: 3 },
      { value: 'AppHangB1', count: 1 },
    ]);
    expect(facetValues(all, (r) => r.store).map((v) => v.value)).toEqual(['ReportArchive', 'ReportQueue']);
  });
});
