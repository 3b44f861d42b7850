import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ForwardResult } from '../../shared/cer-model';
import type { ReportDetail } from '../../shared/report-detail';
import { err, type Result } from '../../shared/result';
import type { WerApi } from '../../shared/wer-api';
import { ReportDetailView } from '../../renderer/src/views/detail/report-detail-view';
import { makeReport } from '../support/report-factory';
import { fakeApi } from './support/fake-api';
import { BREAKPAD_REPORT_ID, breakpadDetail } from './support/detail-factory';
import { forwardResult } from './support/forward-factory';

const info = (canOpenPaths: boolean) => ({ mode: 'desktop' as const, version: '0.1.0', platform: 'win32', canOpenPaths, elevated: false });

function setup(detail: ReportDetail = breakpadDetail(), canOpenPaths = false, api?: Partial<WerApi>, forwarded: readonly ForwardResult[] = []) {
  const fake = fakeApi({ reports: [detail], details: { [detail.id]: detail } });
  const onClose = jest.fn();
  const merged = { ...fake.api, ...api };
  const view = render(<ReportDetailView api={merged} info={info(canOpenPaths)} reportId={detail.id} forwarded={forwarded} onClose={onClose} />);
  return { fake, onClose, view };
}

const title = () => screen.findByRole('heading', { level: 2, name: /test_app\.exe crashed in test_app\.exe \(c0000005 STATUS_ACCESS_VIOLATION\)/ });
const section = (name: string) => screen.getByRole('region', { name });

