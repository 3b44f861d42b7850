/** x64 register sets and the process memory the unwinder reads: shared by the unwinder and the walker. */

/** Integer registers by unwind number (0 rax … 4 rsp, 5 rbp … 15 r15) plus rip. */
export interface X64Registers {
  readonly gpr: readonly bigint[];
  readonly rip: bigint;
}

/** Unwind register numbers used by name. */
export const RSP = 4;
/** Unwind number of rbp (the frame-pointer chain). */
export const RBP = 5;

/** Context register names in unwind-number order (CpuContext.registers uses these names). */
const NAMES = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'] as const;

/** The register set of a parsed amd64 context (missing registers read as 0). */
export function registersFromContext(registers: readonly (readonly [string, bigint])[], rip: bigint): X64Registers {
  const byName = new Map(registers);
  return { gpr: NAMES.map((n) => byName.get(n) ?? 0n), rip };
}

/** A copy of `regs` with one register replaced (registers stay immutable values). */
export function withRegister(regs: X64Registers, index: number, value: bigint): X64Registers {
  const gpr = regs.gpr.slice();
  gpr[index] = BigInt.asUintN(64, value);
  return { gpr, rip: regs.rip };
}

/** A copy with a new rsp and rip. */
export function withSpIp(regs: X64Registers, sp: bigint, ip: bigint): X64Registers {
  const gpr = regs.gpr.slice();
  gpr[RSP] = BigInt.asUintN(64, sp);
  return { gpr, rip: BigInt.asUintN(64, ip) };
}

/** Process memory as the unwinder sees it: the captured stack first, then any other dump memory. */
export interface ProcessMemory {
  /** The little-endian u64 at `address`, or null when those bytes were not captured. */
  readU64(address: bigint): Promise<bigint | null>;
}

/** Code bytes of the image at an RVA (shorter than asked, or empty, where the image has none). */
export type CodeReader = (rva: number, length: number) => Promise<Uint8Array>;
