import type { Arm64Unwind } from '../pe/arm64-function-table';
import type { Arm64UnwindCode } from '../pe/arm64-unwind-codes';
import { packedArm64Epilog, packedArm64Prolog } from './arm64-packed';
import { FP, LR, type Arm64Registers, stripPac, withSpPc, withX } from './arm64-registers';
import type { ProcessMemory } from './x64-registers';

/** What one ARM64 virtual unwind step produced. */
export type Arm64StepResult =
  | {
      readonly kind: 'ok';
      /** The caller's registers: pc is the return address (lr after restoring), or an interrupted pc. */
      readonly regs: Arm64Registers;
      /** How pc was found: from lr, or from a machine frame / saved context (an exact pc). */
      readonly via: 'return' | 'machine-frame';
    }
  | { readonly kind: 'failed'; readonly problem: string };

/** Inputs of one step. */
export interface Arm64StepInput {
  readonly regs: Arm64Registers;
  /** The RVA of pc inside the image (the return address itself, not minus four). */
  readonly ipRva: number;
  /** The function's unwind data, or null for a leaf (no .pdata entry: lr still holds the return). */
  readonly unwind: Arm64Unwind | null;
  readonly memory: ProcessMemory;
  /** Whether pc is exact (frame 0, an interrupted frame): only then can it be inside a prolog or epilog. */
  readonly exactIp: boolean;
}

const fail = (problem: string): Arm64StepResult => ({ kind: 'failed', problem });

/** Codes that stand for no instruction. */
const isEnd = (c: Arm64UnwindCode): boolean => c.kind === 'end' || c.kind === 'end-c';

/** Offsets of the CONTEXT fields MSFT_OP_CONTEXT restores (x0–x28 from 8, fp, lr, sp, pc). */
const CTX_X0 = 8n;
const CTX_SP = 0x100n;
const CTX_PC = 0x108n;

/**
 * One step of RtlVirtualUnwind on ARM64: picks the codes still in effect at pc (all prolog codes
 * in the body; only the executed ones inside the prolog; the rest of an epilog inside one),
 * undoes them, and returns to lr. Never throws; memory that was not captured is a failure.
 */
export async function unwindArm64Step(input: Arm64StepInput): Promise<Arm64StepResult> {
  const { unwind } = input;
  if (unwind === null) return finish(input.regs, 'return');
  if (unwind.kind === 'unreadable') return fail(unwind.problems[0] ?? 'the function has unwind data that cannot be read');
  const codes = codesInEffect(unwind, input.ipRva, input.exactIp);
  return applyCodes(input.regs, codes, input.memory);
}

/** Caller registers from the current ones: pc = lr with its PAC stripped. */
function finish(regs: Arm64Registers, via: 'return' | 'machine-frame'): Arm64StepResult {
  return { kind: 'ok', regs: via === 'return' ? withSpPc(regs, regs.sp, stripPac(regs.x[LR]!)) : regs, via };
}

/** Codes up to (not including) the first end / end_c. */
function untilEnd(codes: readonly Arm64UnwindCode[]): readonly Arm64UnwindCode[] {
  const end = codes.findIndex(isEnd);
  return end < 0 ? codes : codes.slice(0, end);
}

/** The codes to undo at `ipRva`, in the order they are undone. */
export function codesInEffect(unwind: Exclude<Arm64Unwind, { kind: 'unreadable' }>, ipRva: number, exactIp: boolean): readonly Arm64UnwindCode[] {
  const offset = ipRva - unwind.beginRva;
  if (unwind.kind === 'packed') {
    const prolog = packedArm64Prolog(unwind.packed);
    // A fragment (Flag 2) has no prolog or epilog of its own: its code runs with the whole frame in place.
    if (unwind.packed.flag === 2 || !exactIp) return prolog;
    if (offset < prolog.length * 4) return executed(prolog, offset);
    const epilog = packedArm64Epilog(unwind.packed);
    const start = unwind.packed.functionLength - (epilog.length + 1) * 4;
    if (offset >= start) return epilog.slice((offset - start) / 4);
    return prolog;
  }
  const x = unwind.xdata;
  if (exactIp) {
    const epilogs: { start: number; codes: readonly Arm64UnwindCode[] }[] = x.epilogScopes.map((s) => ({ start: s.startOffset, codes: untilEnd(s.codes) }));
    if (x.packedEpilog) {
      const codes = untilEnd(x.singleEpilog);
      // The single epilog ends the function: its codes, then the ret that `end` stands for.
      epilogs.push({ start: x.functionLength - (codes.length + 1) * 4, codes });
    }
    for (const e of epilogs) {
      const done = (offset - e.start) / 4;
      // Inside an epilog the instructions already run have undone their part of the frame.
      if (offset >= e.start && done <= e.codes.length) return e.codes.slice(done);
    }
  }
  const prolog = untilEnd(x.prolog);
  return exactIp ? executed(prolog, offset) : prolog;
}

/** In a prolog the first `offset / 4` instructions ran: the last codes of the (reversed) list. */
function executed(prolog: readonly Arm64UnwindCode[], offset: number): readonly Arm64UnwindCode[] {
  const ran = Math.floor(offset / 4);
  return ran >= prolog.length ? prolog : prolog.slice(prolog.length - Math.max(0, ran));
}

