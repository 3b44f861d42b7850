/**
 * FAST_FAIL_* reason codes (winnt.h), the Exception Data of a 0xC0000409 report. Values checked
 * against winnt.h copies and the Windows SDK metadata (0x48 = 72 FAST_FAIL_CLR_EXCEPTION_AOT, also
 * named "the Native AOT fail fast subcode used by Watson" in dotnet/diagnostics). 15–17 are not
 * defined. Where Microsoft publishes no description the sentence says so instead of guessing.
 */

/** What kind of check a fast-fail reason belongs to (drives the exploitability hint). */
export type FastFailCategory =
  | 'stack-cookie'
  | 'control-flow'
  | 'corruption'
  | 'bounds-check'
  | 'invalid-argument'
  | 'deliberate'
  | 'sanitizer'
  | 'telemetry'
  | 'other';

/** One FAST_FAIL_* reason. */
export interface FastFailInfo {
  readonly name: string;
  readonly category: FastFailCategory;
  readonly summary: string;
}

const UNDOCUMENTED = 'Microsoft does not document the details.';

function entry(name: string, category: FastFailCategory, summary: string): FastFailInfo {
  return { name: `FAST_FAIL_${name}`, category, summary };
}

/** FAST_FAIL_* reasons by numeric code. */
export const FAST_FAIL_CODES: Readonly<Record<number, FastFailInfo>> = {
  0: entry('LEGACY_GS_VIOLATION', 'stack-cookie',
    'A /GS security check found the guard value next to a stack buffer overwritten: a buffer on the stack overflowed (older form of the check).'),
  1: entry('VTGUARD_CHECK_FAILURE', 'control-flow',
    'The vtable guard found a C++ object with an invalid virtual-function table, often a freed or corrupted object.'),
  2: entry('STACK_COOKIE_CHECK_FAILURE', 'stack-cookie',
    'The /GS stack cookie check failed: a buffer on the stack was overrun before the function returned.'),
  3: entry('CORRUPT_LIST_ENTRY', 'corruption',
    'A linked list was found corrupted (its forward and backward links disagree), a sign of memory corruption.'),
  4: entry('INCORRECT_STACK', 'control-flow',
    'The stack pointer was outside the thread’s stack, a sign of stack corruption or a hijacked stack.'),
  5: entry('INVALID_ARG', 'invalid-argument',
    'A function received an argument so invalid that the program was stopped rather than continue.'),
  6: entry('GS_COOKIE_INIT', 'other', 'The /GS security cookie was not initialised correctly before it was used.'),
  7: entry('FATAL_APP_EXIT', 'deliberate',
    'The program deliberately ended itself, e.g. abort() or an unhandled C++ exception / std::terminate.'),
  8: entry('RANGE_CHECK_FAILURE', 'bounds-check',
    'A range check found an index or size outside its bounds and stopped the program before it read or wrote out of range.'),
  9: entry('UNSAFE_REGISTRY_ACCESS', 'other', `An unsafe registry access was detected; ${UNDOCUMENTED}`),
  10: entry('GUARD_ICALL_CHECK_FAILURE', 'control-flow',
    'Control Flow Guard stopped an indirect call to an address that is not a valid call target: a corrupted function pointer, or hooking software incompatible with CFG.'),
  11: entry('GUARD_WRITE_CHECK_FAILURE', 'control-flow', `A Control Flow Guard write check failed; ${UNDOCUMENTED}`),
  12: entry('INVALID_FIBER_SWITCH', 'corruption',
    'The program switched to a fiber (a user-mode execution context) that was not valid.'),
  13: entry('INVALID_SET_OF_CONTEXT', 'control-flow',
    'An attempt to set a thread’s registers to an invalid state (for example a bad instruction pointer) was blocked.'),
  14: entry('INVALID_REFERENCE_COUNT', 'corruption',
    'An object’s reference count went out of range, usually one release too many, which leads to use-after-free.'),
  18: entry('INVALID_JUMP_BUFFER', 'control-flow', 'A longjmp was attempted with an invalid or corrupted jump buffer.'),
  19: entry('MRDATA_MODIFIED', 'corruption',
    'Protected loader data in ntdll (its mutable read-only data) was found modified.'),
  20: entry('CERTIFICATION_FAILURE', 'other', `A certification check failed; ${UNDOCUMENTED}`),
  21: entry('INVALID_EXCEPTION_CHAIN', 'control-flow',
    'The chain of exception handlers on the stack was corrupted (SEHOP protection), typical of a stack overwrite.'),
  22: entry('CRYPTO_LIBRARY', 'other',
    'A Windows cryptography library detected an internal failure and stopped the program.'),
  23: entry('INVALID_CALL_IN_DLL_CALLOUT', 'other',
    'The program made a call that is not allowed while Windows was running a DLL notification callback.'),
  24: entry('INVALID_IMAGE_BASE', 'corruption', 'A loaded module had an invalid image base address.'),
  25: entry('DLOAD_PROTECTION_FAILURE', 'corruption', 'The protection of delay-load import data failed.'),
  26: entry('UNSAFE_EXTENSION_CALL', 'other', `An unsafe call into an extension was blocked; ${UNDOCUMENTED}`),
  27: entry('DEPRECATED_SERVICE_INVOKED', 'other',
    'The program used a Windows service or function that is deprecated and no longer allowed.'),
  28: entry('INVALID_BUFFER_ACCESS', 'corruption', 'An access outside a buffer’s valid range was detected.'),
  29: entry('INVALID_BALANCED_TREE', 'corruption',
    'A balanced tree (a sorted data structure) in ntdll or the program was found corrupted, a sign of memory corruption.'),
  30: entry('INVALID_NEXT_THREAD', 'other', `The thread scheduler found an invalid next thread; ${UNDOCUMENTED}`),
  31: entry('GUARD_ICALL_CHECK_SUPPRESSED', 'telemetry',
    'A Control Flow Guard check was suppressed; this reason is telemetry and normally not fatal.'),
  32: entry('APCS_DISABLED', 'other', 'An asynchronous procedure call arrived while such calls were disabled.'),
  33: entry('INVALID_IDLE_STATE', 'other', `An invalid processor idle state was detected; ${UNDOCUMENTED}`),
  34: entry('MRDATA_PROTECTION_FAILURE', 'corruption',
    'The protection of ntdll’s mutable read-only data could not be restored.'),
  35: entry('UNEXPECTED_HEAP_EXCEPTION', 'corruption',
    'An unexpected exception happened inside the heap manager, usually because the heap is corrupted.'),
  36: entry('INVALID_LOCK_STATE', 'corruption',
    'A lock was found in an invalid state, for example released when not held, or corrupted.'),
  37: entry('GUARD_JUMPTABLE', 'control-flow', 'Control Flow Guard found an invalid target in a switch jump table.'),
  38: entry('INVALID_LONGJUMP_TARGET', 'control-flow',
    'A longjmp tried to jump to an address that is not a valid target.'),
  39: entry('INVALID_DISPATCH_CONTEXT', 'control-flow',
    'Windows found an invalid register context while dispatching an exception.'),
  40: entry('INVALID_THREAD', 'other', 'An operation was attempted on a thread that is not valid for it.'),
  41: entry('INVALID_SYSCALL_NUMBER', 'telemetry',
    'An invalid system-call number was used; this reason is telemetry and normally not fatal.'),
  42: entry('INVALID_FILE_OPERATION', 'telemetry',
    'An invalid file operation was recorded; this reason is telemetry and normally not fatal.'),
  43: entry('LPAC_ACCESS_DENIED', 'telemetry',
    'A less-privileged app container was denied access; this reason is telemetry and normally not fatal.'),
  44: entry('GUARD_SS_FAILURE', 'control-flow',
    'Hardware shadow-stack protection (CET) found a return address that does not match: a corrupted stack, an attack, or incompatible hooking software.'),
  45: entry('LOADER_CONTINUITY_FAILURE', 'telemetry',
    'A module not allowed by the process’s code-integrity policy was loaded; this reason is telemetry and normally not fatal.'),
  46: entry('GUARD_EXPORT_SUPPRESSION_FAILURE', 'control-flow',
    'Control Flow Guard blocked a call to a DLL export that is not allowed as a call target.'),
  47: entry('INVALID_CONTROL_STACK', 'control-flow', 'The control (shadow) stack was found invalid.'),
  48: entry('SET_CONTEXT_DENIED', 'control-flow', 'Changing a thread’s registers was refused by a security policy.'),
  49: entry('INVALID_IAT', 'corruption', 'A module’s import address table was found invalid.'),
  50: entry('HEAP_METADATA_CORRUPTION', 'corruption',
    'The heap manager found its own bookkeeping corrupted, usually a buffer overrun, double free or use-after-free in the program.'),
  51: entry('PAYLOAD_RESTRICTION_VIOLATION', 'control-flow',
    'An exploit-protection payload restriction (such as export address filtering) was triggered.'),
  52: entry('LOW_LABEL_ACCESS_DENIED', 'telemetry',
    'A low-integrity access was denied; this reason is telemetry and normally not fatal.'),
  53: entry('ENCLAVE_CALL_FAILURE', 'other', 'A call into a secure enclave failed.'),
  54: entry('UNHANDLED_LSS_EXCEPTON', 'other', `An exception went unhandled in an "LSS" component; ${UNDOCUMENTED}`),
  55: entry('ADMINLESS_ACCESS_DENIED', 'telemetry',
    'An access was denied under the admin-less policy; this reason is telemetry and normally not fatal.'),
  56: entry('UNEXPECTED_CALL', 'other', 'A function that should never be called was called.'),
  57: entry('CONTROL_INVALID_RETURN_ADDRESS', 'control-flow', 'A return address failed validation.'),
  58: entry('UNEXPECTED_HOST_BEHAVIOR', 'other', `The host behaved unexpectedly; ${UNDOCUMENTED}`),
  59: entry('FLAGS_CORRUPTION', 'corruption', 'Internal flags were found corrupted.'),
  60: entry('VEH_CORRUPTION', 'corruption', 'The list of vectored exception handlers was found corrupted.'),
  61: entry('ETW_CORRUPTION', 'corruption', 'Event Tracing for Windows data structures were found corrupted.'),
  62: entry('RIO_ABORT', 'other', 'A Registered I/O network operation was aborted.'),
  63: entry('INVALID_PFN', 'other', 'An invalid physical page number was detected.'),
  64: entry('GUARD_ICALL_CHECK_FAILURE_XFG', 'control-flow',
    'Extended Flow Guard stopped an indirect call whose target does not have the expected function type: a corrupted function pointer or incompatible hooking.'),
  65: entry('CAST_GUARD', 'corruption',
    'CastGuard caught an invalid C++ downcast: an object was treated as a type it is not.'),
  66: entry('HOST_VISIBILITY_CHANGE', 'other', `Memory visibility to the host changed unexpectedly; ${UNDOCUMENTED}`),
  67: entry('KERNEL_CET_SHADOW_STACK_ASSIST', 'other', 'A kernel shadow-stack (CET) assist failed.'),
  68: entry('PATCH_CALLBACK_FAILED', 'other', 'A hot-patch callback failed.'),
  69: entry('NTDLL_PATCH_FAILED', 'other', 'Applying a hot patch to ntdll failed.'),
  70: entry('INVALID_FLS_DATA', 'corruption', 'Fiber-local storage data was invalid or corrupted.'),
  71: entry('ASAN_ERROR', 'sanitizer',
    'AddressSanitizer found a memory error (out-of-bounds access, use-after-free…) and stopped the program; the details are in its own report, not here.'),
  72: entry('CLR_EXCEPTION_AOT', 'deliberate',
    'A .NET program compiled ahead of time (NativeAOT) hit a fatal .NET error, usually an unhandled exception, and the runtime ended it; the .NET details are in the dump, not here.'),
  73: entry('POINTER_AUTH_INVALID_RETURN_ADDRESS', 'control-flow',
    'ARM64 pointer authentication found a return address that was corrupted or tampered with.'),
  74: entry('INVALID_THREAD_STATE', 'other', 'A thread was found in an invalid state.'),
  75: entry('CORRUPT_WOW64_STATE', 'corruption', 'The saved state of a 32-bit (WOW64) thread was found corrupted.'),
  76: entry('INVALID_EXTENDED_STATE', 'corruption',
    'The processor’s extended register state (XSAVE area) was invalid.'),
  77: entry('KERNEL_POINTER_EXPECTED', 'other', 'A kernel pointer was expected but something else was passed.'),
  0xffffffff: entry('INVALID_FAST_FAIL_CODE', 'other',
    'The program requested a fast fail with an invalid reason code.'),
};
