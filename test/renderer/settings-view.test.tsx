import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import type { AppSettings } from '../../shared/settings-model';
import type { WerApi } from '../../shared/wer-api';
import { SettingsView } from '../../renderer/src/views/settings/settings-view';
import { fakeApi, type FakeApiSeed } from './support/fake-api';

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
    await userEvent.type(screen.getByLabelText('Company CA file (HTTPS: CER and symbol servers)'), 'C:\\certs\\corp-ca.pem');
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

describe('settings view: symbols', () => {
  const open = async (seed: FakeApiSeed = {}) => {
    const fake = fakeApi(seed);
    render(<Harness api={fake.api} initial={fake.settings} mode="desktop" />);
    // The first answer of symbolSetup has arrived when the cache folder is named.
    await screen.findByText('C:\\Users\\ada\\AppData\\Roaming\\wer-explorer\\symbols', { selector: '.symbol-cache .mono' });
    return fake;
  };
  const section = () => within(screen.getByRole('region', { name: 'Symbols' }));

  it('starts empty with the Microsoft server off, and turns it on with one click', async () => {
    const fake = await open();
    const toggle = section().getByRole('checkbox', { name: /Use Microsoft’s public symbol server/ });
    expect(toggle).not.toBeChecked();
    expect(toggle).toHaveAccessibleName(expect.stringContaining('downloads from https://msdl.microsoft.com/download/symbols'));
    expect(section().getByText(/Empty: symbols are not looked up/)).toBeInTheDocument();
    expect(section().getByLabelText('Cache folder')).toHaveAttribute('placeholder', 'C:\\Users\\ada\\AppData\\Roaming\\wer-explorer\\symbols');
    await userEvent.click(toggle);
    await waitFor(() => expect(fake.settings.symbolMicrosoftServer).toBe(true));
    expect(toggle).toBeChecked();
    const table = await section().findByRole('table', { name: 'Effective symbol path' });
    expect(within(table).getByText('Microsoft server setting')).toBeInTheDocument();
    expect(within(table).getByText(/Downloads from https:\/\/msdl\.microsoft\.com\/download\/symbols/)).toBeInTheDocument();
    await userEvent.click(toggle);
    await waitFor(() => expect(fake.settings.symbolMicrosoftServer).toBe(false));
    expect(await section().findByText(/Empty: symbols are not looked up/)).toBeInTheDocument();
  });

  it('shows the problem of a bad path while typing, and saves the path', async () => {
    const fake = await open();
    const field = section().getByLabelText('Symbol path');
    expect(field).toHaveAccessibleDescription(/WinDbg syntax/);
    await userEvent.type(field, 'D:\\pdbs;http://symbols.example.com');
    const problems = await section().findByRole('list', { name: 'Symbol path problems' });
    expect(problems).toHaveTextContent('http://symbols.example.com is skipped: a symbol server URL needs "srv*" in front of it');
    expect(field).toHaveAccessibleDescription(/needs "srv\*" in front of it/);
    // The good element is already in the preview; nothing is saved yet.
    expect(within(section().getByRole('table', { name: 'Effective symbol path' })).getByText('symbol path setting')).toBeInTheDocument();
    expect(fake.settings.symbolPath).toBe('');
    await userEvent.clear(field);
    await userEvent.type(field, 'D:\\pdbs;srv*https://symbols.example.com');
    await waitFor(() => expect(section().queryByRole('list', { name: 'Symbol path problems' })).toBeNull());
    await userEvent.click(section().getByRole('button', { name: 'Save symbol settings' }));
    await waitFor(() => expect(fake.settings.symbolPath).toBe('D:\\pdbs;srv*https://symbols.example.com'));
    expect(section().getByRole('button', { name: 'Save symbol settings' })).toBeDisabled();
    expect(within(section().getByRole('table', { name: 'Effective symbol path' })).getByText(/Downloads from https:\/\/symbols\.example\.com/)).toBeInTheDocument();
  });

  it('shows where each element comes from, the environment first', async () => {
    await open({ symbolEnv: { _NT_SYMBOL_PATH: 'srv*C:\\ntsym*https://symbols.corp.example;bogus*x' } });
    const rows = within(section().getByRole('table', { name: 'Effective symbol path' })).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('srv*C:\\ntsym*https://symbols.corp.example');
    expect(rows[1]).toHaveTextContent('environment variable _NT_SYMBOL_PATH');
    expect(rows[1]).toHaveTextContent('kept in C:\\ntsym');
    expect(section().getByRole('list', { name: 'Symbol path problems' })).toHaveTextContent('environment variable _NT_SYMBOL_PATH: bogus*x is skipped');
  });

  it('refuses a relative cache folder, saves a full one', async () => {
    const fake = await open();
    const field = section().getByLabelText('Cache folder');
    await userEvent.type(field, 'sym');
    expect(await section().findByRole('status')).toHaveTextContent('The symbol cache folder must be a full path');
    expect(section().getByRole('button', { name: 'Clear…' })).toBeDisabled();
    await userEvent.clear(field);
    await userEvent.type(field, 'E:\\SymCache');
    await userEvent.click(section().getByRole('button', { name: 'Save symbol settings' }));
    await waitFor(() => expect(fake.settings.symbolCacheDir).toBe('E:\\SymCache'));
    expect(await section().findByText('E:\\SymCache', { selector: '.symbol-cache .mono' })).toBeInTheDocument();
    expect(section().getByRole('button', { name: 'Clear…' })).toBeEnabled();
  });

  it('asks before clearing the cache, then shows the new size', async () => {
    const fake = await open({ symbolCache: { bytes: 5 * 1048576, files: 3 } });
    expect(section().getByText('3 files, 5.0 MB')).toBeInTheDocument();
    await userEvent.click(section().getByRole('button', { name: 'Clear…' }));
    const dialog = screen.getByRole('dialog', { name: 'Clear the symbol cache?' });
    expect(dialog).toHaveTextContent('(3 files, 5.0 MB)');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(fake.calls.some((c) => c.method === 'clearSymbolCache')).toBe(false);
    await userEvent.click(section().getByRole('button', { name: 'Clear…' }));
    await userEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Clear the cache' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fake.calls.filter((c) => c.method === 'clearSymbolCache')).toHaveLength(1);
    expect(section().getByText('empty')).toBeInTheDocument();
    expect(section().getByRole('status')).toHaveTextContent('Cleared: 1 item removed.');
  });
});
