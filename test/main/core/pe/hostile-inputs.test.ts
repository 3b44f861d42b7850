/**
 * Hostile inputs: real images cut at every header boundary, bogus counts and sizes, a cyclic
 * chained unwind entry, a resource directory that points at itself. Every case must end with an
 * error or problems in plain words, never an exception and never a hang. Offsets to patch come
 * from llvm-readobj-14's view of the file, not from the reader under test.
 */
import { createBufferSource } from '../../../../electron/main/core/minidump/byte-source';
import { openPeImage } from '../../../../electron/main/core/pe/pe-image';
import { findResources, ResourceType } from '../../../../electron/main/core/pe/resource-directory';
import { parseVersionInfo, readVersionInfo } from '../../../../electron/main/core/pe/version-info';
import { readX64FunctionTable, readX64Unwind } from '../../../../electron/main/core/pe/x64-function-table';
import { buildPeFixtures, readBytes } from '../../../support/pe-builder';
import { mappedLayout } from '../../../support/pe-layout';
import { oracleHeaders, oracleSections, oracleVersionResources } from '../../../support/pe-oracle';
import { oracleX64Unwind } from '../../../support/pe-oracle-unwind';
import { readEverything } from '../../../support/pe-read-all';

const fx = buildPeFixtures();

/** File offset of an RVA per llvm-readobj's section table. */
function offsetOf(file: string, rva: number): number {
  const s = oracleSections(file).find((x) => rva >= x.virtualAddress && rva < x.virtualAddress + Math.max(x.virtualSize, x.sizeOfRawData));
  if (!s) throw new Error(`RVA 0x${rva.toString(16)} is in no section`);
  return s.pointerToRawData + rva - s.virtualAddress;
}

function patched(file: string, edits: readonly [offset: number, width: 2 | 4, value: number][]): Uint8Array {
  const bytes = readBytes(file);
  const dv = new DataView(bytes.buffer);
  for (const [at, width, value] of edits) {
    if (width === 2) dv.setUint16(at, value, true);
    else dv.setUint32(at, value >>> 0, true);
  }
  return bytes;
}

async function openOk(bytes: Uint8Array) {
  const opened = await openPeImage(createBufferSource(bytes));
  if (!opened.ok) throw new Error(opened.error);
  return opened.value;
}

describe.each([
  ['x64 DLL', fx.lib64],
  ['x86 DLL', fx.lib32],
  ['ARM64 DLL', fx.arm64],
])('%s cut short', (_label, file) => {
  const h = oracleHeaders(file);
  const sections = oracleSections(file);
  const full = readBytes(file);
  const coffEnd = h.peOffset + 24;
  const optEnd = coffEnd + h.optionalHeaderSize;
  const tableEnd = optEnd + sections.length * 40;
  const cuts = new Set<number>([0, 1, 2, 63, 64, h.peOffset, h.peOffset + 2, h.peOffset + 4, coffEnd - 1, coffEnd, coffEnd + 2, coffEnd + 95, coffEnd + 112, optEnd - 1, optEnd, tableEnd - 1, tableEnd]);
  for (let i = 1; i < sections.length; i++) cuts.add(optEnd + i * 40).add(optEnd + i * 40 + 17);
  for (const s of sections) cuts.add(s.pointerToRawData).add(s.pointerToRawData + 1).add(s.pointerToRawData + (s.sizeOfRawData >> 1));
  cuts.add(full.length - 1);
  const rawEnd = Math.max(...sections.map((s) => s.pointerToRawData + s.sizeOfRawData));

  it.each([...cuts].filter((c) => c < full.length).sort((a, b) => a - b))('at %i bytes: an error or problems, never a throw', async (cut) => {
    const result = await readEverything(createBufferSource(full.slice(0, cut)));
    if (cut < coffEnd) {
      expect(result.opened).toBe(false);
      expect(result.error).toMatch(/not a PE image|cut off/);
    } else if (cut < optEnd) {
      expect(result.opened === false || result.problems.some((p) => /cut off/.test(p))).toBe(true);
    } else if (cut < tableEnd) {
      expect(result.problems).toContainEqual(expect.stringMatching(/the section table is cut off after \d+ of \d+ sections/));
    } else {
      expect(result.opened).toBe(true);
      // Past the last section's data only the COFF symbol/string table is lost.
      if (cut < rawEnd) expect(result.problems).toContainEqual(expect.stringMatching(/runs past the end of the file/));
    }
  });

  it('survives a mapped image that ends early (a dump missing pages)', async () => {
    const mapped = mappedLayout(file);
    for (const cut of [64, h.optional.sizeOfHeaders as number, mapped.length >> 1, mapped.length - 1]) {
      const result = await readEverything(createBufferSource(mapped.slice(0, cut)), 'mapped');
      expect(result.opened || result.error !== null).toBe(true);
    }
  });
});

