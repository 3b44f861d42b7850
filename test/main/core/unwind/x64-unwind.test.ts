import { openFileSource, type FileByteSource } from '../../../../electron/main/core/minidump/byte-source';
import { readExports } from '../../../../electron/main/core/pe/exports';
import { openPeImage, readRva, type PeImage } from '../../../../electron/main/core/pe/pe-image';
import { findX64Function, readX64FunctionTable, readX64Unwind, type X64FunctionTable } from '../../../../electron/main/core/pe/x64-function-table';
import { followsCall } from '../../../../electron/main/core/unwind/call-site';
import { unwindX64Step, type X64StepResult } from '../../../../electron/main/core/unwind/x64-unwind';
import type { X64Registers } from '../../../../electron/main/core/unwind/x64-registers';
import { buildWalkUnwindDll, WALK_LABELS } from '../../../support/walk-asm';

/**
 * Each test runs the instructions of walk-asm.ts on a tiny model machine (registers + sparse
 * memory), written from the assembler source, stops at a chosen instruction, and checks that one
 * unwind step recovers the caller the model started from.
 */
const REG = { rax: 0, rcx: 1, rdx: 2, rbx: 3, rsp: 4, rbp: 5, rsi: 6, rdi: 7, r12: 12, r15: 15 } as const;
type RegName = keyof typeof REG;

class Machine {
  readonly gpr: bigint[] = Array.from({ length: 16 }, (_, i) => 0x1111_0000_0000n + BigInt(i) * 0x101n);
  readonly mem = new Map<bigint, bigint>();
  get(r: RegName): bigint {
    return this.gpr[REG[r]]!;
  }
  set(r: RegName, v: bigint): void {
    this.gpr[REG[r]] = v;
  }
  push(v: bigint): void {
    this.set('rsp', this.get('rsp') - 8n);
    this.mem.set(this.get('rsp'), v);
  }
  pop(): bigint {
    const v = this.mem.get(this.get('rsp')) ?? 0n;
    this.set('rsp', this.get('rsp') + 8n);
    return v;
  }
  regs(rip: bigint): X64Registers {
    return { gpr: this.gpr.slice(), rip };
  }
  memory() {
    return { readU64: async (a: bigint) => this.mem.get(a) ?? null };
  }
}

const CALLER_SP = 0x7ff0_0000_0000n;
const RETURN = 0x7ff6_1234_5678n;
const JUNK = 0xdead_0000n;

/** A machine right after `call fn`: the return address on the stack, caller registers known. */
function entered(): { m: Machine; caller: bigint[] } {
  const m = new Machine();
  m.set('rsp', CALLER_SP);
  const caller = m.gpr.slice();
  m.push(RETURN);
  return { m, caller };
}

let file: FileByteSource;
let image: PeImage;
let table: X64FunctionTable;
const at: Record<string, number> = {};

beforeAll(async () => {
  file = await openFileSource(buildWalkUnwindDll());
  const r = await openPeImage(file);
  if (!r.ok) throw new Error(r.error);
  image = r.value;
  table = await readX64FunctionTable(image);
  const exports = await readExports(image);
  for (const e of exports.entries) for (const n of e.names) at[n] = e.rva;
  for (const l of WALK_LABELS) if (at[l] === undefined) throw new Error(`no export ${l}`);
});
afterAll(() => file?.close());

async function step(m: Machine, label: string, delta: number, exactIp = true): Promise<X64StepResult> {
  const rva = at[label]! + delta;
  const fn = findX64Function(table, rva);
  const unwind = fn ? await readX64Unwind(image, fn) : null;
  return unwindX64Step({ regs: m.regs(image.headers.optional.imageBase + BigInt(rva)), ipRva: rva, unwind, memory: m.memory(), code: (a, n) => readRva(image, a, n), exactIp });
}

function expectCaller(r: X64StepResult, caller: bigint[], regs: readonly RegName[], via = 'return'): void {
  if (r.kind !== 'ok') throw new Error(r.problem);
  expect(r.via).toBe(via);
  expect(r.regs.rip).toBe(RETURN);
  expect(r.regs.gpr[REG.rsp]).toBe(CALLER_SP);
  for (const name of regs) expect([name, r.regs.gpr[REG[name]]]).toEqual([name, caller[REG[name]]]);
}

