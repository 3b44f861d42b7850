import type { Addr, ContextSpec, WriterArch } from './write-context';

export type { Addr, ContextSpec, WriterArch } from './write-context';

/** The exception of a written dump. */
export interface ExceptionSpec {
  readonly code: number;
  readonly address: Addr;
  /** ExceptionInformation (≤ 15); for access violations [0] = 0 read / 1 write / 8 execute, [1] = target. */
  readonly params?: readonly Addr[];
  /** Faulting thread (default: the first thread's id, else 1). */
  readonly threadId?: number;
  readonly flags?: number;
  /** Context at the fault (default: the faulting thread's context, else ip = address). */
  readonly context?: ContextSpec;
}

/** CodeView record of a module: a PDB name (RSDS) or the full form. */
export type PdbSpec =
  | string
  | { readonly kind?: 'RSDS'; readonly file: string; readonly guid?: string; readonly age?: number }
  | { readonly kind: 'NB10'; readonly file: string; readonly signature?: number; readonly age?: number };

/** One loaded module. */
export interface ModuleSpec {
  /** File name or full path (written as the module name string). */
  readonly name: string;
  readonly base: Addr;
  readonly size: number;
  /** `a.b.c.d` → VS_FIXEDFILEINFO; omitted = no version resource. */
  readonly version?: string;
  readonly timestamp?: number;
  readonly checksum?: number;
  readonly pdb?: PdbSpec;
  /** Write a CvRecord size with RVA 0, as WER triage dumps do (FilterTriage strips the record). */
  readonly strippedCv?: boolean;
}

/** One thread; its stack bytes go to MemoryList, or to Memory64List with a 0 RVA (full dumps). */
export interface ThreadSpec {
  readonly id: number;
  readonly name?: string;
  readonly teb?: Addr;
  readonly stack?: { readonly start: Addr; readonly bytes: Uint8Array; readonly inMemory64?: boolean };
  readonly context?: ContextSpec;
  /** ThreadInfoList fields (written when the dump spec asks for threadInfo). */
  readonly startAddress?: Addr;
  /** Unix seconds. */
  readonly createTime?: number;
}

/** A Memory64List range; `bytes` fills its start, the rest is zeros (holes in a sparse file). */
export interface Memory64RangeSpec {
  readonly address: Addr;
  readonly size: Addr;
  readonly bytes?: Uint8Array;
}

/** Everything a written minidump holds; every field has a sensible default. */
export interface MinidumpSpec {
  /** Default amd64. */
  readonly arch?: WriterArch;
  /** SystemInfo PlatformId (default 2, Windows NT; 0x8101 macOS, 0x8201 Linux…). */
  readonly platformId?: number;
  /** Default 10.0.19045. */
  readonly os?: { readonly major: number; readonly minor: number; readonly build: number; readonly csd?: string };
  readonly cpuCount?: number;
  /** Header TimeDateStamp (Unix seconds). */
  readonly timestamp?: number;
  /** Header MINIDUMP_TYPE flags. */
  readonly flags?: Addr;
  readonly processId?: number;
  readonly processCreateTime?: number;
  readonly buildString?: string;
  readonly dumpWriter?: string;
  /** MiscInfo version 1–5 (default 5 = 1364 bytes); 0 omits the stream. */
  readonly miscInfoVersion?: 0 | 1 | 2 | 3 | 4 | 5;
  readonly exception?: ExceptionSpec;
  readonly modules?: readonly ModuleSpec[];
  readonly threads?: readonly ThreadSpec[];
  /** Extra MemoryList ranges (besides thread stacks). */
  readonly memory?: readonly { readonly address: Addr; readonly bytes: Uint8Array }[];
  /** Memory64List: range data is stored from `baseRva` (default: right after the other data). */
  readonly memory64?: { readonly baseRva?: Addr; readonly ranges: readonly Memory64RangeSpec[] };
  readonly unloadedModules?: readonly { readonly name: string; readonly base: Addr; readonly size: number; readonly timestamp?: number }[];
  readonly handles?: { readonly descriptorSize?: 32 | 40; readonly entries: readonly { readonly type: string | null; readonly handle?: number }[] };
  readonly comments?: { readonly w?: string; readonly a?: string };
  /** Write ThreadInfoList (17) from the thread specs. */
  readonly threadInfo?: boolean;
  /** Put 4 bytes of padding after the count of Thread/Module/Memory lists (some writers do). */
  readonly padListCounts?: boolean;
  /** Leave out streams by type (e.g. 7 to test a dump without SystemInfo). */
  readonly omitStreams?: readonly number[];
  /** Raw extra streams, for edge cases. */
  readonly extraStreams?: readonly { readonly type: number; readonly bytes: Uint8Array }[];
}

/** Where one written stream ended up (for tests that corrupt a field on purpose). */
export interface WrittenStream {
  readonly type: number;
  readonly rva: number;
  readonly size: number;
}
