import { openFileSource, type FileByteSource } from '../../../../electron/main/core/minidump/byte-source';
import { lookupArm64Function, readArm64FunctionTable, type Arm64FunctionTable, type Arm64Unwind } from '../../../../electron/main/core/pe/arm64-function-table';
import { parseArm64XData } from '../../../../electron/main/core/pe/arm64-xdata';
import { openPeImage, type PeImage } from '../../../../electron/main/core/pe/pe-image';
import { decodeArm64Packed } from '../../../../electron/main/core/pe/arm64-function-table';
import { packedArm64Prolog } from '../../../../electron/main/core/unwind/arm64-packed';
import { stripPac } from '../../../../electron/main/core/unwind/arm64-registers';
import { unwindArm64Step, type Arm64StepResult } from '../../../../electron/main/core/unwind/arm64-unwind';
import { isArm64Call } from '../../../../electron/main/core/unwind/arm64-walk';
import { buildWalkArm64Dll, disassembleArm64, WALK_ARM64_FUNCTIONS, type Arm64Insn } from '../../../support/walk-arm64-asm';
import { Arm64Model, frameOp, movesSp } from '../../../support/walk-arm64-model';

/**
 * clang-14 compiles the functions of walk-arm64-asm.ts; llvm-objdump disassembles them. For every
 * instruction boundary of a prolog, of the body and of each epilog, the model machine runs the
 * frame instructions read from the disassembly from a known caller state, and one unwind step
 * must give that caller back exactly: sp, pc (= the caller's lr) and x19–x29.
 */
const CALLER_SP = 0x7ff0_0000_1000n;
const RETURN = 0x7ff6_1234_5678n;

let file: FileByteSource;
let image: PeImage;
let table: Arm64FunctionTable;
let insns: Arm64Insn[];

beforeAll(async () => {
  const dll = buildWalkArm64Dll();
  file = await openFileSource(dll);
  const r = await openPeImage(file);
  if (!r.ok) throw new Error(r.error);
  image = r.value;
  table = await readArm64FunctionTable(image);
  insns = disassembleArm64(dll, image.headers.optional.imageBase);
});
afterAll(() => file?.close());

function entered(): { m: Arm64Model; caller: bigint[] } {
  const m = new Arm64Model();
  m.sp = CALLER_SP;
  m.x[30] = RETURN;
  return { m, caller: m.x.slice() };
}

async function step(m: Arm64Model, rva: number, exactIp: boolean): Promise<Arm64StepResult> {
  const unwind = await lookupArm64Function(image, table, exactIp ? rva : rva - 4);
  const base = image.headers.optional.imageBase;
  return unwindArm64Step({ regs: { x: m.x.slice(), sp: m.sp, pc: base + BigInt(rva) }, ipRva: rva, unwind, memory: m.memory(), exactIp });
}

function expectCaller(r: Arm64StepResult, caller: readonly bigint[], where: string): void {
  if (r.kind !== 'ok') throw new Error(`${where}: ${r.problem}`);
  expect({ where, sp: r.regs.sp, pc: r.regs.pc }).toEqual({ where, sp: CALLER_SP, pc: RETURN });
  expect({ where, saved: r.regs.x.slice(19, 30) }).toEqual({ where, saved: caller.slice(19, 30) });
}

/** The boundaries of one function and the model state at each. */
function boundaries(fn: string): { rva: number; state: Arm64Model; exact: boolean; what: string }[] {
  const code = insns.filter((i) => i.fn === fn);
  const { m } = entered();
  const out: { rva: number; state: Arm64Model; exact: boolean; what: string }[] = [];
  let k = 0;
  for (; k < code.length && frameOp(code[k]!); k++) {
    out.push({ rva: code[k]!.rva, state: m.clone(), exact: true, what: `prolog +${k}` });
    m.exec(code[k]!);
  }
  const body = m;
  // Epilogs: the frame instructions that end in each ret.
  const inEpilog = new Set<number>();
  code.forEach((insn, i) => {
    if (insn.op !== 'ret' || i < k) return;
    let j = i;
    while (j - 1 >= k && frameOp(code[j - 1]!)) j--;
    const e = body.clone();
    for (let p = j; p <= i; p++) {
      out.push({ rva: code[p]!.rva, state: e.clone(), exact: true, what: `epilog at +0x${(code[j]!.rva - code[0]!.rva).toString(16)}, step ${p - j}` });
      inEpilog.add(p);
      if (p < i) e.exec(code[p]!);
    }
  });
  for (let i = k; i < code.length && !movesSp(code[i]!); i++) {
    if (inEpilog.has(i)) continue;
    out.push({ rva: code[i]!.rva, state: body.clone(), exact: true, what: `body ${code[i]!.op}` });
    if (code[i]!.op === 'bl' || code[i]!.op === 'blr') out.push({ rva: code[i]!.rva + 4, state: body.clone(), exact: false, what: 'return address' });
  }
  return out;
}

