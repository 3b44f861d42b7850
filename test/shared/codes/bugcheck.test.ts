import { describeBugCheck } from '../../../shared/codes';
import { LIVE_DUMP_CODES } from '../../../shared/codes/bugcheck-live-table';
import { BUGCHECK_CODES } from '../../../shared/codes/bugcheck-table';

const REQUIRED: readonly [number, string][] = [
  [0x1e, 'KMODE_EXCEPTION_NOT_HANDLED'],
  [0x3b, 'SYSTEM_SERVICE_EXCEPTION'],
  [0x50, 'PAGE_FAULT_IN_NONPAGED_AREA'],
  [0x7e, 'SYSTEM_THREAD_EXCEPTION_NOT_HANDLED'],
  [0x9f, 'DRIVER_POWER_STATE_FAILURE'],
  [0x0a, 'IRQL_NOT_LESS_OR_EQUAL'],
  [0xd1, 'DRIVER_IRQL_NOT_LESS_OR_EQUAL'],
  [0xef, 'CRITICAL_PROCESS_DIED'],
  [0x117, 'VIDEO_TDR_TIMEOUT_DETECTED'],
  [0x124, 'WHEA_UNCORRECTABLE_ERROR'],
  [0x133, 'DPC_WATCHDOG_VIOLATION'],
  [0x139, 'KERNEL_SECURITY_CHECK_FAILURE'],
  [0x141, 'VIDEO_ENGINE_TIMEOUT_DETECTED'],
  [0x18, 'REFERENCE_BY_POINTER'],
  [0x1a, 'MEMORY_MANAGEMENT'],
  [0x7f, 'UNEXPECTED_KERNEL_MODE_TRAP'],
  [0xc2, 'BAD_POOL_CALLER'],
  [0xc4, 'DRIVER_VERIFIER_DETECTED_VIOLATION'],
  [0xc5, 'DRIVER_CORRUPTED_EXPOOL'],
  [0xf4, 'CRITICAL_OBJECT_TERMINATION'],
  [0x101, 'CLOCK_WATCHDOG_TIMEOUT'],
  [0x109, 'CRITICAL_STRUCTURE_CORRUPTION'],
  [0x113, 'VIDEO_DXGKRNL_FATAL_ERROR'],
  [0x116, 'VIDEO_TDR_FAILURE'],
  [0x119, 'VIDEO_SCHEDULER_INTERNAL_ERROR'],
  [0x144, 'BUGCODE_USB3_DRIVER'],
  [0x154, 'UNEXPECTED_STORE_EXCEPTION'],
  [0x19, 'BAD_POOL_HEADER'],
  [0x24, 'NTFS_FILE_SYSTEM'],
  [0x4e, 'PFN_LIST_CORRUPT'],
  [0x8e, 'KERNEL_MODE_EXCEPTION_NOT_HANDLED'],
  [0x9c, 'MACHINE_CHECK_EXCEPTION'],
  [0xbe, 'ATTEMPTED_WRITE_TO_READONLY_MEMORY'],
  [0xfc, 'ATTEMPTED_EXECUTE_OF_NOEXECUTE_MEMORY'],
  [0x10d, 'WDF_VIOLATION'],
  [0x127, 'PAGE_NOT_ZERO'],
  [0x12b, 'FAULTY_HARDWARE_CORRUPTED_PAGE'],
  [0x13a, 'KERNEL_MODE_HEAP_CORRUPTION'],
  [0x14f, 'PDC_WATCHDOG_TIMEOUT'],
  [0x15f, 'CONNECTED_STANDBY_WATCHDOG_TIMEOUT_LIVEDUMP'],
  [0x193, 'VIDEO_DXGKRNL_LIVEDUMP'],
  [0x1a8, 'VIDEO_DXGKRNL_BLACK_SCREEN_LIVEDUMP'],
  [0x1b8, 'VIDEO_MINIPORT_BLACK_SCREEN_LIVEDUMP'],
];

