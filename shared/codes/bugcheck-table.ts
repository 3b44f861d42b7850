/**
 * Bug-check (stop) codes of BlueScreen and LiveKernelEvent reports, keyed by number. Names
 * checked against the Windows SDK metadata's BUGCHECK_ERROR enum; the LiveKernelEvent codes
 * (117, 141, 144, 193, 1a8, 1b8) are those listed in ../shared/docs/wer-formats.md §2.4.
 */
import type { CodeInfo } from './code-format';

/** Bug-check codes with one plain sentence each. */
export const BUGCHECK_CODES: Readonly<Record<number, CodeInfo>> = {
  0x0a: {
    name: 'IRQL_NOT_LESS_OR_EQUAL',
    summary:
      'Windows or a driver touched memory it was not allowed to while running at high priority, usually a faulty driver, sometimes bad RAM.',
  },
  0x18: {
    name: 'REFERENCE_BY_POINTER',
    summary: 'The reference count of a kernel object went wrong (released too often), usually a driver bug.',
  },
  0x19: {
    name: 'BAD_POOL_HEADER',
    summary:
      'Windows found kernel memory (the pool) damaged, usually a driver writing past its memory, sometimes faulty RAM.',
  },
  0x1a: {
    name: 'MEMORY_MANAGEMENT',
    summary: 'The memory manager found a severe inconsistency, often faulty RAM or a driver corrupting memory.',
  },
  0x1e: {
    name: 'KMODE_EXCEPTION_NOT_HANDLED',
    summary: 'Kernel-mode code (Windows or a driver) raised an error nothing handled, usually a driver bug.',
  },
  0x24: {
    name: 'NTFS_FILE_SYSTEM',
    summary: 'The NTFS file-system driver hit a problem, often disk corruption or a failing drive.',
  },
  0x3b: {
    name: 'SYSTEM_SERVICE_EXCEPTION',
    summary:
      'An error happened while Windows ran a system call for a program, usually a driver (often graphics or antivirus) bug.',
  },
  0x4e: {
    name: 'PFN_LIST_CORRUPT',
    summary: 'Windows’ list of physical memory pages was corrupted, often faulty RAM or a driver bug.',
  },
  0x50: {
    name: 'PAGE_FAULT_IN_NONPAGED_AREA',
    summary:
      'Windows or a driver used memory that does not exist or was already freed, usually a faulty driver, antivirus or RAM.',
  },
  0x7a: {
    name: 'KERNEL_DATA_INPAGE_ERROR',
    summary: 'Windows could not read kernel data back from disk, usually a failing drive, cable or storage driver.',
  },
  0x7b: {
    name: 'INACCESSIBLE_BOOT_DEVICE',
    summary:
      'Windows lost access to the system drive while starting, often a storage-driver or disk-controller setting problem.',
  },
  0x7e: {
    name: 'SYSTEM_THREAD_EXCEPTION_NOT_HANDLED',
    summary: 'A Windows system thread hit an error nothing handled, usually a driver bug.',
  },
  0x7f: {
    name: 'UNEXPECTED_KERNEL_MODE_TRAP',
    summary:
      'The processor raised a trap the kernel could not handle (such as a double fault), often hardware trouble or a kernel stack overflow.',
  },
  0x8e: {
    name: 'KERNEL_MODE_EXCEPTION_NOT_HANDLED',
    summary: 'Kernel-mode code hit an error nothing handled, usually a driver bug, sometimes faulty RAM.',
  },
  0x9c: {
    name: 'MACHINE_CHECK_EXCEPTION',
    summary: 'The processor reported a fatal hardware error (the older form of WHEA_UNCORRECTABLE_ERROR).',
  },
  0x9f: {
    name: 'DRIVER_POWER_STATE_FAILURE',
    summary: 'A driver did not complete a power change (sleep, wake, shutdown) in time or handled it wrongly.',
  },
  0xa0: {
    name: 'INTERNAL_POWER_ERROR',
    summary: 'The power manager hit a fatal error, often around sleep or hibernation.',
  },
  0xa5: {
    name: 'ACPI_BIOS_ERROR',
    summary:
      'The computer’s firmware (BIOS/UEFI power tables) is faulty or not compatible; a firmware update is the usual fix.',
  },
  0xbe: {
    name: 'ATTEMPTED_WRITE_TO_READONLY_MEMORY',
    summary: 'A driver tried to write to read-only memory, a driver bug.',
  },
  0xc2: {
    name: 'BAD_POOL_CALLER',
    summary: 'A driver made an invalid kernel memory request, such as freeing memory twice.',
  },
  0xc4: {
    name: 'DRIVER_VERIFIER_DETECTED_VIOLATION',
    summary: 'Driver Verifier caught a driver breaking the rules; the driver named in the dump is the suspect.',
  },
  0xc5: { name: 'DRIVER_CORRUPTED_EXPOOL', summary: 'A driver corrupted the kernel memory pool.' },
  0xca: { name: 'PNP_DETECTED_FATAL_ERROR', summary: 'The Plug and Play manager found a fatal driver error.' },
  0xd1: {
    name: 'DRIVER_IRQL_NOT_LESS_OR_EQUAL',
    summary:
      'A driver touched memory it was not allowed to while running at high priority, almost always a faulty driver.',
  },
  0xd5: {
    name: 'DRIVER_PAGE_FAULT_IN_FREED_SPECIAL_POOL',
    summary: 'A driver used memory it had already freed (caught by Driver Verifier).',
  },
  0xe2: {
    name: 'MANUALLY_INITIATED_CRASH',
    summary: 'Someone crashed the system on purpose (keyboard shortcut or debugger) to capture a dump.',
  },
  0xea: {
    name: 'THREAD_STUCK_IN_DEVICE_DRIVER',
    summary: 'A thread was stuck in a device driver, usually the graphics driver waiting for the card.',
  },
  0xef: {
    name: 'CRITICAL_PROCESS_DIED',
    summary: 'A process Windows cannot run without (such as csrss.exe or wininit.exe) ended unexpectedly.',
  },
  0xf4: {
    name: 'CRITICAL_OBJECT_TERMINATION',
    summary: 'A process or thread essential to Windows ended unexpectedly, often because of failing storage.',
  },
  0xf7: {
    name: 'DRIVER_OVERRAN_STACK_BUFFER',
    summary: 'A driver overran a buffer on its stack (caught by the kernel’s /GS check).',
  },
  0xfc: {
    name: 'ATTEMPTED_EXECUTE_OF_NOEXECUTE_MEMORY',
    summary: 'Kernel code tried to run memory marked as not executable, a driver bug or memory corruption.',
  },
  0x101: {
    name: 'CLOCK_WATCHDOG_TIMEOUT',
    summary:
      'A processor core stopped responding to clock interrupts, often CPU, overclocking, firmware or driver trouble.',
  },
  0x109: {
    name: 'CRITICAL_STRUCTURE_CORRUPTION',
    summary: 'Windows found critical kernel code or data modified (PatchGuard), by a driver, malware or faulty RAM.',
  },
  0x10d: {
    name: 'WDF_VIOLATION',
    summary: 'A driver built on the Windows Driver Framework broke the framework’s rules.',
  },
  0x113: {
    name: 'VIDEO_DXGKRNL_FATAL_ERROR',
    summary: 'The DirectX graphics kernel hit a fatal error, usually a graphics-driver problem.',
  },
  0x116: {
    name: 'VIDEO_TDR_FAILURE',
    summary: 'The graphics card stopped responding and Windows could not reset it: graphics driver or GPU hardware.',
  },
  0x117: {
    name: 'VIDEO_TDR_TIMEOUT_DETECTED',
    summary:
      'The graphics driver stopped responding and Windows reset it (the screen may have flickered); the PC kept running.',
  },
  0x119: {
    name: 'VIDEO_SCHEDULER_INTERNAL_ERROR',
    summary: 'The graphics scheduler found a fatal violation, usually a graphics-driver problem.',
  },
  0x124: {
    name: 'WHEA_UNCORRECTABLE_ERROR',
    summary:
      'The hardware reported an error it could not correct (CPU, memory or bus), usually hardware, overheating or overclocking.',
  },
  0x127: {
    name: 'PAGE_NOT_ZERO',
    summary: 'A memory page that should have been all zeros was not, usually faulty RAM.',
  },
  0x12b: {
    name: 'FAULTY_HARDWARE_CORRUPTED_PAGE',
    summary: 'Windows found a memory page corrupted in a way only faulty hardware causes, usually bad RAM.',
  },
  0x133: {
    name: 'DPC_WATCHDOG_VIOLATION',
    summary:
      'A driver spent too long at high priority, often a storage, network or graphics driver or outdated firmware.',
  },
  0x139: {
    name: 'KERNEL_SECURITY_CHECK_FAILURE',
    summary: 'The kernel found one of its data structures corrupted (a fast-fail check), usually a driver bug.',
  },
  0x13a: { name: 'KERNEL_MODE_HEAP_CORRUPTION', summary: 'The kernel heap was found corrupted, usually a driver bug.' },
  0x141: {
    name: 'VIDEO_ENGINE_TIMEOUT_DETECTED',
    summary: 'A graphics engine stopped responding and Windows recovered it; the PC kept running.',
  },
  0x144: {
    name: 'BUGCODE_USB3_DRIVER',
    summary: 'The USB 3 driver stack hit an error, often a USB device or controller problem.',
  },
  0x14f: {
    name: 'PDC_WATCHDOG_TIMEOUT',
    summary: 'A system component did not respond in time during a Modern Standby transition.',
  },
  0x154: {
    name: 'UNEXPECTED_STORE_EXCEPTION',
    summary: 'The compressed-memory store hit an unexpected error, often a storage or disk problem.',
  },
  0x15e: {
    name: 'BUGCODE_NDIS_DRIVER_LIVE_DUMP',
    summary: 'A network driver problem was captured as a live dump; the PC kept running.',
  },
  0x15f: {
    name: 'CONNECTED_STANDBY_WATCHDOG_TIMEOUT_LIVEDUMP',
    summary: 'A component took too long during Modern Standby; Windows captured a live dump and kept running.',
  },
  0x193: {
    name: 'VIDEO_DXGKRNL_LIVEDUMP',
    summary: 'The DirectX graphics kernel captured a live diagnostic dump; the PC kept running.',
  },
  0x1a1: {
    name: 'WIN32K_CALLOUT_WATCHDOG_LIVEDUMP',
    summary: 'A call into the window-manager kernel component (win32k) took too long; Windows captured a live dump.',
  },
  0x1a8: {
    name: 'VIDEO_DXGKRNL_BLACK_SCREEN_LIVEDUMP',
    summary:
      'Windows captured a live dump of the graphics system for a black-screen situation (possibly user-triggered); the PC kept running.',
  },
  0x1b8: {
    name: 'VIDEO_MINIPORT_BLACK_SCREEN_LIVEDUMP',
    summary: 'The graphics driver captured a live dump for a black-screen situation; the PC kept running.',
  },
  0x1c8: {
    name: 'MANUALLY_INITIATED_POWER_BUTTON_HOLD',
    summary:
      'Windows stopped on purpose because the power button was held down, a setting used to capture a dump of a frozen PC.',
  },
  0x1d3: {
    name: 'WFP_INVALID_OPERATION',
    summary: 'A network filter driver made an invalid Windows Filtering Platform call.',
  },
  0xc000021a: {
    name: 'WINLOGON_FATAL_ERROR',
    summary: 'A core user-mode part of Windows (Winlogon or CSRSS) failed, so Windows had to stop.',
  },
};
