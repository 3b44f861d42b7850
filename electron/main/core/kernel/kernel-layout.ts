/**
 * Field offsets of the kernel dump structures: DUMP_HEADER64 / DUMP_HEADER32 and the small memory
 * dump's TRIAGE_DUMP64 / TRIAGE_DUMP32 with its driver and unloaded-driver entries. From the
 * public layouts (win32metadata's DUMP_HEADER*, volatility's crash vtypes, rizin's dmp_specs.h;
 * ../shared/docs/wer-formats.md §6) and checked on a real ARM64 small dump.
 */

/** Offsets of one header flavour. */
export interface HeaderLayout {
  readonly bits: 32 | 64;
  readonly headerSize: number;
  readonly directoryTableBase: number;
  readonly pfnDataBase: number;
  readonly psLoadedModuleList: number;
  readonly psActiveProcessHead: number;
  readonly machineImageType: number;
  readonly numberProcessors: number;
  readonly bugCheckCode: number;
  /** BugCheckParameter1; the others follow at pointer-size steps. */
  readonly bugCheckParameter1: number;
  /** The CONTEXT of the crash (the header reserves contextSize bytes for it). */
  readonly contextRecord: number;
  readonly contextSize: number;
  /** EXCEPTION_RECORD64 / EXCEPTION_RECORD32. */
  readonly exceptionRecord: number;
  readonly dumpType: number;
  readonly systemTime: number;
  readonly systemUpTime: number;
  /** DUMP_FILE_ATTRIBUTES (bit 4: LiveDumpGeneratedDump). */
  readonly attributes: number;
  /** PaeEnabled (a byte: 1 when the x86 kernel ran with PAE paging); null in the 64-bit header. */
  readonly paeEnabled: number | null;
}

// DUMP_HEADER64: BugCheckCode is a ULONG followed by 4 bytes of padding; VersionUser[32] sits at
// 0x60, KdDebuggerDataBlock at 0x80, the physical memory block (700 bytes) at 0x88; after
// SystemUpTime come MiniDumpFields … WriterStatus, 4 bytes, then Attributes (0x1050).
/** DUMP_HEADER64 ("PAGEDU64"). */
export const LAYOUT64: HeaderLayout = {
  bits: 64,
  headerSize: 0x2000,
  directoryTableBase: 0x10,
  pfnDataBase: 0x18,
  psLoadedModuleList: 0x20,
  psActiveProcessHead: 0x28,
  machineImageType: 0x30,
  numberProcessors: 0x34,
  bugCheckCode: 0x38,
  bugCheckParameter1: 0x40,
  contextRecord: 0x348,
  contextSize: 3000,
  exceptionRecord: 0xf00,
  dumpType: 0xf98,
  systemTime: 0xfa8,
  systemUpTime: 0x1030,
  attributes: 0x1050,
  paeEnabled: null,
};

// DUMP_HEADER32: all pointer fields are ULONGs; PaeEnabled is the byte after VersionUser (0x5c);
// the comment (0x820) is followed by Attributes, BootId and 1760 reserved bytes, so the tail
// (DumpType … SystemTime) ends the 4 KiB header, SystemUpTime before SystemTime.
/** DUMP_HEADER32 ("PAGEDUMP"). */
export const LAYOUT32: HeaderLayout = {
  bits: 32,
  headerSize: 0x1000,
  directoryTableBase: 0x10,
  pfnDataBase: 0x14,
  psLoadedModuleList: 0x18,
  psActiveProcessHead: 0x1c,
  machineImageType: 0x20,
  numberProcessors: 0x24,
  bugCheckCode: 0x28,
  bugCheckParameter1: 0x2c,
  contextRecord: 0x320,
  contextSize: 1200,
  exceptionRecord: 0x7d0,
  dumpType: 0xf88,
  systemTime: 0xfc0,
  systemUpTime: 0xfb8,
  attributes: 0x8a0,
  paeEnabled: 0x5c,
};

/** TRIAGE_DUMP fields; the triage header starts right after the dump header. */
export interface TriageLayout {
  /** Bytes of the triage header itself. */
  readonly size: number;
  readonly topOfStack: number;
  readonly dataBlocksOffset: number;
  readonly dataBlocksCount: number;
  /** One TRIAGE_DATA_BLOCK: virtual address (pointer), file offset, size. */
  readonly dataBlockSize: number;
  /** DUMP_DRIVER_ENTRY: DriverNameOffset, then a KLDR_DATA_TABLE_ENTRY copy. */
  readonly driverEntrySize: number;
  readonly driverBase: number;
  readonly driverSize: number;
  readonly driverTimestamp: number;
  /** Bytes before the first DUMP_UNLOADED_DRIVERS entry (the count, padded on 64-bit). */
  readonly unloadedHeader: number;
  /** DUMP_UNLOADED_DRIVERS: UNICODE_STRING Name, WCHAR DriverName[12], StartAddress, EndAddress. */
  readonly unloadedEntrySize: number;
  readonly unloadedName: number;
  readonly unloadedStart: number;
  readonly unloadedEnd: number;
}

/** ULONG fields shared by both triage headers (offsets from the triage header). */
export const TRIAGE_FIELDS = {
  servicePackBuild: 0x0,
  sizeOfDump: 0x4,
  validOffset: 0x8,
  contextOffset: 0xc,
  exceptionOffset: 0x10,
  mmOffset: 0x14,
  unloadedDriversOffset: 0x18,
  prcbOffset: 0x1c,
  processOffset: 0x20,
  threadOffset: 0x24,
  callStackOffset: 0x28,
  sizeOfCallStack: 0x2c,
  driverListOffset: 0x30,
  driverCount: 0x34,
  stringPoolOffset: 0x38,
  stringPoolSize: 0x3c,
  brokenDriverOffset: 0x40,
  triageOptions: 0x44,
} as const;

/** TRIAGE_DUMP64 (the IA-64 backing-store fields at 0x50 are unused elsewhere). */
export const TRIAGE64: TriageLayout = {
  size: 0x80,
  topOfStack: 0x48,
  dataBlocksOffset: 0x78,
  dataBlocksCount: 0x7c,
  dataBlockSize: 16,
  driverEntrySize: 0x90,
  driverBase: 0x38,
  driverSize: 0x48,
  driverTimestamp: 0x88,
  unloadedHeader: 8,
  unloadedEntrySize: 56,
  unloadedName: 16,
  unloadedStart: 40,
  unloadedEnd: 48,
};

/** TRIAGE_DUMP32. */
export const TRIAGE32: TriageLayout = {
  size: 0x68,
  topOfStack: 0x48,
  dataBlocksOffset: 0x60,
  dataBlocksCount: 0x64,
  dataBlockSize: 12,
  driverEntrySize: 0x4c,
  driverBase: 0x1c,
  driverSize: 0x24,
  driverTimestamp: 0x48,
  unloadedHeader: 4,
  unloadedEntrySize: 40,
  unloadedName: 8,
  unloadedStart: 32,
  unloadedEnd: 36,
};

/** "TRGD" as a little-endian u32: the marker at ValidOffset that ends a complete small dump. */
export const TRIAGE_VALID_MARKER = 0x44475254;
/** Bytes of the unloaded-driver name buffer (MAXIMUM_UNLOADED_NAME_LENGTH: 12 UTF-16 characters). */
export const UNLOADED_NAME_BYTES = 24;
/** DumpType of a small memory (triage) dump. */
export const DUMP_TYPE_TRIAGE = 4;