describe('bogus header values (x64 DLL)', () => {
  const file = fx.lib64;
  const h = oracleHeaders(file);
  const coff = h.peOffset + 4;
  const opt = h.peOffset + 24;
  const dirs = opt + 112;

  it.each([
    ['e_lfanew far past the end', [[0x3c, 4, 0xffffffff]], /implausibly large/],
    ['no PE signature', [[h.peOffset, 4, 0x00004550 + 1]], /no "PE" signature/],
    ['no optional header (an object file)', [[coff + 16, 2, 0]], /object file/],
    ['unknown optional magic', [[opt, 2, 0x999]], /unknown optional header magic 0x999/],
    ['optional header smaller than its fixed part', [[coff + 16, 2, 40]], /too small/],
  ] as const)('%s → an error', async (_name, edits, message) => {
    const opened = await openPeImage(createBufferSource(patched(file, edits as never)));
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.error).toMatch(message);
    expect((await readEverything(createBufferSource(patched(file, edits as never)))).opened).toBe(false);
  });

  it('says the PE header is cut off when e_lfanew points 10 bytes before the end (ARM64 DLL, 8 KB)', async () => {
    const bytes = patched(fx.arm64, [[0x3c, 4, readBytes(fx.arm64).length - 10]]);
    const opened = await openPeImage(createBufferSource(bytes));
    expect(opened.ok === false && opened.error).toBe('the PE header is cut off (the file ends inside it)');
  });

  it.each([
    ['65,535 sections', [[coff + 2, 2, 0xffff]], /declares 65535 sections; only the first 2048|section table is cut off/],
    // The section table then starts in the middle of the file's data: garbage sections, or none.
    ['a huge optional header size', [[coff + 16, 2, 0xfff0]], /section table is cut off|runs past the end of the file/],
    ['0xffffffff data directories', [[opt + 108, 4, 0xffffffff]], /declares 4294967295 data directories/],
    ['an export directory outside the image', [[dirs, 4, 0x7ffffff0]], /export directory is cut off or outside/],
    ['a debug directory of 4 GB', [[dirs + 6 * 8 + 4, 4, 0xffffffe4]], /debug directory declares \d+ entries; only 64/],
    ['an exception directory of 4 GB', [[dirs + 3 * 8 + 4, 4, 0xfffffff0]], /exception directory declares \d+ functions|cut off after/],
    ['a resource directory outside the image', [[dirs + 2 * 8, 4, 0x7ffffff0]], /resource directory at \+0x0 is cut off/],
    ['a section whose raw data is past the end', [[opt + h.optionalHeaderSize + 20, 4, 0xfffff000]], /runs past the end of the file/],
  ] as const)('%s → problems', async (_name, edits, message) => {
    const result = await readEverything(createBufferSource(patched(file, edits as never)));
    expect(result.opened).toBe(true);
    expect(result.problems).toContainEqual(expect.stringMatching(message));
  });

  it('caps huge export counts and reports cut-off tables', async () => {
    const exportRva = h.dataDirectories[0]!.rva;
    const at = offsetOf(file, exportRva);
    const bytes = patched(file, [
      [at + 20, 4, 0xffffffff],
      [at + 24, 4, 0x7fffffff],
      [at + 28, 4, 0xfffffff0],
    ]);
    const result = await readEverything(createBufferSource(bytes));
    expect(result.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/declares 4294967295 functions; only 65536/),
        expect.stringMatching(/declares 2147483647 names; only 65536/),
        expect.stringMatching(/export address table is cut off/),
      ]),
    );
  });
});

