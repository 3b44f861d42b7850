import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StackList, type StackFrame } from '../../renderer/src/views/detail/stack-list';

const named: StackFrame[] = [
  {
    address: '0x140001510', module: 'app.exe', offset: '0x1510', trust: 'context',
    function: 'leaf_fault', functionOffset: '0x0', file: 'C:\\src\\walk-app.c', line: 24, inlined: [], nameSource: 'pdb',
  },
  {
    address: '0x14000152c', module: 'app.exe', offset: '0x152c', trust: 'cfi',
    function: 'from_dll', functionOffset: '0xc', file: 'C:\\src\\walk-app.c', line: 27,
    inlined: [{ function: 'geo::area', file: 'C:\\src\\shapes.h', line: 8 }], nameSource: 'pdb',
  },
  {
    address: '0x7ffb0001234', module: 'kernel32.dll', offset: '0x1234', trust: 'cfi',
    function: 'BaseThreadInitThunk', functionOffset: '0x14', file: null, line: null, inlined: [], nameSource: 'export',
  },
  { address: '0x7000', module: null, offset: null, trust: 'scan' },
];

describe('stack list', () => {
  it('shows module!function+offset, the source line and inlined calls when symbols were found', () => {
    render(<StackList frames={named} threadId={7} />);
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('app!leaf_fault');
    expect(rows[0]).toHaveTextContent('C:\\src\\walk-app.c:24');
    expect(rows[1]).toHaveTextContent('app!from_dll+0xc');
    expect(within(rows[1]!).getByText(/inlined: geo::area/)).toHaveTextContent('C:\\src\\shapes.h:8');
    expect(rows[2]).toHaveTextContent('kernel32!BaseThreadInitThunk+0x14');
    expect(rows[2]).toHaveTextContent('export name: no symbols for this module');
    expect(rows[3]).toHaveTextContent('in no module');
    expect(screen.queryByText(/Function names need symbols/)).toBeNull();
  });

  it('without symbols shows module+offset and says where to set a symbol path', () => {
    render(<StackList frames={[{ address: '0x40429e', module: 'test_app.exe', offset: '0x429e', trust: 'context' }]} threadId={null} />);
    expect(screen.getAllByRole('row')[1]).toHaveTextContent('test_app+0x429e');
    expect(screen.getByText(/Function names need symbols: set a symbol path in Settings/)).toBeInTheDocument();
  });
});

describe('stack actions', () => {
  it('copies one frame as WinDbg prints it, and the whole stack one frame a line', async () => {
    const user = userEvent.setup();
    render(<StackList frames={named} threadId={7} />);
    await user.click(screen.getByRole('button', { name: 'Copy frame 1' }));
    expect(await navigator.clipboard.readText()).toBe('app!from_dll+0xc [C:\\src\\walk-app.c @ 27]');
    expect(screen.getByRole('status')).toHaveTextContent('Copied frame 1.');
    await user.click(screen.getByRole('button', { name: 'Copy stack' }));
    expect((await navigator.clipboard.readText()).split('\n')).toEqual([
      '#0 app!leaf_fault [C:\\src\\walk-app.c @ 24]',
      '#1 app!from_dll+0xc [C:\\src\\walk-app.c @ 27]',
      '#2 kernel32!BaseThreadInitThunk+0x14',
      '#3 0x7000',
    ]);
  });

  it('says when the clipboard refuses', async () => {
    const user = userEvent.setup();
    render(<StackList frames={named} threadId={7} />);
    const spy = jest.spyOn(navigator.clipboard, 'writeText').mockRejectedValueOnce(new Error('Document is not focused.'));
    await user.click(screen.getByRole('button', { name: 'Copy frame 0' }));
    expect(screen.getByRole('status')).toHaveTextContent('Could not copy frame 0: Document is not focused.');
    spy.mockRestore();
  });

  it('in the browser, links frames with a source file to VS Code; frames without one get no link', () => {
    render(<StackList frames={named} threadId={7} />);
    expect(screen.getByRole('link', { name: 'Open frame 0 in editor' })).toHaveAttribute('href', 'vscode://file/C:/src/walk-app.c:24');
    expect(screen.getByRole('link', { name: 'Open frame 1 in editor' })).toHaveAttribute('href', 'vscode://file/C:/src/walk-app.c:27');
    expect(screen.queryByRole('link', { name: 'Open frame 2 in editor' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Open frame 3 in editor' })).toBeNull();
  });

  it('in the desktop app, asks the app to open the file and shows its answer', async () => {
    const user = userEvent.setup();
    const open = jest.fn(async () => ({ ok: false as const, error: 'The source file C:\\src\\walk-app.c is not on this machine (it was built elsewhere).' }));
    render(<StackList frames={named} threadId={7} editor={{ kind: 'call', open }} />);
    expect(screen.queryByRole('link')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Open frame 1 in editor' }));
    expect(open).toHaveBeenCalledWith('C:\\src\\walk-app.c', 27);
    expect(screen.getByRole('status')).toHaveTextContent('is not on this machine');
  });
});
