/**
 * Common HRESULTs (COM, Windows Runtime, DXGI, .NET), Win32 error codes and facility names.
 * Values from winerror.h as published in the Windows SDK metadata, and from the .NET runtime's
 * HResults tables for the 0x8013xxxx codes.
 */
import type { CodeInfo } from './code-format';

/** HRESULTs seen as exception codes, stowed exceptions and .NET exception HResults. */
export const HRESULT_CODES: Readonly<Record<string, CodeInfo>> = {
  '8000000b': { name: 'E_BOUNDS', summary: 'An index was outside the range of a collection (Windows Runtime).' },
  '8000000c': {
    name: 'E_CHANGED_STATE',
    summary: 'The object was changed by another operation (for example a collection modified while being walked), invalidating this one.',
  },
  '8000000d': {
    name: 'E_ILLEGAL_STATE_CHANGE',
    summary: 'An object was asked to move into a state that is not allowed from its current state.',
  },
  '8000000e': {
    name: 'E_ILLEGAL_METHOD_CALL',
    summary: 'A method was called at a time it is not allowed, for example on an object that is closed or not ready.',
  },
  '80000013': { name: 'RO_E_CLOSED', summary: 'The object had already been closed or disposed of when it was used.' },
  '80000018': {
    name: 'E_ILLEGAL_DELEGATE_ASSIGNMENT',
    summary: 'An event handler (delegate) was assigned in a way that is not allowed.',
  },
  '80004001': { name: 'E_NOTIMPL', summary: 'A requested feature or method is not implemented.' },
  '80004002': {
    name: 'E_NOINTERFACE',
    summary:
      'A component did not support the interface that was asked for — in stowed exceptions often a version or threading mismatch between components.',
  },
  '80004003': {
    name: 'E_POINTER',
    summary: 'A required pointer was null or invalid (.NET reports a NullReferenceException with this code).',
  },
  '80004004': { name: 'E_ABORT', summary: 'The operation was aborted.' },
  '80004005': { name: 'E_FAIL', summary: 'An unspecified failure; the component gave no further detail.' },
  '8000ffff': {
    name: 'E_UNEXPECTED',
    summary: 'An unexpected failure, often an operation done in the wrong state or order (common in UWP/XAML stowed exceptions).',
  },
  '80010105': {
    name: 'RPC_E_SERVERFAULT',
    summary: 'The component or process on the other side of a call failed while handling it.',
  },
  '80010108': {
    name: 'RPC_E_DISCONNECTED',
    summary: 'The object the program was talking to has disconnected, typically because its process ended.',
  },
  '8001010e': {
    name: 'RPC_E_WRONG_THREAD',
    summary: 'An object was used from the wrong thread, for example a UI object touched from a background thread.',
  },
  '80020012': {
    name: 'DISP_E_DIVBYZERO',
    summary: 'Division by zero (.NET reports a DivideByZeroException with this code).',
  },
  '80040154': {
    name: 'REGDB_E_CLASSNOTREG',
    summary: 'A COM component the program needs is not registered — usually a missing or broken installation.',
  },
  '800401f0': {
    name: 'CO_E_NOTINITIALIZED',
    summary: 'COM was used on a thread before it was initialised (CoInitialize was not called).',
  },
  '80070005': {
    name: 'E_ACCESSDENIED',
    summary: 'Access was denied: a permission is missing or the object is locked down.',
  },
  '80070006': { name: 'E_HANDLE', summary: 'An invalid handle was used.' },
  '8007000e': { name: 'E_OUTOFMEMORY', summary: 'The program ran out of memory.' },
  '80070057': { name: 'E_INVALIDARG', summary: 'One or more arguments were invalid.' },
  '80131040': {
    name: 'FUSION_E_REF_DEF_MISMATCH',
    summary: 'A .NET assembly was found but its version does not match the one the program references.',
  },
  '80131500': { name: 'COR_E_EXCEPTION', summary: 'A general .NET exception (System.Exception).' },
  '80131501': { name: 'COR_E_SYSTEM', summary: 'A general .NET system exception (System.SystemException).' },
  '80131502': {
    name: 'COR_E_ARGUMENTOUTOFRANGE',
    summary: '.NET ArgumentOutOfRangeException: a value was outside the allowed range.',
  },
  '80131506': {
    name: 'COR_E_EXECUTIONENGINE',
    summary: 'The .NET runtime itself hit a fatal internal error, often memory corrupted by native code.',
  },
  '80131508': {
    name: 'COR_E_INDEXOUTOFRANGE',
    summary: '.NET IndexOutOfRangeException: an array index was outside the array.',
  },
  '80131509': {
    name: 'COR_E_INVALIDOPERATION',
    summary: '.NET InvalidOperationException: a call was not valid for the object’s current state.',
  },
  '80131513': {
    name: 'COR_E_MISSINGMETHOD',
    summary: '.NET MissingMethodException: a method was not found, usually a mismatch between assembly versions.',
  },
  '80131515': { name: 'COR_E_NOTSUPPORTED', summary: '.NET NotSupportedException: the operation is not supported.' },
  '80131522': {
    name: 'COR_E_TYPELOAD',
    summary: '.NET TypeLoadException: a type could not be loaded, usually a missing or mismatched assembly.',
  },
  '80131534': {
    name: 'COR_E_TYPEINITIALIZATION',
    summary: '.NET TypeInitializationException: a static constructor failed; the inner exception holds the real cause.',
  },
  '80131537': { name: 'COR_E_FORMAT', summary: '.NET FormatException: text was not in the expected format.' },
  '8013153b': {
    name: 'COR_E_OPERATIONCANCELED',
    summary: '.NET OperationCanceledException: the operation was cancelled.',
  },
  '80131577': { name: 'COR_E_KEYNOTFOUND', summary: '.NET KeyNotFoundException: a key was not in the dictionary.' },
  '80131604': {
    name: 'COR_E_TARGETINVOCATION',
    summary: '.NET TargetInvocationException: a method called by reflection failed; the inner exception holds the cause.',
  },
  '80131620': { name: 'COR_E_IO', summary: '.NET IOException: a file or device operation failed.' },
  '80131621': {
    name: 'COR_E_FILELOAD',
    summary: '.NET FileLoadException: an assembly was found but could not be loaded.',
  },
  '80131622': {
    name: 'COR_E_OBJECTDISPOSED',
    summary: '.NET ObjectDisposedException: an object was used after it was disposed of.',
  },
  '802b000a': {
    name: 'E_XAMLPARSEFAILED',
    summary: 'A XAML (UI markup) file failed to load, usually a markup error or a missing resource.',
  },
  '802b0014': {
    name: 'E_LAYOUTCYCLE',
    summary: 'The XAML layout never settled (a layout cycle), usually element sizes that keep changing each other.',
  },
  '887a0005': {
    name: 'DXGI_ERROR_DEVICE_REMOVED',
    summary: 'The program lost the graphics card: it was removed or reset (driver crash or update, or GPU hang).',
  },
  '887a0006': {
    name: 'DXGI_ERROR_DEVICE_HUNG',
    summary: 'The graphics card hung on a command from the program — a program bug, or a driver/GPU problem.',
  },
  '887a0007': {
    name: 'DXGI_ERROR_DEVICE_RESET',
    summary: 'The graphics card was reset because of a badly formed command.',
  },
  '887a0020': {
    name: 'DXGI_ERROR_DRIVER_INTERNAL_ERROR',
    summary: 'The graphics driver hit an internal error; updating or reinstalling it is the usual fix.',
  },
};

