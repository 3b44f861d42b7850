import { describeExceptionCode, describeWin32Error, type ValidExceptionCode } from '../../../shared/codes';
import { HRESULT_CODES } from '../../../shared/codes/hresult-table';
import { NTSTATUS_CODES } from '../../../shared/codes/ntstatus-table';

/** The description of a code that must parse. */
function valid(code: string): ValidExceptionCode {
  const d = describeExceptionCode(code);
  if (!d.valid) throw new Error(`${code} did not parse`);
  return d;
}

/** One sentence: ends with a full stop and has no sentence break inside. */
const ONE_SENTENCE = /^[^\n]+[.]$/;
const SENTENCE_BREAK = /[.!?]\s+[A-Z]/;

// The codes the brief requires, plus the common ones ../shared/docs/wer-formats.md §2.4 lists.
const REQUIRED: readonly [string, string][] = [
  ['c0000005', 'STATUS_ACCESS_VIOLATION'],
  ['c0000409', 'STATUS_STACK_BUFFER_OVERRUN'],
  ['c0000374', 'STATUS_HEAP_CORRUPTION'],
  ['c000027b', 'STATUS_STOWED_EXCEPTION'],
  ['e0434352', 'EXCEPTION_COMPLUS'],
  ['e06d7363', 'EH_EXCEPTION_NUMBER'],
  ['80000003', 'STATUS_BREAKPOINT'],
  ['80000004', 'STATUS_SINGLE_STEP'],
  ['c00000fd', 'STATUS_STACK_OVERFLOW'],
  ['c0000417', 'STATUS_INVALID_CRUNTIME_PARAMETER'],
  ['c000001d', 'STATUS_ILLEGAL_INSTRUCTION'],
  ['c0000094', 'STATUS_INTEGER_DIVIDE_BY_ZERO'],
  ['c0000096', 'STATUS_PRIVILEGED_INSTRUCTION'],
  ['c0000135', 'STATUS_DLL_NOT_FOUND'],
  ['c0000142', 'STATUS_DLL_INIT_FAILED'],
  ['c0000006', 'STATUS_IN_PAGE_ERROR'],
  ['c000041d', 'STATUS_FATAL_USER_CALLBACK_EXCEPTION'],
  ['80004002', 'E_NOINTERFACE'],
  ['c0000008', 'STATUS_INVALID_HANDLE'],
  ['c000008c', 'STATUS_ARRAY_BOUNDS_EXCEEDED'],
  ['c000008d', 'STATUS_FLOAT_DENORMAL_OPERAND'],
  ['c000008e', 'STATUS_FLOAT_DIVIDE_BY_ZERO'],
  ['c000008f', 'STATUS_FLOAT_INEXACT_RESULT'],
  ['c0000090', 'STATUS_FLOAT_INVALID_OPERATION'],
  ['c0000091', 'STATUS_FLOAT_OVERFLOW'],
  ['c0000092', 'STATUS_FLOAT_STACK_CHECK'],
  ['c0000093', 'STATUS_FLOAT_UNDERFLOW'],
  ['c0000095', 'STATUS_INTEGER_OVERFLOW'],
  ['c0000025', 'STATUS_NONCONTINUABLE_EXCEPTION'],
  ['c0000026', 'STATUS_INVALID_DISPOSITION'],
  ['c00000aa', 'STATUS_INSTRUCTION_MISALIGNMENT'],
  ['c0000420', 'STATUS_ASSERTION_FAILURE'],
  ['c0000602', 'STATUS_FAIL_FAST_EXCEPTION'],
  ['40010005', 'DBG_CONTROL_C'],
  ['40010006', 'DBG_PRINTEXCEPTION_C'],
  ['4000001f', 'STATUS_WX86_BREAKPOINT'],
  ['c0000139', 'STATUS_ENTRYPOINT_NOT_FOUND'],
  ['c0000022', 'STATUS_ACCESS_DENIED'],
  ['c0000017', 'STATUS_NO_MEMORY'],
  ['c000009a', 'STATUS_INSUFFICIENT_RESOURCES'],
  ['c00000dc', 'STATUS_INVALID_SERVER_STATE'],
  ['8007000e', 'E_OUTOFMEMORY'],
  ['80070005', 'E_ACCESSDENIED'],
  ['80070057', 'E_INVALIDARG'],
  ['80004005', 'E_FAIL'],
  ['8000ffff', 'E_UNEXPECTED'],
  ['80004003', 'E_POINTER'],
];

