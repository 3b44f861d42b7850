/**
 * Export tables (named, ordinal-only, forwarded) of clang/lld DLLs and Wine's kernel32/ntdll,
 * against llvm-objdump-14 -p and llvm-readobj-14 --coff-exports; nearest-export lookups against
 * the addresses those tools print.
 */
import { createExportIndex, nearestExport, readExports, type PeExports } from '../../../../electron/main/core/pe/exports';
import { buildPeFixtures, wineDll } from '../../../support/pe-builder';
import { withImage } from '../../../support/pe-layout';
import { oracleExportRvas } from '../../../support/pe-oracle';
import { objdumpExports } from '../../../support/pe-readobj';

const fx = buildPeFixtures();
const DLLS: readonly [string, string][] = [
  ['x64 DLL', fx.lib64],
  ['x86 DLL', fx.lib32],
  ['ARM64 DLL', fx.arm64],
  ['Wine kernel32.dll', wineDll('kernel32.dll')],
  ['Wine ntdll.dll', wineDll('ntdll.dll')],
];

describe.each(DLLS)('%s', (_label, file) => {
  const want = objdumpExports(file);
  const rvas = oracleExportRvas(file);

  function check(exports: PeExports): void {
    expect(exports.problems).toEqual([]);
    expect(exports.dllName).toBe(want.dllName);
    expect(exports.ordinalBase).toBe(want.ordinalBase);
    expect(exports.entries.map((e) => e.ordinal)).toEqual(want.rows.map((r) => r.ordinal));
    // readobj prints the code RVA, or the forwarder string's RVA for forwarders.
    expect(exports.entries.map((e) => ({ ordinal: e.ordinal, forwarder: e.forwarder, rva: e.rva, named: e.names.length > 0 }))).toEqual(
      want.rows.map((r) => ({ ordinal: r.ordinal, forwarder: r.forwarder, rva: rvas.get(r.ordinal)!.rva, named: r.name !== null })),
    );
    // objdump prints one name per ordinal: it must be one of ours.
    expect(exports.entries.filter((e, i) => want.rows[i]!.name !== null && !e.names.includes(want.rows[i]!.name!))).toEqual([]);
    expect(want.rows.filter((r) => r.forwarder === null && r.rva !== rvas.get(r.ordinal)!.rva)).toEqual([]);
  }

  it.each(['file', 'mapped'] as const)('lists the exports like llvm-objdump (%s layout)', async (layout) => {
    await withImage(file, layout, async (image) => check(await readExports(image)));
  });

  it('finds the nearest export at or below an address', async () => {
    await withImage(file, 'file', async (image) => {
      const index = createExportIndex(await readExports(image));
      const code = want.rows.filter((r) => r.forwarder === null).sort((a, b) => a.rva - b.rva);
      expect(code.length).toBeGreaterThan(0);
      expect(nearestExport(index, code[0]!.rva - 1)).toBeNull();
      const got: unknown[] = [];
      const expected: unknown[] = [];
      for (let i = 0; i < code.length; i++) {
        const row = code[i]!;
        const hit = nearestExport(index, row.rva);
        got.push([hit?.export.rva, hit?.offset]);
        expected.push([row.rva, 0]);
        const next = code.find((r) => r.rva > row.rva);
        if (next && next.rva - row.rva > 1) {
          const inside = nearestExport(index, next.rva - 1);
          got.push([inside?.export.rva, inside?.offset]);
          expected.push([row.rva, next.rva - 1 - row.rva]);
        }
      }
      expect(got).toEqual(expected);
    });
  });
});

it('reads the .def file shapes of the x64 DLL: NONAME ordinal, fixed ordinal, forwarders', async () => {
  await withImage(fx.lib64, 'file', async (image) => {
    const e = await readExports(image);
    const byName = (n: string) => e.entries.find((x) => x.names.includes(n));
    expect(e.entries.find((x) => x.ordinal === 9)?.names).toEqual([]);
    expect(byName('named_too')?.ordinal).toBe(5);
    expect(byName('fwd_sleep')?.forwarder).toBe('kernel32.Sleep');
    expect(byName('GetTick')?.forwarder).toBe('KERNEL32.GetTickCount');
  });
});
