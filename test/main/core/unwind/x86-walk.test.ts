import { createBufferSource } from '../../../../electron/main/core/minidump/byte-source';
import { openDump } from '../../../../electron/main/core/minidump/dump-reader';
import { ModuleIndex } from '../../../../electron/main/core/minidump/module-index';
import { parseModuleList } from '../../../../electron/main/core/minidump/parse-modules';
import type { PdbFrameInfo } from '../../../../electron/main/core/pdb/frame-data';
import { runX86Program } from '../../../../electron/main/core/unwind/x86-program';
import { walkX86Thread, type X86Image } from '../../../../electron/main/core/unwind/x86-walk';
import { mulberry32 } from '../../../support/prng';
import { X86_BASE, X86_STACK, x86Dump, walkX86Dump } from '../../../support/walk-x86-dumps';

// The shape clang-14 gives a function without a frame pointer that saved esi (llvm-pdbutil dump -fpo of a -fomit-frame-pointer build).
const FPO_PROGRAM = '$T0 .raSearch = $eip $T0 ^ = $esp $T0 4 + = $esi $T0 4 - ^ =';

function frameData(rvaStart: number, codeSize: number, localSize: number, savedRegsSize: number, program: string | null): PdbFrameInfo {
  return { kind: 'frame-data', rvaStart, codeSize, localSize, paramsSize: 8, maxStackSize: 0, frameFunc: 0, prologSize: 3, savedRegsSize, hasSeh: false, hasEh: false, isFunctionStart: true, program };
}

const at = (i: number): number => X86_STACK + i * 4;

/** Frame 0 in an ebp-less function at 0x1050 (8 bytes locals, esi saved), its caller with an ebp frame at word 8, whose caller's frame at word 12 ends the chain. */
function fpoOmittedStack(): number[] {
  const w = new Array<number>(24).fill(0);
  w[0] = 0x11;
  w[1] = 0x22;
  w[2] = 0x5151; // saved esi
  w[3] = X86_BASE + 0x2005; // return into the caller
  w[8] = at(12); // caller's saved ebp
  w[9] = X86_BASE + 0x3005;
  w[12] = 0;
  w[13] = 0;
  return w;
}

describe('x86 program strings', () => {
  const mem = new Map<number, number>([[0x100, 0x4010], [0x104, 0x200]]);
  const read = async (a: number): Promise<number | null> => mem.get(a) ?? null;
  const inputs = new Map([['$esp', 0x100], ['$ebp', 0x104], ['$eip', 1]]);

  it('runs the FrameData forms clang and MSVC emit', async () => {
    const r = await runX86Program('$T0 $esp = $eip $T0 ^ = $esp $T0 4 + = $ebp $T0 4 + ^ =', inputs, read);
    expect(r).toEqual({ kind: 'ok', assigned: new Map([['$T0', 0x100], ['$eip', 0x4010], ['$esp', 0x104], ['$ebp', 0x200]]) });
    const align = await runX86Program('$T1 $ebp 8 @ = $T2 7 3 - 2 * 9 3 / + =', inputs, read);
    expect(align).toEqual({ kind: 'ok', assigned: new Map([['$T1', 0x100], ['$T2', 11]]) });
  });

  it.each([
    ['', 'empty'],
    ['$eip $T9 ^ =', 'has no value'],
    ['$eip 0x999 ^ =', 'not in the dump'],
    ['$eip 1 0 / =', 'division by zero'],
    ['1 $eip =', '$ name'],
    ['$eip +', 'underflow'],
    ['$eip 1 2', 'left over'],
    ['$eip 3 @ =', 'power of two'],
    ['$eip ! =', 'unknown token'],
    [Array(300).fill('1').join(' '), 'tokens'],
    [`$T0 $esp ${Array(40).fill('^').join(' ')} =`, 'memory reads'],
    [`$T0 ${Array(40).fill('1').join(' ')} =`, 'nests too deep'],
  ])('fails cleanly on %j', async (program, problem) => {
    const r = await runX86Program(program, inputs, async (a) => (a === 0x999 ? null : a));
    expect(r.kind).toBe('failed');
    if (r.kind === 'failed') expect(r.problem).toContain(problem);
  });
});

