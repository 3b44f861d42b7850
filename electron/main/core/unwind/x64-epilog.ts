import { RSP, type CodeReader, type ProcessMemory, type X64Registers, withRegister, withSpIp } from './x64-registers';

/** One epilog instruction the unwinder emulates. */
export type X64EpilogOp =
  | { readonly kind: 'add-rsp'; readonly amount: number }
  | { readonly kind: 'lea-rsp'; readonly base: number; readonly disp: number }
  | { readonly kind: 'pop'; readonly register: number }
  /** `ret`/`ret imm16`, or a tail-call jump (`extra` 0): the return address is at [rsp]. */
  | { readonly kind: 'return'; readonly extra: number };

/** Instructions decoded at most while matching one epilog (pops of 16 registers, jumps, a ret). */
const MAX_EPILOG_OPS = 40;
/** Bytes read per decode window: the longest instruction matched is 7 bytes. */
const WINDOW = 16;

/**
 * Matches the code at `ipRva` against the documented x64 epilog shape — an optional
 * `add rsp, imm` / `lea rsp, [reg+disp]` (REX.W), then `pop reg`s, then `ret` / `ret imm16` /
 * `rep ret` or a `jmp` (inside the function: followed; outside, or `jmp [mem]`: a tail call).
 * Returns the instructions from ip to the end of the epilog, or null when ip is not in one. Only
 * the frame whose ip is exact (frame 0, an interrupted frame) may be in an epilog: a return
 * address after a call never is (compilers put a nop there).
 */
export async function matchX64Epilog(code: CodeReader, ipRva: number, fn: { readonly beginRva: number; readonly endRva: number }): Promise<X64EpilogOp[] | null> {
  const ops: X64EpilogOp[] = [];
  let at = ipRva;
  let first = true;
  while (ops.length < MAX_EPILOG_OPS) {
    const b = await code(at, WINDOW);
    if (b.length === 0) return null;
    const u = (i: number): number => b[i] ?? -1;
    if (first) {
      first = false;
      const head = matchStackAdjust(b);
      if (head) {
        ops.push(head.op);
        at += head.length;
        continue;
      }
    }
    let i = 0;
    const rex = (u(0) & 0xf0) === 0x40 ? u(0) : 0;
    if (rex) i = 1;
    const op = u(i);
    if (op >= 0x58 && op <= 0x5f) {
      ops.push({ kind: 'pop', register: (op - 0x58) + (rex & 1) * 8 });
      at += i + 1;
      continue;
    }
    if (rex && !(op === 0xff)) return null;
    if (op === 0xc3) return [...ops, { kind: 'return', extra: 0 }];
    if (op === 0xc2 && b.length >= 3) return [...ops, { kind: 'return', extra: u(1) | (u(2) << 8) }];
    if (op === 0xf3 && u(1) === 0xc3) return [...ops, { kind: 'return', extra: 0 }];
    if (op === 0xe9 || op === 0xeb) {
      const len = op === 0xe9 ? 5 : 2;
      if (b.length < len) return null;
      const rel = op === 0xe9 ? new DataView(b.buffer, b.byteOffset + 1, 4).getInt32(0, true) : (u(1) << 24) >> 24;
      const target = at + len + rel;
      // A jump inside the function continues the epilog; one out of it is a tail call.
      if (target >= fn.beginRva && target < fn.endRva) {
        if (target === at) return null;
        at = target;
        continue;
      }
      return [...ops, { kind: 'return', extra: 0 }];
    }
    // jmp qword [mem] with ModRM mod 00 (the documented indirect tail call), REX allowed.
    if (op === 0xff && b.length > i + 1 && ((u(i + 1) >> 3) & 7) === 4 && u(i + 1) >> 6 === 0) return [...ops, { kind: 'return', extra: 0 }];
    return null;
  }
  return null;
}

/** `add rsp, imm8/imm32` or `lea rsp, [reg+disp8/disp32]`, both with REX.W, at the epilog start. */
function matchStackAdjust(b: Uint8Array): { readonly op: X64EpilogOp; readonly length: number } | null {
  if (b.length < 4 || (b[0]! & 0xf8) !== 0x48) return null;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const modrm = b[2]!;
  if (b[0] === 0x48 && b[1] === 0x83 && modrm === 0xc4) return { op: { kind: 'add-rsp', amount: dv.getInt8(3) }, length: 4 };
  if (b[0] === 0x48 && b[1] === 0x81 && modrm === 0xc4 && b.length >= 7) return { op: { kind: 'add-rsp', amount: dv.getInt32(3, true) }, length: 7 };
  if (b[1] === 0x8d && (b[0]! & 0x06) === 0 && ((modrm >> 3) & 7) === RSP && (modrm & 7) !== 4) {
    const base = (modrm & 7) + (b[0]! & 1) * 8;
    if (modrm >> 6 === 1) return { op: { kind: 'lea-rsp', base, disp: dv.getInt8(3) }, length: 4 };
    if (modrm >> 6 === 2 && b.length >= 7) return { op: { kind: 'lea-rsp', base, disp: dv.getInt32(3, true) }, length: 7 };
  }
  return null;
}

/** Runs the rest of an epilog over the registers; null when a popped slot was not captured. */
export async function emulateX64Epilog(ops: readonly X64EpilogOp[], regs: X64Registers, memory: ProcessMemory): Promise<X64Registers | null> {
  let r = regs;
  for (const op of ops) {
    const sp = r.gpr[RSP]!;
    switch (op.kind) {
      case 'add-rsp':
        r = withRegister(r, RSP, sp + BigInt(op.amount));
        break;
      case 'lea-rsp':
        r = withRegister(r, RSP, r.gpr[op.base]! + BigInt(op.disp));
        break;
      case 'pop': {
        const v = await memory.readU64(sp);
        if (v === null) return null;
        r = withRegister(withRegister(r, op.register, v), RSP, sp + 8n);
        break;
      }
      case 'return': {
        const ret = await memory.readU64(sp);
        if (ret === null) return null;
        return withSpIp(r, sp + 8n + BigInt(op.extra), ret);
      }
    }
  }
  return null;
}