describe('report detail view', () => {
  it('shows the plain-language title, the header facts and what happened', async () => {
    setup();
    await title();
    expect(screen.getByText(BREAKPAD_REPORT_ID)).toHaveClass('report-id');
    expect(screen.getByText('APPCRASH · Stopped working · Critical')).toBeInTheDocument();
    expect(screen.getByText(/^ReportArchive/)).toBeInTheDocument();
    const what = screen.getByTestId('exception-explained');
    expect(what).toHaveTextContent('The program read, wrote or ran memory it was not allowed to touch');
    expect(what).toHaveTextContent('c0000005 STATUS_ACCESS_VIOLATION');
    expect(what).toHaveTextContent('test_app.exe at offset 0x429e');
    expect(what).toHaveTextContent('tried to write to 0x45 — near address zero');
  });

  it('lists every signature entry with the name as written, its meaning and a gloss, then the bucket', async () => {
    setup();
    await title();
    const sig = section('Signature');
    const row = within(sig).getByText('Fault Module Name').closest('tr') as HTMLElement;
    expect(row).toHaveTextContent('Sig[3]');
    expect(row).toHaveTextContent('Faulting module');
    expect(row).toHaveTextContent('The executable or DLL whose code was running when the failure happened.');
    const code = within(sig).getByText('Exception Code').closest('tr') as HTMLElement;
    expect(code).toHaveTextContent('STATUS_ACCESS_VIOLATION: The program read, wrote or ran memory');
    expect(within(sig).getByText('Exception Offset').closest('tr')).toHaveTextContent('0000429e0x429e');
    expect(within(sig).getByText('2a1b3c4d5e6f708192a3b4c5d6e7f801')).toBeInTheDocument();
  });

  it('shows system, process, parent chain and attachments with missing files marked', async () => {
    setup();
    await title();
    const sys = section('System and process');
    expect(sys).toHaveTextContent('Windows XP Professional, version 5.1.2600.2.0.0.256.1');
    expect(sys).toHaveTextContent('Contoso Ltd. Workstation 5000, BIOS 1.17.0');
    expect(sys).toHaveTextContent('explorer.exe (pid 1712)');
    expect(sys).toHaveTextContent('3932');
    const files = section('Attachments (3)');
    expect(within(files).getByText('memory.hdmp').closest('tr')).toHaveTextContent('missing');
    expect(within(files).getByText('WER4F2A.tmp.mdmp').closest('tr')).toHaveTextContent('11.1 KB');
  });

  it('keeps the raw Report.wer collapsed, notes its encoding, and lists parse problems as warnings', async () => {
    setup(breakpadDetail({ problems: ['Line 12 has no "=" and was skipped.'] }));
    await title();
    const raw = section('Raw Report.wer').querySelector('details') as HTMLDetailsElement;
    expect(raw.open).toBe(false);
    expect(raw).toHaveTextContent('UTF-16LE with byte-order mark');
    expect(raw.querySelector('pre')).toHaveTextContent('Sig[3].Name=Fault Module Name');
    expect(section('Problems reading this report')).toHaveTextContent('Line 12 has no "=" and was skipped.');
  });

  it('shows loading, then an error that says what to do, for a report that is gone', async () => {
    const fake = fakeApi({ reports: [] });
    render(<ReportDetailView api={fake.api} info={null} reportId="gone" forwarded={[]} onClose={() => {}} />);
    expect(screen.getByRole('status')).toHaveTextContent('Opening the report…');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This report is no longer in the library.');
    expect(alert).toHaveTextContent('The report may have been deleted or moved; pick another report');
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(fake.calls.filter((c) => c.method === 'getReport')).toHaveLength(2));
  });

  it('copies a Markdown ticket text to the clipboard and says so', async () => {
    setup();
    await title();
    await userEvent.click(screen.getByRole('button', { name: 'Copy as ticket text' }));
    expect(await screen.findByText(/^Copied/)).toBeInTheDocument();
    const text = await navigator.clipboard.readText();
    expect(text).toMatch(/^## test\\_app\.exe crashed in test\\_app\.exe/);
    expect(text).toContain('### What happened');
    expect(text).toContain('| Frame 0 | test\\_app.exe +0x429e \\[context\\] |');
  });

  it('says when the clipboard refuses', async () => {
    const spy = jest.spyOn(navigator.clipboard, 'writeText').mockRejectedValueOnce(new Error('Document is not focused.'));
    setup();
    await title();
    await userEvent.click(screen.getByRole('button', { name: 'Copy as ticket text' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not copy: Document is not focused.');
    spy.mockRestore();
  });

  it('hides Open folder and Open in debugger without canOpenPaths', async () => {
    setup(breakpadDetail(), false);
    await title();
    expect(screen.queryByRole('button', { name: 'Open folder' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Open in debugger' })).toBeNull();
  });

  it('opens the folder and the dump through the api, and shows a failure inline', async () => {
    const openDump = jest.fn(async (): Promise<Result<void>> => err('No program is registered for .dmp files.'));
    const { fake } = setup(breakpadDetail(), true, { openDump });
    await title();
    await userEvent.click(screen.getByRole('button', { name: 'Open folder' }));
    expect(fake.calls).toContainEqual({ method: 'openReportFolder', args: [BREAKPAD_REPORT_ID] });
    await userEvent.click(screen.getByRole('button', { name: 'Open in debugger' }));
    expect(openDump).toHaveBeenCalledWith(BREAKPAD_REPORT_ID);
    expect(await screen.findByRole('alert')).toHaveTextContent('Could not open the dump: No program is registered for .dmp files.');
  });

  it('offers no debugger for a report without a dump file', async () => {
    setup(breakpadDetail({ attachments: [{ file: 'Report.wer.xml', size: 10, kind: 'xml', cabName: null }], minidump: null }), true);
    await title();
    expect(screen.getByRole('button', { name: 'Open folder' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Open in debugger' })).toBeNull();
  });

  it('shows where the report was forwarded: result, bucket, time and error per server', async () => {
    setup(breakpadDetail(), false, undefined, [
      forwardResult(BREAKPAD_REPORT_ID, true, { response: 'https://cer.example/solution/1' }),
      forwardResult(BREAKPAD_REPORT_ID, false, { server: 'http://backup:1273', state: 'failed', error: 'The server refused the report (HTTP 403).', skippedFiles: ['memory.hdmp'] }),
    ]);
    await title();
    const forwarded = section('Forwarded to CER');
    expect(within(forwarded).getByText('http://cer:1273')).toBeInTheDocument();
    expect(within(forwarded).getByText('Sent, files uploaded')).toHaveClass('result-ok');
    expect(within(forwarded).getByText('12345')).toBeInTheDocument();
    // A URL from the server is text, never a link.
    expect(within(forwarded).getByText('https://cer.example/solution/1').closest('a')).toBeNull();
    expect(within(forwarded).getByText(/^Not sent: the server refused it/)).toHaveClass('result-failed');
    expect(within(forwarded).getByText('The server refused the report (HTTP 403).')).toBeInTheDocument();
    expect(within(forwarded).getByText('memory.hdmp (too large to upload)')).toBeInTheDocument();
  });

  it('has no forwarding section for a report never forwarded', async () => {
    setup();
    await title();
    expect(screen.queryByRole('region', { name: 'Forwarded to CER' })).toBeNull();
  });

  it('closes with the × button and with Escape inside the pane', async () => {
    const { onClose } = setup();
    await title();
    await userEvent.click(screen.getByRole('button', { name: 'Close detail' }));
    expect(onClose).toHaveBeenCalledTimes(1);
    screen.getByRole('region', { name: 'Report detail' }).focus();
    await userEvent.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledTimes(2);
  });

  it('says what recorded the crash: the report folder, the Application log event, the LocalDumps dump', async () => {
    const folder = 'C:\\ProgramData\\Microsoft\\Windows\\WER\\ReportArchive\\AppCrash_test_app.exe_1';
    setup(
      breakpadDetail({
        sources: [
          { kind: 'wer', folder, reportIds: [BREAKPAD_REPORT_ID] },
          { kind: 'eventlog', log: null, channel: 'Application', provider: 'Application Error', eventId: 1000, recordId: 1234, time: '2007-02-14T19:13:57.000Z', reportId: BREAKPAD_REPORT_ID },
          { kind: 'dump', path: 'C:\\Users\\ada\\AppData\\Local\\CrashDumps\\test_app.exe.3932.dmp', size: 12 * 1024 * 1024 },
        ],
      }),
    );
    await title();
    const lines = within(section('Recorded by')).getAllByRole('listitem').map((li) => li.textContent);
    expect(lines).toEqual([
      `WER report folder ${folder}`,
      // The time in the reader's own zone, as the header shows it.
      `This PC's Application log: Application Error 1000, record #1234, ${new Date('2007-02-14T19:13:57.000Z').toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' })}`,
      'LocalDumps dump C:\\Users\\ada\\AppData\\Local\\CrashDumps\\test_app.exe.3932.dmp (12.0 MB)',
    ]);
    expect(within(section('Recorded by')).queryByText(/known from the event log/)).toBeNull();
  });

  it('says plainly when Windows deleted the report folder and the crash is known from the log only', async () => {
    const event = (provider: string, eventId: number, recordId: number) =>
      ({ kind: 'eventlog', log: 'D:\\tickets\\Application.evtx', channel: 'Application', provider, eventId, recordId, time: null, reportId: null }) as const;
    const { view } = setup(breakpadDetail({ store: 'EventLog', storeRoot: null, sources: [event('Application Error', 1000, 7), event('Windows Error Reporting', 1001, 8)] }));
    await title();
    const recorded = section('Recorded by');
    expect(within(recorded).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Application log (Application.evtx): Application Error 1000, record #7',
      'Application log (Application.evtx): Windows Error Reporting 1001, record #8',
    ]);
    expect(recorded).toHaveTextContent('Windows deleted the report folder; this crash is known from the event log.');
    view.unmount();
    // Without event 1001 WER may never have written a folder: the note does not claim it was deleted.
    setup(breakpadDetail({ store: 'EventLog', storeRoot: null, sources: [event('Application Error', 1000, 7)] }));
    await title();
    expect(section('Recorded by')).toHaveTextContent('Windows kept no report folder for this crash (it deleted it, or never wrote one); this crash is known from the event log.');
  });

  it('loads the new report when reportId changes and ignores a late answer for the old one', async () => {
    const first = breakpadDetail();
    const second = { ...breakpadDetail(), ...makeReport({ id: 'second', eventType: 'AppHangB1', sig: ['notepad.exe', '10.0', '0', 'a2f3', '0'] }), minidump: null };
    const pending = new Map<string, (r: Result<ReportDetail>) => void>();
    const fake = fakeApi({ reports: [first] });
    const api: WerApi = { ...fake.api, getReport: (id) => new Promise((resolve) => pending.set(id, resolve)) };
    const { rerender } = render(<ReportDetailView api={api} info={null} reportId={first.id} forwarded={[]} onClose={() => {}} />);
    rerender(<ReportDetailView api={api} info={null} reportId="second" forwarded={[]} onClose={() => {}} />);
    await act(async () => pending.get('second')?.({ ok: true, value: second }));
    await act(async () => pending.get(first.id)?.({ ok: true, value: first }));
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('stopped responding');
    expect(screen.queryByText(BREAKPAD_REPORT_ID)).toBeNull();
  });
});