/** Win32 error codes (the low 16 bits of 0x8007xxxx HRESULTs and 0xC007xxxx NTSTATUS values). */
export const WIN32_ERRORS: Readonly<Record<number, CodeInfo>> = {
  1: { name: 'ERROR_INVALID_FUNCTION', summary: 'The operation is not valid here.' },
  2: { name: 'ERROR_FILE_NOT_FOUND', summary: 'A file could not be found.' },
  3: { name: 'ERROR_PATH_NOT_FOUND', summary: 'A folder path could not be found.' },
  5: { name: 'ERROR_ACCESS_DENIED', summary: 'Access was denied.' },
  6: { name: 'ERROR_INVALID_HANDLE', summary: 'An invalid handle was used.' },
  8: { name: 'ERROR_NOT_ENOUGH_MEMORY', summary: 'Not enough memory was available.' },
  11: { name: 'ERROR_BAD_FORMAT', summary: 'A program file has an invalid format, often a 32-bit/64-bit mix-up.' },
  13: { name: 'ERROR_INVALID_DATA', summary: 'The data is invalid.' },
  14: { name: 'ERROR_OUTOFMEMORY', summary: 'Not enough memory was available to complete the operation.' },
  32: { name: 'ERROR_SHARING_VIOLATION', summary: 'A file is in use by another program.' },
  50: { name: 'ERROR_NOT_SUPPORTED', summary: 'The request is not supported.' },
  87: { name: 'ERROR_INVALID_PARAMETER', summary: 'A parameter was invalid.' },
  109: { name: 'ERROR_BROKEN_PIPE', summary: 'The connection (pipe) to another process was closed.' },
  112: { name: 'ERROR_DISK_FULL', summary: 'The disk is full.' },
  122: { name: 'ERROR_INSUFFICIENT_BUFFER', summary: 'A buffer was too small for the data.' },
  126: { name: 'ERROR_MOD_NOT_FOUND', summary: 'A DLL could not be found.' },
  127: { name: 'ERROR_PROC_NOT_FOUND', summary: 'A function was missing from a DLL, usually a version mismatch.' },
  183: { name: 'ERROR_ALREADY_EXISTS', summary: 'The file or object already exists.' },
  193: {
    name: 'ERROR_BAD_EXE_FORMAT',
    summary: 'A file is not a valid program for this Windows, often a 32-bit/64-bit mix-up.',
  },
  534: { name: 'ERROR_ARITHMETIC_OVERFLOW', summary: 'An arithmetic result did not fit.' },
  740: { name: 'ERROR_ELEVATION_REQUIRED', summary: 'The operation needs administrator rights.' },
  1001: { name: 'ERROR_STACK_OVERFLOW', summary: 'Recursion went too deep and the stack overflowed.' },
  1114: { name: 'ERROR_DLL_INIT_FAILED', summary: 'A DLL failed to initialise.' },
  1168: { name: 'ERROR_NOT_FOUND', summary: 'An element was not found.' },
  1223: { name: 'ERROR_CANCELLED', summary: 'The operation was cancelled by the user.' },
  1400: { name: 'ERROR_INVALID_WINDOW_HANDLE', summary: 'An invalid window handle was used.' },
  1450: { name: 'ERROR_NO_SYSTEM_RESOURCES', summary: 'Windows lacked the system resources to complete the request.' },
  1455: { name: 'ERROR_COMMITMENT_LIMIT', summary: 'The page file is too small to complete the operation.' },
  1460: { name: 'ERROR_TIMEOUT', summary: 'The operation timed out.' },
  1722: { name: 'RPC_S_SERVER_UNAVAILABLE', summary: 'A service or process the program called is not available.' },
  1726: { name: 'RPC_S_CALL_FAILED', summary: 'A call to a service or another process failed.' },
  14001: {
    name: 'ERROR_SXS_CANT_GEN_ACTCTX',
    summary: 'The side-by-side configuration is incorrect, usually a missing Visual C++ runtime.',
  },
  15700: {
    name: 'APPMODEL_ERROR_NO_PACKAGE',
    summary: 'The process has no package identity (it is not a packaged app).',
  },
};

