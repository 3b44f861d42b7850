import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import type { AppSettings } from '../../shared/settings-model';
import type { WerApi } from '../../shared/wer-api';
import { SettingsView } from '../../renderer/src/views/settings/settings-view';
import { fakeApi } from './support/fake-api';

function Harness({ api, initial, mode }: { api: WerApi; initial: AppSettings; mode: 'desktop' | 'browser' }) {
  const [settings, setSettings] = useState(initial);
  return (
    <SettingsView
      api={api}
      info={{ mode, version: '0.1.0', platform: 'win32', canOpenPaths: mode === 'desktop', elevated: false }}
      settings={settings}
      stores={[{ path: 'C:\\WER\\ReportArchive', scope: 'machine', label: 'Machine archive', state: 'ok', message: null, reportCount: 12 }]}
      onSaved={setSettings}
    />
  );
}

describe('settings view', () => {
  it('adds and removes extra stores and saves the CER server', async () => {
    const fake = fakeApi();
    render(<Harness api={fake.api} initial={fake.settings} mode="desktop" />);
    expect(screen.getByText('12 report(s)')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Folder or bundle path'), 'D:\\bundles\\ticket.zip');
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(await screen.findByText('D:\\bundles\\ticket.zip')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Remove D:\\bundles\\ticket.zip' }));
    await waitFor(() => expect(screen.queryByText('D:\\bundles\\ticket.zip')).toBeNull());
    await userEvent.type(screen.getByPlaceholderText('http://cer.example.com:1273'), 'https://cer.corp:1273');
    await userEvent.type(screen.getByLabelText(/CA certificate/), 'C:\\certs\\corp-ca.pem');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(fake.settings.cerServer).toBe('https://cer.corp:1273'));
    expect(fake.settings.cerCaFile).toBe('C:\\certs\\corp-ca.pem');
    expect(screen.getByRole('button', { name: 'Browse…' })).toBeInTheDocument();
  });

  it('shows why a change was refused', async () => {
    const fake = fakeApi();
    render(<Harness api={fake.api} initial={fake.settings} mode="browser" />);
    await userEvent.type(screen.getByPlaceholderText('http://cer.example.com:1273'), 'ftp://cer');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The CER server must use http or https.');
    expect(screen.queryByRole('button', { name: 'Browse…' })).toBeNull();
    expect(screen.getByText(/In browser mode the stores are the folders given to/)).toBeInTheDocument();
  });
});
