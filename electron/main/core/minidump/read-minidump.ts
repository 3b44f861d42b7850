import { err, ok, type Result } from '../../../../shared/result';
import type {
  MinidumpArch,
  MinidumpException,
  MinidumpFrame,
  MinidumpRegisters,
  MinidumpSummary,
  MinidumpThread,
} from '../../../../shared/minidump-model';
import { hex, messageOf, unixTimeIso } from './binary';
import { createCachedSource, type ByteSource, withFileSource } from './byte-source';
import { contextKindFromFlags, type CpuContext } from './context';
import { analyzeException, checkSignatureAgreement } from './crash-analysis';
import { crashContext, threadInstructionPointers } from './crash-thread';
import { openDump, type DumpReader } from './dump-reader';
import { defaultExceptionName, type ExceptionNameLookup } from './exception-names';
import { exploitabilityOf } from './exploitability-hint';
import { MemoryReader, parseMemoryLists } from './memory-reader';
import { ModuleIndex } from './module-index';
import { MAX_CONTEXT_BYTES, parseException, type RawException } from './parse-exception';
import { parseMiscInfo } from './parse-misc-info';
import { parseComments, parseHandleData } from './parse-misc-streams';
import { parseModuleList, parseUnloadedModules } from './parse-modules';
import { parseSystemInfo, UNKNOWN_OS } from './parse-system-info';
import { parseThreadInfoList, parseThreadList, parseThreadNames, type RawThread } from './parse-threads';
import { dumpTypeNames, streamTypeName } from './stream-types';
import { walkThread, type WalkSymbols } from '../unwind/thread-stack';
import type { ImageSources } from '../unwind/unwind-images';

/** Options of readMinidump / readMinidumpFrom. */
export interface ReadMinidumpOptions {
  /** Exception code → name; defaults to the shared NTSTATUS / HRESULT table. */
  readonly exceptionName?: ExceptionNameLookup;
  /** The report's signature, to check agreement with the dump's crash location. */
  readonly signature?: { readonly module: string | null; readonly offset: string | number | null };
  /** Stack frames produced at most (default 64). */
  readonly maxFrames?: number;
  /**
   * Where amd64 and arm64 module images are looked for (their unwind data drives the stack walk)
   * besides the dump's own memory: a symbol locator, and the modules' own paths (`localFiles`,
   * default true).
   */
  readonly images?: Omit<ImageSources, 'memory'>;
  /**
   * The dump's symbols (core/symbolize's DumpSymbols), shared with the naming of the frames after:
   * images come from them instead of `images`, and x86 frames unwind with their PDBs' frame data.
   */
  readonly symbols?: WalkSymbols;
}

/** Runs one stream parser; a failure becomes a problem and the fallback value, never a throw. */
async function guard<T>(what: string, problems: string[], fallback: T, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    problems.push(`${what}: ${messageOf(error)}`);
    return fallback;
  }
}

function registersOf(ctx: CpuContext | null): MinidumpRegisters | null {
  if (!ctx) return null;
  return { kind: ctx.kind, size: ctx.size, registers: ctx.registers.map(([name, value]) => ({ name, value: hex(value) })) };
}

/** Without SystemInfo, guesses the arch from the CPU flags of the exception's or first thread's context. */
async function archFallback(reader: DumpReader, raw: RawException | null, threads: readonly RawThread[]): Promise<MinidumpArch> {
  const first = threads[0];
  const bytes = raw?.context ?? (first ? await reader.bytes(first.contextRva, first.contextSize, MAX_CONTEXT_BYTES) : null);
  return (bytes && contextKindFromFlags(bytes)) ?? 'other';
}

