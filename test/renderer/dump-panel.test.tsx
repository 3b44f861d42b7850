import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MinidumpSummary } from '../../shared/minidump-model';
import { DumpPanel } from '../../renderer/src/views/detail/dump-panel';
import type { Result } from '../../shared/result';
import type { ModuleSymbolState, SymbolizedThreadStack } from '../../shared/symbol-model';
import { breakpadDump, stowedDump } from './support/detail-factory';
import { fakeApi } from './support/fake-api';

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

describe('minidump panel with symbols', () => {
  /** breakpadDump as symbolizeSummary returns it: test_app's PDB loaded, kernel32 named from exports, ntdll refused. */
  const symbolized = (): MinidumpSummary => {
    const s = breakpadDump();
    const states: Record<string, ModuleSymbolState | null> = {
      'test_app.exe': { status: 'loaded', file: 'C:\\symbols\\test_app.pdb\\5A9832E5287241C1838ED98914E9B7FF1\\test_app.pdb', message: null },
      'kernel32.dll': { status: 'missing', file: null, message: 'kernel32.pdb (id BCE8785C57B44245A669896B6A19B9542): not on the symbol path.' },
      'ntdll.dll': { status: 'mismatched', file: 'C:\\build\\ntdll.pdb', message: 'Refused: the module needs 36515FB5D04345E491F672FA2E2878C02, the PDB is 00000000000000000000000000000000.' },
      'ole32.dll': { status: 'error', file: null, message: 'ole32.pdb is truncated.' },
      'msvcrt.dll': null,
    };
    const unnamed = { function: null, functionOffset: null, file: null, line: null, inlined: [], nameSource: null };
    return {
      ...s,
      modules: s.modules.map((m) => ({ ...m, symbols: states[m.name] ?? null })),
      stack: s.stack.map((f) =>
        f.module === 'kernel32.dll' ? { ...f, ...unnamed, function: 'BaseProcessStart', functionOffset: '0x23', nameSource: 'export' as const } : { ...f, ...unnamed },
      ),
    };
  };
  const other: SymbolizedThreadStack = {
    threadId: 4544,
    frames: [
      { address: '0x7c90eb94', module: 'ntdll.dll', offset: '0xeb94', trust: 'context', function: 'KiFastSystemCallRet', functionOffset: '0x0', file: null, line: null, inlined: [], nameSource: 'export' },
      { address: '0x401020', module: 'test_app.exe', offset: '0x1020', trust: 'cfi', function: 'worker', functionOffset: '0x10', file: 'c:\\src\\worker.cpp', line: 12, inlined: [], nameSource: 'pdb' },
    ],
    problems: [],
  };
  const withApp = (threadStacks: Record<string, Result<SymbolizedThreadStack>>, mode: 'desktop' | 'browser' = 'browser') => {
    const fake = fakeApi({ threadStacks });
    render(<DumpPanel minidump={{ file: 'WER4F2A.tmp.mdmp', content: { ok: true, value: symbolized() } }} app={{ api: fake.api, info: { mode, version: '0.1.0', platform: 'win32', canOpenPaths: mode === 'desktop', elevated: null }, reportId: 'r1' }} />);
    return fake;
  };

  it('shows each module’s symbol status, with where the PDB came from or why not in the tooltip', () => {
    const p = panel(symbolized());
    const status = (name: string) => within(rowOf(within(p).getByText(name))).getAllByRole('cell')[6]!.firstElementChild as HTMLElement;
    expect(status('test_app.exe')).toHaveTextContent('PDB loaded');
    expect(status('test_app.exe')).toHaveAttribute('title', 'Symbols from C:\\symbols\\test_app.pdb\\5A9832E5287241C1838ED98914E9B7FF1\\test_app.pdb.');
    expect(status('kernel32.dll')).toHaveTextContent('export names only');
    expect(status('kernel32.dll').title).toContain('not on the symbol path');
    expect(status('ntdll.dll')).toHaveTextContent('PDB refused');
    expect(status('ntdll.dll').title).toContain('C:\\build\\ntdll.pdb is another build of this module, so it is not used.');
    expect(status('ole32.dll')).toHaveTextContent('PDB unreadable');
    expect(status('msvcrt.dll')).toHaveTextContent('not looked up');
  });

  it('shows no symbol column for a dump that was not symbolized', () => {
    const p = panel(breakpadDump());
    expect(within(p).queryByRole('columnheader', { name: 'Symbols' })).toBeNull();
  });

  it('walks another thread when it is opened, once, and shows its named frames', async () => {
    const user = userEvent.setup();
    const fake = withApp({ 'r1:4544': { ok: true, value: other } });
    expect(screen.getByText('shown above')).toBeInTheDocument();
    const show = screen.getByRole('button', { name: 'Show stack of thread 4544' });
    expect(fake.calls.some((c) => c.method === 'getThreadStack')).toBe(false);
    await user.click(show);
    const stack = await screen.findByRole('cell', { name: 'Stack of thread 4544' });
    expect(within(stack).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[1]!.textContent)).toEqual([
      'ntdll!KiFastSystemCallRet (export name: no symbols for this module)',
      'test_app!worker+0x10c:\\src\\worker.cpp:12',
    ]);
    expect(within(stack).getByRole('link', { name: 'Open frame 1 in editor' })).toHaveAttribute('href', 'vscode://file/c:/src/worker.cpp:12');
    await user.click(screen.getByRole('button', { name: 'Hide stack of thread 4544' }));
    expect(screen.queryByRole('cell', { name: 'Stack of thread 4544' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Show stack of thread 4544' }));
    expect(screen.getByRole('cell', { name: 'Stack of thread 4544' })).toBeInTheDocument();
    expect(fake.calls.filter((c) => c.method === 'getThreadStack')).toEqual([{ method: 'getThreadStack', args: ['r1', 4544] }]);
  });

  it('says why a thread could not be walked, and tries again when reopened', async () => {
    const user = userEvent.setup();
    const fake = withApp({ 'r1:4544': { ok: false, error: 'Thread 4544 could not be walked: thread 4544 has no CPU context.' } });
    await user.click(screen.getByRole('button', { name: 'Show stack of thread 4544' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('thread 4544 has no CPU context');
    await user.click(screen.getByRole('button', { name: 'Hide stack of thread 4544' }));
    await user.click(screen.getByRole('button', { name: 'Show stack of thread 4544' }));
    await screen.findByRole('alert');
    expect(fake.calls.filter((c) => c.method === 'getThreadStack')).toHaveLength(2);
  });

  it('in the desktop app, "Open in editor" asks the app', async () => {
    const user = userEvent.setup();
    const fake = withApp({ 'r1:4544': { ok: true, value: other } }, 'desktop');
    await user.click(screen.getByRole('button', { name: 'Show stack of thread 4544' }));
    await user.click(await screen.findByRole('button', { name: 'Open frame 1 in editor' }));
    expect(fake.calls.filter((c) => c.method === 'openInEditor')).toEqual([{ method: 'openInEditor', args: ['c:\\src\\worker.cpp', 12] }]);
    expect(await screen.findByText('Opened c:\\src\\worker.cpp in the editor.')).toBeInTheDocument();
  });
});
