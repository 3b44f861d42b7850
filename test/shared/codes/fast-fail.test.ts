import { describeFastFail } from '../../../shared/codes';
import { FAST_FAIL_CODES } from '../../../shared/codes/fast-fail-table';

describe('describeFastFail', () => {
  it('names FAST_FAIL_FATAL_APP_EXIT (7) in every input form', () => {
    for (const form of [7, '7', '0x7', '00000007', '0000000000000007']) {
      const d = describeFastFail(form);
      expect(d).toMatchObject({ code: 7, hex: '0x7', name: 'FAST_FAIL_FATAL_APP_EXIT', category: 'deliberate' });
      expect(d?.summary).toBe(
        'The program deliberately ended itself, e.g. abort() or an unhandled C++ exception / std::terminate.',
      );
    }
  });

  it('names 0x48 as seen in a real BEX64 report', () => {
    // ../shared/fixtures/reportwer/issue-dorssel-usbipd-win-1254-BEX64-zh.txt.wer: Sig[8] of a
    // c0000409 report of usbipd.exe, a .NET NativeAOT program.
    expect(describeFastFail('0000000000000048')).toMatchObject({ code: 72, name: 'FAST_FAIL_CLR_EXCEPTION_AOT' });
  });

  it.each([
    [0, 'FAST_FAIL_LEGACY_GS_VIOLATION', 'stack-cookie'],
    [2, 'FAST_FAIL_STACK_COOKIE_CHECK_FAILURE', 'stack-cookie'],
    [3, 'FAST_FAIL_CORRUPT_LIST_ENTRY', 'corruption'],
    [8, 'FAST_FAIL_RANGE_CHECK_FAILURE', 'bounds-check'],
    [10, 'FAST_FAIL_GUARD_ICALL_CHECK_FAILURE', 'control-flow'],
    [18, 'FAST_FAIL_INVALID_JUMP_BUFFER', 'control-flow'],
    [23, 'FAST_FAIL_INVALID_CALL_IN_DLL_CALLOUT', 'other'],
    [44, 'FAST_FAIL_GUARD_SS_FAILURE', 'control-flow'],
    [50, 'FAST_FAIL_HEAP_METADATA_CORRUPTION', 'corruption'],
    [64, 'FAST_FAIL_GUARD_ICALL_CHECK_FAILURE_XFG', 'control-flow'],
    [71, 'FAST_FAIL_ASAN_ERROR', 'sanitizer'],
    [77, 'FAST_FAIL_KERNEL_POINTER_EXPECTED', 'other'],
  ])('names reason %i %s', (code, name, category) => {
    expect(describeFastFail(code)).toMatchObject({ name, category });
  });

  it('leaves undefined reasons unnamed rather than guessing', () => {
    for (const code of [15, 16, 17, 78, 0x1000]) {
      const d = describeFastFail(code);
      expect(d).toMatchObject({ valid: true, code, name: null, category: null });
      expect(d.summary).toMatch(/is not in our table/);
    }
    expect(describeFastFail('0xffffffff').name).toBe('FAST_FAIL_INVALID_FAST_FAIL_CODE');
    expect(describeFastFail('not-a-code')).toMatchObject({ valid: false, code: null, name: null });
  });

  it('has a one-sentence summary for every reason', () => {
    for (const info of Object.values(FAST_FAIL_CODES)) {
      expect(info.name).toMatch(/^FAST_FAIL_[A-Z0-9_]+$/);
      expect(info.summary).toMatch(/^[^\n]+\.$/);
      expect(info.summary).not.toMatch(/[.!?]\s+[A-Z]/);
    }
  });
});
