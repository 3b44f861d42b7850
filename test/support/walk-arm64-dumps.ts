import type { MinidumpSpec } from '../../electron/main/core/minidump/minidump-spec';
import { writeMinidump } from '../../electron/main/core/minidump/write-minidump';
import { stackWords } from './minidump-builder';
import { mappedLayout } from './pe-layout';
import type { Arm64Insn } from './walk-arm64-asm';
import { Arm64Model, frameOp } from './walk-arm64-model';
import { peIdentity, type ImagePlacement } from './walk-dumps';

/** Where the arm64 walk DLL sits in the dumps below (its preferred base). */
export const ARM64_DLL_BASE = 0x180000000n;
/** Where the arm64 thread stacks end (the stack grows down from here). */
export const ARM64_STACK_TOP = 0x7ff0_0002_0000n;

/** A frame of a simulated call chain: the function and which of its BLs made the next call. */
export interface ChainLink {
  readonly fn: string;
  /** Index among the function's BL instructions (the return address is that BL + 4). */
  readonly call: number;
}

/** The registers and stack of a thread stopped in a chain of calls, with the pcs a walk must find. */
export interface ChainState {
  readonly model: Arm64Model;
  readonly pc: bigint;
  /** Frame addresses, innermost first: the stop pc, then each return address. */
  readonly frames: readonly bigint[];
}

/**
 * Runs the model machine through a call chain: each function's prolog (read from the
 * disassembly), then lr = its chosen BL + 4 and on into the next, outermost first. The last
 * function stops at its instruction `stopAt`: inside the prolog only the instructions before it
 * ran; inside an epilog (frame instructions ending in ret) the whole prolog, then the epilog's
 * instructions before it. The outermost returns to 0.
 */
export function simulateChain(insns: readonly Arm64Insn[], chain: readonly ChainLink[], stopAt: number): ChainState {
  const m = new Arm64Model();
  m.sp = ARM64_STACK_TOP - 0x40n;
  m.x[29] = 0n;
  m.x[30] = 0n;
  const returns: bigint[] = [];
  let pc = 0n;
  chain.forEach((link, i) => {
    const code = insns.filter((x) => x.fn === link.fn);
    if (code.length === 0) throw new Error(`no function ${link.fn} in the disassembly`);
    const last = i === chain.length - 1;
    const stop = Math.min(stopAt, code.length - 1);
    let k = 0;
    for (; k < code.length && frameOp(code[k]!) && (!last || k < stop); k++) m.exec(code[k]!);
    if (!last) {
      const bls = code.filter((x) => x.op === 'bl' || x.op === 'blr');
      const bl = bls[link.call];
      if (!bl) throw new Error(`${link.fn} has no BL number ${link.call}`);
      m.x[30] = ARM64_DLL_BASE + BigInt(bl.rva + 4);
      returns.unshift(m.x[30]);
      return;
    }
    if (stop > k) {
      // Past the prolog: run the epilog that holds `stop`, if any, up to it.
      let start = stop;
      while (start - 1 > k && frameOp(code[start - 1]!)) start--;
      let end = stop;
      while (end < code.length && frameOp(code[end]!)) end++;
      if (code[end]?.op === 'ret') for (let j = start; j < stop; j++) m.exec(code[j]!);
    }
    pc = ARM64_DLL_BASE + BigInt(code[stop]!.rva);
  });
  return { model: m, pc, frames: [pc, ...returns] };
}

/** The words of the model's stack from `sp` up to the top, as a dump captures them. */
export function stackOf(m: Arm64Model, from: bigint = m.sp): bigint[] {
  const words: bigint[] = [];
  for (let a = from; a < ARM64_STACK_TOP; a += 8n) words.push(m.mem.get(a) ?? 0n);
  return words;
}

/** An arm64 minidump of thread 7 in the given state, the DLL in memory, on disk, or absent. */
export function arm64ChainSpec(dll: string, m: Arm64Model, pc: bigint, placement: ImagePlacement, patchImage?: (mapped: Uint8Array) => void, stackBase: bigint = m.sp): MinidumpSpec {
  const id = peIdentity(dll);
  const regs: Record<string, bigint> = {};
  for (let i = 0; i <= 28; i++) regs[`x${i}`] = m.x[i]!;
  const mapped = mappedLayout(dll);
  patchImage?.(mapped);
  return {
    arch: 'arm64',
    modules: [{ name: placement === 'local-path' ? dll : 'walk-arm64.dll', base: ARM64_DLL_BASE, size: id.size, timestamp: id.timestamp }],
    threads: [{ id: 7, stack: { start: stackBase, bytes: stackWords('arm64', stackOf(m, stackBase)) }, context: { ip: pc, sp: m.sp, fp: m.x[29]!, lr: m.x[30]!, regs } }],
    exception: { code: 0xc0000005, address: pc, threadId: 7, params: [0, 0] },
    ...(placement === 'in-memory' ? { memory: [{ address: ARM64_DLL_BASE, bytes: mapped }] } : {}),
  };
}

/** The bytes of arm64ChainSpec. */
export function arm64ChainDump(...args: Parameters<typeof arm64ChainSpec>): Uint8Array {
  return writeMinidump(arm64ChainSpec(...args));
}
