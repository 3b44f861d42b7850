import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ForwardResult } from '../../shared/cer-model';
import { ForwardDialog } from '../../renderer/src/views/forward/forward-dialog';
import { fakeApi } from './support/fake-api';
import { forwardResult } from './support/forward-factory';

const result = (id: string, ok: boolean) => forwardResult(id, ok);

describe('forward dialog', () => {
  it('forwards to the server given, shows live progress and each result', async () => {
    const fake = fakeApi({ forwardResults: [result('a', true), result('b', false)] });
    render(<ForwardDialog api={fake.api} reportIds={['a', 'b']} what="2 report(s) shown" defaultServer="http://cer:1273" onClose={() => {}} />);
    await userEvent.click(screen.getByRole('button', { name: 'Forward 2 report(s)' }));
    expect(await screen.findByText(/1 of 2 report\(s\) sent\. The others stay queued/)).toBeTruthy();
    expect(screen.getByTestId('forward-results')).toHaveTextContent('Sent, files uploaded');
    expect(screen.getByTestId('forward-results')).toHaveTextContent('12345 / 1');
    expect(screen.getByTestId('forward-results')).toHaveTextContent('will be retried');
    expect(fake.calls.find((c) => c.method === 'forwardReports')?.args[0]).toMatchObject({ reportIds: ['a', 'b'], server: 'http://cer:1273' });
  });

  it('needs a server, and shows progress events of its own task', async () => {
    const fake = fakeApi();
    let finish: (v: { ok: true; value: ForwardResult[] }) => void = () => {};
    const api = { ...fake.api, forwardReports: () => new Promise<{ ok: true; value: ForwardResult[] }>((r) => (finish = r)) };
    render(<ForwardDialog api={api} reportIds={['a']} what="x" defaultServer="" onClose={() => {}} />);
    const send = screen.getByRole('button', { name: 'Forward 1 report(s)' });
    expect(send).toBeDisabled();
    await userEvent.type(screen.getByPlaceholderText('http://cer.example.com:1273'), 'cer.corp');
    await userEvent.click(send);
    const stop = screen.getByRole('button', { name: 'Stop' });
    act(() => fake.emit({ kind: 'task', taskId: 'someone-else', done: 1, total: 1, label: 'x', forward: result('zzz', true) }));
    expect(screen.queryByTestId('forward-results')).toBeNull();
    await userEvent.click(stop);
    expect(fake.calls.some((c) => c.method === 'cancelTask')).toBe(true);
    await act(async () => finish({ ok: true, value: [] }));
  });
});
