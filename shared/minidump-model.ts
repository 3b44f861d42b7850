/**
 * Plain-data summary of a minidump (architecture.md §6, `dump --json`). Structured-clone safe:
 * no BigInt anywhere — addresses are "0x"-prefixed lower-case hex strings (64-bit safe), sizes and
 * counts are numbers, times are ISO-8601 UTC strings.
 */
import type { ExploitabilityHint } from './codes';

/** CPU architecture of the dumped process, from SystemInfo (or the context flags as a fallback). */
export type MinidumpArch = 'x86' | 'amd64' | 'arm64' | 'arm' | 'other';

/** What a faulting instruction tried to do at the target address of an access violation. */
export type MemoryAccessKind = 'read' | 'write' | 'execute';

/** How a stack frame was found (cfi = the module's unwind tables); scanned frames can be spurious. */
export type FrameTrust = 'context' | 'cfi' | 'frame-pointer' | 'scan';

/** Operating system of the dumped machine. */
export interface MinidumpOs {
  /** `Windows`, `macOS`, `iOS`, `Linux`, `Android`, ... or `unknown (0x…)`. */
  readonly platform: string;
  /** Major.minor.build, e.g. `10.0.19045`. */
  readonly version: string;
  /** Build: the Windows build number as text, or the vendor build (`19H114`) for crashpad Apple dumps. */
  readonly build: string | null;
  /** CSDVersion text as written (service pack on Windows, UBR or OS build in crashpad dumps). */
  readonly csdVersion: string | null;
  /** Raw PlatformId (2 = Windows NT; 0x8101 macOS, 0x8102 iOS, 0x8201 Linux, 0x8203 Android). */
  readonly platformId: number;
  /** Product type: 1 workstation, 2 domain controller, 3 server (0 when unknown). */
  readonly productType: number;
}

/** Processor facts from SystemInfo. */
export interface MinidumpCpu {
  readonly count: number;
  /** x86 vendor id (`GenuineIntel`, `AuthenticAMD`) or null for other architectures. */
  readonly vendor: string | null;
  readonly level: number;
  readonly revision: number;
}

/** Where the exception happened and what it was. */
export interface MinidumpException {
  /** NTSTATUS-style code, 8 lower-case hex digits with "0x" (`0xc0000005`). */
  readonly code: string;
  /** Symbolic name of the code (Windows dumps only), or null when unknown. */
  readonly name: string | null;
  /** ExceptionAddress. */
  readonly address: string;
  readonly threadId: number;
  /** File name of the module containing `address`, or null when the address is in no module. */
  readonly module: string | null;
  /** `address − module base`, or null when the address is in no module. */
  readonly offset: string | null;
  /** For access violations / in-page errors: the access kind; otherwise null. */
  readonly access: MemoryAccessKind | null;
  /** For access violations / in-page errors: the data address that faulted; otherwise null. */
  readonly target: string | null;
  /** Where `access` came from: the exception record, or the faulting instruction (non-canonical GP faults). */
  readonly accessSource: 'exception-record' | 'instruction' | null;
  /** ExceptionFlags (1 = non-continuable). */
  readonly flags: number;
  /** ExceptionInformation[0..NumberParameters), as hex. */
  readonly parameters: readonly string[];
  /** The crash address processors show: the AV target when there is one, else ExceptionAddress. */
  readonly crashAddress: string;
  /** The instruction pointer of the exception context (frame 0), or null without a context. */
  readonly instructionPointer: string | null;
  /** When `module` is null: the first stack frame that is in a module (what processors fall back to). */
  readonly firstFrameInModule: { readonly module: string; readonly offset: string } | null;
}

/** One loaded module. */
export interface MinidumpModule {
  /** File name only (`ntdll.dll`). */
  readonly name: string;
  /** Path as written (WER triage dumps keep only the file name). */
  readonly path: string;
  readonly base: string;
  readonly size: number;
  /** File version from VS_FIXEDFILEINFO (`10.0.19041.3636`), or null when absent. */
  readonly version: string | null;
  /** PE TimeDateStamp (link time, or a hash in reproducible builds). */
  readonly timestamp: number;
  /** PDB (or other debug file) name from the CodeView record, or null when absent. */
  readonly debugFile: string | null;
  /** Symbol-server debug id (GUID + age, upper-case hex), or null when absent. */
  readonly debugId: string | null;
  /** Windows PE code id: `%08X` TimeDateStamp + `%x` SizeOfImage. */
  readonly codeId: string;
  /** CodeView record kind: `RSDS`, `NB10`, `ELF` build id, `absent` (no record or RVA 0), `unknown`. */
  readonly cvKind: 'RSDS' | 'NB10' | 'ELF' | 'absent' | 'unknown';
}

/** A module that was unloaded before the dump. */
export interface MinidumpUnloadedModule {
  readonly name: string;
  readonly base: string;
  readonly size: number;
  readonly timestamp: number;
}

