/**
 * VS_VERSIONINFO resources: the .rc file we compiled (llvm-rc-14) is the truth for values, and
 * llvm-readobj-14 --coff-resources for where the resource tree says the data is.
 */
import { findResources, ResourceType } from '../../../../electron/main/core/pe/resource-directory';
import { readVersionInfo } from '../../../../electron/main/core/pe/version-info';
import { buildPeFixtures, wineDll } from '../../../support/pe-builder';
import { withImage } from '../../../support/pe-layout';
import { oracleVersionResources } from '../../../support/pe-oracle';
import { VERSION_STRINGS } from '../../../support/pe-sources';

const fx = buildPeFixtures();

describe.each([
  ['x64 DLL', fx.lib64],
  ['x86 DLL', fx.lib32],
  ['ARM64 DLL', fx.arm64],
])('%s', (_label, file) => {
  it.each(['file', 'mapped'] as const)('reads the compiled VERSIONINFO back (%s layout)', async (layout) => {
    await withImage(file, layout, async (image) => {
      const found = await findResources(image, ResourceType.version);
      expect(found.problems).toEqual([]);
      expect(found.entries.map((e) => ({ language: e.language, dataRva: e.dataRva, dataSize: e.size, codepage: e.codePage }))).toEqual(oracleVersionResources(file));
      const info = await readVersionInfo(image);
      expect(info?.problems).toEqual([]);
      // VERSION_RC: FILEVERSION 1,2,3,4 PRODUCTVERSION 5,6,7,8 FILEFLAGSMASK 0x3f FILEFLAGS 0x2 FILEOS 0x40004 FILETYPE 0x2.
      expect(info?.fixed).toEqual({ fileVersion: '1.2.3.4', productVersion: '5.6.7.8', fileFlagsMask: 0x3f, fileFlags: 2, fileOs: 0x40004, fileType: 2, fileSubtype: 0, fileDate: 0n });
      expect(info?.stringTables).toEqual([{ key: '040904b0', strings: Object.entries(VERSION_STRINGS).map(([key, value]) => ({ key, value })) }]);
      expect(info).toMatchObject({
        companyName: VERSION_STRINGS.CompanyName,
        fileDescription: VERSION_STRINGS.FileDescription,
        productName: VERSION_STRINGS.ProductName,
        fileVersion: VERSION_STRINGS.FileVersion,
        productVersion: VERSION_STRINGS.ProductVersion,
        originalFilename: VERSION_STRINGS.OriginalFilename,
      });
    });
  });
});

it('lists every language of a multi-language resource and prefers US English (Wine kernel32)', async () => {
  const file = wineDll('kernel32.dll');
  await withImage(file, 'file', async (image) => {
    const found = await findResources(image, ResourceType.version);
    expect(found.problems).toEqual([]);
    const want = oracleVersionResources(file);
    expect(want.length).toBeGreaterThan(10);
    expect(found.entries.map((e) => ({ language: e.language, dataRva: e.dataRva, dataSize: e.size, codepage: e.codePage }))).toEqual(want);
    const info = await readVersionInfo(image);
    expect(info?.problems).toEqual([]);
    expect(info?.stringTables[0]?.key.slice(0, 4)).toBe('0409');
    expect(info?.originalFilename).toBe('kernel32.dll');
    expect(info?.fileVersion).toBe(info?.fixed?.fileVersion);
  });
});

it('returns null for an image without resources', async () => {
  await withImage(fx.app64, 'file', async (image) => expect(await readVersionInfo(image)).toBeNull());
});
