import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DoctorReport } from '../../shared/doctor-model';
import { ok } from '../../shared/result';
import { WerDoctor } from '../../renderer/src/views/settings/wer-doctor';
import { fakeApi } from './support/fake-api';

const REPORT: DoctorReport = {
  origin: 'live registry',
  settings: [{ path: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\Windows Error Reporting', name: 'Disabled', type: 'REG_DWORD', value: 1, source: 'machine' }],
  findings: [
    { id: 'wer-disabled', severity: 'error', subject: 'Disabled', message: 'Windows Error Reporting is turned off: Disabled = 1.', fix: 'Delete Disabled.' },
    { id: 'local-dumps', severity: 'info', subject: 'crashy.exe', message: 'LocalDumps for crashy.exe: full dumps into C:\\dumps, keeping 10.', fix: 'Open the dumps in C:\\dumps.' },
  ],
  problems: [],
};

describe('"Why no reports?" (the WER settings doctor)', () => {
  it('off Windows says the doctor reads the live registry on Windows only, and offers nothing else', async () => {
    const fake = fakeApi();
    render(<WerDoctor api={fake.api} />);
    const section = screen.getByRole('region', { name: 'Why no reports?' });
    expect(await within(section).findByText('The doctor reads the live registry on Windows only.')).toBeInTheDocument();
    expect(within(section).queryByRole('button')).toBeNull();
  });

  it('on Windows lists the findings with their fixes, the effective settings, and checks again on demand', async () => {
    const fake = fakeApi({ doctor: ok({ kind: 'report', report: REPORT }) });
    render(<WerDoctor api={fake.api} />);
    expect(await screen.findByText('Error: Disabled')).toBeInTheDocument();
    expect(screen.getByText('LocalDumps for crashy.exe: full dumps into C:\\dumps, keeping 10.')).toBeInTheDocument();
    expect(screen.getByText('Fix: Delete Disabled.')).toBeInTheDocument();
    expect(screen.getByText('Effective settings (1)')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Check again' }));
    expect(fake.calls.filter((c) => c.method === 'runDoctor')).toHaveLength(2);
  });

  it('shows a failure as an alert', async () => {
    const fake = fakeApi({ doctor: { ok: false, error: 'cannot run reg.exe: spawn ENOENT' } });
    render(<WerDoctor api={fake.api} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('cannot run reg.exe: spawn ENOENT');
  });
});
