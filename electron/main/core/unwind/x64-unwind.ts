import type { X64Unwind, X64UnwindLink } from '../pe/x64-function-table';
import { X64_REGISTERS } from '../pe/x64-unwind-info';
import { emulateX64Epilog, matchX64Epilog } from './x64-epilog';
import { RSP, type CodeReader, type ProcessMemory, type X64Registers, withRegister, withSpIp } from './x64-registers';

/** What one virtual unwind step produced. */
export type X64StepResult =
  | {
      readonly kind: 'ok';
      /** The caller's registers (rip = its return address, or the interrupted ip of a machine frame). */
      readonly regs: X64Registers;
      /** How the step ended: popping a return address, emulating an epilog, or a machine frame. */
      readonly via: 'return' | 'epilog' | 'machine-frame';
    }
  | { readonly kind: 'failed'; readonly problem: string };

/** Inputs of one step. */
export interface X64StepInput {
  readonly regs: X64Registers;
  /** The RVA of the ip inside the image (the return address itself, not minus one). */
  readonly ipRva: number;
  /** The function's unwind data, or null for a leaf function (no .pdata entry). */
  readonly unwind: X64Unwind | null;
  readonly memory: ProcessMemory;
  /** Code bytes of the image, for epilog detection (null: not checked). */
  readonly code: CodeReader | null;
  /** Whether ip is exact (frame 0, an interrupted frame): only then can it be inside an epilog. */
  readonly exactIp: boolean;
}

const fail = (problem: string): X64StepResult => ({ kind: 'failed', problem });

/**
 * One step of RtlVirtualUnwind: undoes the prolog of the function holding ip (only the codes
 * already executed when ip is inside the prolog), follows chained entries, and pops the return
 * address; or, when ip is in an epilog, emulates the rest of the epilog instead. A leaf function
 * (no unwind data) returns through [rsp].
 */
export async function unwindX64Step(input: X64StepInput): Promise<X64StepResult> {
  const { memory } = input;
  let regs = input.regs;
  const links = input.unwind?.links ?? [];
  if (input.unwind && links.length === 0) return fail('the function has unwind data that cannot be read');
  const primary = links[0];
  if (primary && input.exactIp && input.code && !inProlog(primary, input.ipRva)) {
    const ops = await matchX64Epilog(input.code, input.ipRva, primary.function);
    if (ops) {
      const after = await emulateX64Epilog(ops, regs, memory);
      return after ? { kind: 'ok', regs: after, via: 'epilog' } : fail('the epilog reads stack memory that was not captured');
    }
  }
  // Offsets in SAVE_NONVOL codes count from the fixed allocation: rsp after the whole prolog.
  const entryRsp = regs.gpr[RSP]!;
  for (const link of links) {
    const { info } = link;
    const prologOffset = inProlog(link, input.ipRva) ? input.ipRva - link.function.beginRva : Infinity;
    const applies = (codeOffset: number): boolean => codeOffset <= prologOffset;
    const established = info.frameRegister !== 0 && info.codes.some((c) => c.kind === 'set-fpreg' && applies(c.prologOffset));
    const frameBase = established ? regs.gpr[info.frameRegister]! - BigInt(info.frameOffset) : entryRsp;
    for (let i = 0; i < info.codes.length; i++) {
      const code = info.codes[i]!;
      if (code.kind === 'epilog-header' || code.kind === 'epilog' || !applies(code.prologOffset)) continue;
      const sp = regs.gpr[RSP]!;
      switch (code.kind) {
        case 'push-nonvol': {
          const v = await memory.readU64(sp);
          if (v === null) return fail(`the pushed ${regName(code.register)} at 0x${sp.toString(16)} was not captured`);
          regs = withRegister(withRegister(regs, code.register, v), RSP, sp + 8n);
          break;
        }
        case 'alloc-large':
        case 'alloc-small':
          regs = withRegister(regs, RSP, sp + BigInt(code.size));
          break;
        case 'set-fpreg':
          regs = withRegister(regs, RSP, frameBase);
          break;
        case 'save-nonvol': {
          const at = frameBase + BigInt(code.offset);
          const v = await memory.readU64(at);
          if (v === null) return fail(`the saved ${regName(code.register)} at 0x${at.toString(16)} was not captured`);
          regs = withRegister(regs, code.register, v);
          break;
        }
        case 'save-xmm128':
          // XMM registers play no part in finding the caller.
          break;
        case 'push-machframe': {
          // The CPU pushed [error code], RIP, CS, EFLAGS, old RSP, SS: the caller is the interrupted code.
          const base = sp + (code.errorCode ? 8n : 0n);
          const rip = await memory.readU64(base);
          const oldSp = await memory.readU64(base + 24n);
          if (rip === null || oldSp === null) return fail(`the machine frame at 0x${base.toString(16)} was not captured`);
          return { kind: 'ok', regs: withSpIp(regs, oldSp, rip), via: 'machine-frame' };
        }
      }
    }
  }
  const sp = regs.gpr[RSP]!;
  const ret = await memory.readU64(sp);
  if (ret === null) return fail(`the return address at 0x${sp.toString(16)} was not captured`);
  return { kind: 'ok', regs: withSpIp(regs, sp + 8n, ret), via: 'return' };
}

function inProlog(link: X64UnwindLink, ipRva: number): boolean {
  return ipRva >= link.function.beginRva && ipRva - link.function.beginRva < link.info.prologSize;
}



function regName(n: number): string {
  return X64_REGISTERS[n] ?? `r${n}`;
}