describe('one arm64 unwind step from every instruction boundary of compiled functions', () => {
  it.each(WALK_ARM64_FUNCTIONS.map((f) => [f]))('%s', async (fn) => {
    const points = boundaries(fn);
    expect(points.length).toBeGreaterThan(0);
    const { caller } = entered();
    for (const p of points) expectCaller(await step(p.state, p.rva, p.exact), caller, `${fn} ${p.what}`);
  });

  it('covers both unwind forms: packed entries and .xdata records', () => {
    const kinds = new Set(table.functions.map((f) => f.kind));
    expect(kinds).toEqual(new Set(['packed', 'xdata']));
  });
});

/** A packed .pdata word (Flag 1, 40-byte function) with the given fields. */
const word = (f: { regF?: number; regI?: number; h?: number; cr?: number; frame: number }): number =>
  (1 | (10 << 2) | ((f.regF ?? 0) << 13) | ((f.regI ?? 0) << 16) | ((f.h ?? 0) << 20) | ((f.cr ?? 0) << 21) | ((f.frame / 16) << 23)) >>> 0;

describe('packed unwind data expands to the documented canonical prolog', () => {
  const shape = (w: number): string[] => packedArm64Prolog(decodeArm64Packed(w)).map((c) => ('offset' in c ? `${c.kind} ${'register' in c ? c.register : ''}@${c.offset}` : 'size' in c ? `${c.kind} ${c.size}` : c.kind));

  it('CR=3 with a small frame: stp x29,lr pre-indexed, then mov x29,sp', () => {
    expect(shape(word({ regI: 2, cr: 3, frame: 64 }))).toEqual(['set-fp', 'save-fplr-x @48', 'save-regp-x 19@16']);
  });
  it('CR=1, odd RegI pairs the last register with lr; a large frame takes two subtractions', () => {
    expect(shape(word({ regI: 3, cr: 1, frame: 8176 }))).toEqual(['alloc-l 4064', 'alloc-m 4080', 'save-lrpair 21@16', 'save-regp-x 19@32']);
  });
  it('RegF, H and CR=2 (pacibsp first)', () => {
    expect(shape(word({ regF: 1, h: 1, cr: 2, frame: 96 }))).toEqual(['set-fp', 'save-fplr-x @16', 'nop', 'nop', 'nop', 'nop', 'save-fregp-x 8@80', 'pac-sign-lr']);
  });
});

describe('hand-made frames the compiler does not write', () => {
  it('strips PAC bits from a signed lr', () => {
    expect(stripPac(0x002d_7ff6_1234_5678n)).toBe(0x7ff6_1234_5678n);
    expect(stripPac(0xffff_8000_0000_1000n)).toBe(0xffff_8000_0000_1000n);
  });
  it('recognises BL, BLR and BLRAA as calls, and nothing else', () => {
    expect([0x94000010, 0x97fffff0, 0xd63f0100, 0xd73f0900, 0xd63f081f].map(isArm64Call)).toEqual([true, true, true, true, true]);
    expect([0xd65f03c0, 0x14000010, 0xd61f0100, 0xaa0003e1].map(isArm64Call)).toEqual([false, false, false, false]);
  });
  it('a leaf without unwind data returns to lr with sp unchanged', async () => {
    const { m } = entered();
    const r = await unwindArm64Step({ regs: { x: m.x.slice(), sp: m.sp, pc: 0x1000n }, ipRva: 0x1000, unwind: null, memory: m.memory(), exactIp: true });
    expect(r).toMatchObject({ kind: 'ok', regs: { sp: CALLER_SP, pc: RETURN } });
  });
  it('unreadable unwind data and uncaptured memory fail with a problem, never a throw', async () => {
    const { m } = entered();
    const regs = { x: m.x.slice(), sp: m.sp, pc: 0x1000n };
    const bad = await unwindArm64Step({ regs, ipRva: 0x1000, unwind: { kind: 'unreadable', beginRva: 0x1000, problems: ['cut off'] }, memory: m.memory(), exactIp: false });
    expect(bad).toEqual({ kind: 'failed', problem: 'cut off' });
    const packed = decodeArm64Packed(word({ regI: 2, cr: 3, frame: 64 }));
    const r = await unwindArm64Step({ regs, ipRva: 0x1040, unwind: { kind: 'packed', beginRva: 0x1000, endRva: 0x1100, packed, problems: [] }, memory: m.memory(), exactIp: false });
    expect(r.kind).toBe('failed');
  });
});

/** An .xdata record (no epilog scopes) for a 64-byte function at RVA 0x1000 with these code bytes. */
function xdataUnwind(codes: readonly number[]): Arm64Unwind {
  const padded = [...codes];
  while (padded.length % 4 !== 0) padded.push(0xe3);
  const header = (16 | ((padded.length / 4) << 27)) >>> 0;
  const bytes = new Uint8Array(4 + padded.length);
  new DataView(bytes.buffer).setUint32(0, header, true);
  bytes.set(padded, 4);
  const problems: string[] = [];
  const xdata = parseArm64XData(bytes, 0x3000, problems);
  if (!xdata) throw new Error(problems.join('; '));
  return { kind: 'xdata', beginRva: 0x1000, endRva: 0x1040, xdata, problems };
}

