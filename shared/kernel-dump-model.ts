/**
 * Plain-data summary of a Windows kernel dump (`dump --json` with `kind: 'kernel'`): bug-check
 * minidumps (C:\Windows\Minidump), MEMORY.DMP and live kernel dumps. Structured-clone safe: no
 * BigInt; addresses are "0x"-prefixed lower-case hex strings, sizes and counts are numbers.
 */
import type { FrameTrust, MinidumpArch, MinidumpSummary } from './minidump-model';

/** Bug check (stop code) of a kernel dump, named from the shared bug-check table. */
export interface KernelBugCheck {
  /** BugCheckCode as written, "0x" + 8 lower-case hex digits (`0x000000d1`, `0x1000007e`). */
  readonly code: string;
  /** The table code the name belongs to, without the 0x10000000 "with parameters" bit (`0x0000007e`). */
  readonly baseCode: string;
  /** Symbolic name (`DRIVER_IRQL_NOT_LESS_OR_EQUAL`), or null when the code is not in the table. */
  readonly name: string | null;
  /** One plain-language sentence from the table (or a note that the code is not in it). */
  readonly summary: string;
  /** True for live-dump codes: Windows recorded the problem and kept running (no blue screen). */
  readonly liveDump: boolean;
  /** BugCheckParameter1..4 as "0x…" lower-case hex (32-bit values in a 32-bit header). */
  readonly parameters: readonly [string, string, string, string];
}

/** One loaded driver (kernel module) from the dump's driver list. */
export interface KernelDriver {
  /** File name only (`ntoskrnl.exe`). */
  readonly name: string;
  /** Path as the kernel recorded it (`\SystemRoot\system32\ntoskrnl.exe`). */
  readonly path: string;
  readonly base: string;
  readonly size: number;
  /** PE TimeDateStamp (link time, or a hash in reproducible builds). */
  readonly timestamp: number;
}

/** A driver unloaded before the dump (the kernel keeps the last few, names cut to 12 characters). */
export interface KernelUnloadedDriver {
  readonly name: string;
  readonly base: string;
  readonly size: number;
}

/** One frame of the crashing thread's kernel stack. */
export interface KernelFrame {
  readonly address: string;
  /** File name of the driver holding `address`, or null. */
  readonly module: string | null;
  readonly offset: string | null;
  readonly trust: FrameTrust;
}

/**
 * Which rule named the driver at fault (BlueScreenView's "Caused By Driver", made explicit):
 * `crash-address` the crash address lies in a non-kernel driver; `stack` the first non-kernel
 * driver on the stack; `parameter` a bug-check parameter documented as a code address lies in a
 * driver; `kernel` nothing else implicated a driver, so the kernel module holding the crash address.
 */
export type CausedByReason = 'crash-address' | 'stack' | 'parameter' | 'kernel';

/** The driver at fault and why it was chosen. */
export interface KernelCausedBy {
  readonly driver: string;
  /** The address that lies in the driver. */
  readonly address: string;
  /** `address − driver base`. */
  readonly offset: string;
  readonly reason: CausedByReason;
  /** One sentence: which rule, which frame or parameter. */
  readonly detail: string;
  /** True when the driver is no longer loaded (found in the unloaded-driver list). */
  readonly unloaded: boolean;
}

/** Where the small memory dump's triage header says its parts are, and whether the file is whole. */
export interface KernelTriage {
  readonly servicePackBuild: number;
  /** SizeOfDump: the size Windows wrote. */
  readonly sizeOfDump: number;
  /** ValidOffset: where the `TRGD` end marker is. */
  readonly validOffset: number;
  /** True when the file is at least SizeOfDump long and holds `TRGD` at ValidOffset. */
  readonly complete: boolean;
  /** TopOfStack: the address of the first byte of the saved stack. */
  readonly topOfStack: string;
  /** SizeOfCallStack: bytes of the crashing thread's stack saved in the dump. */
  readonly stackBytes: number;
  /** File offsets of the raw KPRCB, EPROCESS and ETHREAD copies (0 when absent). */
  readonly prcbOffset: number;
  readonly processOffset: number;
  readonly threadOffset: number;
  /** DataBlocksCount: extra memory blocks (virtual address → file offset) saved in the dump. */
  readonly dataBlocks: number;
  /** Bytes of saved memory the data blocks hold. */
  readonly dataBlockBytes: number;
}

