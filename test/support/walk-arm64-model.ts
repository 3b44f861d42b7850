import type { Arm64Insn } from './walk-arm64-asm';

/**
 * A tiny ARM64 model machine for the unwinder's tests: registers, sp and sparse 8-byte memory,
 * executing only the frame instructions prologs and epilogs use (stp/str/ldp/ldr on sp, sub/add
 * sp, mov/add x29, mov/sub sp from x29), written from the ARM architecture's definitions of
 * those instructions as llvm-objdump prints them, never from the unwinder under test.
 */
export class Arm64Model {
  readonly x: bigint[] = Array.from({ length: 31 }, (_, i) => 0x1111_0000_0000n + BigInt(i) * 0x101n);
  readonly d = new Map<number, bigint>();
  readonly mem = new Map<bigint, bigint>();
  sp = 0n;

  /** A copy (states at different instruction boundaries are separate machines). */
  clone(): Arm64Model {
    const m = new Arm64Model();
    m.x.splice(0, 31, ...this.x);
    for (const [k, v] of this.d) m.d.set(k, v);
    for (const [k, v] of this.mem) m.mem.set(k, v);
    m.sp = this.sp;
    return m;
  }

  /** Memory as the unwinder reads it. */
  memory(): { readU64(a: bigint): Promise<bigint | null> } {
    return { readU64: async (a) => this.mem.get(a) ?? null };
  }

  /** Executes one frame instruction; throws on anything else (the test then picked a wrong boundary). */
  exec(insn: Arm64Insn): void {
    const frame = frameOp(insn);
    if (!frame) throw new Error(`the model cannot execute ${insn.op} ${insn.args}`);
    frame(this);
  }

  private read(reg: string): bigint {
    if (reg === 'sp') return this.sp;
    const n = regNumber(reg);
    return reg.startsWith('d') ? (this.d.get(n) ?? 0xd0d0n + BigInt(n)) : this.x[n]!;
  }

  private write(reg: string, v: bigint): void {
    const n = regNumber(reg);
    if (reg.startsWith('d')) this.d.set(n, v);
    else this.x[n] = v;
  }

  /** Store / load of one or two registers at [sp, #imm] with pre-index, post-index or none. */
  memOp(load: boolean, regs: readonly string[], imm: bigint, mode: 'pre' | 'post' | 'offset'): void {
    const base = mode === 'post' ? this.sp : this.sp + imm;
    regs.forEach((r, i) => {
      const at = base + BigInt(i * 8);
      if (load) this.write(r, this.mem.get(at) ?? 0n);
      else this.mem.set(at, this.read(r));
    });
    if (mode !== 'offset') this.sp += imm;
  }
}

function regNumber(reg: string): number {
  if (reg === 'lr') return 30;
  if (reg === 'fp') return 29;
  return Number(reg.slice(1));
}

/** Callee-saved registers a prolog may save: x19–x30 (fp, lr) and d8–d15. */
const SAVED = /^(x(19|2\d|30)|lr|fp|d(8|9|1[0-5]))$/;

const imm = (text: string): bigint => {
  const m = /#(-?0x[0-9a-f]+|-?\d+)(?:, lsl #(\d+))?/.exec(text);
  if (!m) return 0n;
  const neg = m[1]!.startsWith('-');
  const v = BigInt(neg ? m[1]!.slice(1) : m[1]!) << BigInt(m[2] ?? 0);
  return neg ? -v : v;
};

/** The model's effect of `insn` when it is a frame instruction, else null. */
export function frameOp(insn: Arm64Insn): ((m: Arm64Model) => void) | null {
  const { op, args } = insn;
  if (op === 'stp' || op === 'ldp' || op === 'str' || op === 'ldr') {
    const mm = /^(\w+)(?:, (\w+))?, \[sp(?:, (#[^\]]+))?\](!)?(?:, (#\S+))?$/.exec(args);
    if (!mm) return null;
    const regs = [mm[1]!, ...(mm[2] ? [mm[2]] : [])];
    if (!regs.every((r) => SAVED.test(r))) return null;
    const mode = mm[4] ? 'pre' : mm[5] ? 'post' : 'offset';
    const amount = imm(mm[5] ?? mm[3] ?? '');
    return (m) => m.memOp(op.startsWith('ld'), regs, amount, mode);
  }
  if ((op === 'sub' || op === 'add') && /^sp, sp, #/.test(args)) {
    const v = imm(args.slice(8));
    return (m) => void (m.sp += op === 'sub' ? -v : v);
  }
  if (op === 'mov' && args === 'x29, sp') return (m) => void (m.x[29] = m.sp);
  if (op === 'add' && /^x29, sp, #/.test(args)) return (m) => void (m.x[29] = m.sp + imm(args.slice(9)));
  if (op === 'mov' && args === 'sp, x29') return (m) => void (m.sp = m.x[29]!);
  if (op === 'sub' && /^sp, x29, #/.test(args)) return (m) => void (m.sp = m.x[29]! - imm(args.slice(9)));
  return null;
}

/** Whether an instruction writes sp without being a frame instruction (alloca): the body's sp is then unknown. */
export function movesSp(insn: Arm64Insn): boolean {
  return /^sp\b/.test(insn.args) && !/^(st|ld)/.test(insn.op);
}
