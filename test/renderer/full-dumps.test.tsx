/** "Enable full dumps for this app" on a crash's detail: when it is offered, the confirmation, and every answer. */
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReportDetail } from '../../shared/report-detail';
import { err, ok, type Result } from '../../shared/result';
import type { AppInfo, FullDumpsOutcome } from '../../shared/wer-api';
import { fullDumpsApp, fullDumpsNote } from '../../renderer/src/views/detail/full-dumps-dialog';
import { ReportDetailView } from '../../renderer/src/views/detail/report-detail-view';
import { crashSig, makeReport } from '../support/report-factory';
import { breakpadDetail } from './support/detail-factory';
import { fakeApi } from './support/fake-api';

const KEY = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\Windows Error Reporting\\LocalDumps\\test_app.exe';
const windows: AppInfo = { mode: 'desktop', version: '0.1.0', platform: 'win32', canOpenPaths: true, elevated: false };

function setup(fullDumps?: Result<FullDumpsOutcome>, info: AppInfo = windows, detail: ReportDetail = breakpadDetail()) {
  const fake = fakeApi({ reports: [detail], details: { [detail.id]: detail }, ...(fullDumps ? { fullDumps } : {}) });
  render(<ReportDetailView api={fake.api} info={info} reportId={detail.id} forwarded={[]} onClose={() => {}} />);
  return fake;
}

const button = () => screen.findByRole('button', { name: 'Enable full dumps for this app' });
const dialog = () => screen.getByRole('dialog', { name: 'Enable full dumps for test_app.exe' });
const calls = (fake: ReturnType<typeof setup>) => fake.calls.filter((c) => c.method === 'enableFullDumps');

async function confirm() {
  await userEvent.click(await button());
  await userEvent.click(within(dialog()).getByRole('button', { name: 'Enable full dumps' }));
}

describe('Enable full dumps for this app', () => {
  it('explains what it writes and where the dumps go, and does nothing when cancelled', async () => {
    const fake = setup();
    await userEvent.click(await button());
    const box = dialog();
    expect(box).toHaveTextContent('DumpType = 2 (full dump) under HKLM\\SOFTWARE\\Microsoft\\Windows\\Windows Error Reporting\\LocalDumps\\test_app.exe');
    expect(box).toHaveTextContent('%LOCALAPPDATA%\\CrashDumps');
    expect(box).toHaveTextContent('Windows asks for administrator permission (UAC) first.');
    expect(box).toHaveTextContent('wer-explorer doctor --disable-local-dumps test_app.exe');
    await userEvent.click(within(box).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls(fake)).toEqual([]);
  });

  it('calls enableFullDumps with the app and says what changed', async () => {
    const fake = setup(ok({ kind: 'done', key: KEY, changed: true, before: null, after: { DumpType: 2 } }));
    await confirm();
    expect(await screen.findByText(/^Full dumps are on for test_app\.exe/)).toHaveTextContent(
      'Full dumps are on for test_app.exe (DumpType 2, not set before): its next crash writes one to %LOCALAPPDATA%\\CrashDumps.',
    );
    expect(calls(fake)).toEqual([{ method: 'enableFullDumps', args: ['test_app.exe'] }]);
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('says when full dumps were on already, and names a previous mini-dump setting', async () => {
    setup(ok({ kind: 'done', key: KEY, changed: false, before: { DumpType: 2 }, after: { DumpType: 2 } }));
    await confirm();
    expect(await screen.findByText('Full dumps were already on for test_app.exe; nothing changed.')).toHaveClass('ok');
    expect(fullDumpsNote('test_app.exe', { kind: 'done', key: KEY, changed: true, before: { DumpType: 1, DumpCount: 3 }, after: { DumpType: 2, DumpCount: 3 } }).text).toBe(
      'Full dumps are on for test_app.exe (DumpType 2, was 1): its next crash writes one to %LOCALAPPDATA%\\CrashDumps.',
    );
  });

  it('says the prompt was declined, as a status rather than an error', async () => {
    setup(ok({ kind: 'cancelled' }));
    await confirm();
    expect(await screen.findByText(/^Cancelled/)).toHaveTextContent('Cancelled: the administrator prompt was declined, nothing changed.');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows a failure as an alert', async () => {
    setup(err('Writing HKEY_LOCAL_MACHINE\\…\\test_app.exe failed: ERROR: the elevated reg.exe exited with code 5.'));
    await confirm();
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not enable full dumps: Writing HKEY_LOCAL_MACHINE\\…\\test_app.exe failed');
  });

  it('waits for the prompt with the buttons disabled', async () => {
    let answer: (r: Result<FullDumpsOutcome>) => void = () => {};
    const detail = breakpadDetail();
    const fake = fakeApi({ reports: [detail], details: { [detail.id]: detail } });
    const api = { ...fake.api, enableFullDumps: () => new Promise<Result<FullDumpsOutcome>>((resolve) => (answer = resolve)) };
    render(<ReportDetailView api={api} info={windows} reportId={detail.id} forwarded={[]} onClose={() => {}} />);
    await confirm();
    expect(within(dialog()).getByRole('status')).toHaveTextContent('Waiting for the administrator prompt…');
    expect(within(dialog()).getByRole('button', { name: 'Enable full dumps' })).toBeDisabled();
    expect(within(dialog()).getByRole('button', { name: 'Cancel' })).toBeDisabled();
    answer(ok({ kind: 'cancelled' }));
    expect(await screen.findByText(/^Cancelled/)).toBeInTheDocument();
  });

  it('is absent off Windows, for hangs, and for apps that are no .exe', async () => {
    setup(undefined, { ...windows, platform: 'linux' });
    await screen.findByRole('button', { name: 'Copy as ticket text' });
    expect(screen.queryByRole('button', { name: 'Enable full dumps for this app' })).toBeNull();

    const hang = makeReport({ eventType: 'AppHangB1', sig: ['notepad.exe', '10.0', '0', 'a2f3', '0'] });
    expect(fullDumpsApp(hang)).toBeNull();
    expect(fullDumpsApp(makeReport({ sig: crashSig('crashy.exe', 'ntdll.dll') }))).toBe('crashy.exe');
    // The path's file name when Sig[0] is no file name (a packaged app's name).
    expect(fullDumpsApp({ ...makeReport({ sig: crashSig('Contoso.Photos_1.0_x64__8wekyb3d8bbwe', 'a.dll') }), appPath: 'C:\\Program Files\\WindowsApps\\Contoso\\Photos.exe' })).toBe('Photos.exe');
    expect(fullDumpsApp({ ...makeReport({ sig: crashSig('Contoso.Photos', 'a.dll') }), appPath: null })).toBeNull();
    expect(fullDumpsApp(makeReport({ sig: crashSig('bad"name.exe', 'a.dll') }))).toBeNull();
  });
});