describe('describeExceptionCode', () => {
  it.each(REQUIRED)('names %s %s with one plain sentence', (code, name) => {
    const d = describeExceptionCode(code);
    expect(d?.name).toBe(name);
    expect(d?.summary).toMatch(ONE_SENTENCE);
    expect(d?.summary).not.toMatch(SENTENCE_BREAK);
  });

  it('has one sentence for every table entry and 8-hex lower-case keys', () => {
    for (const [key, info] of Object.entries({ ...NTSTATUS_CODES, ...HRESULT_CODES })) {
      expect(key).toMatch(/^[0-9a-f]{8}$/);
      expect(info.name.length).toBeGreaterThan(0);
      expect(info.summary).toMatch(ONE_SENTENCE);
      expect(info.summary).not.toMatch(SENTENCE_BREAK);
    }
  });

  it('keeps the two tables disjoint', () => {
    const shared = Object.keys(NTSTATUS_CODES).filter((k) => k in HRESULT_CODES);
    expect(shared).toEqual([]);
  });

  it('accepts every input form', () => {
    const forms: (string | number)[] = [
      '0xC0000005',
      'c0000005',
      'C0000005',
      ' 0xc0000005 ',
      3221225477,
      -1073741819,
      '-1073741819',
      'ffffffffc0000005',
      '00000000c0000005',
    ];
    for (const form of forms) expect(describeExceptionCode(form)?.code).toBe('c0000005');
    expect(describeExceptionCode('80000003')?.name).toBe('STATUS_BREAKPOINT');
    expect(describeExceptionCode(0x18)?.code).toBe('00000018');
  });

  it('marks text that is not a 32-bit code as invalid instead of guessing', () => {
    for (const bad of ['', 'PCH_74', 'xyz', '1234567890abcdef', 2 ** 32, 1.5, '12345678901234567']) {
      const d = describeExceptionCode(bad);
      expect(d).toMatchObject({ valid: false, name: null });
      expect(d.summary).toMatch(/is not an exception code\.$/);
    }
    expect(describeExceptionCode(' PCH_74 ').code).toBe('PCH_74');
  });

  it('decodes severity and facility of unknown NTSTATUS codes', () => {
    const d = describeExceptionCode('c0123456');
    expect(d).toMatchObject({ valid: true, name: null, kind: 'ntstatus', severity: 'error', facility: 0x12 });
    expect(d.decoded).toBe('NTSTATUS error, facility 0x12');
    expect(d.summary).toBe('Unknown code — NTSTATUS error, facility 0x12.');
    expect(describeExceptionCode('40150abc')).toMatchObject({
      severity: 'informational',
      facilityName: 'Side-by-side',
      decoded: 'NTSTATUS informational, facility 0x15 (Side-by-side)',
    });
  });

  it('decodes unknown HRESULTs and names the facility', () => {
    // 8024001e: the Store/Windows Update HRESULT in the PowerToys#39027 event (wer-formats.md §2.4).
    expect(describeExceptionCode('8024001e')).toMatchObject({
      name: null,
      kind: 'hresult',
      severity: 'error',
      facility: 0x24,
      decoded: 'HRESULT error, facility 0x24 (Windows Update)',
    });
  });

  it('marks application-defined (customer) codes', () => {
    expect(describeExceptionCode('e0123456')).toMatchObject({
      name: null,
      kind: 'custom',
      customer: true,
      facilityName: null,
      decoded: 'application-defined code (customer bit set), severity error',
    });
    expect(describeExceptionCode('e06d7363')).toMatchObject({ kind: 'custom', customer: true });
  });

  it('names the Win32 error inside facility-7 HRESULTs and NTSTATUS values', () => {
    const fnf = describeExceptionCode('0x80070002');
    expect(fnf).toMatchObject({
      name: 'HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)',
      facility: 7,
      facilityName: 'Win32',
      win32Error: { code: 2, name: 'ERROR_FILE_NOT_FOUND' },
    });
    expect(fnf?.decoded).toBe('HRESULT error, facility 0x7 (Win32), Win32 error 2 (ERROR_FILE_NOT_FOUND)');
    // A table entry keeps its own name, and still reports the Win32 error inside.
    expect(describeExceptionCode('80070005')).toMatchObject({ name: 'E_ACCESSDENIED', win32Error: { code: 5 } });
    expect(describeExceptionCode('c0070005')?.name).toBe('NTSTATUS_FROM_WIN32(ERROR_ACCESS_DENIED)');
    expect(valid('8007045a').win32Error).toMatchObject({ code: 1114, name: 'ERROR_DLL_INIT_FAILED' });
    expect(valid('800705aa').win32Error?.name).toBe('ERROR_NO_SYSTEM_RESOURCES');
    const unknownWin32 = describeExceptionCode('80070bad');
    expect(unknownWin32).toMatchObject({ name: null, win32Error: { code: 0xbad, name: null, summary: null } });
    expect(unknownWin32.summary).toBe('Unknown code — HRESULT error, facility 0x7 (Win32), Win32 error 2989.');
  });

  it('unwraps HRESULT_FROM_NT values', () => {
    expect(describeExceptionCode('d0000005')).toMatchObject({
      name: 'HRESULT_FROM_NT(STATUS_ACCESS_VIOLATION)',
      kind: 'hresult',
      wrappedNtStatus: 'c0000005',
    });
  });

  it('returns plain JSON-safe data', () => {
    const d = describeExceptionCode('80070002');
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });
});

describe('describeWin32Error', () => {
  it('names common Win32 errors and leaves others unnamed', () => {
    expect(describeWin32Error(87).name).toBe('ERROR_INVALID_PARAMETER');
    expect(describeWin32Error(14).name).toBe('ERROR_OUTOFMEMORY');
    expect(describeWin32Error(8).name).toBe('ERROR_NOT_ENOUGH_MEMORY');
    expect(describeWin32Error(9999)).toEqual({ code: 9999, name: null, summary: null });
  });
});