describe('hand-written unwind codes the compiled functions do not use', () => {
  const stepWith = (m: Arm64Model, codes: readonly number[]): Promise<Arm64StepResult> =>
    unwindArm64Step({ regs: { x: m.x.slice(), sp: m.sp, pc: 0x1020n }, ipRva: 0x1020, unwind: xdataUnwind(codes), memory: m.memory(), exactIp: false });

  it('add_fp: sp comes back from x29 even after the body moved sp (alloca)', async () => {
    const { m, caller } = entered();
    // stp x29, lr, [sp, #-32]! ; add x29, sp, #16 ; then the body allocates more.
    m.memOp(false, ['x29', 'x30'], -32n, 'pre');
    m.x[29] = m.sp + 16n;
    m.sp -= 0x230n;
    expectCaller(await stepWith(m, [0xe2, 0x02, 0x83, 0xe4]), caller, 'add_fp');
  });

  it('MSFT_OP_MACHINE_FRAME: sp and pc are popped from {sp, pc} at sp', async () => {
    const { m } = entered();
    m.sp = 0x7000n;
    m.mem.set(0x7000n, 0x9000n);
    m.mem.set(0x7008n, 0x1800_0123_4n);
    const r = await stepWith(m, [0xe9, 0xe4]);
    expect(r).toMatchObject({ kind: 'ok', via: 'machine-frame', regs: { sp: 0x9000n, pc: 0x1800_0123_4n } });
  });

  it('MSFT_OP_CONTEXT: the whole register set comes from an ARM64 CONTEXT at sp', async () => {
    const { m } = entered();
    m.sp = 0x7000n;
    for (let i = 0; i <= 30; i++) m.mem.set(0x7008n + BigInt(i * 8), 0xc000n + BigInt(i));
    m.mem.set(0x7100n, 0x9100n);
    m.mem.set(0x7108n, 0x1800_0200_0n);
    const r = await stepWith(m, [0xea, 0xe4]);
    if (r.kind !== 'ok') throw new Error(r.problem);
    expect([r.via, r.regs.sp, r.regs.pc, r.regs.x[19], r.regs.x[29], r.regs.x[30]]).toEqual(['machine-frame', 0x9100n, 0x1800_0200_0n, 0xc013n, 0xc01dn, 0xc01en]);
  });

  it('trap frames, SVE allocations and reserved codes fail with a problem', async () => {
    const { m } = entered();
    for (const codes of [[0xe8, 0xe4], [0xdf, 0x01, 0xe4], [0xf0, 0xe4]]) {
      const r = await stepWith(m, codes);
      expect(r.kind).toBe('failed');
    }
  });

  it('a packed fragment (Flag 2) has no prolog: at its first instruction the whole frame is undone', async () => {
    const { m, caller } = entered();
    // The canonical prolog of RegI=2, CR=3, FrameSize=64 ran in the function the fragment belongs to.
    m.memOp(false, ['x19', 'x20'], -16n, 'pre');
    m.memOp(false, ['x29', 'x30'], -48n, 'pre');
    m.x[29] = m.sp;
    const packed = decodeArm64Packed(((word({ regI: 2, cr: 3, frame: 64 }) & ~3) | 2) >>> 0);
    expect(packed.flag).toBe(2);
    const r = await unwindArm64Step({ regs: { x: m.x.slice(), sp: m.sp, pc: 0x2000n }, ipRva: 0x2000, unwind: { kind: 'packed', beginRva: 0x2000, endRva: 0x2028, packed, problems: [] }, memory: m.memory(), exactIp: true });
    expectCaller(r, caller, 'fragment');
  });

  it('a signed lr restored from the stack loses its PAC bits', async () => {
    const { m } = entered();
    m.memOp(false, ['x29', 'x30'], -16n, 'pre');
    m.mem.set(m.sp + 8n, 0x0042_0000_0000_0000n | RETURN);
    const r = await stepWith(m, [0x81, 0xfc, 0xe4]);
    expect(r).toMatchObject({ kind: 'ok', regs: { pc: RETURN, sp: CALLER_SP } });
  });
});

describe('the BL/BLR test used to validate scanned return addresses', () => {
  it('agrees with llvm-objdump on every instruction of the DLL', () => {
    const calls = insns.filter((i) => i.word !== 0 && isArm64Call(i.word)).map((i) => i.rva);
    expect(calls.length).toBeGreaterThan(10);
    expect(calls).toEqual(insns.filter((i) => i.word !== 0 && /^bl(r|raa|rab|raaz|rabz)?$/.test(i.op)).map((i) => i.rva));
  });
});
