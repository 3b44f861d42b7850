/**
 * Headers, sections and code ids of real images (clang/lld builds for x64, x86, ARM64 and Wine's
 * system DLLs), checked field by field against llvm-readobj-14 / llvm-objdump-14, in both the
 * file layout and the loader's mapped layout.
 */
import { peCodeId } from '../../../../electron/main/core/pe/code-id';
import { peArch } from '../../../../electron/main/core/pe/pe-constants';
import { buildPeFixtures, wineDll } from '../../../support/pe-builder';
import { withImage } from '../../../support/pe-layout';
import { oracleHeaders, oracleSections } from '../../../support/pe-oracle';

const fx = buildPeFixtures();
const IMAGES: readonly [string, string][] = [
  ['x64 DLL', fx.lib64],
  ['x64 EXE (long section names)', fx.app64],
  ['x86 DLL (PE32)', fx.lib32],
  ['ARM64 DLL', fx.arm64],
  ['Wine kernel32.dll', wineDll('kernel32.dll')],
  ['Wine ntdll.dll', wineDll('ntdll.dll')],
];

describe.each(IMAGES)('%s', (_label, file) => {
  const want = oracleHeaders(file);
  const sections = oracleSections(file);

  it.each(['file', 'mapped'] as const)('matches llvm-readobj in the %s layout', async (layout) => {
    await withImage(file, layout, async (image) => {
      const h = image.headers;
      expect(image.problems).toEqual([]);
      expect(h.peOffset).toBe(want.peOffset);
      expect({
        machine: h.coff.machine,
        sectionCount: h.coff.numberOfSections,
        timeDateStamp: h.coff.timeDateStamp,
        pointerToSymbolTable: h.coff.pointerToSymbolTable,
        symbolCount: h.coff.numberOfSymbols,
        optionalHeaderSize: h.coff.sizeOfOptionalHeader,
        characteristics: h.coff.characteristics,
      }).toEqual({
        machine: want.machine,
        sectionCount: want.sectionCount,
        timeDateStamp: want.timeDateStamp,
        pointerToSymbolTable: want.pointerToSymbolTable,
        symbolCount: want.symbolCount,
        optionalHeaderSize: want.optionalHeaderSize,
        characteristics: want.characteristics,
      });
      const { kind, dataDirectories, ...optional } = h.optional;
      expect(kind).toBe(want.optional.magic === 0x20b ? 'pe32+' : 'pe32');
      expect(optional).toEqual(want.optional);
      expect(dataDirectories).toEqual(want.dataDirectories);
      expect(h.sections).toHaveLength(sections.length);
      h.sections.forEach((s, i) => {
        const o = sections[i]!;
        // The COFF string table (long names) is not mapped by the loader: "/4" stays as written.
        expect(s).toEqual({ ...o, name: layout === 'mapped' && o.name.length > 8 ? s.name : o.name });
        if (layout === 'mapped' && o.name.length > 8) expect(s.name).toMatch(/^\/\d+$/);
      });
      expect(image.codeId).toBe(want.timeDateStamp.toString(16).toUpperCase().padStart(8, '0') + Number(want.optional.sizeOfImage).toString(16));
    });
  });
});

it('names the architectures of the four machine types', async () => {
  await withImage(fx.lib64, 'file', async (i) => expect(i.headers.coff.arch).toBe('amd64'));
  await withImage(fx.lib32, 'file', async (i) => expect(i.headers.coff.arch).toBe('x86'));
  await withImage(fx.arm64, 'file', async (i) => expect(i.headers.coff.arch).toBe('arm64'));
  expect(peArch(0x1c4)).toBe('arm');
  expect(peArch(0x200)).toBe('other');
});

it('formats the code id the SymSrv way: %08X TimeDateStamp + %x SizeOfImage', () => {
  // The example of the issue, and zero padding of a small timestamp.
  expect(peCodeId(0x5f3c2a1b, 0x1e000)).toBe('5F3C2A1B1e000');
  expect(peCodeId(0x1234, 0xabc000)).toBe('00001234abc000');
  expect(peCodeId(0xffffffff, 0)).toBe('FFFFFFFF0');
});
