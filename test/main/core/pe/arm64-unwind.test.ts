/**
 * ARM64 .pdata/.xdata of a clang/lld DLL (compiler records, packed entries, a handler, 34 epilog
 * scopes with the extended header, the rarer codes) against llvm-readobj-14 --unwind.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ByteView } from '../../../../electron/main/core/minidump/binary';
import { lookupArm64Function, readArm64FunctionTable, readArm64Unwind } from '../../../../electron/main/core/pe/arm64-function-table';
import type { Arm64UnwindCode } from '../../../../electron/main/core/pe/arm64-unwind-codes';
import { readRva } from '../../../../electron/main/core/pe/pe-image';
import { buildPeFixtures, readBytes } from '../../../support/pe-builder';
import { va, withImage } from '../../../support/pe-layout';
import { oracleSections } from '../../../support/pe-oracle';
import { oracleArm64Unwind, type OracleArm64Opcode } from '../../../support/pe-oracle-unwind';

const fx = buildPeFixtures();

/** Our decoded code in llvm-readobj's words (prolog form: stores; epilog form: loads). */
function llvmText(c: Arm64UnwindCode, epilog: boolean): string {
  const st = epilog ? 'ld' : 'st';
  const x = (r: number): string => (r === 30 ? 'x30' : `x${r}`);
  const pre = (regs: string, n: number): string => (epilog ? `${regs}, [sp], #${n}` : `${regs}, [sp, #-${n}]!`);
  switch (c.kind) {
    case 'alloc-s':
    case 'alloc-m':
    case 'alloc-l':
      return `${epilog ? 'add' : 'sub'} sp, #${c.size}`;
    case 'save-r19r20-x':
      return `${st}p ${pre('x19, x20', c.offset)}`;
    case 'save-fplr':
      return `${st}p x29, x30, [sp, #${c.offset}]`;
    case 'save-fplr-x':
      return `${st}p ${pre('x29, x30', c.offset)}`;
    case 'save-regp':
      return `${st}p ${x(c.register)}, ${x(c.register + 1)}, [sp, #${c.offset}]`;
    case 'save-regp-x':
      return `${st}p ${pre(`${x(c.register)}, ${x(c.register + 1)}`, c.offset)}`;
    case 'save-reg':
      return `${st}r ${x(c.register)}, [sp, #${c.offset}]`;
    case 'save-reg-x':
      return `${st}r ${pre(x(c.register), c.offset)}`;
    case 'save-lrpair':
      return `${st}p ${x(c.register)}, lr, [sp, #${c.offset}]`;
    case 'save-fregp':
      return `${st}p d${c.register}, d${c.register + 1}, [sp, #${c.offset}]`;
    case 'save-fregp-x':
      return `${st}p ${pre(`d${c.register}, d${c.register + 1}`, c.offset)}`;
    case 'save-freg':
      return `${st}r d${c.register}, [sp, #${c.offset}]`;
    case 'save-freg-x':
      return `${st}r ${pre(`d${c.register}`, c.offset)}`;
    case 'set-fp':
      return epilog ? 'mov sp, fp' : 'mov fp, sp';
    case 'add-fp':
      return `add fp, sp, #${c.offset}`;
    case 'save-next':
      return 'save next';
    default:
      return c.kind.replace(/-/g, ' ');
  }
}

function expectCodes(codes: readonly Arm64UnwindCode[], want: readonly OracleArm64Opcode[], epilog: boolean): void {
  expect(codes.map((c) => ({ hex: '0x' + c.bytes.map((b) => b.toString(16).padStart(2, '0')).join(''), text: llvmText(c, epilog) }))).toEqual(want);
}

