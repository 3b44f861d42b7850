/**
 * NTSTATUS exception codes and the software exception codes runtimes raise, keyed by 8 lower-case
 * hex digits. Values checked against ntstatus.h (Wine's copy, the Windows SDK metadata) and the
 * runtimes' own sources (MSVC CRT, CoreCLR, Chromium); see ../shared/docs/wer-formats.md §2.4.
 */
import type { CodeInfo } from './code-format';

/** NTSTATUS / exception codes seen in crash reports, with one plain sentence each. */
export const NTSTATUS_CODES: Readonly<Record<string, CodeInfo>> = {
  '40000015': {
    name: 'STATUS_FATAL_APP_EXIT',
    summary:
      'The program ended itself because of a fatal error, typically abort(); older systems and runtimes report this instead of a fast-fail.',
  },
  '4000001e': {
    name: 'STATUS_WX86_SINGLE_STEP',
    summary: 'A 32-bit program on 64-bit Windows hit a single-step trap, which normally only happens under a debugger.',
  },
  '4000001f': {
    name: 'STATUS_WX86_BREAKPOINT',
    summary:
      'A 32-bit program on 64-bit Windows hit a breakpoint instruction — a debugging stop left in the code, or a deliberate crash on a failed internal check.',
  },
  '40010005': {
    name: 'DBG_CONTROL_C',
    summary: 'A console program received Ctrl+C while a debugger was attached; this is not a crash by itself.',
  },
  '40010006': {
    name: 'DBG_PRINTEXCEPTION_C',
    summary: 'The program wrote a debug message (OutputDebugString); this is harmless and only debuggers see it.',
  },
  '40010008': {
    name: 'DBG_CONTROL_BREAK',
    summary: 'A console program received Ctrl+Break while a debugger was attached; this is not a crash by itself.',
  },
  '4001000a': {
    name: 'DBG_PRINTEXCEPTION_WIDE_C',
    summary: 'The program wrote a Unicode debug message (OutputDebugStringW); this is harmless and only debuggers see it.',
  },
  '406d1388': {
    name: 'MS_VC_EXCEPTION',
    summary: 'A harmless signal a program raises to give a thread a name for debuggers; it is not a crash by itself.',
  },
  '80000001': {
    name: 'STATUS_GUARD_PAGE_VIOLATION',
    summary: 'The program touched a guard page (a tripwire page, for example at the end of a stack) and nothing handled it.',
  },
  '80000002': {
    name: 'STATUS_DATATYPE_MISALIGNMENT',
    summary: 'The program read or wrote data at an address that is not aligned the way the processor requires.',
  },
  '80000003': {
    name: 'STATUS_BREAKPOINT',
    summary:
      'The program hit a breakpoint instruction — a debugging stop left in the code, or a deliberate crash on a failed internal check (common in Chromium/Electron-based apps).',
  },
  '80000004': {
    name: 'STATUS_SINGLE_STEP',
    summary: 'A single-step trap that debuggers use fired with no debugger there to handle it.',
  },
  c0000005: {
    name: 'STATUS_ACCESS_VIOLATION',
    summary:
      'The program read, wrote or ran memory it was not allowed to touch — usually a bug such as a bad or freed pointer.',
  },
  c0000006: {
    name: 'STATUS_IN_PAGE_ERROR',
    summary:
      'Windows could not load part of the program from disk or network into memory — often a failing drive, a removed USB stick or a network share that went away.',
  },
  c0000008: {
    name: 'STATUS_INVALID_HANDLE',
    summary: 'The program used a handle (a reference to a file, event, thread…) that was already closed or never valid.',
  },
  c000000d: {
    name: 'STATUS_INVALID_PARAMETER',
    summary: 'A Windows function was given an invalid argument.',
  },
  c0000017: {
    name: 'STATUS_NO_MEMORY',
    summary: 'There was not enough memory or page-file space for the request.',
  },
  c000001d: {
    name: 'STATUS_ILLEGAL_INSTRUCTION',
    summary:
      'The processor met an instruction it cannot run — a deliberate trap, code built for a newer CPU (for example AVX), or corrupted code.',
  },
  c0000022: {
    name: 'STATUS_ACCESS_DENIED',
    summary: 'The program was refused access to a file, registry key or other protected object.',
  },
  c0000025: {
    name: 'STATUS_NONCONTINUABLE_EXCEPTION',
    summary: 'The program tried to carry on after an error that cannot be continued from.',
  },
  c0000026: {
    name: 'STATUS_INVALID_DISPOSITION',
    summary: 'An exception handler gave Windows an invalid answer — often a sign that the stack was corrupted.',
  },
  c000007b: {
    name: 'STATUS_INVALID_IMAGE_FORMAT',
    summary: 'A program or DLL file is not valid for this system — often a 32-bit/64-bit mix-up or a damaged file.',
  },
  c000008c: {
    name: 'STATUS_ARRAY_BOUNDS_EXCEEDED',
    summary: 'A hardware-checked array index was outside the array.',
  },
  c000008d: {
    name: 'STATUS_FLOAT_DENORMAL_OPERAND',
    summary: 'A floating-point calculation used an extremely small (denormal) number while the program had made that an error.',
  },
  c000008e: {
    name: 'STATUS_FLOAT_DIVIDE_BY_ZERO',
    summary: 'A floating-point division by zero happened while the program had turned floating-point errors into exceptions.',
  },
  c000008f: {
    name: 'STATUS_FLOAT_INEXACT_RESULT',
    summary: 'A floating-point result could not be represented exactly while the program had made that an error.',
  },
  c0000090: {
    name: 'STATUS_FLOAT_INVALID_OPERATION',
    summary:
      'An invalid floating-point operation (such as 0/0 or the square root of a negative number) happened while floating-point errors were turned into exceptions.',
  },
  c0000091: {
    name: 'STATUS_FLOAT_OVERFLOW',
    summary: 'A floating-point result was too large to represent while the program had made overflow an error.',
  },
  c0000092: {
    name: 'STATUS_FLOAT_STACK_CHECK',
    summary: 'The x87 floating-point register stack overflowed or underflowed — usually mismatched floating-point code.',
  },
  c0000093: {
    name: 'STATUS_FLOAT_UNDERFLOW',
    summary: 'A floating-point result was too small to represent while the program had made underflow an error.',
  },
  c0000094: {
    name: 'STATUS_INTEGER_DIVIDE_BY_ZERO',
    summary: 'The program divided a whole number by zero — a bug, usually an unchecked value.',
  },
  c0000095: {
    name: 'STATUS_INTEGER_OVERFLOW',
    summary:
      'A whole-number calculation overflowed in a way the processor traps on, typically dividing the smallest negative number by -1.',
  },
  c0000096: {
    name: 'STATUS_PRIVILEGED_INSTRUCTION',
    summary:
      'The program tried to run an instruction only the operating system may use — usually corrupted code or a jump into data.',
  },
  c000009a: {
    name: 'STATUS_INSUFFICIENT_RESOURCES',
    summary: 'Windows ran out of a system resource (such as kernel memory) needed for the request.',
  },
  c00000aa: {
    name: 'STATUS_INSTRUCTION_MISALIGNMENT',
    summary: 'The processor was asked to run an instruction at an address that is not properly aligned.',
  },
  c00000dc: {
    name: 'STATUS_INVALID_SERVER_STATE',
    summary: 'The Security Account Manager (SAM) server was in the wrong state for the requested operation.',
  },
  c00000fd: {
    name: 'STATUS_STACK_OVERFLOW',
    summary: 'The program used up its stack, usually through endless recursion (a function that keeps calling itself).',
  },
  c0000135: {
    name: 'STATUS_DLL_NOT_FOUND',
    summary:
      'A DLL the program needs was not found, so it could not start — often a missing runtime (such as the Visual C++ Redistributable) or a broken install.',
  },
  c0000138: {
    name: 'STATUS_ORDINAL_NOT_FOUND',
    summary: 'A DLL lacks a function the program imports by number — usually a DLL of the wrong version.',
  },
  c0000139: {
    name: 'STATUS_ENTRYPOINT_NOT_FOUND',
    summary: 'A DLL lacks a function the program needs — usually a DLL of the wrong or an outdated version.',
  },
  c000013a: {
    name: 'STATUS_CONTROL_C_EXIT',
    summary: 'The console program was ended with Ctrl+C or by closing its window.',
  },
  c0000142: {
    name: 'STATUS_DLL_INIT_FAILED',
    summary:
      'A DLL failed to initialise while the program was starting — often a broken install, interfering security software, or the desktop heap running out.',
  },
  c0000144: {
    name: 'STATUS_UNHANDLED_EXCEPTION',
    summary: 'An error went unhandled; this is Windows’ generic report of such an error.',
  },
  c0000145: {
    name: 'STATUS_APP_INIT_FAILURE',
    summary: 'The application failed to initialise.',
  },
  c0000194: {
    name: 'STATUS_POSSIBLE_DEADLOCK',
    summary: 'A wait for a lock (critical section) timed out, which suggests two threads are blocking each other (a deadlock).',
  },
  c0000264: {
    name: 'STATUS_RESOURCE_NOT_OWNED',
    summary: 'The program released a lock it did not hold.',
  },
  c000027b: {
    name: 'STATUS_STOWED_EXCEPTION',
    summary:
      'An error in a Windows Runtime app (UWP, WinUI, XAML) went unhandled; the real error codes are stored in the dump as "stowed" exceptions.',
  },
  c00002b4: {
    name: 'STATUS_FLOAT_MULTIPLE_FAULTS',
    summary: 'Several floating-point errors happened at once (SSE code) while floating-point errors were turned into exceptions.',
  },
  c00002b5: {
    name: 'STATUS_FLOAT_MULTIPLE_TRAPS',
    summary: 'Several floating-point traps happened at once (SSE code) while floating-point errors were turned into exceptions.',
  },
  c0000374: {
    name: 'STATUS_HEAP_CORRUPTION',
    summary:
      'Windows found the program’s heap (its dynamic memory) damaged — usually an earlier buffer overrun, double free or use-after-free.',
  },
  c0000409: {
    name: 'STATUS_STACK_BUFFER_OVERRUN',
    summary:
      'The program stopped itself on purpose with a "fast fail" whose reason is in the exception data; despite the name, a stack buffer overrun is only one of many reasons.',
  },
  c0000417: {
    name: 'STATUS_INVALID_CRUNTIME_PARAMETER',
    summary: 'The C runtime was given an invalid argument (for example a null string pointer) and ended the program.',
  },
  c000041d: {
    name: 'STATUS_FATAL_USER_CALLBACK_EXCEPTION',
    summary:
      'An error happened inside code Windows called back into (such as a window procedure) and could not be passed back, so the program was ended.',
  },
  c0000420: {
    name: 'STATUS_ASSERTION_FAILURE',
    summary: 'An assertion (a built-in sanity check) in the program or in Windows failed.',
  },
  c0000428: {
    name: 'STATUS_INVALID_IMAGE_HASH',
    summary: 'Windows could not verify the digital signature of a program file or driver and refused to load it.',
  },
  c0000602: {
    name: 'STATUS_FAIL_FAST_EXCEPTION',
    summary: 'The program ended itself immediately through RaiseFailFastException, bypassing normal error handling.',
  },
  c06d007e: {
    name: 'VcppException(ERROR_MOD_NOT_FOUND)',
    summary: 'A DLL the program loads on first use (delay-load) could not be found.',
  },
  c06d007f: {
    name: 'VcppException(ERROR_PROC_NOT_FOUND)',
    summary: 'A function the program loads on first use (delay-load) was missing from its DLL — usually a DLL version mismatch.',
  },
  cfffffff: {
    name: '(no official name)',
    summary:
      'Not a documented Windows status code; it appears in some reports (often for Store/UWP apps) when the app was ended without a specific exception, so look at the rest of the report.',
  },
  e0000008: {
    name: 'Chromium kOomExceptionCode',
    summary: 'A Chromium- or Electron-based program ran out of memory and crashed itself deliberately.',
  },
  e0434352: {
    name: 'EXCEPTION_COMPLUS',
    summary:
      'An unhandled .NET exception (for example a NullReferenceException); the .NET exception type is in other report fields or the event log, not in this code.',
  },
  e0434f4d: {
    name: 'EXCEPTION_COMPLUS (.NET 1.x–3.5)',
    summary: 'An unhandled .NET exception in a program running on the old .NET Framework 1.x–3.5 runtime.',
  },
  e06d7363: {
    name: 'EH_EXCEPTION_NUMBER',
    summary: 'A C++ exception was thrown and nothing caught it, so the program ended.',
  },
};
