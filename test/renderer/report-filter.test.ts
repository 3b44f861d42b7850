/** The page's filter (report-filter.ts) and the list rules it is applied with, as the reference (test/support/list-rules.ts). */
import type { StoreKind, WerReport } from '../../shared/report-model';
import { EMPTY_FILTER, isFiltering, toQueryFilter, type ReportFilter } from '../../renderer/src/model/report-filter';
import { exceptionText } from '../../shared/report-list-text';
import { applyFilter, dayOf, facetValues } from '../support/list-rules';
import { isLogOnly, sourceKey, sourceKinds } from '../../shared/record-sources';
import { crashSig, makeReport, makeReports } from '../support/report-factory';

const viewer = makeReport({ id: 'a-viewer', sig: crashSig('ContosoViewer.exe', 'ContosoRender.dll', 'c0000005'), eventTime: '2026-11-01T10:00:00.000Z' });
const sync = makeReport({ id: 'b-sync', sig: crashSig('FabrikamSync.exe', 'ntdll.dll', 'c0000374'), eventTime: '2026-11-02T23:30:00.000Z', store: 'ReportQueue' });
const hang = makeReport({ id: 'c-hang', eventType: 'AppHangB1', sig: ['Notepad.exe', '10.0.0.1', '5f000000', 'abcd', '67246080'], eventTime: '2026-11-03T00:15:00.000Z' });
const undated = makeReport({ id: 'd-undated', eventTime: null });
const all = [viewer, sync, hang, undated];
const ids = (f: Partial<ReportFilter>, offset = 0) => applyFilter(all, { ...EMPTY_FILTER, ...f }, offset).map((r) => r.id);

describe('toQueryFilter', () => {
  it('sends every part of the filter to the app, but not the chip label', () => {
    const f: ReportFilter = { ...EMPTY_FILTER, text: 'x', eventTypes: ['APPCRASH'], stores: ['ReportQueue'], from: '2026-11-01', reportIds: ['a'], reportIdsLabel: 'Problem: x' };
    const { reportIdsLabel: _label, ...rest } = f;
    expect(toQueryFilter(f)).toEqual(rest);
    expect(toQueryFilter(f)).not.toHaveProperty('reportIdsLabel');
  });
});

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

describe('sources', () => {
  // Merged records as issue 15 defines them, built from the factory's folder record by giving them
  // the sources (and store) the merger gives: the folder, Application log events, dump files.
  const folderOf = (r: WerReport) => ({ kind: 'wer' as const, folder: r.folder, reportIds: [r.id] });
  const event = (eventId: number, recordId: number) => ({
    kind: 'eventlog' as const,
    log: null,
    channel: 'Application',
    provider: eventId === 1001 ? 'Windows Error Reporting' : 'Application Error',
    eventId,
    recordId,
    time: '2026-11-01T10:00:01.000Z',
    reportId: null,
  });
  const withSources = (r: WerReport, sources: WerReport['sources'], store: StoreKind = r.store): WerReport => ({ ...r, store, sources });
  const merged = makeReport({ id: 'merged' });
  const mergedRecord = withSources(merged, [folderOf(merged), event(1000, 41), event(1001, 42)]);
  const logOnly = withSources(makeReport({ id: 'log-only' }), [event(1000, 50)], 'EventLog');
  const localDump = withSources(makeReport({ id: 'local-dump', store: 'other' }), [{ kind: 'dump', path: 'C:\\Users\\ada\\AppData\\Local\\CrashDumps\\a.exe.4242.dmp', size: 12_000_000 }], 'CrashDumps');
  const kernel = withSources(makeReport({ id: 'kernel', eventType: 'BlueScreen', sig: ['133', '0', '0', '0', '0', '10_0_19045'] }), [{ kind: 'dump', path: 'C:\\Windows\\Minidump\\110126-1.dmp', size: 900_000 }], 'Minidump');
  const folderOnly = makeReport({ id: 'folder' });
  const records = [folderOnly, mergedRecord, logOnly, localDump, kernel];

  it('names each record by the kinds that recorded it, in a fixed order, dumps split into LocalDumps and kernel', () => {
    expect(records.map(sourceKey)).toEqual(['wer', 'wer+eventlog', 'eventlog', 'localdump', 'kerneldump']);
    // Order of the sources does not matter; duplicates count once.
    expect(sourceKinds({ ...mergedRecord, sources: [event(1001, 2), folderOf(merged), event(1000, 1)] })).toEqual(['wer', 'eventlog']);
    // A cached record from before sources existed is its WER folder.
    expect(sourceKey({ ...folderOnly, sources: undefined as unknown as WerReport['sources'] })).toBe('wer');
  });

  it('marks a crash known only from the event log', () => {
    expect(records.map(isLogOnly)).toEqual([false, false, true, false, false]);
    // Events alone are "log only" even before the store says EventLog.
    expect(isLogOnly({ ...folderOnly, sources: [event(1001, 9)] })).toBe(true);
  });

  it('filters by source combination, and counts them as a facet', () => {
    const shown = (sources: string[]) => applyFilter(records, { ...EMPTY_FILTER, sources }).map((r) => r.id);
    expect(shown(['eventlog'])).toEqual(['log-only']);
    expect(shown(['wer+eventlog', 'localdump'])).toEqual(['merged', 'local-dump']);
    expect(isFiltering({ ...EMPTY_FILTER, sources: ['wer'] })).toBe(true);
    expect(facetValues(records, sourceKey).map((v) => `${v.value}:${v.count}`)).toEqual(['eventlog:1', 'kerneldump:1', 'localdump:1', 'wer:1', 'wer+eventlog:1']);
  });
});
