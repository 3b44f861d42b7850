/**
 * x64 .pdata/.xdata of clang/lld images (every UNWIND_CODE opcode, handlers, chained entries) and
 * of Wine's ntdll/kernel32, against llvm-readobj-14 --unwind, in the file and mapped layouts.
 */
import { findX64Function, readX64FunctionTable, readX64Unwind } from '../../../../electron/main/core/pe/x64-function-table';
import type { X64UnwindCode, X64UnwindInfo } from '../../../../electron/main/core/pe/x64-unwind-info';
import { buildPeFixtures, wineDll } from '../../../support/pe-builder';
import { va, withImage } from '../../../support/pe-layout';
import { oracleX64Unwind, type OracleX64Function } from '../../../support/pe-oracle-unwind';
import { X64_V2_EXPECTED } from '../../../support/pe-asm-x64';

const fx = buildPeFixtures();
const REG = ['RAX', 'RCX', 'RDX', 'RBX', 'RSP', 'RBP', 'RSI', 'RDI', 'R8', 'R9', 'R10', 'R11', 'R12', 'R13', 'R14', 'R15'];
const hexU = (n: number): string => '0x' + n.toString(16).toUpperCase();

/** Our decoded code in llvm-readobj's words, e.g. "0x04: ALLOC_SMALL size=40". */
function llvmLine(code: X64UnwindCode, info: X64UnwindInfo): string {
  const at = (o: number): string => '0x' + o.toString(16).toUpperCase().padStart(2, '0') + ': ';
  switch (code.kind) {
    case 'push-nonvol':
      return `${at(code.prologOffset)}PUSH_NONVOL reg=${REG[code.register]}`;
    case 'alloc-large':
      return `${at(code.prologOffset)}ALLOC_LARGE size=${code.size}`;
    case 'alloc-small':
      return `${at(code.prologOffset)}ALLOC_SMALL size=${code.size}`;
    case 'set-fpreg':
      return `${at(code.prologOffset)}SET_FPREG reg=${REG[info.frameRegister]}, offset=${hexU(info.frameOffset)}`;
    case 'save-nonvol':
      return `${at(code.prologOffset)}SAVE_NONVOL${code.far ? '_FAR' : ''} reg=${REG[code.register]}, offset=${hexU(code.offset)}`;
    case 'save-xmm128':
      return `${at(code.prologOffset)}SAVE_XMM128${code.far ? '_FAR' : ''} reg=XMM${code.register}, offset=${hexU(code.offset)}`;
    case 'push-machframe':
      return `${at(code.prologOffset)}PUSH_MACHFRAME errcode=${code.errorCode ? 'yes' : 'no'}`;
    default:
      return `unexpected ${code.kind}`;
  }
}

/** Our info in the oracle's terms (addresses as VAs, registers and codes in llvm-readobj's words). */
function asOracle(info: X64UnwindInfo, base: bigint): OracleX64Function['info'] {
  return {
    version: info.version,
    flags: info.flags,
    prologSize: info.prologSize,
    frameRegister: info.frameRegister === 0 ? '-' : `${REG[info.frameRegister]} (${hexU(info.frameRegister)})`,
    frameOffset: info.frameRegister === 0 ? '-' : hexU(info.frameOffset / 16),
    codeCount: info.slotCount,
    codes: info.codes.map((c) => llvmLine(c, info).toUpperCase()),
    handler: info.handlerRva === null ? null : base + BigInt(info.handlerRva),
    chained: info.chained && { start: base + BigInt(info.chained.beginRva), end: base + BigInt(info.chained.endRva), unwindAddress: base + BigInt(info.chained.unwindRva) },
  };
}

/** The oracle's info with code lines upper-cased (readobj prints hex digits in either case). */
function normalised(info: OracleX64Function['info']): OracleX64Function['info'] {
  return { ...info, codes: info.codes.map((c) => c.toUpperCase()) };
}

