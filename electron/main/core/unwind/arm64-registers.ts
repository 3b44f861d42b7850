/** ARM64 register sets for the unwinder and the walker (x0–x30, sp, pc). */

/** x0–x30 by number (x29 = fp, x30 = lr), sp and pc. */
export interface Arm64Registers {
  readonly x: readonly bigint[];
  readonly sp: bigint;
  readonly pc: bigint;
}

/** Register numbers used by name. */
export const FP = 29;
/** The link register's number. */
export const LR = 30;

/**
 * User-mode virtual addresses on Windows ARM64 use at most 48 bits; above them a signed return
 * address carries its pointer authentication code, which the unwinder strips.
 */
const USER_ADDRESS_BITS = 48;

/** A return address with any PAC bits removed (kernel addresses, top bit set, are kept as they are). */
export function stripPac(address: bigint): bigint {
  const a = BigInt.asUintN(64, address);
  return a >> 63n === 1n ? a : BigInt.asUintN(USER_ADDRESS_BITS, a);
}

/** The register set of a parsed arm64 context (missing registers read as 0). */
export function arm64RegistersFromContext(registers: readonly (readonly [string, bigint])[], pc: bigint): Arm64Registers {
  const byName = new Map(registers);
  const x = Array.from({ length: 31 }, (_, i) => byName.get(`x${i}`) ?? 0n);
  x[FP] = byName.get('fp') ?? x[FP]!;
  x[LR] = byName.get('lr') ?? x[LR]!;
  return { x, sp: byName.get('sp') ?? 0n, pc };
}

/** A copy of `regs` with some x registers replaced. */
export function withX(regs: Arm64Registers, changes: readonly (readonly [number, bigint])[]): Arm64Registers {
  const x = regs.x.slice();
  for (const [n, v] of changes) if (n >= 0 && n <= 30) x[n] = BigInt.asUintN(64, v);
  return { x, sp: regs.sp, pc: regs.pc };
}

/** A copy with a new sp and pc. */
export function withSpPc(regs: Arm64Registers, sp: bigint, pc: bigint): Arm64Registers {
  return { x: regs.x, sp: BigInt.asUintN(64, sp), pc: BigInt.asUintN(64, pc) };
}
