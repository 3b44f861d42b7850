/**
 * RVA reads in the file layout against the loader's mapped layout built from llvm-readobj's
 * section table: every section's memory (raw data, then zeros) must read the same both ways.
 */
import { readFileSync } from 'node:fs';
import { createBufferSource } from '../../../../electron/main/core/minidump/byte-source';
import { readExports } from '../../../../electron/main/core/pe/exports';
import { openPeImage, readCString, readRva } from '../../../../electron/main/core/pe/pe-image';
import { buildPeFixtures, wineDll } from '../../../support/pe-builder';
import { mappedLayout, withImage } from '../../../support/pe-layout';
import { oracleHeaders, oracleSections } from '../../../support/pe-oracle';
import { readEverything } from '../../../support/pe-read-all';

const fx = buildPeFixtures();

it.each([
  ['x64 EXE', fx.app64],
  ['x86 DLL', fx.lib32],
  ['ARM64 DLL', fx.arm64],
  ['Wine kernel32.dll', wineDll('kernel32.dll')],
])('%s: every section reads the same through the section table as from the mapped image', async (_label, file) => {
  const mapped = mappedLayout(file);
  const headerSize = Number(oracleHeaders(file).optional.sizeOfHeaders);
  await withImage(file, 'file', async (image) => {
    expect(Buffer.from(await readRva(image, 0, headerSize)).equals(Buffer.from(mapped.subarray(0, headerSize)))).toBe(true);
    for (const s of oracleSections(file)) {
      const size = s.virtualSize || s.sizeOfRawData;
      const got = await readRva(image, s.virtualAddress, size);
      expect(got.length).toBe(size);
      expect(Buffer.from(got).equals(Buffer.from(mapped.subarray(s.virtualAddress, s.virtualAddress + size)))).toBe(true);
      // A read never runs on into the next section's file bytes.
      expect((await readRva(image, s.virtualAddress, size + 4096)).length).toBe(size);
    }
  });
});

it('reads nothing for RVAs outside every section and reads in the mapped layout straight through', async () => {
  await withImage(fx.lib64, 'file', async (image) => {
    expect(await readRva(image, 0x7ffffff0, 16)).toEqual(new Uint8Array(0));
    expect(await readRva(image, -1, 16)).toEqual(new Uint8Array(0));
    expect(await readRva(image, 0, 0)).toEqual(new Uint8Array(0));
    expect(await readCString(image, 0x7ffffff0)).toBeNull();
  });
  const bytes = new Uint8Array(readFileSync(fx.lib64));
  const opened = await openPeImage(createBufferSource(bytes), { layout: 'mapped' });
  if (!opened.ok) throw new Error(opened.error);
  // Treated as mapped, offset = RVA even where no section is.
  expect(await readRva(opened.value, 0x10, 4)).toEqual(bytes.subarray(0x10, 0x14));
});

it('rejects what is not a PE image with a plain error', async () => {
  for (const [bytes, message] of [
    [new Uint8Array(10), 'not a PE image: only 10 bytes, a DOS header needs 64'],
    [new Uint8Array(4096), 'not a PE image: no "MZ" signature'],
    [new Uint8Array(readFileSync(process.execPath).subarray(0, 8192)), 'not a PE image: no "MZ" signature'],
  ] as const) {
    const opened = await openPeImage(createBufferSource(bytes));
    expect(opened).toEqual({ ok: false, error: message });
  }
});

it('turns read failures of the source into an error or empty reads, never an exception', async () => {
  const bytes = mappedLayout(fx.app64);
  let broken = true;
  const source = {
    size: BigInt(bytes.length),
    async read(offset: bigint, length: number) {
      if (broken) throw new Error('EIO: i/o error, read');
      return bytes.slice(Number(offset), Number(offset) + length);
    },
  };
  expect(await openPeImage(source, { layout: 'mapped' })).toEqual({ ok: false, error: 'cannot read the image headers: EIO: i/o error, read' });
  expect(await readEverything(source, 'mapped')).toEqual({ opened: false, error: 'cannot read the image headers: EIO: i/o error, read', problems: [] });
  broken = false;
  const opened = await openPeImage(source, { layout: 'mapped' });
  if (!opened.ok) throw new Error(opened.error);
  broken = true;
  // The headers' 64 KB block is cached; a read beyond it fails, comes back empty and is remembered.
  expect(await readRva(opened.value, 0x20000, 16)).toEqual(new Uint8Array(0));
  expect(opened.value.readErrors).toEqual(['EIO: i/o error, read']);
  expect(await readExports(opened.value)).toMatchObject({ entries: [], problems: [] });
});
