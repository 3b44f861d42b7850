import type { FrameTrust } from '../../../../shared/minidump-model';
import type { CpuContext } from '../minidump/context';
import type { MemoryReader } from '../minidump/memory-reader';
import type { ModuleIndex } from '../minidump/module-index';
import type { ParsedModule } from '../minidump/parse-modules';
import type { StackImage } from '../minidump/stack-walk';
import type { PdbFrameInfo } from '../pdb/frame-data';
import { CALL_WINDOW, followsCall } from './call-site';
import { readRva } from '../pe/pe-image';
import { createImageCacheFor, type ImageCache, type ImageSources } from './unwind-images';
import { unwindByFrameInfo, type X86Registers } from './x86-frame-info';
import { lookupRvaOf, walkFrames } from './walk-thread';

/** Words scanned for a return address: 4×40 from a context or cfi frame, else 40 (as rust-minidump). */
const SCAN_WORDS_LONG = 160;
const SCAN_WORDS = 40;
/** Words pointing into a module's first bytes are module handles (headers), not return addresses. */
const MIN_CODE_OFFSET = 0x200;
const MAX_PROBLEMS = 16;
/** Byte windows tried before a candidate return address, longest first (E8 rel32 needs 5, FF /2 2). */
const CALL_WINDOWS = [CALL_WINDOW, 6, 5, 3, 2];

/** Re-exported so callers need only this file. */
export type { X86Registers } from './x86-frame-info';

/** One frame of an x86 walk. */
export interface X86WalkedFrame {
  readonly regs: X86Registers;
  readonly trust: FrameTrust;
  readonly module: ParsedModule | null;
  /** eip − module base. */
  readonly offset: bigint | null;
  /** RVA looked up in frame data and symbols: the offset, minus one for return addresses. */
  readonly lookupRva: number | null;
}

/** An opened x86 image: only its code bytes are needed (x86 images carry no unwind tables). */
export interface X86Image {
  code(rva: number, length: number): Promise<Uint8Array>;
}

/** What the x86 walk may use. */
export interface X86WalkInputs {
  readonly context: CpuContext;
  readonly stack: StackImage | null;
  readonly modules: ModuleIndex;
  readonly memory: MemoryReader | null;
  readonly images: ImageCache<X86Image>;
  readonly maxFrames: number;
  readonly knownFunction?: (module: ParsedModule, rva: number) => boolean | null;
  /** FrameData / FPO record of a module's PDB at an RVA (the symbol seam), or null. */
  readonly frameInfo?: (module: ParsedModule, rva: number) => Promise<PdbFrameInfo | null>;
}

interface Walker {
  readonly inputs: X86WalkInputs;
  readonly problems: string[];
  readonly stackEnd: number;
  readU32(address: number): Promise<number | null>;
}

function note(w: Walker, problem: string): void {
  if (w.problems.length < MAX_PROBLEMS && !w.problems.includes(problem)) w.problems.push(problem);
}

function readerOf(stack: StackImage | null, memory: MemoryReader | null): (address: number) => Promise<number | null> {
  const dv = stack ? new DataView(stack.bytes.buffer, stack.bytes.byteOffset, stack.bytes.byteLength) : null;
  return async (address) => {
    const a = BigInt(address);
    if (stack && dv && a >= stack.base && a + 4n <= stack.base + BigInt(stack.bytes.length)) return dv.getUint32(Number(a - stack.base), true);
    const bytes = memory && address <= 0xfffffffc ? await memory.read(a, 4) : null;
    return bytes ? new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true) : null;
  };
}

function frameAt(w: Walker, regs: X86Registers, trust: FrameTrust): X86WalkedFrame {
  const hit = w.inputs.modules.find(BigInt(regs.eip));
  const offset = hit?.offset ?? null;
  return { regs, trust, module: hit?.module ?? null, offset, lookupRva: lookupRvaOf(offset, trust === 'context', 1n) };
}

function contextRegisters(context: CpuContext): X86Registers {
  const get = (name: string): number => Number(BigInt.asUintN(32, context.registers.find(([n]) => n === name)?.[1] ?? 0n));
  return { eip: Number(BigInt.asUintN(32, context.ip)), esp: get('esp'), ebp: get('ebp'), ebx: get('ebx'), esi: get('esi'), edi: get('edi') };
}

/**
 * Walks an x86 thread: per frame the module PDB's FrameData/FPO record (trust `cfi`), else the
 * ebp chain (`frame-pointer`), else a validated stack scan (`scan`). esp must grow strictly and
 * stay in the captured stack; at most maxFrames frames; never throws for bad data.
 */