describe('x86 walker', () => {
  it('follows an ebp chain to the all-zero frame record', async () => {
    const w = new Array<number>(16).fill(0);
    w[2] = at(6);
    w[3] = X86_BASE + 0x1105;
    w[6] = at(10);
    w[7] = X86_BASE + 0x2205;
    const r = await walkX86Dump(x86Dump(w, X86_BASE + 0x1000, 0, { ebp: at(2) }));
    expect(r.ips).toEqual([X86_BASE + 0x1000, X86_BASE + 0x1105, X86_BASE + 0x2205]);
    expect(r.trust).toEqual(['context', 'frame-pointer', 'frame-pointer']);
  });

  it('unwinds a frame-pointer-omitted function with its FrameData program, then the ebp chain', async () => {
    const asked: number[] = [];
    const frameInfo = async (_m: unknown, rva: number): Promise<PdbFrameInfo | null> => {
      asked.push(rva);
      return rva >= 0x1000 && rva < 0x1100 ? frameData(0x1000, 0x100, 8, 4, FPO_PROGRAM) : null;
    };
    const bytes = x86Dump(fpoOmittedStack(), X86_BASE + 0x1050, 0, { ebp: at(8), esi: 0x77 });
    const r = await walkX86Dump(bytes, { frameInfo });
    expect(r.ips).toEqual([X86_BASE + 0x1050, X86_BASE + 0x2005, X86_BASE + 0x3005]);
    expect(r.trust).toEqual(['context', 'cfi', 'frame-pointer']);
    // Frame 0 at its exact ip, the caller at its return address − 1.
    expect(asked.slice(0, 2)).toEqual([0x1050, 0x2004]);
    // Without frame data the ebp chain skips the ebp-less function's caller.
    const plain = await walkX86Dump(bytes);
    expect(plain.ips).toEqual([X86_BASE + 0x1050, X86_BASE + 0x3005]);
  });

  it('uses the sizes of a record without a program, and of old FPO records', async () => {
    const bytes = x86Dump(fpoOmittedStack(), X86_BASE + 0x1050, 0, { ebp: at(8) });
    const r = await walkX86Dump(bytes, { frameInfo: async (_m, rva) => (rva === 0x1050 ? frameData(0x1000, 0x100, 8, 4, null) : null) });
    expect(r.trust).toEqual(['context', 'cfi', 'frame-pointer']);
    const fpo: PdbFrameInfo = { kind: 'fpo', rvaStart: 0x1000, codeSize: 0x100, localSize: 8, paramsSize: 8, prologSize: 3, savedRegs: 1, hasSeh: false, usesBp: false, frameType: 0 };
    const old = await walkX86Dump(bytes, { frameInfo: async (_m, rva) => (rva === 0x1050 ? fpo : null) });
    expect(old.ips).toEqual([X86_BASE + 0x1050, X86_BASE + 0x2005, X86_BASE + 0x3005]);
  });

  it.each(['$eip $esp ^', '$T0 .raSearch = $eip $T0 ^ =', '$eip 5 = $esp 0 =', '$T0 $esp 4096 + = $eip $T0 ^ = $esp $T0 4 + ='])('falls back with a problem on the bad program %j', async (program) => {
    const bytes = x86Dump(fpoOmittedStack(), X86_BASE + 0x1050, 0, { ebp: at(8) });
    const r = await walkX86Dump(bytes, { frameInfo: async (_m, rva) => (rva === 0x1050 ? frameData(0x1000, 0x100, 8, 4, program) : null) });
    expect(r.ips[0]).toBe(X86_BASE + 0x1050);
    expect(r.trust[1]).not.toBe('cfi');
    expect(r.problems.join('\n')).toMatch(/frame data: app\.exe\+0x1050/);
  });

  it('accepts a scanned word only when the code before it is a call', async () => {
    const w = new Array<number>(16).fill(0);
    w[1] = X86_BASE + 0x1010; // after a mov: rejected
    w[3] = X86_BASE + 0x1020; // after call [eax+8]: accepted
    const code = new Uint8Array(0x2000);
    code.set([0x89, 0xc3, 0x89, 0xc3, 0x89, 0xc3, 0x89], 0x1010 - 7);
    code.set([0x90, 0x90, 0x90, 0x90, 0xff, 0x50, 0x08], 0x1020 - 7);
    const bytes = x86Dump(w, X86_BASE + 0x1500, 0, { ebp: 0 });
    const problems: string[] = [];
    const reader = await openDump(createBufferSource(bytes), problems);
    if (typeof reader === 'string') throw new Error(reader);
    const modules = await parseModuleList(reader, problems);
    const image: X86Image = { code: async (rva, n) => code.subarray(Math.max(0, rva), Math.max(0, rva + n)) };
    const images = { get: async () => image, close: async () => undefined };
    const ctx = { kind: 'x86' as const, size: 716, ip: BigInt(X86_BASE + 0x1500), sp: BigInt(X86_STACK), fp: 0n, lr: null, registers: [['esp', BigInt(X86_STACK)] as const] };
    const stack = { base: BigInt(X86_STACK), bytes: new Uint8Array(new Uint32Array(w).buffer) };
    const frames = await walkX86Thread({ context: ctx, stack, modules: new ModuleIndex(modules), memory: null, images, maxFrames: 8 }, problems);
    expect(frames.map((f) => [f.regs.eip, f.trust])).toEqual([[X86_BASE + 0x1500, 'context'], [X86_BASE + 0x1020, 'scan']]);
  });

  it('ends on ebp loops and absurd stack pointers', async () => {
    const loop = new Array<number>(8).fill(0);
    loop[2] = at(2);
    loop[3] = X86_BASE + 0x1105;
    const r = await walkX86Dump(x86Dump(loop, X86_BASE + 0x1000, 0, { ebp: at(2) }));
    expect(r.ips.length).toBeLessThanOrEqual(8);
    const absurd = await walkX86Dump(x86Dump(loop, X86_BASE + 0x1000, 0, { esp: 0xfffffff0, ebp: 0xfffffffc }));
    expect(absurd.ips.length).toBeGreaterThanOrEqual(1);
  });

  it('survives 10,000 seeded hostile walks with programs and stacks of random words', async () => {
    const prng = mulberry32(0x86);
    const rng = (): number => prng.next();
    const tokens = ['$T0', '$T1', '$eip', '$esp', '$ebp', '$esi', '.raSearch', '.raSearchStart', '$L', '$P', '4', '8', '0', '+', '-', '*', '/', '@', '^', '=', '^', '='];
    const outOfBounds: number[] = [];
    let cfi = 0;
    for (let i = 0; i < 10_000; i++) {
      const words = Array.from({ length: 1 + Math.floor(rng() * 40) }, () => {
        const k = rng();
        return k < 0.3 ? X86_BASE + Math.floor(rng() * 0x10000) : k < 0.6 ? X86_STACK + Math.floor(rng() * 0xa0) : Math.floor(rng() * 0x100000000);
      });
      const program = rng() < 0.3 ? FPO_PROGRAM : Array.from({ length: Math.floor(rng() * 20) }, () => tokens[Math.floor(rng() * tokens.length)]!).join(' ');
      const info = frameData(0, 0x10000, Math.floor(rng() * 64), Math.floor(rng() * 16), program);
      const frameInfo = rng() < 0.5 ? async (): Promise<PdbFrameInfo | null> => info : undefined;
      const bytes = x86Dump(words, words[Math.floor(rng() * words.length)]!, Math.floor(rng() * words.length), { ebp: words[Math.floor(rng() * words.length)]! });
      const r = await walkX86Dump(bytes, { frameInfo, maxFrames: 32 });
      // Checked once at the end: two expect() calls per case cost more than the walks themselves.
      if (r.ips.length < 1 || r.ips.length > 32) outOfBounds.push(i);
      if (r.trust.includes('cfi')) cfi++;
    }
    expect(outOfBounds).toEqual([]);
    // The programs really ran: some walks took a frame from them.
    expect(cfi).toBeGreaterThan(0);
  }, 120_000);
});
