import type { MinidumpArch, MinidumpFrame, MinidumpModule } from '../../../../shared/minidump-model';
import { err, ok, type Result } from '../../../../shared/result';
import { hex, messageOf } from '../minidump/binary';
import type { ByteSource } from '../minidump/byte-source';
import { parseContext, type CpuContext } from '../minidump/context';
import { crashContext, loadStackImage } from '../minidump/crash-thread';
import { openDump, type DumpReader } from '../minidump/dump-reader';
import { MemoryReader, parseMemoryLists } from '../minidump/memory-reader';
import { ModuleIndex } from '../minidump/module-index';
import { MAX_CONTEXT_BYTES, parseException } from '../minidump/parse-exception';
import { parseModuleList, type ParsedModule } from '../minidump/parse-modules';
import { parseSystemInfo } from '../minidump/parse-system-info';
import { parseThreadList, type RawThread } from '../minidump/parse-threads';
import { walkStack } from '../minidump/stack-walk';
import { createArm64ImageCache } from './arm64-images';
import { walkArm64Thread } from './arm64-walk';
import { createImageCache, type ImageSources } from './unwind-images';
import { MAX_WALK_FRAMES, walkX64Thread } from './walk-thread';
import { createX86ImageCache, walkX86Thread } from './x86-walk';
import type { PdbFrameInfo } from '../pdb/frame-data';
import type { PeImage } from '../pe/pe-image';

/**
 * The symbol seam: called per frame in a module with the module's index in the dump's module
 * list and the RVA to look up (return addresses minus one on amd64, minus four on arm64); its
 * answer rides on the frame.
 */
export type FrameSymbolizer<S> = (moduleIndex: number, module: MinidumpModule, rva: number) => Promise<S | null>;

/**
 * The symbols of a dump shared with its walk (core/symbolize's DumpSymbols): module images opened
 * once for both the unwind data and the names, and each module's PDB opened once for both its
 * x86 frame data and its names.
 */
export interface WalkSymbols {
  /** The module's image from the symbol path or the local disk (same code id), or null. */
  image(module: MinidumpModule): Promise<PeImage | null>;
  /** The FrameData/FPO record of the module's PDB at an image RVA, or null. */
  frameInfo(module: MinidumpModule, rva: number): Promise<PdbFrameInfo | null>;
}

/** Options of a thread walk. */
export interface ThreadStackOptions<S = never> {
  /** Where module images (for unwind data) are looked for; none = frame pointers and scanning only. */
  readonly images?: ImageSources;
  readonly maxFrames?: number;
  readonly symbolize?: FrameSymbolizer<S>;
  /** Function knowledge from symbols, to validate scanned return addresses (see X64WalkInputs). */
  readonly knownFunction?: (module: ParsedModule, rva: number) => boolean | null;
  /** x86: the FrameData/FPO record of the module's PDB at an RVA (from the symbolizer), or null. */
  readonly frameInfo?: (module: ParsedModule, rva: number) => Promise<PdbFrameInfo | null>;
  /**
   * The dump's symbols: when given, images not in the dump's memory come from them (instead of
   * `images.locator` and local files) and x86 frame data from their PDBs (unless `frameInfo` is given).
   */
  readonly symbols?: WalkSymbols;
}

/** The image sources and frame data of a walk, with the shared symbols taking part when given. */
function withSymbols<S>(options: ThreadStackOptions<S>): ThreadStackOptions<S> {
  const symbols = options.symbols;
  if (!symbols) return options;
  return {
    ...options,
    images: { ...options.images, open: (m) => symbols.image(m) },
    frameInfo: options.frameInfo ?? ((m, rva) => symbols.frameInfo(m.model, rva)),
  };
}

/** A frame as the model shows it, plus the symbolizer's answer when one was given. */
export type ThreadFrame<S> = MinidumpFrame & { readonly symbol?: S };

/** The parts of a parsed dump a walk needs (read-minidump already has them). */
export interface DumpParts {
  readonly reader: DumpReader;
  readonly arch: MinidumpArch;
  readonly memory: MemoryReader;
  readonly modules: readonly ParsedModule[];
  readonly index: ModuleIndex;
}

/**
 * Walks one thread of a parsed dump from `context`: amd64 and arm64 with unwind data, frame
 * pointers and validated scanning; x86 with PDB frame data, the ebp chain and validated scanning;
 * other CPUs with the frame-pointer / scan walker.
 */