/** The exception record of the dump header (a bug check shows KeBugCheckEx's breakpoint). */
export interface KernelException {
  readonly code: string;
  readonly address: string;
}

/**
 * Facts of a Windows kernel dump: files that start with "PAGEDU64" (DUMP_HEADER64) or "PAGEDUMP"
 * (DUMP_HEADER32) instead of "MDMP". The header always; for small memory (triage) dumps also the
 * crash context, drivers, unloaded drivers, the stack and the driver at fault.
 */
export interface KernelDumpSummary {
  readonly kind: 'kernel';
  /** From MachineImageType; `other` when the value is not a known machine. */
  readonly arch: MinidumpArch;
  /** MachineImageType as "0x…" hex (`0x8664`, `0x14c`, `0xaa64`). */
  readonly machineType: string;
  /** True for a "PAGEDU64" header (pointer fields are 64-bit), false for "PAGEDUMP". */
  readonly is64Bit: boolean;
  /** MinorVersion: the Windows build number (`19045`); null when implausible. */
  readonly osBuild: number | null;
  /** MajorVersion 0xF = free (retail) kernel, 0xC = checked (debug) kernel; null for anything else. */
  readonly kernelFlavor: 'free' | 'checked' | null;
  readonly bugCheck: KernelBugCheck;
  /** NumberProcessors; null when implausible. */
  readonly processors: number | null;
  /** DumpType value and its name (Microsoft's DUMP_TYPE); null when the header does not record one. */
  readonly dumpType: { readonly value: number; readonly name: string } | null;
  /** SystemTime (when the dump was written, ISO-8601 UTC); null when not recorded. */
  readonly systemTime: string | null;
  /** SystemUpTime in whole seconds; null when not recorded. */
  readonly systemUpTimeSeconds: number | null;
  /** Kernel pointers from the header, "0x…" hex (what a debugger bootstraps from). */
  readonly directoryTableBase: string;
  readonly pfnDataBase: string;
  readonly psLoadedModuleList: string;
  readonly psActiveProcessHead: string;
  /** File size in bytes (kernel dumps can be many GB; exact below 2^53). */
  readonly fileSize: number;
  /** The crash context's instruction pointer; null when the context was not saved or not read. */
  readonly crashAddress: string | null;
  /** The crash context's stack pointer; null like crashAddress. */
  readonly stackPointer: string | null;
  readonly exception: KernelException | null;
  /** The driver at fault; null when no rule names one (no driver list, or nothing in any driver). */
  readonly causedBy: KernelCausedBy | null;
  readonly drivers: readonly KernelDriver[];
  readonly unloadedDrivers: readonly KernelUnloadedDriver[];
  /** Frames of the crashing thread: the context's frame, then a scan of the saved stack bytes. */
  readonly stack: readonly KernelFrame[];
  /** The triage header of a small memory dump; null for other dump types. */
  readonly triage: KernelTriage | null;
  /** Non-fatal oddities (the summary is still usable). */
  readonly problems: readonly string[];
}

/**
 * The driver at fault's file on this machine, from its version resource: read only when the file
 * at the driver's path is the very build the dump lists (same TimeDateStamp and SizeOfImage).
 */
export interface KernelDriverFile {
  /** Where the file was found (the dump's `\SystemRoot\…` path made local). */
  readonly path: string;
  readonly description: string | null;
  readonly product: string | null;
  readonly company: string | null;
  readonly version: string | null;
}

/** What a report's dump section holds: a user-mode minidump's summary, or a kernel dump's (`kind: 'kernel'`). */
export type DumpSummary = MinidumpSummary | KernelDumpSummary;

/** Whether a dump summary is a kernel dump's (the user-mode summary has no `kind`, to keep its JSON as it was). */
export function isKernelDump(summary: DumpSummary): summary is KernelDumpSummary {
  return 'kind' in summary && summary.kind === 'kernel';
}