describe('describeBugCheck', () => {
  it.each(REQUIRED)('names 0x%s as %s with one sentence', (code, name) => {
    const d = describeBugCheck(code);
    expect(d?.name).toBe(name);
    expect(d?.summary).toMatch(/^[^\n]+\.$/);
  });

  it('accepts the forms reports use', () => {
    for (const form of ['18', '0x18', '00000018', '0X00000018', 0x18]) {
      expect(describeBugCheck(form)).toMatchObject({ code: '00000018', name: 'REFERENCE_BY_POINTER' });
    }
    expect(describeBugCheck(' zz ')).toMatchObject({ valid: false, code: 'zz', baseCode: null, name: null });
  });

  it('maps the 0x10000000 "with parameters" variants to the base code', () => {
    expect(describeBugCheck('1000007e')).toMatchObject({
      code: '1000007e',
      baseCode: '0000007e',
      withParameters: true,
      name: 'SYSTEM_THREAD_EXCEPTION_NOT_HANDLED',
    });
    expect(describeBugCheck('0x1000008E')?.name).toBe('KERNEL_MODE_EXCEPTION_NOT_HANDLED');
    expect(describeBugCheck('1000007f')?.name).toBe('UNEXPECTED_KERNEL_MODE_TRAP');
    expect(describeBugCheck('7e')).toMatchObject({ withParameters: false, baseCode: '0000007e' });
  });

  it('flags live dumps (LiveKernelEvent) that did not stop the PC', () => {
    expect(describeBugCheck('117')?.liveDump).toBe(true);
    expect(describeBugCheck('141')?.liveDump).toBe(true);
    expect(describeBugCheck('1a8')?.liveDump).toBe(true);
    expect(describeBugCheck('133')?.liveDump).toBe(false);
  });

  it('knows the documented live-dump codes (Kernel Live Dump Code Reference) by name', () => {
    expect(describeBugCheck('161')).toMatchObject({ name: 'LIVE_SYSTEM_DUMP', liveDump: true });
    expect(describeBugCheck('1b0')).toMatchObject({ name: 'VIDEO_MINIPORT_FAILED_LIVEDUMP', liveDump: true });
    expect(describeBugCheck('1cc')).toMatchObject({ name: 'EXRESOURCE_TIMEOUT_LIVEDUMP', liveDump: true });
    expect(describeBugCheck('21c8')).toMatchObject({ name: 'MANUALLY_INITIATED_BLACKSCREEN_HOTKEY_LIVE_DUMP', liveDump: true });
    expect(describeBugCheck('1b0').summary).toMatch(/live kernel dump/);
    // Used both for live dumps and real stops: the code alone does not say which.
    expect(describeBugCheck('124').liveDump).toBe(false);
    expect(describeBugCheck('144').liveDump).toBe(false);
  });

  it('bug check 0 is no crash: a dump taken on purpose', () => {
    expect(describeBugCheck('0')).toMatchObject({ valid: true, name: null, liveDump: false });
    expect(describeBugCheck(0).summary).toMatch(/^No crash: .*on purpose/);
  });

  it('names WINLOGON_FATAL_ERROR and leaves unknown codes unnamed', () => {
    expect(describeBugCheck('c000021a')?.name).toBe('WINLOGON_FATAL_ERROR');
    expect(describeBugCheck('1ff')).toMatchObject({ valid: true, name: null, liveDump: false });
    expect(describeBugCheck('1ff').summary).toMatch(/^Bug check 0x1ff is not in our table/);
  });

  it('has a one-sentence summary for every code', () => {
    for (const info of [...Object.values(BUGCHECK_CODES), ...Object.values(LIVE_DUMP_CODES)]) {
      expect(info.name).toMatch(/^[A-Z0-9_]+$/);
      expect(info.summary).toMatch(/^[^\n]+\.$/);
      expect(info.summary).not.toMatch(/[.!?]\s+[A-Z]/);
    }
  });
});
