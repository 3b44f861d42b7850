import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SymbolDownloadProgress } from '../../renderer/src/views/detail/symbol-download-progress';
import { fakeApi } from './support/fake-api';

describe('symbol download progress', () => {
  it('shows nothing until a download of this report starts, then the file, bytes of total and Cancel', async () => {
    const user = userEvent.setup();
    const fake = fakeApi();
    render(<SymbolDownloadProgress api={fake.api} reportId="r1" />);
    expect(screen.queryByRole('status')).toBeNull();
    // Another report's downloads and other tasks are not this one's.
    act(() => fake.emit({ kind: 'task', taskId: 'symbols:r2', done: 10, total: 20, label: 'Downloading other.pdb' }));
    act(() => fake.emit({ kind: 'task', taskId: 'bundle-1', done: 10, total: 20, label: 'report.zip' }));
    expect(screen.queryByRole('status')).toBeNull();
    act(() => fake.emit({ kind: 'task', taskId: 'symbols:r1', done: 262_144, total: 1_048_576, label: 'Downloading ntdll.pdb' }));
    const status = screen.getByRole('status', { name: 'Symbol download' });
    expect(status).toHaveTextContent('Downloading ntdll.pdb: 256.0 KB of 1.0 MB');
    expect(status.querySelector('progress')).toHaveAttribute('value', '262144');
    await user.click(screen.getByRole('button', { name: 'Cancel downloads' }));
    expect(fake.calls.filter((c) => c.method === 'cancelTask')).toEqual([{ method: 'cancelTask', args: ['symbols:r1'] }]);
    expect(screen.getByRole('button', { name: 'Stopping downloads…' })).toBeDisabled();
  });

  it('without an announced size shows the bytes so far and an indeterminate bar', () => {
    const fake = fakeApi();
    render(<SymbolDownloadProgress api={fake.api} reportId="r1" />);
    act(() => fake.emit({ kind: 'task', taskId: 'symbols:r1', done: 2048, total: 0, label: 'Downloading kernel32.dll' }));
    const status = screen.getByRole('status');
    expect(status).toHaveTextContent('Downloading kernel32.dll: 2.0 KB');
    expect(status).not.toHaveTextContent(' of ');
    expect(status.querySelector('progress')).not.toHaveAttribute('value');
  });
});
