/**
 * Crash facts of a complete or bitmap kernel dump (MEMORY.DMP, live kernel dumps): the driver
 * list walked from PsLoadedModuleList, the crashing thread's stack read at the context's stack
 * pointer, and the driver at fault, all through positional page reads. The page walk follows
 * the machine: x64, arm64, x86 with or without PAE (address-space.ts).
 */
import type { KernelDumpSummary, KernelFrame } from '../../../../shared/kernel-dump-model';
import type { ByteSource } from '../minidump/byte-source';
import type { CpuContext } from '../minidump/context';
import { addressSpaceOf } from './address-space';
import { causedBy } from './caused-by';
import { DriverIndex } from './driver-index';
import type { HeaderLayout } from './kernel-layout';
import { kernelStack, type KernelStackWalker } from './kernel-stack';
import { walkLoadedModules } from './loaded-modules';
import { bitmapReader, PAGE_SIZE, type PhysicalMemory, physicalRuns, runsReader } from './physical-memory';
import type { VirtualMemory } from './virtual-memory';

/** Kernel stack bytes read from the stack pointer (a kernel stack is 24 to 72 KiB). */
const STACK_BYTES = 16 * 1024;
const DUMP_TYPE_FULL = 1;
const BITMAP_TYPES: ReadonlySet<number> = new Set([2, 5, 6]);

/** What the memory gives: drivers, stack and culprit (empty when memory cannot be read). */
export type MemoryFacts = Pick<KernelDumpSummary, 'drivers' | 'stack' | 'causedBy'>;

async function physicalOf(source: ByteSource, head: Uint8Array, summary: KernelDumpSummary, layout: HeaderLayout, problems: string[]): Promise<PhysicalMemory | null> {
  const type = summary.dumpType?.value ?? 0;
  if (type === DUMP_TYPE_FULL) {
    const runs = physicalRuns(head, layout, summary.fileSize, problems);
    return runs ? runsReader(source, runs) : null;
  }
  if (BITMAP_TYPES.has(type)) return bitmapReader(source, layout, type, problems);
  return null;
}

/** Reads the stack page by page from the stack pointer until STACK_BYTES or an unmapped page. */
async function stackBytes(memory: VirtualMemory, sp: bigint): Promise<Uint8Array | null> {
  const parts: Uint8Array[] = [];
  let at = sp;
  let total = 0;
  while (total < STACK_BYTES) {
    const n = Math.min(STACK_BYTES - total, PAGE_SIZE - Number(at & 0xfffn));
    const bytes = await memory.read(at, n);
    if (!bytes) break;
    parts.push(bytes);
    total += n;
    at += BigInt(n);
  }
  if (total === 0) return null;
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Reads drivers, stack and culprit of a complete or bitmap dump; `head` is the header's bytes.
 * Returns null (with a problem when useful) when the dump type or machine is not walked.
 */
export async function readMemoryFacts(
  source: ByteSource,
  head: Uint8Array,
  summary: KernelDumpSummary,
  layout: HeaderLayout,
  context: CpuContext | null,
  walker: KernelStackWalker | undefined,
  problems: string[],
): Promise<MemoryFacts | null> {
  const type = summary.dumpType?.value ?? 0;
  if (type !== DUMP_TYPE_FULL && !BITMAP_TYPES.has(type)) return null;
  const addressSpace = addressSpaceOf(summary, layout, head, problems);
  if (!addressSpace) return null;
  const physical = await physicalOf(source, head, summary, layout, problems);
  if (!physical) return null;
  const memory = addressSpace(physical);
  const drivers = await walkLoadedModules(memory, BigInt(summary.psLoadedModuleList), layout.bits, problems);
  const index = new DriverIndex(drivers);
  let stack: readonly KernelFrame[] = [];
  if (context) {
    const bytes = await stackBytes(memory, context.sp);
    stack = await kernelStack({ context, stack: bytes ? { base: context.sp, bytes } : null, drivers: index, driverList: drivers, pointerSize: layout.bits === 64 ? 8 : 4 }, walker);
  }
  const blame = causedBy({
    crashAddress: context?.ip ?? null,
    stack,
    bugCheckCode: Number(BigInt(summary.bugCheck.code)),
    parameters: summary.bugCheck.parameters.map((p) => BigInt(p)),
    drivers: index,
    unloaded: new DriverIndex([]),
  });
  return { drivers: drivers.map((d) => d.info), stack, causedBy: blame };
}
