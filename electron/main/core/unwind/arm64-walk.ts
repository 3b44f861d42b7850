import type { FrameTrust } from '../../../../shared/minidump-model';
import type { CpuContext } from '../minidump/context';
import type { MemoryReader } from '../minidump/memory-reader';
import type { ModuleIndex } from '../minidump/module-index';
import type { ParsedModule } from '../minidump/parse-modules';
import type { StackImage } from '../minidump/stack-walk';
import type { Arm64UnwindImage } from './arm64-images';
import { FP, LR, arm64RegistersFromContext, stripPac, withSpPc, withX, type Arm64Registers } from './arm64-registers';
import { unwindArm64Step } from './arm64-unwind';
import type { ImageCache } from './unwind-images';
import { lookupRvaOf, MAX_WALK_FRAMES, processMemory, walkFrames } from './walk-thread';
import type { ProcessMemory } from './x64-registers';

/** Words scanned for a return address: 4×40 from a context or cfi frame, else 40 (as the amd64 walker). */
const SCAN_WORDS_LONG = 160;
const SCAN_WORDS = 40;
/** Words pointing into a module's first bytes are module handles (headers), not return addresses. */
const MIN_CODE_OFFSET = 0x200n;
/** Problems kept per walk (a hostile dump could fail every frame). */
const MAX_PROBLEMS = 16;

/** One frame of an arm64 walk: its registers, how it was found, and where its pc is. */
export interface Arm64WalkedFrame {
  readonly regs: Arm64Registers;
  readonly trust: FrameTrust;
  /** Frame 0 and interrupted frames: pc is the exact instruction, not a return address. */
  readonly exactIp: boolean;
  readonly module: ParsedModule | null;
  /** pc − module base (the frame's offset as shown). */
  readonly offset: bigint | null;
  /**
   * The RVA looked up in unwind data and symbols: the offset, minus 4 for return addresses. ARM64
   * instructions are 4 bytes, so pc − 4 is the BL itself (amd64 uses − 1, which lands inside its
   * call); either way a call that ends a function is looked up in that function, not the next.
   */
  readonly lookupRva: number | null;
}

/** What the arm64 walk may use; images come from the per-walk cache. */
export interface Arm64WalkInputs {
  readonly context: CpuContext;
  readonly stack: StackImage | null;
  readonly modules: ModuleIndex;
  /** Other captured memory (saved registers outside the stack image), or null. */
  readonly memory: MemoryReader | null;
  readonly images: ImageCache<Arm64UnwindImage>;
  readonly maxFrames?: number;
  /** Function knowledge from symbols for validating scanned return addresses (see X64WalkInputs). */
  readonly knownFunction?: (module: ParsedModule, rva: number) => boolean | null;
}

interface Walker {
  readonly inputs: Arm64WalkInputs;
  readonly memory: ProcessMemory;
  readonly problems: string[];
  readonly stackEnd: bigint;
}

function note(w: Walker, problem: string): void {
  if (w.problems.length < MAX_PROBLEMS && !w.problems.includes(problem)) w.problems.push(problem);
}

function frameAt(w: Walker, regs: Arm64Registers, trust: FrameTrust, exactIp: boolean): Arm64WalkedFrame {
  const hit = w.inputs.modules.find(regs.pc);
  const offset = hit?.offset ?? null;
  return { regs, trust, exactIp, module: hit?.module ?? null, offset, lookupRva: lookupRvaOf(offset, exactIp, 4n) };
}

/**
 * Walks an arm64 thread: per frame the image's unwind data (.pdata packed or .xdata, trust `cfi`),
 * else the x29 frame-record chain (`frame-pointer`), else a validated stack scan (`scan`). sp must
 * grow (a leaf at frame 0 may keep it) and stay in the captured stack; never throws for bad data.
 */
export async function walkArm64Thread(inputs: Arm64WalkInputs, problems: string[]): Promise<Arm64WalkedFrame[]> {
  const stack = inputs.stack;
  const w: Walker = { inputs, memory: processMemory(stack, inputs.memory), problems, stackEnd: stack ? stack.base + BigInt(stack.bytes.length) : 0n };
  const first = frameAt(w, arm64RegistersFromContext(inputs.context.registers, inputs.context.ip), 'context', true);
  return walkFrames(first, stack ? (inputs.maxFrames ?? MAX_WALK_FRAMES) : 1, async (cur) =>
    (await byUnwindData(w, cur)) ?? (await byFramePointer(w, cur)) ?? (await byScan(w, cur)),
  );
}

/** Whether a caller's registers are plausible: sp grows (or, from an exact pc, stays with a new pc) inside the stack. */
function grows(w: Walker, cur: Arm64WalkedFrame, regs: Arm64Registers): boolean {
  if (regs.sp > w.stackEnd) return false;
  return regs.sp > cur.regs.sp || (cur.exactIp && regs.sp === cur.regs.sp && regs.pc !== cur.regs.pc);
}