async function applyCodes(start: Arm64Registers, codes: readonly Arm64UnwindCode[], memory: ProcessMemory): Promise<Arm64StepResult> {
  let regs = start;
  // save_next codes stand before the pair store they extend: count them until it comes.
  let extraPairs = 0;
  const read = async (at: bigint, what: string): Promise<bigint | string> => (await memory.readU64(at)) ?? `the saved ${what} at 0x${at.toString(16)} was not captured`;
  const restore = async (regsToRead: readonly number[], at: bigint): Promise<string | null> => {
    const changes: [number, bigint][] = [];
    for (let i = 0; i < regsToRead.length; i++) {
      const v = await read(at + BigInt(i * 8), regsToRead[i]! === LR ? 'lr' : `x${regsToRead[i]}`);
      if (typeof v === 'string') return v;
      changes.push([regsToRead[i]!, v]);
    }
    regs = withX(regs, changes);
    return null;
  };
  const pairs = (first: number): number[] => Array.from({ length: 2 * (extraPairs + 1) }, (_, i) => first + i);
  for (const code of codes) {
    const sp = regs.sp;
    let problem: string | null = null;
    let nextPairs = 0;
    switch (code.kind) {
      case 'alloc-s':
      case 'alloc-m':
      case 'alloc-l':
        regs = withSpPc(regs, sp + BigInt(code.size), regs.pc);
        break;
      case 'save-r19r20-x':
        problem = await restore(pairs(19), sp);
        regs = withSpPc(regs, sp + BigInt(code.offset), regs.pc);
        break;
      case 'save-regp':
        problem = await restore(pairs(code.register), sp + BigInt(code.offset));
        break;
      case 'save-regp-x':
        problem = await restore(pairs(code.register), sp);
        regs = withSpPc(regs, sp + BigInt(code.offset), regs.pc);
        break;
      case 'save-reg':
        problem = await restore([code.register], sp + BigInt(code.offset));
        break;
      case 'save-reg-x':
        problem = await restore([code.register], sp);
        regs = withSpPc(regs, sp + BigInt(code.offset), regs.pc);
        break;
      case 'save-lrpair':
        problem = await restore([code.register, LR], sp + BigInt(code.offset));
        break;
      case 'save-fplr':
        problem = await restore([FP, LR], sp + BigInt(code.offset));
        break;
      case 'save-fplr-x':
        problem = await restore([FP, LR], sp);
        regs = withSpPc(regs, sp + BigInt(code.offset), regs.pc);
        break;
      case 'save-fregp-x':
      case 'save-freg-x':
        // d8–d15 play no part in finding the caller; only the stack they took does.
        regs = withSpPc(regs, sp + BigInt(code.offset), regs.pc);
        break;
      case 'save-fregp':
      case 'save-freg':
      case 'nop':
      case 'pac-sign-lr':
      case 'clear-unwound-to-call':
        break;
      case 'save-next':
        nextPairs = extraPairs + 1;
        break;
      case 'set-fp':
        regs = withSpPc(regs, regs.x[FP]!, regs.pc);
        break;
      case 'add-fp':
        regs = withSpPc(regs, regs.x[FP]! - BigInt(code.offset), regs.pc);
        break;
      case 'machine-frame': {
        const oldSp = await read(sp, 'sp of the machine frame');
        const pc = await read(sp + 8n, 'pc of the machine frame');
        if (typeof oldSp === 'string') return fail(oldSp);
        if (typeof pc === 'string') return fail(pc);
        return finish(withSpPc(regs, oldSp, pc), 'machine-frame');
      }
      case 'context':
        return fromContext(regs, sp, memory);
      case 'end':
      case 'end-c':
        return finish(regs, 'return');
      case 'save-any-reg':
      case 'alloc-z':
      case 'trap-frame':
      case 'ec-context':
      case 'reserved':
        return fail(`the unwind code ${code.kind} (0x${(code.bytes[0] ?? 0).toString(16)}) is not supported`);
    }
    if (problem) return fail(problem);
    extraPairs = nextPairs;
  }
  return finish(regs, 'return');
}

/** MSFT_OP_CONTEXT: a whole ARM64 CONTEXT sits at sp (an exception dispatcher's frame). */
async function fromContext(regs: Arm64Registers, sp: bigint, memory: ProcessMemory): Promise<Arm64StepResult> {
  const x: bigint[] = [];
  for (let i = 0; i <= 30; i++) {
    const v = await memory.readU64(sp + CTX_X0 + BigInt(i * 8));
    if (v === null) return fail(`the saved context at 0x${sp.toString(16)} was not captured`);
    x.push(v);
  }
  const newSp = await memory.readU64(sp + CTX_SP);
  const pc = await memory.readU64(sp + CTX_PC);
  if (newSp === null || pc === null) return fail(`the saved context at 0x${sp.toString(16)} was not captured`);
  return { kind: 'ok', regs: { x, sp: newSp, pc }, via: 'machine-frame' };
}