/** NTSTATUS facility codes (bits 16–27) with readable names (ntstatus.h FACILITY_*). */
export const NTSTATUS_FACILITIES: Readonly<Record<number, string>> = {
  0x0: 'none',
  0x1: 'Debugger',
  0x2: 'RPC runtime',
  0x3: 'RPC stubs',
  0x4: 'I/O',
  0x7: 'Win32',
  0x8: 'Certificates',
  0x9: 'Security (SSPI)',
  0xa: 'Terminal Server',
  0x10: 'USB',
  0x11: 'HID',
  0x13: 'Cluster',
  0x14: 'ACPI',
  0x15: 'Side-by-side',
  0x19: 'Transactions',
  0x1b: 'Video',
  0x1c: 'Filter Manager',
  0x1e: 'Graphics kernel',
  0x20: 'Driver Framework',
  0x21: 'BitLocker (FVE)',
  0x22: 'Windows Filtering Platform',
  0x23: 'NDIS',
  0x35: 'Hypervisor',
  0x36: 'IPsec',
};

/** HRESULT facility codes (bits 16–27) with readable names (winerror.h FACILITY_*). */
export const HRESULT_FACILITIES: Readonly<Record<number, string>> = {
  0x0: 'none',
  0x1: 'RPC',
  0x2: 'Dispatch (OLE Automation)',
  0x3: 'Storage',
  0x4: 'Interface-specific (ITF)',
  0x7: 'Win32',
  0x8: 'Windows',
  0x9: 'Security (SSPI)',
  0xa: 'Control',
  0xb: 'Certificates',
  0xc: 'Internet',
  0x11: 'COM+',
  0x13: '.NET runtime',
  0x17: 'Side-by-side',
  0x19: 'HTTP',
  0x1b: 'Windows Error Reporting',
  0x20: 'Background Intelligent Transfer',
  0x24: 'Windows Update',
  0x26: 'Graphics',
  0x27: 'Shell',
  0x2b: 'XAML',
  0x3f: 'Windows Store',
  0x6d: 'Visual C++',
  0x87a: 'DXGI',
  0x87c: 'Direct3D 11',
  0x899: 'Direct2D',
  0x898: 'DirectWrite',
};