/** big_frame's prolog, instruction by instruction, as written in walk-asm.ts (reused registers are clobbered). */
const BIG_PROLOG: readonly ((m: Machine) => void)[] = [
  (m) => (m.push(m.get('rbp')), m.set('rbp', JUNK)),
  (m) => (m.push(m.get('rbx')), m.set('rbx', JUNK + 1n)),
  (m) => (m.push(m.get('r12')), m.set('r12', JUNK + 2n)),
  (m) => m.set('rsp', m.get('rsp') - 0x1000n),
  (m) => m.set('rsp', m.get('rsp') - 0x100000n),
  (m) => m.set('rsp', m.get('rsp') - 0x28n),
  (m) => m.set('rbp', m.get('rsp') + 0x20n),
  (m) => (m.mem.set(m.get('rsp') + 0x40n, m.get('rsi')), m.set('rsi', JUNK + 3n)),
  (m) => (m.mem.set(m.get('rsp') + 0x80000n, m.get('rdi')), m.set('rdi', JUNK + 4n)),
  () => undefined, // movaps %xmm6: no integer state
];

describe('one x64 unwind step over real unwind codes', () => {
  it('applies only the prolog codes already executed, at every prolog instruction (PUSH_NONVOL, ALLOC_LARGE 16/32-bit, ALLOC_SMALL, SET_FPREG, SAVE_NONVOL(_FAR), SAVE_XMM128)', async () => {
    const fn = findX64Function(table, at.big_frame!)!;
    const info = (await readX64Unwind(image, fn)).links[0]!.info;
    // Instruction boundaries: 0, then where each prolog instruction ends (the codes' offsets, in prolog order).
    const ends = info.codes.map((c) => ('prologOffset' in c ? c.prologOffset : -1)).reverse();
    expect(ends).toHaveLength(BIG_PROLOG.length);
    for (let k = 0; k <= BIG_PROLOG.length; k++) {
      const { m, caller } = entered();
      BIG_PROLOG.slice(0, k).forEach((op) => op(m));
      const r = await step(m, 'big_frame', k === 0 ? 0 : ends[k - 1]!);
      expectCaller(r, caller, ['rbx', 'rbp', 'r12', 'rsi', 'rdi']);
    }
  });

  it('takes rsp from the frame register once it is established, even after the body moved rsp (alloca)', async () => {
    for (const delta of [0, 4]) {
      const { m, caller } = entered();
      BIG_PROLOG.forEach((op) => op(m));
      if (delta === 4) m.set('rsp', m.get('rsp') - 0x40n);
      expectCaller(await step(m, 'big_frame_body', delta), caller, ['rbx', 'rbp', 'r12', 'rsi', 'rdi']);
    }
  });

  it('emulates the rest of an epilog (lea rsp,[rbp+disp32], pops, ret) from each of its instructions', async () => {
    const epilog: readonly [number, (m: Machine) => void][] = [
      [7, (m) => m.set('rsp', m.get('rbp') + 0x101008n)],
      [2, (m) => m.set('r12', m.pop())],
      [1, (m) => m.set('rbx', m.pop())],
      [1, (m) => m.set('rbp', m.pop())],
    ];
    let offset = 0;
    for (let k = 0; k <= epilog.length; k++) {
      const { m, caller } = entered();
      BIG_PROLOG.forEach((op) => op(m));
      m.set('rsp', m.get('rsp') - 0x40n);
      epilog.slice(0, k).forEach(([, op]) => op(m));
      expectCaller(await step(m, 'big_frame_epilog', offset), caller, ['rbx', 'rbp', 'r12'], 'epilog');
      offset += epilog[k]?.[0] ?? 0;
    }
  });

  it('does not treat a return address as an epilog (only an exact ip can be in one)', async () => {
    const { m, caller } = entered();
    BIG_PROLOG.forEach((op) => op(m));
    // Same state, ip at the epilog start, but as a caller frame: the prolog codes are undone instead.
    expectCaller(await step(m, 'big_frame_epilog', 0, false), caller, ['rbx', 'rbp', 'r12', 'rsi', 'rdi']);
  });

  it('ends an epilog at a tail-call jmp out of the function (add rsp,imm8; pop; jmp rel8)', async () => {
    const ops: readonly [number, (m: Machine) => void][] = [
      [4, (m) => m.set('rsp', m.get('rsp') + 0x28n)],
      [1, (m) => m.set('rbx', m.pop())],
    ];
    let offset = 0;
    for (let k = 0; k <= ops.length; k++) {
      const { m, caller } = entered();
      m.push(m.get('rbx'));
      m.set('rbx', JUNK);
      m.set('rsp', m.get('rsp') - 0x28n);
      ops.slice(0, k).forEach(([, op]) => op(m));
      expectCaller(await step(m, 'small_epilog', offset), caller, ['rbx'], 'epilog');
      offset += ops[k]?.[0] ?? 0;
    }
    // In the body the prolog codes apply.
    const { m, caller } = entered();
    m.push(m.get('rbx'));
    m.set('rbx', JUNK);
    m.set('rsp', m.get('rsp') - 0x28n);
    expectCaller(await step(m, 'small_body', 0), caller, ['rbx'], 'return');
  });

  it('follows a jmp inside the function to the rest of the epilog, ending at jmp [rip+disp32] (add rsp,imm32)', async () => {
    const setup = (m: Machine): void => {
      m.push(m.get('r15'));
      m.set('r15', JUNK);
      m.set('rsp', m.get('rsp') - 0x800n);
    };
    for (const [delta, done] of [[0, 0], [7, 1], [10, 1]] as const) {
      const { m, caller } = entered();
      setup(m);
      if (done) m.set('rsp', m.get('rsp') + 0x800n);
      expectCaller(await step(m, 'jumpy_epilog', delta), caller, ['r15'], 'epilog');
    }
  });

  it('takes rip and rsp from a machine frame, with and without an error code (PUSH_MACHFRAME)', async () => {
    for (const [label, errorCode] of [['mf_code_body', true], ['mf_plain_body', false]] as const) {
      const m = new Machine();
      const interrupted = 0x7ff6_0000_1000n;
      const oldSp = 0x7ff0_0000_8000n;
      m.set('rsp', 0x7ff0_0000_4000n);
      // What the CPU pushes: SS, RSP, EFLAGS, CS, RIP [, error code].
      for (const v of [0x2bn, oldSp, 0x246n, 0x33n, interrupted]) m.push(v);
      if (errorCode) m.push(4n);
      const rax = m.get('rax');
      if (errorCode) (m.push(rax), m.set('rax', JUNK));
      const r = await step(m, label, 0);
      if (r.kind !== 'ok') throw new Error(r.problem);
      expect(r).toMatchObject({ via: 'machine-frame', regs: { rip: interrupted } });
      expect(r.regs.gpr[REG.rsp]).toBe(oldSp);
      if (errorCode) expect(r.regs.gpr[REG.rax]).toBe(rax);
    }
  });

  it('applies a chained fragment, then its parent (UNW_FLAG_CHAININFO)', async () => {
    const { m, caller } = entered();
    m.push(m.get('rbx'));
    m.set('rbx', JUNK);
    m.set('rsp', m.get('rsp') - 0x20n);
    m.push(m.get('rsi'));
    m.set('rsi', JUNK + 1n);
    expectCaller(await step(m, 'chained_body', 0), caller, ['rbx', 'rsi']);
  });

  it('returns from a leaf function (no .pdata entry) through [rsp]', async () => {
    for (const label of ['leaf', 'leaf_ret']) {
      const { m, caller } = entered();
      expect(findX64Function(table, at[label]!)).toBeNull();
      expectCaller(await step(m, label, 0), caller, ['rbx', 'rbp', 'rsi', 'rdi']);
    }
  });

  it('fails with a problem (no throw) when a slot it needs was not captured', async () => {
    const { m } = entered();
    BIG_PROLOG.forEach((op) => op(m));
    m.mem.clear();
    const r = await step(m, 'big_frame_body', 0);
    expect(r.kind).toBe('failed');
  });
});

