import type { Arm64PackedUnwind } from '../pe/arm64-function-table';
import type { Arm64UnwindCode } from '../pe/arm64-unwind-codes';

/**
 * The canonical prolog a packed .pdata word stands for (Microsoft's "ARM64 exception handling",
 * packed unwind data), as unwind codes in the order an .xdata record lists them: reverse
 * execution order, one code per prolog instruction. The codes carry no encoding limits here
 * (a save area larger than save_r19r20_x can express is still one pre-indexed store).
 */
export function packedArm64Prolog(p: Arm64PackedUnwind): Arm64UnwindCode[] {
  return canonical(p, true);
}

/**
 * The epilog of a packed function, in execution order: the prolog's codes undone, without the
 * stores of the homed parameters (nothing reloads x0–x7), followed by the ret that ends the
 * function (Windows finds it at the function's end, as Wine's unwind_packed_data does).
 */
export function packedArm64Epilog(p: Arm64PackedUnwind): Arm64UnwindCode[] {
  return canonical(p, false);
}

function canonical(p: Arm64PackedUnwind, withHome: boolean): Arm64UnwindCode[] {
  const run: Arm64UnwindCode[] = [];
  const add = (code: DistributiveOmit<Arm64UnwindCode, 'index' | 'bytes'>): void => void run.push({ ...code, index: -1, bytes: [] } as Arm64UnwindCode);
  const intSz = 8 * p.regI + (p.cr === 1 ? 8 : 0);
  const fpRegs = p.regF > 0 ? p.regF + 1 : 0;
  const savSz = (intSz + 8 * fpRegs + (p.homedParameters ? 64 : 0) + 15) & ~15;
  const locSz = p.frameSize - savSz;
  // The first store of the save area pre-decrements sp by the whole area.
  let decremented = false;
  const first = (): boolean => (decremented ? false : (decremented = true));
  if (p.cr === 2) add({ kind: 'pac-sign-lr' });
  const pairs = Math.ceil(p.regI / 2);
  for (let i = 0; i < pairs; i++) {
    const reg = 19 + 2 * i;
    const single = i === pairs - 1 && p.regI % 2 === 1;
    const x = first();
    if (single && p.cr === 1) add({ kind: 'save-lrpair', register: reg, offset: 16 * i });
    else if (single) add(x ? { kind: 'save-reg-x', register: reg, offset: savSz } : { kind: 'save-reg', register: reg, offset: 16 * i });
    else add(x ? { kind: 'save-regp-x', register: reg, offset: savSz } : { kind: 'save-regp', register: reg, offset: 16 * i });
  }
  if (p.cr === 1 && p.regI % 2 === 0) add(first() ? { kind: 'save-reg-x', register: 30, offset: savSz } : { kind: 'save-reg', register: 30, offset: intSz - 8 });
  const fpPairs = Math.ceil(fpRegs / 2);
  for (let i = 0; i < fpPairs; i++) {
    const single = i === fpPairs - 1 && fpRegs % 2 === 1;
    const x = first();
    if (single) add(x ? { kind: 'save-freg-x', register: 8 + 2 * i, offset: savSz } : { kind: 'save-freg', register: 8 + 2 * i, offset: intSz + 16 * i });
    else add(x ? { kind: 'save-fregp-x', register: 8 + 2 * i, offset: savSz } : { kind: 'save-fregp', register: 8 + 2 * i, offset: intSz + 16 * i });
  }
  if (p.homedParameters && withHome) {
    // x0–x7 are volatile: their stores matter only for the stack they allocate and their length.
    add(first() ? { kind: 'alloc-s', size: savSz } : { kind: 'nop' });
    for (let i = 0; i < 3; i++) add({ kind: 'nop' });
  }
  const chained = p.cr === 2 || p.cr === 3;
  if (chained && locSz <= 512) {
    add({ kind: 'save-fplr-x', offset: locSz });
  } else {
    if (locSz > 4080) {
      add({ kind: 'alloc-m', size: 4080 });
      add({ kind: 'alloc-l', size: locSz - 4080 });
    } else if (locSz > 0) add({ kind: 'alloc-m', size: locSz });
    if (chained) add({ kind: 'save-fplr', offset: 0 });
  }
  if (chained) add({ kind: 'set-fp' });
  return run.reverse();
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
