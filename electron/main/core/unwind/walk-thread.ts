import type { FrameTrust } from '../../../../shared/minidump-model';
import type { CpuContext } from '../minidump/context';
import type { MemoryReader } from '../minidump/memory-reader';
import type { ModuleIndex } from '../minidump/module-index';
import type { ParsedModule } from '../minidump/parse-modules';
import type { StackImage } from '../minidump/stack-walk';
import { CALL_WINDOW, followsCall } from './call-site';
import type { ImageCache, UnwindImage } from './unwind-images';
import { unwindX64Step } from './x64-unwind';
import { RBP, RSP, registersFromContext, type ProcessMemory, type X64Registers, withRegister, withSpIp } from './x64-registers';

/** Most frames of one walk (the summary's default). */
export const MAX_WALK_FRAMES = 64;
/** Words scanned for a return address: 4×40 from a context or cfi frame, else 40 (as rust-minidump). */
const SCAN_WORDS_LONG = 160;
const SCAN_WORDS = 40;
/** Words pointing into a module's first bytes are module handles (headers), not return addresses. */
const MIN_CODE_OFFSET = 0x200n;
/** Problems kept per walk (a hostile dump could fail every frame). */
const MAX_PROBLEMS = 16;

/** One frame of a walk: its registers, how it was found, and where its ip is. */
export interface WalkedFrame {
  readonly regs: X64Registers;
  readonly trust: FrameTrust;
  /** Frame 0 and interrupted frames: rip is the exact instruction, not a return address. */
  readonly exactIp: boolean;
  readonly module: ParsedModule | null;
  /** rip − module base (the frame's offset as shown). */
  readonly offset: bigint | null;
  /** The RVA looked up in unwind data and symbols: the offset, minus one for return addresses. */
  readonly lookupRva: number | null;
}

/** What the walk may use; images come from the per-walk cache. */
export interface X64WalkInputs {
  readonly context: CpuContext;
  readonly stack: StackImage | null;
  readonly modules: ModuleIndex;
  /** Other captured memory (machine frames, saved registers outside the stack image), or null. */
  readonly memory: MemoryReader | null;
  readonly images: ImageCache;
  readonly maxFrames?: number;
  /**
   * Extra knowledge of functions for validating scanned return addresses (symbols, later): true
   * when `rva` is inside a known function, false when known to be outside any, null when unknown.
   */
  readonly knownFunction?: (module: ParsedModule, rva: number) => boolean | null;
}

/** Stack bytes first, then any other dump memory; reads never leave the captured bytes. */
export function processMemory(stack: StackImage | null, memory: MemoryReader | null): ProcessMemory {
  const dv = stack ? new DataView(stack.bytes.buffer, stack.bytes.byteOffset, stack.bytes.byteLength) : null;
  return {
    async readU64(address) {
      if (stack && dv && address >= stack.base && address + 8n <= stack.base + BigInt(stack.bytes.length)) {
        return dv.getBigUint64(Number(address - stack.base), true);
      }
      const bytes = memory ? await memory.read(address, 8) : null;
      return bytes ? new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true) : null;
    },
  };
}

interface Walker {
  readonly inputs: X64WalkInputs;
  readonly memory: ProcessMemory;
  readonly problems: string[];
  readonly stackEnd: bigint;
}

function note(w: Walker, problem: string): void {
  if (w.problems.length < MAX_PROBLEMS && !w.problems.includes(problem)) w.problems.push(problem);
}

/**
 * The RVA a frame is looked up at (symbols, unwind data): the exact ip for frame 0 and after a
 * machine frame, else `back` bytes before the return address, inside the call instruction (1 on
 * x86/x64, 4 on arm64); null outside a module or beyond 32 bits.
 */
export function lookupRvaOf(offset: bigint | null, exactIp: boolean, back: bigint): number | null {
  if (offset === null) return null;
  const lookup = offset - (exactIp || offset < back ? 0n : back);
  return lookup > 0xffffffffn ? null : Number(lookup);
}

/**
 * The walk every CPU shares: from `first`, ask `step` for each caller until it ends the walk
 * ('end'), finds none (null), or `max` frames are reached.
 */
export async function walkFrames<F>(first: F, max: number, step: (cur: F) => Promise<F | 'end' | null>): Promise<F[]> {
  const frames = [first];
  while (frames.length < Math.max(1, max)) {
    const next = await step(frames[frames.length - 1]!);
    if (next === 'end' || next === null) break;
    frames.push(next);
  }
  return frames;
}

function frameAt(w: Walker, regs: X64Registers, trust: FrameTrust, exactIp: boolean): WalkedFrame {
  const hit = w.inputs.modules.find(regs.rip);
  const offset = hit?.offset ?? null;
  return { regs, trust, exactIp, module: hit?.module ?? null, offset, lookupRva: lookupRvaOf(offset, exactIp, 1n) };
}

/**
 * Walks an amd64 thread: per frame the image's unwind data (.pdata/.xdata, trust `cfi`), else the
 * rbp chain (`frame-pointer`), else a validated stack scan (`scan`). The stack pointer must grow
 * strictly and stay in the captured stack; at most maxFrames frames; never throws for bad data.
 */
