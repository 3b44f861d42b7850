import type { FrameTrust, MinidumpFrame } from '../../../../shared/minidump-model';
import { hex } from './binary';
import { pointerSize, type CpuContext } from './context';
import type { ModuleIndex } from './module-index';

/** Most frames produced for one thread. */
export const MAX_FRAMES = 64;
/** Words scanned per frame (rust-minidump / breakpad limits: 4×40 from the context frame, else 40). */
const SCAN_WORDS_FIRST = 160;
const SCAN_WORDS = 40;
/** Scanned words pointing into a module's first bytes are module handles (headers), not return addresses. */
const MIN_SCAN_OFFSET = 0x200n;

/** The captured stack bytes of a thread and the address they start at. */
export interface StackImage {
  readonly base: bigint;
  readonly bytes: Uint8Array;
}

interface Step {
  readonly ip: bigint;
  readonly sp: bigint;
  readonly fp: bigint;
  readonly trust: FrameTrust;
}

/** Reads pointer-sized little-endian words from the stack image (null outside it). */
class StackWords {
  private readonly dv: DataView;
  private readonly end: bigint;

  constructor(
    private readonly image: StackImage,
    readonly size: 4 | 8,
  ) {
    this.dv = new DataView(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength);
    this.end = image.base + BigInt(image.bytes.length);
  }

  /** Whether a whole word at `address` is captured. */
  has(address: bigint): boolean {
    return address >= this.image.base && address + BigInt(this.size) <= this.end;
  }

  word(address: bigint): bigint | null {
    if (!this.has(address)) return null;
    const at = Number(address - this.image.base);
    return this.size === 8 ? this.dv.getBigUint64(at, true) : BigInt(this.dv.getUint32(at, true));
  }
}

/**
 * Frame-pointer step: [fp] is the caller's fp, [fp + ptr] the return address, caller sp = fp + 2·ptr.
 * 'end' when the frame record is all zeros: the outermost frame of the thread.
 */
function byFramePointer(s: Step, words: StackWords, modules: ModuleIndex): Step | 'end' | null {
  const ptr = BigInt(words.size);
  if (s.fp < s.sp || s.fp % ptr !== 0n) return null;
  const savedFp = words.word(s.fp);
  const ret = words.word(s.fp + ptr);
  if (savedFp === 0n && ret === 0n) return 'end';
  if (savedFp === null || ret === null || !modules.contains(ret)) return null;
  // The chain must run up the stack (or end with 0); anything else is not a frame pointer.
  if (savedFp !== 0n && savedFp <= s.fp) return null;
  return { ip: ret, sp: s.fp + 2n * ptr, fp: savedFp, trust: 'frame-pointer' };
}

/** Scan step: the first word at or above sp that points into a module is taken as a return address. */
function byScan(s: Step, words: StackWords, modules: ModuleIndex, count: number): Step | null {
  const ptr = BigInt(words.size);
  const start = s.sp - (s.sp % ptr);
  for (let i = 0; i < count; i++) {
    const at = start + BigInt(i) * ptr;
    const w = words.word(at);
    if (w === null) return null;
    const hit = w === 0n ? null : modules.find(w);
    if (!hit || hit.offset < MIN_SCAN_OFFSET) continue;
    // The callee's saved frame pointer usually sits right below its return address.
    const below = words.word(at - ptr);
    const fp = below !== null && below > at && words.has(below) ? below : s.fp;
    return { ip: w, sp: at + ptr, fp, trust: 'scan' };
  }
  return null;
}

/**
 * Walks the crashing thread without symbols: the context frame, then frame-pointer steps where
 * they hold, else stack scanning. The walk stops when the stack pointer stops growing, leaves the
 * captured stack, or after MAX_FRAMES.
 */
export function walkStack(context: CpuContext, stack: StackImage | null, modules: ModuleIndex, maxFrames = MAX_FRAMES): MinidumpFrame[] {
  const steps: Step[] = [{ ip: context.ip, sp: context.sp, fp: context.fp, trust: 'context' }];
  const words = stack ? new StackWords(stack, pointerSize(context.kind)) : null;
  while (words && steps.length < maxFrames) {
    const cur = steps[steps.length - 1]!;
    const first = steps.length === 1;
    const byFp = byFramePointer(cur, words, modules);
    if (byFp === 'end') break;
    let next = byFp;
    // ARM leaf functions keep the return address in LR without a frame record.
    if (!next && first && context.lr !== null && context.lr !== cur.ip && modules.contains(context.lr)) {
      next = { ip: context.lr, sp: cur.sp, fp: cur.fp, trust: 'frame-pointer' };
      steps.push(next);
      continue;
    }
    next ??= byScan(cur, words, modules, first ? SCAN_WORDS_FIRST : SCAN_WORDS);
    if (!next || next.ip === 0n || next.sp <= cur.sp) break;
    steps.push(next);
  }
  return steps.map((s) => {
    const hit = modules.find(s.ip);
    return {
      address: hex(s.ip),
      module: hit ? hit.module.model.name : null,
      offset: hit ? hex(hit.offset) : null,
      trust: s.trust,
    };
  });
}