export async function walkThread<S = never>(parts: DumpParts, thread: RawThread | undefined, context: CpuContext, given: ThreadStackOptions<S>, problems: string[]): Promise<ThreadFrame<S>[]> {
  const options = withSymbols(given);
  const stack = await loadStackImage(parts.reader, parts.memory, thread, context.sp);
  const common = { context, stack, modules: parts.index, memory: parts.memory, maxFrames: options.maxFrames ?? MAX_WALK_FRAMES, knownFunction: options.knownFunction };
  if (context.kind === 'arm64') {
    const images = createArm64ImageCache(options.images ?? {}, problems);
    try {
      const walked = await walkArm64Thread({ ...common, images }, problems);
      return await Promise.all(walked.map((f) => toFrame(parts, { ...f, ip: f.regs.pc }, options.symbolize)));
    } finally {
      await images.close();
    }
  }
  if (context.kind === 'x86') {
    // The dump's own memory is always a source of x86 code bytes (full dumps hold the images).
    const images = createX86ImageCache({ memory: parts.memory, ...options.images }, problems);
    try {
      const walked = await walkX86Thread({ ...common, images, frameInfo: options.frameInfo }, problems);
      return await Promise.all(walked.map((f) => toFrame(parts, { ...f, ip: BigInt(f.regs.eip) }, options.symbolize)));
    } finally {
      await images.close();
    }
  }
  if (context.kind !== 'amd64') return walkStack(context, stack, parts.index, options.maxFrames);
  const images = createImageCache(options.images ?? {}, problems);
  try {
    const walked = await walkX64Thread({ ...common, images }, problems);
    return await Promise.all(walked.map((f) => toFrame(parts, { ...f, ip: f.regs.rip }, options.symbolize)));
  } finally {
    await images.close();
  }
}

/** What the model needs of a walked frame, whatever the CPU. */
interface FrameFacts {
  readonly ip: bigint;
  readonly trust: MinidumpFrame['trust'];
  readonly module: ParsedModule | null;
  readonly offset: bigint | null;
  readonly lookupRva: number | null;
}

async function toFrame<S>(parts: DumpParts, f: FrameFacts, symbolize: FrameSymbolizer<S> | undefined): Promise<ThreadFrame<S>> {
  const frame: MinidumpFrame = { address: hex(f.ip), module: f.module?.model.name ?? null, offset: f.offset === null ? null : hex(f.offset), trust: f.trust };
  if (!symbolize || !f.module || f.lookupRva === null) return frame;
  const symbol = await symbolize(parts.modules.indexOf(f.module), f.module.model, f.lookupRva);
  return symbol === null ? frame : { ...frame, symbol };
}

/** A walked thread: its frames and what went wrong on the way. */
export interface ThreadStack<S> {
  readonly threadId: number;
  readonly frames: readonly ThreadFrame<S>[];
  readonly problems: readonly string[];
}

/**
 * Opens a minidump and walks any thread by id (the crashing thread starts from the exception's
 * context, others from their own). Never throws: a missing thread or context is an error.
 */
export async function readThreadStack<S = never>(source: ByteSource, threadId: number, options: ThreadStackOptions<S> = {}): Promise<Result<ThreadStack<S>, string>> {
  const problems: string[] = [];
  try {
    const reader = await openDump(source, problems);
    if (typeof reader === 'string') return err(reader);
    const sys = await parseSystemInfo(reader, problems);
    const modules = await parseModuleList(reader, problems);
    const threads = await parseThreadList(reader, problems);
    const mem = await parseMemoryLists(reader, problems);
    const thread = threads.find((t) => t.id === threadId);
    if (!thread) return err(`the dump has no thread ${threadId}`);
    const arch = sys?.arch ?? 'other';
    const raw = await parseException(reader, problems);
    let context: CpuContext | string | null = null;
    if (raw && raw.threadId === threadId) context = await crashContext(reader, raw, thread, arch, problems);
    if (!context) {
      const bytes = thread.contextRva !== 0 ? await reader.bytes(thread.contextRva, thread.contextSize, MAX_CONTEXT_BYTES) : null;
      context = bytes ? parseContext(bytes, arch) : `thread ${threadId} has no CPU context`;
    }
    if (typeof context === 'string') return err(context);
    const parts: DumpParts = { reader, arch, memory: new MemoryReader(reader, mem.ranges), modules, index: new ModuleIndex(modules) };
    // Full dumps hold the module images: every thread's walk reads their unwind data there first.
    const frames = await walkThread(parts, thread, context, { ...options, images: { memory: parts.memory, ...options.images } }, problems);
    return ok({ threadId, frames, problems });
  } catch (error) {
    return err(`could not walk thread ${threadId}: ${messageOf(error)}`);
  }
}