async function summarize(reader: DumpReader, options: ReadMinidumpOptions, problems: string[]): Promise<MinidumpSummary> {
  const sys = await guard('SystemInfo', problems, null, () => parseSystemInfo(reader, problems));
  const misc = await guard('MiscInfo', problems, null, () => parseMiscInfo(reader, problems));
  const raw = await guard('Exception', problems, null, () => parseException(reader, problems));
  const modules = await guard('ModuleList', problems, [], () => parseModuleList(reader, problems));
  const rawThreads = await guard('ThreadList', problems, [], () => parseThreadList(reader, problems));
  const arch = sys?.arch ?? (await guard('CPU type', problems, 'other' as const, () => archFallback(reader, raw, rawThreads)));
  if (!sys) problems.push('SystemInfo stream missing: OS and CPU are unknown');
  const names = await guard('ThreadNames', problems, new Map<number, string>(), () => parseThreadNames(reader, problems));
  const infos = await guard('ThreadInfoList', problems, new Map(), () => parseThreadInfoList(reader, problems));
  const mem = await guard('memory lists', problems, { ranges: [], summary: { listRanges: 0, list64Ranges: 0, bytes: 0 } }, () =>
    parseMemoryLists(reader, problems),
  );
  const unloadedModules = await guard('UnloadedModuleList', problems, [], () => parseUnloadedModules(reader, problems));
  const handles = await guard('HandleData', problems, null, () => parseHandleData(reader, problems));
  const comments = await guard('comments', problems, [], () => parseComments(reader));

  const index = new ModuleIndex(modules);
  const memory = new MemoryReader(reader, mem.ranges);
  // NTSTATUS names only make sense for Windows dumps (crashpad Apple dumps carry Mach codes).
  const windows = !sys || sys.os.platform === 'Windows';
  let exception: MinidumpException | null = null;
  let stack: MinidumpFrame[] = [];
  let context: CpuContext | null = null;
  if (raw) {
    const thread = rawThreads.find((t) => t.id === raw.threadId);
    context = await guard('exception context', problems, null, () => crashContext(reader, raw, thread, arch, problems));
    if (context) {
      const ctx = context;
      const parts = { reader, arch, memory, modules, index };
      const images = { ...options.images, memory };
      stack = await guard('stack walk', problems, [], () => walkThread(parts, thread, ctx, { images, maxFrames: options.maxFrames, symbols: options.symbols }, problems));
    }
    const exceptionName = windows ? (options.exceptionName ?? defaultExceptionName) : () => null;
    const inputs = { raw, arch, context, modules: index, memory, stack, exceptionName };
    exception = await guard('crash analysis', problems, null, () => analyzeException(inputs, problems));
  }

  const ips = await guard('thread contexts', problems, new Map<number, bigint>(), () =>
    threadInstructionPointers(reader, rawThreads, arch),
  );
  const threads: MinidumpThread[] = rawThreads.map((t) => {
    const name = names.get(t.id);
    const info = infos.get(t.id);
    const ip = ips.get(t.id);
    return {
      id: t.id,
      ...(name ? { name } : {}),
      stackStart: hex(t.stackStart),
      stackSize: t.stackSize,
      teb: hex(t.teb),
      contextSize: t.contextSize,
      ...(ip !== undefined ? { instructionPointer: hex(ip) } : {}),
      ...(info ? { startAddress: info.startAddress } : {}),
      ...(info?.createTime ? { createTime: info.createTime } : {}),
    };
  });

  return {
    arch,
    os: sys?.os ?? UNKNOWN_OS,
    cpu: sys?.cpu ?? null,
    processId: misc?.processId ?? null,
    exception,
    modules: modules.map((m) => m.model),
    threads,
    stack,
    dumpTime: unixTimeIso(reader.header.timeDateStamp),
    dumpType: { flags: hex(reader.header.flags), names: dumpTypeNames(reader.header.flags) },
    processCreateTime: misc?.processCreateTime ?? null,
    processUserTime: misc?.processUserTime ?? null,
    processKernelTime: misc?.processKernelTime ?? null,
    buildString: misc?.buildString ?? null,
    dumpWriter: misc?.dumpWriter ?? null,
    miscInfoVersion: misc?.version ?? null,
    unloadedModules,
    handles,
    comments,
    memory: mem.summary,
    crashContext: registersOf(context),
    streams: reader.directory.map((s) => ({ type: s.type, name: streamTypeName(s.type), size: s.size })),
    exploitability: exception && windows ? exploitabilityOf(exception, arch) : null,
    signatureCheck: options.signature ? checkSignatureAgreement(exception, options.signature) : null,
    problems,
  };
}

/** Parses a minidump from any ByteSource; never throws (unexpected failures become an error). */
export async function readMinidumpFrom(source: ByteSource, options: ReadMinidumpOptions = {}): Promise<Result<MinidumpSummary, string>> {
  const problems: string[] = [];
  try {
    const reader = await openDump(source, problems);
    if (typeof reader === 'string') return err(reader);
    return ok(await summarize(reader, options, problems));
  } catch (error) {
    return err(`could not read the minidump: ${messageOf(error)}`);
  }
}

/**
 * Opens a minidump file read-only and summarises it with positional reads (a multi-GB heap dump
 * opens as fast as a triage dump); the handle is always closed.
 */
export async function readMinidump(path: string, options: ReadMinidumpOptions = {}): Promise<Result<MinidumpSummary, string>> {
  return withFileSource(path, (file) => readMinidumpFrom(createCachedSource(file), options));
}