describe.each(['file', 'mapped'] as const)('ARM64 DLL, %s layout', (layout) => {
  const want = oracleArm64Unwind(fx.arm64);

  it('reads every function entry and its unwind data like llvm-readobj', async () => {
    await withImage(fx.arm64, layout, async (image) => {
      const table = await readArm64FunctionTable(image);
      expect(table.problems).toEqual([]);
      expect(table.functions.map((f) => va(image, f.beginRva))).toEqual(want.map((w) => w.function));
      for (let i = 0; i < want.length; i++) {
        const w = want[i]!;
        const u = await readArm64Unwind(image, table.functions[i]!);
        expect(u.problems).toEqual([]);
        if (w.kind === 'packed') {
          expect(u.kind).toBe('packed');
          if (u.kind !== 'packed') continue;
          const { flag, ...p } = u.packed;
          expect({ fragment: flag === 2, ...p }).toEqual({ fragment: w.fragment, functionLength: w.functionLength, regF: w.regF, regI: w.regI, homedParameters: w.homedParameters, cr: w.cr, frameSize: w.frameSize });
          continue;
        }
        expect(u.kind).toBe('xdata');
        if (u.kind !== 'xdata') continue;
        const x = u.xdata;
        expect(va(image, x.rva)).toBe(w.record);
        expect([x.functionLength, x.version, x.hasExceptionData, x.packedEpilog, x.packedEpilog ? x.singleEpilogIndex : x.epilogCount, x.codeWords * 4]).toEqual([
          w.functionLength,
          w.version,
          w.exceptionData,
          w.epiloguePacked,
          w.epilogueField,
          w.byteCodeLength,
        ]);
        expectCodes(x.prolog, w.prologue, false);
        // llvm-readobj prints no separate epilog when it starts at code 0 (it is the prolog's codes).
        if (x.singleEpilogIndex === 0) expect(x.singleEpilog).toEqual(x.prolog);
        else expectCodes(x.singleEpilog, w.epilogue, true);
        expect(x.epilogScopes.map((s) => ({ startOffset: s.startOffset / 4, startIndex: s.startIndex }))).toEqual(w.scopes.map((s) => ({ startOffset: s.startOffset, startIndex: s.startIndex })));
        x.epilogScopes.forEach((s, k) => expectCodes(s.codes, w.scopes[k]!.opcodes, true));
        expect(x.codeBytes).toHaveLength(x.codeWords * 4);
        if (w.handler) {
          expect(va(image, x.handlerRva!)).toBe(w.handler.routine);
          expect(new ByteView(await readRva(image, x.handlerDataRva!, 4)).u32(0)).toBe(w.handler.parameter);
        } else expect(x.handlerRva).toBeNull();
      }
    });
  });
});

it('has the shapes the fixture exists for: packed, extended header, handler', async () => {
  await withImage(fx.arm64, 'file', async (image) => {
    const table = await readArm64FunctionTable(image);
    const all = await Promise.all(table.functions.map((f) => readArm64Unwind(image, f)));
    expect(all.filter((u) => u.kind === 'packed').length).toBeGreaterThanOrEqual(3);
    expect(all.some((u) => u.kind === 'xdata' && u.xdata.extendedHeader && u.xdata.epilogCount === 34)).toBe(true);
    expect(all.some((u) => u.kind === 'xdata' && u.xdata.hasExceptionData && u.xdata.packedEpilog)).toBe(true);
  });
});

it('finds the function holding an address, checking the candidate length', async () => {
  const want = oracleArm64Unwind(fx.arm64);
  await withImage(fx.arm64, 'file', async (image) => {
    const table = await readArm64FunctionTable(image);
    const base = image.headers.optional.imageBase;
    for (const w of want) {
      const start = Number(w.function - base);
      expect((await lookupArm64Function(image, table, start))?.beginRva).toBe(start);
      expect((await lookupArm64Function(image, table, start + w.functionLength - 4))?.beginRva).toBe(start);
      const end = start + w.functionLength;
      if (!want.some((o) => Number(o.function - base) === end)) expect(await lookupArm64Function(image, table, end)).toBeNull();
    }
    expect(await lookupArm64Function(image, table, Number(want[0]!.function - base) - 4)).toBeNull();
  });
});

it('reports a packed fragment (Flag 2), patched into a real entry, as llvm-readobj does', async () => {
  const want = oracleArm64Unwind(fx.arm64);
  const packedIndex = want.findIndex((w) => w.kind === 'packed');
  const pdata = oracleSections(fx.arm64).find((s) => s.name === '.pdata')!;
  const bytes = readBytes(fx.arm64);
  const at = pdata.pointerToRawData + packedIndex * 8 + 4;
  bytes[at] = (bytes[at]! & ~3) | 2;
  const dir = mkdtempSync(join(tmpdir(), 'pe-arm64-'));
  try {
    const file = join(dir, 'fragment.dll');
    writeFileSync(file, bytes);
    const patched = oracleArm64Unwind(file)[packedIndex]!;
    expect(patched.kind === 'packed' && patched.fragment).toBe(true);
    await withImage(file, 'file', async (image) => {
      const entry = (await readArm64FunctionTable(image)).functions[packedIndex]!;
      expect(entry.kind === 'packed' && entry.packed.flag).toBe(2);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