/** One thread. */
export interface MinidumpThread {
  readonly id: number;
  /** Name from the ThreadNames stream, present only when non-empty. */
  readonly name?: string;
  readonly stackStart: string;
  readonly stackSize: number;
  readonly teb: string;
  /** DataSize of the thread's CONTEXT record (0 when absent). */
  readonly contextSize: number;
  /** Instruction pointer from the thread's context, when it could be read. */
  readonly instructionPointer?: string;
  /** From ThreadInfoList when present. */
  readonly startAddress?: string;
  /** From ThreadInfoList when present (ISO-8601 UTC). */
  readonly createTime?: string;
}

/** A stack frame of the crashing thread. */
export interface MinidumpFrame {
  readonly address: string;
  readonly module: string | null;
  readonly offset: string | null;
  readonly trust: FrameTrust;
}

/** Handle count for one object type. */
export interface HandleTypeCount {
  /** Object type name (`Event`, `File`, ...) or `(unnamed)` when the descriptor has none. */
  readonly type: string;
  readonly count: number;
}

/** HandleData stream summary. */
export interface MinidumpHandles {
  readonly total: number;
  /** 32 (v1) or 40 (v2) bytes as written. */
  readonly descriptorSize: number;
  /** Sorted by count, descending, then by name. */
  readonly byType: readonly HandleTypeCount[];
}

/** Memory captured in the dump. */
export interface MinidumpMemory {
  /** Ranges in MemoryList (stream 5). */
  readonly listRanges: number;
  /** Ranges in Memory64List (stream 9). */
  readonly list64Ranges: number;
  /** Total captured bytes over both lists. */
  readonly bytes: number;
}

/** A registers view of the exception context. */
export interface MinidumpRegisters {
  readonly kind: 'x86' | 'amd64' | 'arm64' | 'arm';
  /** DataSize of the CONTEXT record (longer than the classic size with XSAVE / CET state). */
  readonly size: number;
  readonly registers: readonly { readonly name: string; readonly value: string }[];
}

/** One entry of the stream directory. */
export interface MinidumpStreamEntry {
  readonly type: number;
  readonly name: string;
  readonly size: number;
}

/** Whether the dump's crash location agrees with the report's signature (module + offset). */
export type SignatureAgreement =
  | { readonly kind: 'agree'; readonly module: string; readonly offset: string }
  | {
      readonly kind: 'differ';
      readonly dump: { readonly module: string | null; readonly offset: string | null };
      readonly report: { readonly module: string | null; readonly offset: string | null };
      readonly message: string;
    }
  | { readonly kind: 'unknown'; readonly reason: string };

/** Everything a viewer shows about one minidump. */
export interface MinidumpSummary {
  readonly arch: MinidumpArch;
  readonly os: MinidumpOs;
  readonly cpu: MinidumpCpu | null;
  readonly processId: number | null;
  readonly exception: MinidumpException | null;
  readonly modules: readonly MinidumpModule[];
  readonly threads: readonly MinidumpThread[];
  /**
   * Frames of the crashing thread (empty without an exception): on amd64 unwound with the modules'
   * own unwind data where their images are found, else (and on other CPUs) by frame pointers and
   * stack scanning; each frame says how it was found.
   */
  readonly stack: readonly MinidumpFrame[];
  /** Header TimeDateStamp (when the dump was written). */
  readonly dumpTime: string | null;
  /** MINIDUMP_TYPE flags as hex and their names. */
  readonly dumpType: { readonly flags: string; readonly names: readonly string[] };
  readonly processCreateTime: string | null;
  /** Process user / kernel time in seconds (MiscInfo), null when absent. */
  readonly processUserTime: number | null;
  readonly processKernelTime: number | null;
  /** MiscInfo BuildString (`19041.1.amd64fre.vb_release.191206-1406`), null when absent. */
  readonly buildString: string | null;
  /** MiscInfo DbgBldStr (the dump writer: `dbgcore.amd64,10.0.19041.3636`, `crashpad.amd64,…`). */
  readonly dumpWriter: string | null;
  /** MiscInfo version by its size: 1 (24 bytes) … 5 (1364 bytes); null without the stream. */
  readonly miscInfoVersion: number | null;
  readonly unloadedModules: readonly MinidumpUnloadedModule[];
  readonly handles: MinidumpHandles | null;
  readonly comments: readonly string[];
  readonly memory: MinidumpMemory;
  /** Registers of the exception context, null without one. */
  readonly crashContext: MinidumpRegisters | null;
  readonly streams: readonly MinidumpStreamEntry[];
  /** Exploitability hint from the exception record (a heuristic, like !exploitable); null without one. */
  readonly exploitability: ExploitabilityHint | null;
  /** Agreement with the report's signature, when the caller supplied one. */
  readonly signatureCheck: SignatureAgreement | null;
  /** Non-fatal parse warnings (the summary is still usable). */
  readonly problems: readonly string[];
}
