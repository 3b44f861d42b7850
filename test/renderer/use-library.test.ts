import { act, renderHook, waitFor } from '@testing-library/react';
import { applyLibraryEvents, useLibrary } from '../../renderer/src/state/use-library';
import { makeReport } from '../support/report-factory';
import { fakeApi } from './support/fake-api';

describe('applyLibraryEvents', () => {
  it('keeps the list in the shared report order: newest first, undated last, ties by folder', () => {
    const undated = makeReport({ eventTime: null });
    const old = makeReport({ eventTime: '2026-11-01T10:00:00.000Z' });
    const tieB = makeReport({ eventTime: '2026-11-03T10:00:00.000Z', id: '00000000-0000-4000-8000-00000000000b' });
    const tieA = makeReport({ eventTime: '2026-11-03T10:00:00.000Z', id: '00000000-0000-4000-8000-00000000000a' });
    const { reports } = applyLibraryEvents([old, undated], [], [
      { kind: 'added', report: tieB, summary: '' },
      { kind: 'added', report: tieA, summary: '' },
    ]);
    expect(reports).toEqual([tieA, tieB, old, undated]);
  });
});

describe('useLibrary', () => {
  it('takes the snapshot as the app sends it (sorted there, no second sort) and sorts merged events', async () => {
    const first = makeReport({ eventTime: '2026-11-02T10:00:00.000Z' });
    const second = makeReport({ eventTime: '2026-11-01T10:00:00.000Z' });
    const fake = fakeApi({ reports: [first, second] });
    const { result } = renderHook(() => useLibrary(fake.api));
    await waitFor(() => expect(result.current.kind).toBe('ready'));
    // The very array listReports answered: not copied and sorted again.
    expect(result.current.kind === 'ready' && result.current.reports).toBe(fake.reports);

    const newest = makeReport({ eventTime: '2026-11-03T10:00:00.000Z' });
    act(() => fake.emit({ kind: 'added', report: newest, summary: '' }));
    await waitFor(() => expect(result.current.kind === 'ready' && result.current.reports).toEqual([newest, first, second]));
  });
});
