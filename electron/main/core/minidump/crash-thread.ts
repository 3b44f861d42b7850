import type { MinidumpArch } from '../../../../shared/minidump-model';
import { parseContext, type CpuContext } from './context';
import type { DumpReader } from './dump-reader';
import { MAX_MEMORY_READ, type MemoryReader } from './memory-reader';
import { MAX_CONTEXT_BYTES, type RawException } from './parse-exception';
import type { RawThread } from './parse-threads';
import type { StackImage } from './stack-walk';

/** Largest classic CONTEXT (AMD64, 1232 bytes): enough for every layout's registers. */
const CLASSIC_CONTEXT_BYTES = 1232;
/** Stack bytes read for the walk at most (scanning never looks further than a few KB anyway). */
const MAX_STACK_BYTES = 1024 * 1024;

/** The crashing thread's CPU context: the exception's own, else the thread's from ThreadList. */
export async function crashContext(
  reader: DumpReader,
  raw: RawException,
  thread: RawThread | undefined,
  arch: MinidumpArch,
  problems: string[],
): Promise<CpuContext | null> {
  let bytes = raw.context;
  if (!bytes && thread && thread.contextRva !== 0) {
    bytes = await reader.bytes(thread.contextRva, thread.contextSize, MAX_CONTEXT_BYTES);
  }
  if (!bytes) {
    problems.push(`exception: no CPU context for thread ${raw.threadId}`);
    return null;
  }
  const ctx = parseContext(bytes, arch);
  if (typeof ctx === 'string') {
    problems.push(`exception: ${ctx}`);
    return null;
  }
  return ctx;
}

/**
 * The crashing thread's stack bytes: at the ThreadList RVA when it is valid, else found by address
 * in MemoryList / Memory64List (full dumps leave the RVA 0). Falls back to the memory at SP when
 * the descriptor does not cover it.
 */
export async function loadStackImage(
  reader: DumpReader,
  memory: MemoryReader,
  thread: RawThread | undefined,
  sp: bigint,
): Promise<StackImage | null> {
  const size = Math.min(thread?.stackSize ?? 0, MAX_STACK_BYTES);
  let image: StackImage | null = null;
  if (thread && size > 0 && thread.stackRva !== 0) {
    const bytes = await reader.bytes(thread.stackRva, size, MAX_MEMORY_READ);
    if (bytes) image = { base: thread.stackStart, bytes };
  }
  if (!image && thread && size > 0) {
    const bytes = await memory.readFrom(thread.stackStart, size);
    if (bytes) image = { base: thread.stackStart, bytes };
  }
  const covers = image !== null && sp >= image.base && sp < image.base + BigInt(image.bytes.length);
  if (!covers) {
    const bytes = await memory.readFrom(sp, MAX_STACK_BYTES);
    if (bytes) image = { base: sp, bytes };
  }
  return image;
}

/** Instruction pointers of the threads' own contexts (thread id → ip); unreadable contexts are skipped. */
export async function threadInstructionPointers(
  reader: DumpReader,
  threads: readonly RawThread[],
  arch: MinidumpArch,
): Promise<Map<number, bigint>> {
  const ips = new Map<number, bigint>();
  for (const t of threads) {
    if (t.contextRva === 0 || t.contextSize === 0) continue;
    // Only the classic part holds the registers: never read a (possibly bogus) XSAVE tail per thread.
    const bytes = await reader.bytes(t.contextRva, Math.min(t.contextSize, CLASSIC_CONTEXT_BYTES), MAX_CONTEXT_BYTES);
    const ctx = bytes ? parseContext(bytes, arch) : null;
    if (ctx && typeof ctx !== 'string') ips.set(t.id, ctx.ip);
  }
  return ips;
}
