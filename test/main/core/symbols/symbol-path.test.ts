/**
 * The symbol path syntax against the forms WinDbg's and dbghelp's documentation give
 * ("Symbol path for Windows debuggers", "Using SymSrv"), junk, and a 1,000-element path.
 */
import { parseSymbolPath, MAX_SYMBOL_PATH_ELEMENTS } from '../../../../electron/main/core/symbols/symbol-path';
import { effectiveSymbolPath, MICROSOFT_SYMBOL_SERVER } from '../../../../electron/main/core/symbols/effective-symbol-path';

const MS = 'https://msdl.microsoft.com/download/symbols';

describe('parseSymbolPath', () => {
  it.each([
    ['srv*C:\\sym*https://msdl.microsoft.com/download/symbols', ['C:\\sym'], { kind: 'http', url: MS }],
    ['srv*https://msdl.microsoft.com/download/symbols', [null], { kind: 'http', url: MS }],
    ['SRV**https://msdl.microsoft.com/download/symbols/', [null], { kind: 'http', url: MS }],
    ['srv*C:\\a*\\\\corp\\cache*https://symbols.corp.example/store', ['C:\\a', '\\\\corp\\cache'], { kind: 'http', url: 'https://symbols.corp.example/store' }],
    ['symsrv*symsrv.dll*C:\\sym*https://msdl.microsoft.com/download/symbols', ['C:\\sym'], { kind: 'http', url: MS }],
    ['SymSrv*SYMSRV.DLL*https://msdl.microsoft.com/download/symbols', [null], { kind: 'http', url: MS }],
    ['srv*\\\\server\\symbols', [], { kind: 'local', dir: '\\\\server\\symbols' }],
    ['srv*C:\\cache*\\\\server\\symbols', ['C:\\cache'], { kind: 'local', dir: '\\\\server\\symbols' }],
    ['srv*', [null], null],
    ['srv*http://127.0.0.1:8080/sym', [null], { kind: 'http', url: 'http://127.0.0.1:8080/sym' }],
  ])('%s', (text, caches, store) => {
    const parsed = parseSymbolPath(text);
    expect(parsed.problems).toEqual([]);
    expect(parsed.elements).toEqual([{ kind: 'server', text, caches, store }]);
  });

  it('reads cache*, plain folders (quoted or not), and skips empty elements', () => {
    const parsed = parseSymbolPath(' cache*C:\\MySymbols ;; C:\\build\\out;"C:\\My Symbols" ; cache* ;\\\\share\\drop\\x64;');
    expect(parsed.problems).toEqual([]);
    expect(parsed.elements).toEqual([
      { kind: 'cache', text: 'cache*C:\\MySymbols', dir: 'C:\\MySymbols' },
      { kind: 'folder', text: 'C:\\build\\out', dir: 'C:\\build\\out' },
      { kind: 'folder', text: '"C:\\My Symbols"', dir: 'C:\\My Symbols' },
      { kind: 'cache', text: 'cache*', dir: null },
      { kind: 'folder', text: '\\\\share\\drop\\x64', dir: '\\\\share\\drop\\x64' },
    ]);
  });

  it.each([
    ['xyz*C:\\foo', /"xyz\*" is not a symbol path element/],
    ['https://msdl.microsoft.com/download/symbols', /needs "srv\*" in front/],
    ['srv*ftp://example.com/symbols', /scheme "ftp:" is not supported/],
    ['srv*https://a.example/s*C:\\c', /downstream store "https:\/\/a.example\/s" is a URL/],
    ['srv*C:\\cache*', /ends with "\*"/],
    ['symsrv*othersrv.dll*C:\\c*https://a.example', /DLL "othersrv.dll" is not supported/],
    ['srv*C:\\c*https://a.example/s?token=1', /query or fragment/],
    ['srv*C:\\c*http://[bad', /is not a valid URL/],
    ['cache*C:\\a*C:\\b', /takes one folder/],
    ['cache*https://a.example', /must be a folder/],
  ])('reports junk: %s', (text, message) => {
    const parsed = parseSymbolPath(`C:\\before;${text};C:\\after`);
    expect(parsed.elements.map((e) => e.text)).toEqual(['C:\\before', 'C:\\after']);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]?.text).toBe(text);
    expect(parsed.problems[0]?.message).toMatch(message);
  });

  it('keeps the first elements of a 1,000-element path and says so, quickly', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `srv*C:\\cache${i}*https://s${i}.example/symbols`).join(';');
    const start = performance.now();
    const parsed = parseSymbolPath(text);
    expect(performance.now() - start).toBeLessThan(200);
    expect(parsed.elements).toHaveLength(MAX_SYMBOL_PATH_ELEMENTS);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]?.message).toMatch(/only the first 100 elements .* \(1000 given\)/);
  });

  it('refuses an element longer than a Windows path can be', () => {
    const parsed = parseSymbolPath(`C:\\${'x'.repeat(40_000)}`);
    expect(parsed.elements).toEqual([]);
    expect(parsed.problems[0]?.text).toHaveLength(120);
    expect(parsed.problems[0]?.message).toMatch(/longer than 32767/);
  });
});

describe('effectiveSymbolPath', () => {
  it('searches _NT_ALT_SYMBOL_PATH, then _NT_SYMBOL_PATH, then the setting; env names without case', () => {
    const path = effectiveSymbolPath({
      env: { _nt_symbol_path: 'srv*C:\\sym*https://corp.example/sym', _NT_ALT_SYMBOL_PATH: 'C:\\private;bad*x', PATH: 'C:\\Windows' },
      setting: 'D:\\build\\out',
      microsoftServer: false,
    });
    expect(path.elements.map((e) => [e.origin, e.text])).toEqual([
      ['_NT_ALT_SYMBOL_PATH', 'C:\\private'],
      ['_NT_SYMBOL_PATH', 'srv*C:\\sym*https://corp.example/sym'],
      ['settings', 'D:\\build\\out'],
    ]);
    expect(path.problems).toEqual([{ origin: '_NT_ALT_SYMBOL_PATH', text: 'bad*x', message: expect.stringMatching(/not a symbol path element/) }]);
  });

  it('adds Microsoft’s public server only when asked, last, with the default cache, and only once', () => {
    expect(effectiveSymbolPath({ env: {}, setting: '', microsoftServer: false }).elements).toEqual([]);
    const on = effectiveSymbolPath({ env: {}, setting: 'C:\\a', microsoftServer: true }).elements;
    expect(on.at(-1)).toEqual({ kind: 'server', origin: 'microsoft', text: `srv**${MICROSOFT_SYMBOL_SERVER}`, caches: [null], store: { kind: 'http', url: MICROSOFT_SYMBOL_SERVER } });
    const already = effectiveSymbolPath({ env: { _NT_SYMBOL_PATH: `srv*C:\\s*${MS}/` }, setting: '', microsoftServer: true }).elements;
    expect(already.map((e) => e.origin)).toEqual(['_NT_SYMBOL_PATH']);
  });

  it('caps the combined path too', () => {
    const many = Array.from({ length: 80 }, (_, i) => `C:\\d${i}`).join(';');
    const path = effectiveSymbolPath({ env: { _NT_SYMBOL_PATH: many }, setting: many, microsoftServer: false });
    expect(path.elements).toHaveLength(MAX_SYMBOL_PATH_ELEMENTS);
    expect(path.problems).toEqual([expect.objectContaining({ origin: 'settings', message: expect.stringMatching(/only the first 100/) })]);
  });
});