export async function walkX64Thread(inputs: X64WalkInputs, problems: string[]): Promise<WalkedFrame[]> {
  const stack = inputs.stack;
  const w: Walker = { inputs, memory: processMemory(stack, inputs.memory), problems, stackEnd: stack ? stack.base + BigInt(stack.bytes.length) : 0n };
  const first = frameAt(w, registersFromContext(inputs.context.registers, inputs.context.ip), 'context', true);
  return walkFrames(first, stack ? (inputs.maxFrames ?? MAX_WALK_FRAMES) : 1, async (cur) =>
    (await byUnwindData(w, cur)) ?? (await byFramePointer(w, cur)) ?? (await byScan(w, cur)),
  );
}

/** Whether a caller's registers are plausible: sp grows and stays in the stack. */
function grows(w: Walker, cur: WalkedFrame, regs: X64Registers): boolean {
  const sp = regs.gpr[RSP]!;
  return sp > cur.regs.gpr[RSP]! && sp <= w.stackEnd;
}

async function byUnwindData(w: Walker, cur: WalkedFrame): Promise<WalkedFrame | 'end' | null> {
  if (!cur.module || cur.lookupRva === null) return null;
  const image = await w.inputs.images.get(cur.module);
  if (!image) return null;
  const fn = image.functionAt(cur.lookupRva);
  // Only an exact ip can be in a leaf: a caller without .pdata cannot have made a call.
  if (!fn && !cur.exactIp) return null;
  const unwind = fn ? await image.unwindOf(fn) : null;
  if (unwind && unwind.links.length === 0) {
    note(w, `unwind: ${cur.module.model.name}+0x${cur.lookupRva.toString(16)}: ${unwind.problems[0] ?? 'no usable unwind info'}`);
    return null;
  }
  const ipRva = Number(cur.offset);
  const step = await unwindX64Step({ regs: cur.regs, ipRva, unwind, memory: w.memory, code: image.code, exactIp: cur.exactIp });
  if (step.kind === 'failed') {
    note(w, `unwind: ${cur.module.model.name}+0x${ipRva.toString(16)}: ${step.problem}`);
    return null;
  }
  // A zero return address ends the thread's stack (its first function was started by the system).
  if (step.regs.rip === 0n) return 'end';
  if (!grows(w, cur, step.regs)) return null;
  if (!w.inputs.modules.find(step.regs.rip)) return null;
  return frameAt(w, step.regs, 'cfi', step.via === 'machine-frame');
}

/** Whether `address` passes as a return address: in a module, past its headers, inside a known function, after a call. */
async function plausibleReturn(w: Walker, address: bigint): Promise<boolean> {
  const hit = w.inputs.modules.find(address);
  if (!hit || hit.offset < MIN_CODE_OFFSET || hit.offset > 0xffffffffn) return false;
  const rva = Number(hit.offset);
  const known = w.inputs.knownFunction?.(hit.module, rva - 1) ?? null;
  if (known === false) return false;
  const image: UnwindImage | null = await w.inputs.images.get(hit.module);
  if (!image) return true;
  if (known === null && image.table.functions.length > 0 && !image.functionAt(rva - 1)) return false;
  const before = await image.code(rva - CALL_WINDOW, CALL_WINDOW);
  return before.length < CALL_WINDOW || followsCall(before);
}

async function byFramePointer(w: Walker, cur: WalkedFrame): Promise<WalkedFrame | null> {
  const fp = cur.regs.gpr[RBP]!;
  const sp = cur.regs.gpr[RSP]!;
  if (fp < sp || fp % 8n !== 0n || fp + 16n > w.stackEnd) return null;
  const saved = await w.memory.readU64(fp);
  const ret = await w.memory.readU64(fp + 8n);
  if (saved === null || ret === null || ret === 0n) return null;
  // The chain runs up the stack (or ends in 0); anything else is not a frame pointer.
  if (saved !== 0n && (saved <= fp || saved >= w.stackEnd)) return null;
  if (!(await plausibleReturn(w, ret))) return null;
  const regs = withSpIp(withRegister(cur.regs, RBP, saved), fp + 16n, ret);
  return grows(w, cur, regs) ? frameAt(w, regs, 'frame-pointer', false) : null;
}

async function byScan(w: Walker, cur: WalkedFrame): Promise<WalkedFrame | null> {
  const sp = cur.regs.gpr[RSP]!;
  const start = sp - (sp % 8n);
  const count = cur.trust === 'context' || cur.trust === 'cfi' ? SCAN_WORDS_LONG : SCAN_WORDS;
  for (let i = 0; i < count; i++) {
    const at = start + BigInt(i) * 8n;
    if (at + 8n > w.stackEnd) return null;
    const word = await w.memory.readU64(at);
    if (word === null) return null;
    if (word === 0n || !(await plausibleReturn(w, word))) continue;
    // The callee's saved rbp often sits right below its return address.
    const below = at > sp ? await w.memory.readU64(at - 8n) : null;
    const fp = below !== null && below > at && below < w.stackEnd ? below : cur.regs.gpr[RBP]!;
    const regs = withSpIp(withRegister(cur.regs, RBP, fp), at + 8n, word);
    if (grows(w, cur, regs)) return frameAt(w, regs, 'scan', false);
  }
  return null;
}
