import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MinidumpSummary } from '../../shared/minidump-model';
import { DumpPanel } from '../../renderer/src/views/detail/dump-panel';
import { breakpadDump, stowedDump } from './support/detail-factory';

const panel = (value: MinidumpSummary, file = 'WER4F2A.tmp.mdmp') => {
  render(<DumpPanel minidump={{ file, content: { ok: true, value } }} />);
  return screen.getByTestId('dump-panel');
};
const rowOf = (el: HTMLElement) => el.closest('tr') as HTMLElement;

describe('minidump panel', () => {
  it('shows the exception, the faulting module + offset, the access and the signature check', () => {
    const p = panel(breakpadDump());
    expect(p).toHaveTextContent('0xc0000005 STATUS_ACCESS_VIOLATION');
    expect(within(p).getByText('test_app.exe +0x429e')).toBeInTheDocument();
    expect(p).toHaveTextContent('write of 0x45');
    expect(p).toHaveTextContent('Yes: the dump and the report both point to test_app.exe +0x429e.');
    expect(p).toHaveTextContent('3060 (0xbf4)');
  });

  it('labels the exploitability hint as a heuristic and shows its rule', () => {
    const hint = within(panel(breakpadDump())).getByTestId('exploitability');
    expect(hint).toHaveTextContent('Exploitability: Probably not exploitable');
    expect(within(hint).getByText('heuristic')).toBeInTheDocument();
    expect(hint).toHaveTextContent('Rule: Write access violation near NULL');
  });

  it('lists the crashing thread’s frames with module + offset and a trust badge, with a legend', () => {
    const p = panel(stowedDump());
    const frames = within(p).getAllByRole('row').filter((r) => r.className.startsWith('trust-'));
    expect(frames.map((r) => [within(r).getAllByRole('cell')[1]?.textContent, r.querySelector('.trust-badge')?.textContent])).toEqual([
      ['KERNELBASE+0x12db22', 'context'],
      ['KERNELBASE+0x343a6', 'scan'],
      ['combase+0x1fb84d', 'scan'],
      ['KERNELBASE+0x12db22', 'scan'],
    ]);
    const legend = within(p).getByRole('list', { name: 'How frames were found' });
    expect(legend).toHaveTextContent('may be a leftover, not a real caller');
    expect(legend).toHaveTextContent('frame pointer');
  });

  it('lists modules with version, base, size, debug file and debug id, the faulting one highlighted', () => {
    const p = panel(breakpadDump());
    const faulting = rowOf(within(p).getByText('test_app.exe', { selector: 'td > span' }));
    expect(faulting).toHaveAttribute('aria-current', 'true');
    expect(faulting).toHaveTextContent('faulting');
    expect(faulting).toHaveTextContent('c:\\test_app.pdb 5A9832E5287241C1838ED98914E9B7FF1');
    const ntdll = rowOf(within(p).getByText('ntdll.dll'));
    expect(ntdll).toHaveTextContent('0x7c900000');
    expect(ntdll).toHaveTextContent('704.0 KB');
    expect(ntdll).toHaveTextContent('5.1.2600.2180');
    expect(ntdll).toHaveTextContent('36515FB5D04345E491F672FA2E2878C02');
  });

  it('sorts modules by name and by base', async () => {
    const p = panel(breakpadDump());
    const table = within(p).getByText('Modules (5)').closest('details') as HTMLElement;
    const names = () => within(table).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[1]?.querySelector('span')?.textContent);
    await userEvent.click(within(table).getByRole('button', { name: 'Name' }));
    expect(names()).toEqual(['kernel32.dll', 'msvcrt.dll', 'ntdll.dll', 'ole32.dll', 'test_app.exe']);
    await userEvent.click(within(table).getByRole('button', { name: 'Base' }));
    expect(names()).toEqual(['test_app.exe', 'ole32.dll', 'msvcrt.dll', 'kernel32.dll', 'ntdll.dll']);
  });

  it('shows threads, handles, build string and stripped debug records of a WER triage dump', () => {
    const p = panel(stowedDump());
    expect(rowOf(within(p).getByText('crashed'))).toHaveTextContent('10980 (0x2ae4)');
    expect(p).toHaveTextContent('Handles: 441 open');
    expect(p).toHaveTextContent('Event 65');
    expect(p).toHaveTextContent('19041.1.amd64fre.vb_release.191206-1406');
    expect(rowOf(within(p).getByText('combase.dll'))).toHaveTextContent('none (code id 613E7D3D354000)');
    expect(p).toHaveTextContent('rip=0x7ffd1ddcdb22');
  });

  it('says plainly when the crash was in no module', () => {
    const base = stowedDump();
    const exception = { ...base.exception!, module: null, offset: null, firstFrameInModule: { module: 'combase.dll', offset: '0x1fb84d' } };
    const p = panel({ ...base, exception });
    expect(p).toHaveTextContent('In no module: the address is outside every loaded EXE and DLL (first frame in a module: combase.dll +0x1fb84d).');
  });

  it('explains a dump without an exception', () => {
    const p = panel({ ...breakpadDump(), exception: null, stack: [], exploitability: null, signatureCheck: null });
    expect(p).toHaveTextContent('This dump records no exception');
    expect(within(p).queryByTestId('exploitability')).toBeNull();
  });

  it('says so when the report has no minidump', () => {
    render(<DumpPanel minidump={null} />);
    expect(screen.getByTestId('dump-panel')).toHaveTextContent('No minidump in this report');
  });

  it('shows the read error of a dump that could not be read', () => {
    render(<DumpPanel minidump={{ file: 'WER1.tmp.mdmp', content: { ok: false, error: 'The file ends inside the stream directory.' } }} />);
    const alert = within(screen.getByTestId('dump-panel')).getByRole('alert');
    expect(alert).toHaveTextContent('The minidump WER1.tmp.mdmp could not be read: The file ends inside the stream directory.');
    expect(alert).toHaveTextContent('The rest of the report above is still valid');
  });
});