describe.each([
  ['x64 DLL (every opcode)', fx.lib64],
  ['x64 EXE (mingw CRT)', fx.app64],
  ['Wine ntdll.dll', wineDll('ntdll.dll')],
  ['Wine kernel32.dll', wineDll('kernel32.dll')],
])('%s', (_label, file) => {
  const want = oracleX64Unwind(file);

  it.each(['file', 'mapped'] as const)('reads every function and its unwind info like llvm-readobj (%s layout)', async (layout) => {
    await withImage(file, layout, async (image) => {
      const table = await readX64FunctionTable(image);
      expect(table.problems).toEqual([]);
      expect(table.functions.map((f) => [va(image, f.beginRva), va(image, f.endRva), va(image, f.unwindRva)])).toEqual(want.map((w) => [w.start, w.end, w.unwindAddress]));
      const byUnwind = new Map(want.map((w) => [w.unwindAddress, normalised(w.info)]));
      const base = image.headers.optional.imageBase;
      const got: unknown[] = [];
      const expected: unknown[] = [];
      for (let i = 0; i < want.length; i++) {
        const unwind = await readX64Unwind(image, table.functions[i]!);
        // Each chained parent is applied next: its info is the one readobj prints for that address.
        got.push({ problems: unwind.problems, links: unwind.links.map((l) => asOracle(l.info, base)) });
        const chainedInfo = want[i]!.info.chained ? [byUnwind.get(want[i]!.info.chained!.unwindAddress)] : [];
        expected.push({ problems: [], links: [normalised(want[i]!.info), ...chainedInfo] });
      }
      expect(got).toEqual(expected);
    });
  });

  it('finds the function holding an address by binary search', async () => {
    await withImage(file, 'file', async (image) => {
      const table = await readX64FunctionTable(image);
      const base = image.headers.optional.imageBase;
      const rva = (a: bigint): number => Number(a - base);
      const holders = (at: bigint): OracleX64Function[] => want.filter((w) => w.start <= at && at < w.end);
      const got: unknown[] = [];
      const expected: unknown[] = [];
      for (const w of want) {
        for (const at of [w.start, w.end - 1n]) {
          // Where ranges nest (a chained fragment inside its parent) the innermost one is the answer.
          const inner = holders(at).reduce((a, b) => (b.start > a.start ? b : a));
          const found = findX64Function(table, rva(at));
          got.push(found && [va(image, found.beginRva), va(image, found.endRva)]);
          expected.push([inner.start, inner.end]);
        }
        if (holders(w.end).length === 0) {
          got.push(findX64Function(table, rva(w.end)));
          expected.push(null);
        }
      }
      expect(got).toEqual(expected);
      expect(findX64Function(table, rva(want[0]!.start) - 1)).toBeNull();
    });
  });
});

it('covers every opcode family in the hand-written prologs', async () => {
  await withImage(fx.lib64, 'file', async (image) => {
    const table = await readX64FunctionTable(image);
    const kinds = new Set<string>();
    for (const fn of table.functions) for (const link of (await readX64Unwind(image, fn)).links) for (const c of link.info.codes) kinds.add(c.kind + ('far' in c && c.far ? '-far' : '') + (c.kind === 'alloc-large' ? c.slots : ''));
    expect([...kinds].sort()).toEqual(['alloc-large2', 'alloc-large3', 'alloc-small', 'push-machframe', 'push-nonvol', 'save-nonvol', 'save-nonvol-far', 'save-xmm128', 'save-xmm128-far', 'set-fpreg']);
  });
});

it('decodes version-2 epilog codes written byte by byte (llvm-readobj 14 cannot)', async () => {
  await withImage(fx.v2x64, 'file', async (image) => {
    const table = await readX64FunctionTable(image);
    expect(table.functions).toHaveLength(1);
    const unwind = await readX64Unwind(image, table.functions[0]!);
    expect(unwind.problems).toEqual([]);
    const info = unwind.links[0]!.info;
    expect(info).toMatchObject({ version: 2, prologSize: X64_V2_EXPECTED.prologSize, slotCount: X64_V2_EXPECTED.slotCount });
    expect(info.codes).toEqual([
      { kind: 'epilog-header', size: X64_V2_EXPECTED.epilogSize, atEnd: X64_V2_EXPECTED.atEnd },
      { kind: 'epilog', offsetFromEnd: X64_V2_EXPECTED.epilogOffsetFromEnd },
      { kind: 'push-nonvol', ...X64_V2_EXPECTED.push },
    ]);
  });
});

it('gives no x64 table for a non-x64 image, with a problem saying so', async () => {
  await withImage(fx.arm64, 'file', async (image) => {
    const table = await readX64FunctionTable(image);
    expect(table.functions).toEqual([]);
    expect(table.problems).toEqual(['not an x64 image (arm64): no x64 function table']);
  });
});
