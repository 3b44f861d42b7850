/**
 * Debug directories and CodeView records of real images against llvm-readobj-14, and the debug
 * id against the PDB the linker wrote (llvm-pdbutil reads the GUID and age from the PDB itself).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBufferSource } from '../../../../electron/main/core/minidump/byte-source';
import { parseCodeViewRecord } from '../../../../electron/main/core/pe/codeview';
import { pdbDebugId, symbolServerPath } from '../../../../electron/main/core/pe/code-id';
import { readDebugInfo } from '../../../../electron/main/core/pe/debug-directory';
import { openPeImage } from '../../../../electron/main/core/pe/pe-image';
import { buildPeFixtures, readBytes, wineDll } from '../../../support/pe-builder';
import { withImage } from '../../../support/pe-layout';
import { oracleDebugDirectory } from '../../../support/pe-oracle';
import { pdbIdentity, readobj, one, all, prop, num } from '../../../support/pe-readobj';

const fx = buildPeFixtures();
const WITH_PDB: readonly [string, string, string][] = [
  ['x64 DLL', fx.lib64, fx.lib64Pdb],
  ['x64 EXE', fx.app64, fx.app64Pdb],
  ['x86 DLL', fx.lib32, fx.lib32Pdb],
  ['ARM64 DLL', fx.arm64, fx.arm64Pdb],
];

/** GUID text as the reader prints it → the 16 bytes in file order, as llvm-readobj prints them. */
function guidFileBytes(guid: string): string {
  const h = guid.replace(/-/g, '');
  const swap = (s: string): string => s.match(/../g)!.reverse().join('');
  return swap(h.slice(0, 8)) + swap(h.slice(8, 12)) + swap(h.slice(12, 16)) + h.slice(16);
}

describe.each(WITH_PDB)('%s', (_label, file, pdb) => {
  it.each(['file', 'mapped'] as const)('reads the debug directory and RSDS record like llvm-readobj (%s layout)', async (layout) => {
    const want = oracleDebugDirectory(file);
    await withImage(file, layout, async (image) => {
      const info = await readDebugInfo(image);
      expect(info.problems).toEqual([]);
      expect(info.entries.map((e) => ({ type: e.type, timeDateStamp: e.timeDateStamp, sizeOfData: e.sizeOfData, addressOfRawData: e.addressOfRawData, pointerToRawData: e.pointerToRawData }))).toEqual(
        want.map(({ pdb: _p, ...rest }) => rest),
      );
      const cv = want.find((e) => e.pdb)!.pdb!;
      expect(info.codeView?.kind).toBe('rsds');
      if (info.codeView?.kind !== 'rsds') return;
      expect(guidFileBytes(info.codeView.guid)).toBe(cv.guidBytes);
      expect(info.codeView.age).toBe(cv.age);
      expect(info.codeView.pdbPath).toBe(cv.fileName);
      expect(info.codeView.pdbName).toBe(pdb.split('/').pop());
    });
  });

  it('gives the debug id of the PDB the linker wrote (GUID + age, as llvm-pdbutil reads the PDB)', async () => {
    const id = pdbIdentity(pdb);
    await withImage(file, 'file', async (image) => {
      const info = await readDebugInfo(image);
      expect(info.codeView?.kind === 'rsds' && info.codeView.guid).toBe(id.guid);
      expect(info.codeView?.kind === 'rsds' && info.codeView.debugId).toBe(id.guid.replace(/-/g, '') + id.age.toString(16).toUpperCase());
    });
  });
});

it('has no CodeView record and no problem for an image without a debug directory (Wine kernel32)', async () => {
  await withImage(wineDll('kernel32.dll'), 'file', async (image) => {
    expect(await readDebugInfo(image)).toEqual({ entries: [], codeView: null, problems: [] });
  });
});

it('formats debug ids and store paths: age in upper-case hex without padding', () => {
  expect(pdbDebugId('97e411a9-ab59-00e8-4c4c-44205044422e', 0x2a)).toBe('97E411A9AB5900E84C4C44205044422E2A');
  expect(pdbDebugId('97E411A9-AB59-00E8-4C4C-44205044422E', 1)).toBe('97E411A9AB5900E84C4C44205044422E1');
  expect(symbolServerPath('pe-lib.pdb', 'ABC1')).toBe('pe-lib.pdb/ABC1/pe-lib.pdb');
});

it('reads an old NB10 (PDB 2.0) record patched over the RSDS one', async () => {
  // Patch layout per the PE/COFF spec's CodeView NB10 record: 'NB10', offset, signature, age, path.
  const want = oracleDebugDirectory(fx.lib64).find((e) => e.pdb)!;
  const bytes = readBytes(fx.lib64);
  const record = new Uint8Array(want.sizeOfData);
  const dv = new DataView(record.buffer);
  record.set([0x4e, 0x42, 0x31, 0x30]);
  dv.setUint32(4, 0, true);
  dv.setUint32(8, 0x4a3b2c1d, true);
  dv.setUint32(12, 0x1f, true);
  record.set(new TextEncoder().encode('C:\\old\\pe-lib.pdb\0'), 16);
  bytes.set(record, want.pointerToRawData);
  const dir = mkdtempSync(join(tmpdir(), 'pe-nb10-'));
  try {
    const patched = join(dir, 'nb10.dll');
    writeFileSync(patched, bytes);
    // llvm-readobj recognises the PDB 2.0 signature (it prints only that for NB10).
    const entry = all(one(readobj(patched, '--coff-debug-directory'), 'DebugDirectory').children, 'DebugEntry')[0]!;
    expect(num(prop(one(entry.children, 'PDBInfo').children, 'PDBSignature'))).toBe(0x3031424e);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const opened = await openPeImage(createBufferSource(bytes));
  if (!opened.ok) throw new Error(opened.error);
  const info = await readDebugInfo(opened.value);
  expect(info.codeView).toEqual({ kind: 'nb10', offset: 0, signature: 0x4a3b2c1d, age: 0x1f, pdbPath: 'C:\\old\\pe-lib.pdb', pdbName: 'pe-lib.pdb', debugId: '4A3B2C1D1F' });
});

it('reports an unknown CodeView signature instead of guessing', () => {
  expect(parseCodeViewRecord(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toEqual({ kind: 'unknown', signature: 0x04030201 });
  expect(parseCodeViewRecord(new Uint8Array([1, 2]))).toEqual({ kind: 'unknown', signature: null });
});
