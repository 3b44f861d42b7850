/**
 * What the detail does with symbolized frames and modules: the `vscode://file/PATH:LINE` link
 * (checked against Node's own file-URL encoding and by parsing it back with the WHATWG URL parser),
 * the stack as text, the module symbol status, and the payload checks of the two new calls.
 */
import { pathToFileURL } from 'node:url';
import { editorLink, stackText, symbolStatusText } from '../../shared/symbol-model';
import { validateCall } from '../../shared/wer-api-validate';

/** The file path a vscode://file link names, as the URL parser reads it back. */
function pathOfLink(link: string): { path: string; line: string | null } {
  const url = new URL(link);
  expect(url.protocol).toBe('vscode:');
  expect(url.host).toBe('file');
  expect(url.search).toBe('');
  expect(url.hash).toBe('');
  const m = /^\/(.*?)(?::(\d+))?$/.exec(decodeURIComponent(url.pathname))!;
  return { path: m[1]!, line: m[2] ?? null };
}

describe('editor links', () => {
  it('encodes a POSIX path as Node encodes file URLs, with the line after a colon', () => {
    const file = '/home/ada/src/my app/#main?.c';
    expect(editorLink(file, 42)).toBe(`vscode://file${pathToFileURL(file).pathname}:42`);
    expect(pathOfLink(editorLink(file, 42)!)).toEqual({ path: file.slice(1), line: '42' });
  });

  it('turns a Windows path into forward slashes that parse back to the same file', () => {
    const link = editorLink('C:\\src\\Contoso App\\walk-app.c', 24)!;
    expect(link).toBe('vscode://file/C:/src/Contoso%20App/walk-app.c:24');
    expect(pathOfLink(link)).toEqual({ path: 'C:/src/Contoso App/walk-app.c', line: '24' });
    expect(editorLink('d:/x/%41.cpp', null)).toBe('vscode://file/d:/x/%2541.cpp');
  });

  it('gives no link for relative, share, device or control-character paths, and drops a bad line', () => {
    for (const file of ['src\\walk-app.c', 'walk-app.c', '\\\\server\\share\\a.c', '//server/share/a.c', '\\\\?\\C:\\a.c', 'C:\\a\u0000.c', '/tmp/a\n.c', '']) {
      expect(editorLink(file, 1)).toBeNull();
    }
    expect(editorLink('/src/a.c', 0)).toBe('vscode://file/src/a.c');
    expect(editorLink('/src/a.c', 1.5)).toBe('vscode://file/src/a.c');
  });
});

describe('stack as text', () => {
  it('numbers the frames and prints each as WinDbg does', () => {
    const unnamed = { function: null, functionOffset: null, file: null, line: null };
    expect(
      stackText([
        { address: '0x140001510', module: 'app.exe', offset: '0x1510', function: 'main', functionOffset: '0x0', file: 'C:\\src\\a.c', line: 7 },
        { address: '0x7ffb0001234', module: 'kernel32.dll', offset: '0x1234', ...unnamed },
        { address: '0x7000', module: null, offset: null, ...unnamed },
      ]),
    ).toBe('#0 app!main [C:\\src\\a.c @ 7]\n#1 kernel32+0x1234\n#2 0x7000');
    expect(stackText([])).toBe('');
  });
});

describe('module symbol status', () => {
  it('says where a PDB came from, why one was refused or missing, and when exports named the frames', () => {
    expect(symbolStatusText({ status: 'loaded', file: 'C:\\sym\\a.pdb', message: null }, false)).toEqual({ kind: 'loaded', label: 'PDB loaded', detail: 'Symbols from C:\\sym\\a.pdb.' });
    expect(symbolStatusText({ status: 'mismatched', file: 'C:\\b\\a.pdb', message: 'Refused: other GUID.' }, false)).toMatchObject({ kind: 'mismatched', label: 'PDB refused', detail: expect.stringContaining('Refused: other GUID.') });
    expect(symbolStatusText({ status: 'missing', file: null, message: 'not on the symbol path.' }, true)).toMatchObject({ kind: 'exports', label: 'export names only' });
    expect(symbolStatusText({ status: 'missing', file: null, message: 'not on the symbol path.' }, false)).toEqual({ kind: 'missing', label: 'no PDB found', detail: 'not on the symbol path.' });
    expect(symbolStatusText({ status: 'error', file: null, message: 'truncated.' }, false)).toMatchObject({ kind: 'error', label: 'PDB unreadable' });
    expect(symbolStatusText(null, false)).toMatchObject({ kind: 'not-looked-up', label: 'not looked up' });
    expect(symbolStatusText(undefined, true).kind).toBe('not-looked-up');
  });
});

describe('payload checks of getThreadStack and openInEditor', () => {
  it('takes a report id and a DWORD thread id', () => {
    expect(validateCall('getThreadStack', ['r1', 4544])).toEqual({ ok: true, value: ['r1', 4544] });
    expect(validateCall('getThreadStack', ['r1', 0xffffffff])).toEqual({ ok: true, value: ['r1', 0xffffffff] });
    for (const bad of [-1, 1.5, 2 ** 32, '7', null, NaN]) expect(validateCall('getThreadStack', ['r1', bad])).toEqual({ ok: false, error: 'The thread id is not valid.' });
    expect(validateCall('getThreadStack', ['', 1])).toEqual({ ok: false, error: 'Report id is not valid.' });
  });

  it('takes a file path and a positive line or none', () => {
    expect(validateCall('openInEditor', ['C:\\src\\a.c', 42])).toEqual({ ok: true, value: ['C:\\src\\a.c', 42] });
    // Over HTTP an absent line arrives as null.
    expect(validateCall('openInEditor', ['C:\\src\\a.c', null])).toEqual({ ok: true, value: ['C:\\src\\a.c', null] });
    for (const line of [0, -3, 2.5, '42']) expect(validateCall('openInEditor', ['C:\\src\\a.c', line])).toEqual({ ok: false, error: 'The source line is not valid.' });
    for (const file of ['', 42, 'a\u0000b', 'x'.repeat(5000)]) expect(validateCall('openInEditor', [file, 1])).toEqual({ ok: false, error: 'The source file path is not valid.' });
  });
});