describe('loops', () => {
  it('stops at a chained unwind entry that points back at itself', async () => {
    const file = fx.lib64;
    const base = oracleHeaders(file).optional.imageBase as bigint;
    const child = oracleX64Unwind(file).find((f) => f.info.chained)!;
    const u = Number(child.unwindAddress - base);
    // The chained RUNTIME_FUNCTION follows the code array (padded to an even slot count).
    const chainAt = offsetOf(file, u) + 4 + ((child.info.codeCount + 1) & ~1) * 2;
    const image = await openOk(patched(file, [[chainAt + 8, 4, u]]));
    const table = await readX64FunctionTable(image);
    const fn = table.functions.find((f) => f.unwindRva === u)!;
    const unwind = await readX64Unwind(image, fn);
    expect(unwind.links).toHaveLength(1);
    expect(unwind.problems).toEqual([`the chained unwind entries form a loop (back to RVA 0x${u.toString(16)})`]);
  });

  it('stops at an indirect function entry that points at itself', async () => {
    const file = fx.lib64;
    const pdataRva = oracleHeaders(file).dataDirectories[3]!.rva;
    const at = offsetOf(file, pdataRva);
    const image = await openOk(patched(file, [[at + 8, 4, pdataRva + 1]]));
    const table = await readX64FunctionTable(image);
    const unwind = await readX64Unwind(image, table.functions[0]!);
    expect(unwind.links).toEqual([]);
    expect(unwind.problems).toEqual([`the chained unwind entries form a loop (back to RVA 0x${(pdataRva + 1).toString(16)})`]);
  });

  it('stops at a resource directory that points back at the root', async () => {
    const file = fx.lib64;
    const rsrc = oracleHeaders(file).dataDirectories[2]!.rva;
    const root = offsetOf(file, rsrc);
    // The root's only entry (type 16) gets OffsetToData = subdirectory flag | 0: the root itself.
    const bytes = patched(file, [[root + 16 + 4, 4, 0x80000000]]);
    const image = await openOk(bytes);
    const found = await findResources(image, ResourceType.version);
    expect(found.entries).toEqual([]);
    expect(found.problems).toEqual(['the resource tree loops back to the directory at +0x0']);
    expect((await readVersionInfo(image))?.problems).toEqual(['the resource tree loops back to the directory at +0x0']);
  });

  it('caps a resource directory that declares 131,070 entries', async () => {
    const file = fx.lib64;
    const root = offsetOf(file, oracleHeaders(file).dataDirectories[2]!.rva);
    const image = await openOk(patched(file, [[root + 12, 2, 0xffff], [root + 14, 2, 0xffff]]));
    const found = await findResources(image, ResourceType.version);
    expect(found.problems).toContainEqual(expect.stringMatching(/declares 131070 entries; only 4096 are read/));
  });
});

describe('damaged version resources', () => {
  const file = fx.lib64;
  const res = oracleVersionResources(file)[0]!;

  it('reports a block with a zero length instead of looping', async () => {
    const at = offsetOf(file, res.dataRva);
    const info = await readVersionInfo(await openOk(patched(file, [[at, 2, 0]])));
    expect(info?.problems).toContainEqual(expect.stringMatching(/impossible length 0/));
    expect(info?.fixed).toBeNull();
  });

  it('clamps a child block that claims more bytes than its parent', async () => {
    const bytes = readBytes(file).slice(offsetOf(file, res.dataRva), offsetOf(file, res.dataRva) + res.dataSize);
    // The StringFileInfo block follows the 92-byte root header + VS_FIXEDFILEINFO.
    new DataView(bytes.buffer).setUint16(92, 0xfff0, true);
    const info = parseVersionInfo(bytes);
    expect(info.problems).toContainEqual(expect.stringMatching(/runs past its parent/));
    expect(info.fixed?.fileVersion).toBe('1.2.3.4');
  });

  it('parses garbage and empty input to problems', () => {
    expect(parseVersionInfo(new Uint8Array(0)).problems).toEqual(['the version resource is empty']);
    expect(parseVersionInfo(new Uint8Array([0xff, 0xff, 0, 0, 0, 0, 0x41])).problems.length).toBeGreaterThan(0);
  });
});