async function byUnwindData(w: Walker, cur: Arm64WalkedFrame): Promise<Arm64WalkedFrame | 'end' | null> {
  if (!cur.module || cur.lookupRva === null) return null;
  const image = await w.inputs.images.get(cur.module);
  if (!image) return null;
  const unwind = await image.unwindAt(cur.lookupRva);
  // Only an exact pc can be in a leaf: a caller without .pdata cannot have made a call.
  if (!unwind && !cur.exactIp) return null;
  const where = `${cur.module.model.name}+0x${cur.lookupRva.toString(16)}`;
  const step = await unwindArm64Step({ regs: cur.regs, ipRva: Number(cur.offset), unwind, memory: w.memory, exactIp: cur.exactIp });
  if (step.kind === 'failed') {
    note(w, `unwind: ${where}: ${step.problem}`);
    return null;
  }
  // A zero return address ends the thread's stack (its first function was started by the system).
  if (step.regs.pc === 0n) return 'end';
  if (!grows(w, cur, step.regs)) return null;
  if (!w.inputs.modules.find(step.regs.pc)) return null;
  return frameAt(w, step.regs, 'cfi', step.via === 'machine-frame');
}

/** Whether a 32-bit instruction is BL, BLR or an authenticating BLRAA/BLRAB(Z). */
export function isArm64Call(insn: number): boolean {
  const i = insn >>> 0;
  return (i & 0xfc000000) >>> 0 === 0x94000000 || (i & 0xfffffc1f) >>> 0 === 0xd63f0000 || (i & 0xfefff800) >>> 0 === 0xd63f0800;
}

/** Whether `address` passes as a return address: in a module, past its headers, inside a known function, after a BL/BLR. */
async function plausibleReturn(w: Walker, address: bigint): Promise<boolean> {
  if (address % 4n !== 0n) return false;
  const hit = w.inputs.modules.find(address);
  if (!hit || hit.offset < MIN_CODE_OFFSET || hit.offset > 0xffffffffn) return false;
  const rva = Number(hit.offset) - 4;
  const known = w.inputs.knownFunction?.(hit.module, rva) ?? null;
  if (known === false) return false;
  const image = await w.inputs.images.get(hit.module);
  if (!image) return true;
  if (known === null && image.table.functions.length > 0) {
    const fn = await image.unwindAt(rva);
    if (!fn) return false;
  }
  const before = await image.code(rva, 4);
  return before.length < 4 || isArm64Call(new DataView(before.buffer, before.byteOffset, 4).getUint32(0, true));
}

async function byFramePointer(w: Walker, cur: Arm64WalkedFrame): Promise<Arm64WalkedFrame | null> {
  const fp = cur.regs.x[FP]!;
  if (fp < cur.regs.sp || fp % 8n !== 0n || fp + 16n > w.stackEnd) return null;
  const saved = await w.memory.readU64(fp);
  const raw = await w.memory.readU64(fp + 8n);
  if (saved === null || raw === null || raw === 0n) return null;
  // The chain runs up the stack (or ends in 0); anything else is not a frame record.
  if (saved !== 0n && (saved <= fp || saved >= w.stackEnd)) return null;
  const ret = stripPac(raw);
  if (!(await plausibleReturn(w, ret))) return null;
  // The record sits at the bottom of the caller's view of this frame: sp at least fp + 16.
  const regs = withSpPc(withX(cur.regs, [[FP, saved], [LR, ret]]), fp + 16n, ret);
  return grows(w, cur, regs) ? frameAt(w, regs, 'frame-pointer', false) : null;
}

async function byScan(w: Walker, cur: Arm64WalkedFrame): Promise<Arm64WalkedFrame | null> {
  const sp = cur.regs.sp;
  // An exact pc with no usable unwind data may still be in a leaf: lr is the first candidate.
  if (cur.exactIp) {
    const lr = stripPac(cur.regs.x[LR]!);
    if (lr !== cur.regs.pc && (await plausibleReturn(w, lr))) {
      const regs = withSpPc(cur.regs, sp, lr);
      if (grows(w, cur, regs)) return frameAt(w, regs, 'scan', false);
    }
  }
  const start = sp - (sp % 8n);
  const count = cur.trust === 'context' || cur.trust === 'cfi' ? SCAN_WORDS_LONG : SCAN_WORDS;
  for (let i = 0; i < count; i++) {
    const at = start + BigInt(i) * 8n;
    if (at + 8n > w.stackEnd) return null;
    const raw = await w.memory.readU64(at);
    if (raw === null) return null;
    const word = stripPac(raw);
    if (word === 0n || !(await plausibleReturn(w, word))) continue;
    // A return address found on the stack is usually the lr of a frame record {fp, lr}.
    const below = at > sp ? await w.memory.readU64(at - 8n) : null;
    const fp = below !== null && below > at && below < w.stackEnd ? below : cur.regs.x[FP]!;
    const regs = withSpPc(withX(cur.regs, [[FP, fp], [LR, word]]), at + 8n, word);
    if (grows(w, cur, regs)) return frameAt(w, regs, 'scan', false);
  }
  return null;
}
