import { act, renderHook, waitFor } from '@testing-library/react';
import { useLibrary } from '../../renderer/src/state/use-library';
import { makeReport, makeReports } from '../support/report-factory';
import { fakeApi } from './support/fake-api';

describe('useLibrary', () => {
  it('holds the store statuses and the library size, never the reports', async () => {
    const fake = fakeApi({ reports: makeReports(2) });
    const { result } = renderHook(() => useLibrary(fake.api));
    await waitFor(() => expect(result.current.kind).toBe('ready'));
    expect(result.current).toMatchObject({ kind: 'ready', total: 2, revision: 0, stores: [expect.objectContaining({ state: 'ok' })] });
    expect(result.current).not.toHaveProperty('reports');
    expect(fake.calls.map((c) => c.method)).toEqual(['libraryStatus']);
  });

  it('batches a burst of library events into one status call and one new revision', async () => {
    const fake = fakeApi({ reports: makeReports(2) });
    const { result } = renderHook(() => useLibrary(fake.api));
    await waitFor(() => expect(result.current.kind).toBe('ready'));
    const added = [1, 2, 3].map((i) => makeReport({ eventTime: `2026-11-2${i}T10:00:00.000Z` }));
    act(() => {
      for (const report of added) fake.emit({ kind: 'added', report, summary: '' });
      fake.emit({ kind: 'removed', id: added[0]!.id, folder: added[0]!.folder });
    });
    await waitFor(() => expect(result.current).toMatchObject({ total: 4, revision: 1 }));
    expect(fake.calls.filter((c) => c.method === 'libraryStatus')).toHaveLength(2);

    act(() => fake.emit({ kind: 'reset' }));
    await waitFor(() => expect(result.current).toMatchObject({ revision: 2 }));
    expect(fake.calls.some((c) => c.method === 'listReports')).toBe(false);
  });

  it('passes other events on, and reports a failed status as an error', async () => {
    const onOther = jest.fn();
    const fake = fakeApi({ listError: 'The server did not answer.' });
    const { result } = renderHook(() => useLibrary(fake.api, onOther));
    await waitFor(() => expect(result.current).toMatchObject({ kind: 'error', message: 'The server did not answer.' }));
    act(() => fake.emit({ kind: 'command', command: 'refresh' }));
    expect(onOther).toHaveBeenCalledWith({ kind: 'command', command: 'refresh' });
  });
});
