/**
 * The crashing thread's kernel stack: the context's frame, then a scan of the saved stack bytes
 * for values that lie in a loaded driver (trust `scan`: data pointers into a driver show up too).
 * A `KernelStackWalker` (the x64/arm64 unwinders with the drivers' images, kernel-walk.ts) can
 * replace the scan; when it returns null the scan is used.
 */
import type { KernelFrame } from '../../../../shared/kernel-dump-model';
import { ByteView, hex } from '../minidump/binary';
import type { CpuContext } from '../minidump/context';
import { type DriverIndex, offsetText } from './driver-index';
import type { ParsedDriver } from './triage-drivers';

/** The saved stack: its first byte's address and its bytes. */
export interface SavedStack {
  readonly base: bigint;
  readonly bytes: Uint8Array;
}

/** What a stack walker gets: the crash context, the saved stack and the drivers. */
export interface KernelStackInput {
  readonly context: CpuContext;
  readonly stack: SavedStack | null;
  /** Address → driver lookup over `driverList`. */
  readonly drivers: DriverIndex;
  /** The loaded drivers with their timestamps and sizes (what finds their images). */
  readonly driverList: readonly ParsedDriver[];
  readonly pointerSize: 4 | 8;
}

/** Seam for a real unwinder: frames, or null to fall back to the scan. */
export type KernelStackWalker = (input: KernelStackInput) => Promise<readonly KernelFrame[] | null> | readonly KernelFrame[] | null;

/** Scanned frames beyond this add noise, not information (BlueScreenView shows 3). */
export const MAX_SCANNED_FRAMES = 64;

/** One frame for an address. */
function frameAt(address: bigint, drivers: DriverIndex, trust: KernelFrame['trust']): KernelFrame {
  const hit = drivers.find(address);
  return { address: hex(address), module: hit?.name ?? null, offset: offsetText(hit), trust };
}

/**
 * Scans from the stack pointer (or the start of the saved bytes when the pointer is outside
 * them) at pointer-size steps, keeping values inside a driver.
 */
export function scanKernelStack(input: KernelStackInput): KernelFrame[] {
  const { context, stack, drivers, pointerSize } = input;
  const frames: KernelFrame[] = [frameAt(context.ip, drivers, 'context')];
  if (!stack) return frames;
  const view = new ByteView(stack.bytes);
  const end = stack.base + BigInt(stack.bytes.length);
  let start = context.sp >= stack.base && context.sp < end ? Number(context.sp - stack.base) : 0;
  start -= start % pointerSize;
  for (let at = start; at + pointerSize <= stack.bytes.length && frames.length <= MAX_SCANNED_FRAMES; at += pointerSize) {
    const value = pointerSize === 8 ? view.u64(at) : BigInt(view.u32(at));
    if (drivers.find(value)) frames.push(frameAt(value, drivers, 'scan'));
  }
  return frames;
}

/** Frames from the walker when it gives some, else the scan (also when the walker fails). */
export async function kernelStack(input: KernelStackInput, walker?: KernelStackWalker): Promise<readonly KernelFrame[]> {
  let walked: readonly KernelFrame[] | null = null;
  try {
    walked = walker ? await walker(input) : null;
  } catch {
    // A walker bug must not cost the user the crash facts: the scan still answers.
    walked = null;
  }
  return walked && walked.length > 0 ? walked : scanKernelStack(input);
}
