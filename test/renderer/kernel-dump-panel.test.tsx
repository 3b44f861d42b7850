import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { KernelDriverFile, KernelDumpSummary } from '../../shared/kernel-dump-model';
import { DumpPanel } from '../../renderer/src/views/detail/dump-panel';
import { ReportDetailView } from '../../renderer/src/views/detail/report-detail-view';
import { fakeApi } from './support/fake-api';
import { acmeKernelDump, kernelRecordDetail } from './support/kernel-dump-factory';

const panel = (value: KernelDumpSummary = acmeKernelDump(), driverFile: KernelDriverFile | null = null) => {
  render(<DumpPanel minidump={{ file: '050624-12345-01.dmp', content: { ok: true, value } }} driverFile={driverFile} />);
  return screen.getByTestId('dump-panel');
};
const driverNames = (p: HTMLElement) =>
  within(within(p).getByRole('table', { name: 'Drivers' }))
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('cell')[1]?.querySelector('.mono')?.textContent);

describe('kernel dump panel', () => {
  it('names the bug check with its plain meaning and each parameter with its meaning for that code', () => {
    const p = panel();
    expect(within(p).getByRole('heading', { level: 3 })).toHaveTextContent('Kernel dump');
    expect(p).toHaveTextContent('0x000000d1 DRIVER_IRQL_NOT_LESS_OR_EQUAL');
    expect(p).toHaveTextContent('A driver touched memory it was not allowed to');
    const rows = within(within(p).getByRole('table', { name: 'Bug check parameters' })).getAllByRole('row').slice(1);
    expect(rows.map((r) => within(r).getAllByRole('cell').map((c) => c.textContent))).toEqual([
      ['1', '0x10', 'Memory address referenced'],
      ['2', '0x2', 'IRQL at the time of the reference'],
      ['3', '0x0', 'Access: 0 read, 1 write, 8 execute'],
      ['4', '0xfffff80470012345', 'Address of the instruction that referenced the memory'],
    ]);
  });

  it('shows "Caused by" with the rule that chose it, and the installed file’s version facts when given', () => {
    const p = panel(acmeKernelDump(), { path: 'C:\\Windows\\System32\\drivers\\acme.sys', description: 'Acme Filter', product: 'Acme Suite', company: 'Acme Corp', version: '1.2.3.4' });
    expect(p).toHaveTextContent('acme.sys +0x12345');
    expect(within(p).getByTestId('caused-by-rule')).toHaveTextContent('Rule: crash address — the crash address lies in this driver.');
    expect(within(p).getByTestId('driver-file')).toHaveTextContent('Acme Filter · Acme Suite · Acme Corp · version 1.2.3.4');
    expect(p).toHaveTextContent('0xfffff80470012345');
  });

  it('highlights the culprit in the driver list and sorts it by name, base, size and date', async () => {
    const p = panel();
    const culprit = within(p).getByText('caused by').closest('tr') as HTMLElement;
    expect(culprit).toHaveAttribute('aria-current', 'true');
    expect(culprit).toHaveTextContent('acme.sys');
    expect(driverNames(p)).toEqual(['ntoskrnl.exe', 'hal.dll', 'acme.sys', 'netfoo.sys']);
    await userEvent.click(within(p).getByRole('button', { name: 'Name' }));
    expect(driverNames(p)).toEqual(['acme.sys', 'hal.dll', 'netfoo.sys', 'ntoskrnl.exe']);
    await userEvent.click(within(p).getByRole('button', { name: 'Base' }));
    expect(driverNames(p)).toEqual(['hal.dll', 'ntoskrnl.exe', 'acme.sys', 'netfoo.sys']);
    await userEvent.click(within(p).getByRole('button', { name: 'Size' }));
    expect(driverNames(p)).toEqual(['ntoskrnl.exe', 'netfoo.sys', 'acme.sys', 'hal.dll']);
    await userEvent.click(within(p).getByRole('button', { name: 'Date' }));
    expect(driverNames(p)).toEqual(['acme.sys', 'netfoo.sys', 'ntoskrnl.exe', 'hal.dll']);
  });

  it('lists the stack with scanned frames marked as possibly spurious', () => {
    const p = panel();
    const rows = within(within(p).getByRole('table', { name: 'Kernel stack' })).getAllByRole('row').slice(1);
    expect(rows.map((r) => [within(r).getAllByRole('cell')[1]?.textContent, r.querySelector('.trust-badge')?.textContent])).toEqual([
      ['acme.sys+0x12345', 'context'],
      ['ntoskrnl.exe+0x3f1a0', 'scan (possibly spurious)'],
      ['acme.sys+0x1100', 'scan (possibly spurious)'],
      ['netfoo.sys+0x2222', 'scan (possibly spurious)'],
      ['ntoskrnl.exe+0x401000', 'scan (possibly spurious)'],
    ]);
  });

  it('a Minidump record opens with the kernel panel, and its ticket text carries the crash facts', async () => {
    const detail = kernelRecordDetail();
    const fake = fakeApi({ reports: [detail], details: { [detail.id]: detail } });
    render(<ReportDetailView api={fake.api} info={null} reportId={detail.id} forwarded={[]} onClose={() => {}} />);
    await screen.findByRole('heading', { level: 2, name: /Windows stopped with bug check 0xd1/ });
    expect(screen.getByTestId('dump-panel')).toHaveTextContent('DRIVER_IRQL_NOT_LESS_OR_EQUAL');
    await userEvent.click(screen.getByRole('button', { name: 'Copy as ticket text' }));
    const text = await navigator.clipboard.readText();
    expect(text).toContain('### Kernel dump (050624-12345-01.dmp)');
    expect(text).toContain('| Caused by | acme.sys +0x12345 — the crash address lies in this driver |');
    expect(text).toContain('| Parameter 4 | 0xfffff80470012345 (Address of the instruction that referenced the memory) |');
  });
});
