import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBufferSource } from '../../../../electron/main/core/minidump/byte-source';
import { findFrameRecord, openFrameTables, parseFpoData, FPO_DATA_SIZE } from '../../../../electron/main/core/pdb/frame-data';
import { openPdb } from '../../../../electron/main/core/pdb/open-pdb';
import { openPdbContext } from '../../../../electron/main/core/pdb/pdb-context';
import { llvmTool } from '../../../support/llvm-tools';
import { makeTempDir, removeTempDir } from '../../../support/minidump-builder';
import { pdbFixtures } from '../../../support/pdb-builder';
import { layoutMsf, msfBytes, splitMsf } from '../../../support/pdb-msf-writer';

/** One row of `llvm-pdbutil dump -fpo`, as printed (new FPO: 11 columns, old FPO: 10). */
function pdbutilRows(pdb: string, title: string): string[][] {
  const text = execFileSync(llvmTool('llvm-pdbutil'), ['dump', '-fpo', pdb], { encoding: 'utf8' });
  const section = text.split(title)[1]?.split(' FPO Data')[0] ?? '';
  return section.split('\n').filter((l) => /^[0-9A-Fa-f]{8} \|/.test(l)).map((l) => l.split('|').map((c) => c.trim()));
}

/** FPO_DATA records as the documented layout has them (winnt.h): u32 start, size, locals (dwords), u16 params (dwords), u16 attribute bits. */
function fpoBytes(rows: readonly (readonly [number, number, number, number, number])[]): Uint8Array {
  const out = new Uint8Array(rows.length * FPO_DATA_SIZE);
  const dv = new DataView(out.buffer);
  rows.forEach(([start, size, locals, params, bits], i) => {
    dv.setUint32(i * 16, start, true);
    dv.setUint32(i * 16 + 4, size, true);
    dv.setUint32(i * 16 + 8, locals, true);
    dv.setUint16(i * 16 + 12, params, true);
    dv.setUint16(i * 16 + 14, bits, true);
  });
  return out;
}

/** Where the DBI optional debug header starts (after the substreams the DBI header sizes). */
function debugHeaderOffset(dbi: Uint8Array): number {
  const dv = new DataView(dbi.buffer, dbi.byteOffset, dbi.byteLength);
  return 64 + [24, 28, 32, 36, 40, 52].reduce((sum, at) => sum + dv.getInt32(at, true), 0);
}

describe('PDB frame data', () => {
  const fixture = pdbFixtures()['msvc-x86'];

  it('reads every FRAMEDATA record of a clang-14 + lld x86 PDB as llvm-pdbutil does, program strings included', async () => {
    const expected = pdbutilRows(fixture.pdb, 'New FPO Data');
    expect(expected.length).toBeGreaterThan(5);
    const tables = await openFrameTables(await openPdbContext(createBufferSource(readFileSync(fixture.pdb))));
    const pdb = await openPdb(createBufferSource(readFileSync(fixture.pdb)));
    if (!pdb.ok) throw new Error(pdb.error);
    const got: string[][] = [];
    for (const r of tables.frameData) {
      const withProgram = await tables.lookup(r.rvaStart);
      const program = withProgram?.kind === 'frame-data' && withProgram.rvaStart === r.rvaStart ? withProgram.program : null;
      got.push([r.rvaStart.toString(16).toUpperCase().padStart(8, '0'), `${r.codeSize}`, `${r.localSize}`, `${r.paramsSize}`, `${r.maxStackSize}`, `${r.prologSize}`, `${r.savedRegsSize}`, `${r.hasSeh}`, `${r.hasEh}`, `${r.isFunctionStart}`, (program ?? '').trim()]);
    }
    expect(got).toEqual(expected);
    expect(tables.fpo).toEqual([]);
    // Inside nested prolog steps the most specific record wins, through the reader too.
    const nested = tables.frameData.find((r, i) => i > 0 && r.rvaStart === tables.frameData[i - 1]!.rvaStart + 1)!;
    expect(nested).toBeDefined();
    const hit = await pdb.value.frameInfo(nested.rvaStart + (nested.codeSize > 10 ? 5 : 0));
    expect(hit?.kind === 'frame-data' && hit.program).toMatch(/\$eip \$T0 \^ =/);
    expect(await pdb.value.frameInfo(0xfffffff0)).toBeNull();
    expect(await pdb.value.frameInfo(-1)).toBeNull();
  });

  it('reads an old FPO stream added to a real PDB as llvm-pdbutil does', async () => {
    const split = splitMsf(readFileSync(fixture.pdb));
    const streams = [...split.streams];
    // cbProlog 3, cbRegs 2, fUseBP, cbFrame FRAME_NONFPO; then a plain FPO frame with SEH.
    const fpo = fpoBytes([
      [0x2000, 0x40, 2, 1, 3 | (2 << 8) | 0x1000 | (3 << 14)],
      [0x1000, 0x80, 4, 3, 1 | (1 << 8) | 0x800],
    ]);
    streams.push(fpo);
    const dbi = new Uint8Array(streams[3]!);
    new DataView(dbi.buffer).setUint16(debugHeaderOffset(dbi), streams.length - 1, true);
    streams[3] = dbi;
    const dir = await makeTempDir('wer-fpo-');
    try {
      const path = join(dir, 'fpo.pdb');
      const bytes = msfBytes(layoutMsf(streams, { blockSize: split.blockSize }));
      writeFileSync(path, bytes);
      const rows = pdbutilRows(path, 'Old FPO Data');
      const tables = await openFrameTables(await openPdbContext(createBufferSource(bytes)));
      const frameTypes: Readonly<Record<string, number>> = { FPO: 0, Trap: 1, TSS: 2, 'Non-FPO': 3 };
      const got = tables.fpo.map((r) => [r.rvaStart, r.codeSize, r.localSize / 4, r.paramsSize / 4, r.prologSize, r.savedRegs, r.frameType]);
      // llvm-pdbutil 14 reads fHasSEH/fUseBP from bits 9 and 10 (inside cbRegs), unlike winnt.h's
      // 11 and 12: those two columns are checked against the documented layout instead.
      const want = rows.map((c) => [Number.parseInt(c[0]!, 16), ...c.slice(1, 6).map(Number), frameTypes[c[8]!]]);
      expect(got.sort()).toEqual(want.sort());
      expect(tables.fpo.map((r) => [r.rvaStart, r.usesBp, r.hasSeh])).toEqual([[0x1000, false, true], [0x2000, true, false]]);
      const hit = await tables.lookup(0x1010);
      expect(hit).toMatchObject({ kind: 'frame-data' });
    } finally {
      await removeTempDir(dir);
    }
  });

  it('parses FPO records and finds the covering one; partial records and gaps give nothing', () => {
    const records = parseFpoData(fpoBytes([[0x100, 0x10, 1, 2, 0], [0x50, 0x20, 0, 0, 0]]).subarray(0, 40));
    expect(records.map((r) => r.rvaStart)).toEqual([0x50, 0x100]);
    expect(findFrameRecord(records, 0x6f)?.rvaStart).toBe(0x50);
    expect(findFrameRecord(records, 0x70)).toBeNull();
    expect(findFrameRecord(records, 0x10f)?.localSize).toBe(4);
    expect(findFrameRecord(records, 0x10)).toBeNull();
  });
});