export async function walkX86Thread(inputs: X86WalkInputs, problems: string[]): Promise<X86WalkedFrame[]> {
  const stack = inputs.stack;
  const stackEnd = stack ? Number(BigInt.asUintN(33, stack.base + BigInt(stack.bytes.length))) : 0;
  const w: Walker = { inputs, problems, stackEnd, readU32: readerOf(stack, inputs.memory) };
  return walkFrames(frameAt(w, contextRegisters(inputs.context), 'context'), stack ? inputs.maxFrames : 1, async (cur) =>
    (await byFrameInfo(w, cur)) ?? (await byFramePointer(w, cur)) ?? (await byScan(w, cur)),
  );
}

function grows(w: Walker, cur: X86WalkedFrame, regs: X86Registers): boolean {
  return regs.esp > cur.regs.esp && regs.esp <= w.stackEnd;
}

async function byFrameInfo(w: Walker, cur: X86WalkedFrame): Promise<X86WalkedFrame | 'end' | null> {
  if (!cur.module || cur.lookupRva === null || !w.inputs.frameInfo) return null;
  const info = await w.inputs.frameInfo(cur.module, cur.lookupRva);
  if (!info) return null;
  const where = `${cur.module.model.name}+0x${cur.lookupRva.toString(16)}`;
  const step = await unwindByFrameInfo(info, cur.regs, { read: w.readU32, plausibleReturn: (a) => plausibleReturn(w, a) });
  if (step.kind === 'failed') {
    note(w, `frame data: ${where}: ${step.problem}`);
    return null;
  }
  if (step.regs.eip === 0) return 'end';
  if (!grows(w, cur, step.regs) || !w.inputs.modules.find(BigInt(step.regs.eip))) {
    note(w, `frame data: ${where}: the program gave an implausible caller`);
    return null;
  }
  return frameAt(w, step.regs, 'cfi');
}

/** Whether `address` passes as a return address: in a module, past its headers, inside a known function, after a call. */
async function plausibleReturn(w: Walker, address: number): Promise<boolean> {
  const hit = w.inputs.modules.find(BigInt(address));
  if (!hit || hit.offset < BigInt(MIN_CODE_OFFSET)) return false;
  const rva = Number(hit.offset);
  if (w.inputs.knownFunction?.(hit.module, rva - 1) === false) return false;
  const image = await w.inputs.images.get(hit.module);
  if (!image) return true;
  // x86 call forms are the x64 ones without REX: E8 rel32, FF /2 (FF 15 disp32 is absolute here).
  // Shorter windows near a section's start; no readable code before it means no call made it.
  for (const window of CALL_WINDOWS) {
    if (rva < window) continue;
    const before = await image.code(rva - window, window);
    if (before.length === window) return followsCall(before);
  }
  return false;
}

async function byFramePointer(w: Walker, cur: X86WalkedFrame): Promise<X86WalkedFrame | 'end' | null> {
  const { ebp, esp } = cur.regs;
  if (ebp < esp || ebp % 4 !== 0 || ebp + 8 > w.stackEnd) return null;
  const saved = await w.readU32(ebp);
  const ret = await w.readU32(ebp + 4);
  // An all-zero frame record is where the thread's first frame put its ebp: the walk is done.
  if (saved === 0 && ret === 0) return 'end';
  if (saved === null || ret === null || ret === 0) return null;
  // The chain runs up the stack (or ends in 0); anything else is not a frame pointer.
  if (saved !== 0 && (saved <= ebp || saved >= w.stackEnd)) return null;
  if (!(await plausibleReturn(w, ret))) return null;
  const regs = { ...cur.regs, eip: ret, esp: ebp + 8, ebp: saved };
  return grows(w, cur, regs) ? frameAt(w, regs, 'frame-pointer') : null;
}

async function byScan(w: Walker, cur: X86WalkedFrame): Promise<X86WalkedFrame | null> {
  const sp = cur.regs.esp;
  const start = sp - (sp % 4);
  const count = cur.trust === 'context' || cur.trust === 'cfi' ? SCAN_WORDS_LONG : SCAN_WORDS;
  for (let i = 0; i < count; i++) {
    const at = start + i * 4;
    if (at + 4 > w.stackEnd) return null;
    const word = await w.readU32(at);
    if (word === null) return null;
    if (word === 0 || !(await plausibleReturn(w, word))) continue;
    // The callee's saved ebp often sits right below its return address (push ebp; mov ebp, esp).
    const below = at > sp ? await w.readU32(at - 4) : null;
    const ebp = below !== null && below > at && below < w.stackEnd ? below : cur.regs.ebp;
    const regs = { ...cur.regs, eip: word, esp: at + 4, ebp };
    if (grows(w, cur, regs)) return frameAt(w, regs, 'scan');
  }
  return null;
}

/** Creates the per-walk cache of x86 images (same sources and order as the other walkers). */
export function createX86ImageCache(sources: ImageSources, problems: string[]): ImageCache<X86Image> {
  return createImageCacheFor(sources, problems, { arch: 'x86', wrap: async (image) => ({ code: (rva, length) => readRva(image, rva, length) }), hasFunctions: () => true });
}