describe('call-site check of return addresses', () => {
  it('recognises E8 and every FF /2 ModRM form that the assembler wrote, and nothing after non-calls', async () => {
    const before = async (label: string): Promise<Uint8Array> => readRva(image, at[label]! - 7, 7);
    for (const label of ['caller_ret', 'caller_ret_reg', 'caller_ret_disp8', 'caller_ret_rip', 'caller_ret_sib32', 'caller_ret_mem']) {
      expect([label, followsCall(await before(label))]).toEqual([label, true]);
    }
    for (const label of ['caller_no_call', 'big_frame_body', 'small_epilog']) expect([label, followsCall(await before(label))]).toEqual([label, false]);
  });

  it('recognises the SIB forms (Intel SDM ModRM/SIB tables: FF 14 24 = call [rsp], FF 14 25 d32 = call [d32], FF 54 24 08 = call [rsp+8])', () => {
    const tail = (...b: number[]): Uint8Array => Uint8Array.from([0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, ...b]).slice(-7);
    expect(followsCall(tail(0xff, 0x14, 0x24))).toBe(true);
    expect(followsCall(tail(0xff, 0x14, 0x25, 1, 2, 3, 4))).toBe(true);
    expect(followsCall(tail(0xff, 0x54, 0x24, 0x08))).toBe(true);
    expect(followsCall(tail(0xff, 0xe0))).toBe(false); // jmp rax
    expect(followsCall(tail(0xff, 0x25, 1, 2, 3, 4))).toBe(false); // jmp [rip+d32]
    expect(followsCall(new Uint8Array(0))).toBe(false);
  });
});
