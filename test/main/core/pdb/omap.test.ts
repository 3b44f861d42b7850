/**
 * OMAP (address maps left by binary rewriters such as Microsoft's BBT, used in some Windows PDBs).
 * No tool here writes them, so a real PDB is given them by hand, as a rewriter would: its .text
 * moves from 0x1000 to 0x5000 in the image, the original section headers are kept in the DBI debug
 * header's "original section headers" slot, and both OMAP tables describe the move. Every lookup
 * in the moved image must answer what the original answers at the unmoved address.
 */
import { readFileSync } from 'node:fs';
import { createBufferSource } from '../../../../electron/main/core/minidump/byte-source';
import { mapThroughOmap, parseOmap } from '../../../../electron/main/core/pdb/address-map';
import { openPdb } from '../../../../electron/main/core/pdb/open-pdb';
import type { PdbReader } from '../../../../electron/main/core/pdb/pdb-types';
import { pdbFixtures } from '../../../support/pdb-builder';
import { layoutMsf, msfBytes, splitMsf } from '../../../support/pdb-msf-writer';

const MOVE = 0x4000;

function omapStream(pairs: readonly [number, number][]): Uint8Array {
  const out = new Uint8Array(pairs.length * 8);
  const dv = new DataView(out.buffer);
  pairs.forEach(([from, to], i) => {
    dv.setUint32(i * 8, from, true);
    dv.setUint32(i * 8 + 4, to, true);
  });
  return out;
}

/** The fixture with .text moved by MOVE through OMAP tables (see the header). */
function rewritten(): Uint8Array {
  const streams: (Uint8Array | null)[] = splitMsf(new Uint8Array(readFileSync(pdbFixtures()['msvc-x64'].pdb))).streams.map((s) => s && s.slice());
  const dbi = streams[3]!;
  const dv = new DataView(dbi.buffer, dbi.byteOffset, dbi.byteLength);
  // Substreams in order: modules, contributions, section map, files, type servers, EC, debug header.
  const debugHeader = 64 + [24, 28, 32, 36, 40, 52].reduce((n, at) => n + dv.getInt32(at, true), 0);
  const sectionHeaders = dv.getUint16(debugHeader + 5 * 2, true);
  const original = streams[sectionHeaders]!.slice();
  const moved = streams[sectionHeaders]!;
  new DataView(moved.buffer, moved.byteOffset).setUint32(12, 0x1000 + MOVE, true);
  const n = streams.length;
  streams.push(original);
  streams.push(omapStream([[0x1000, 0], [0x2000, 0x2000], [0x3000, 0x3000], [0x4000, 0x4000], [0x5000, 0x1000], [0x6000, 0]]));
  streams.push(omapStream([[0x1000, 0x5000], [0x2000, 0x2000], [0x3000, 0x3000], [0x4000, 0x4000], [0x5000, 0]]));
  dv.setUint16(debugHeader + 10 * 2, n, true);
  dv.setUint16(debugHeader + 3 * 2, n + 1, true);
  dv.setUint16(debugHeader + 4 * 2, n + 2, true);
  return msfBytes(layoutMsf(streams));
}

async function open(bytes: Uint8Array): Promise<PdbReader> {
  const r = await openPdb(createBufferSource(bytes));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('a PDB with OMAP tables', () => {
  it('maps image addresses to the records and back', async () => {
    const plain = await open(new Uint8Array(readFileSync(pdbFixtures()['msvc-x64'].pdb)));
    const moved = await open(rewritten());
    expect(moved.usesOmap).toBe(true);
    expect(moved.sections[0]).toMatchObject({ name: '.text', rva: 0x1000 + MOVE });
    const text = plain.sections[0]!;
    let answered = 0;
    for (let rva = text.rva; rva < text.rva + text.size; rva++) {
      const want = await plain.symbolize(rva);
      expect(await moved.symbolize(rva + MOVE)).toEqual(want);
      // The old place of .text maps nowhere in the rewritten image.
      expect(await moved.symbolize(rva)).toBeNull();
      if (want) answered++;
    }
    expect(answered).toBeGreaterThan(text.size / 2);
    const before = await plain.functions(0);
    const after = await moved.functions(0);
    if (!before.ok || !after.ok) throw new Error('listing failed');
    expect(after.value).toEqual(before.value.map((f) => ({ ...f, rva: f.rva! + MOVE })));
    const publics = await moved.publics();
    if (!publics.ok) throw new Error(publics.error);
    for (const p of publics.value) if (p.section === 1) expect(p.rva).toBe(0x1000 + p.offset + MOVE);
    expect(moved.problems()).toEqual([]);
  });

  it('translates through a table as DIA documents it', () => {
    const omap = parseOmap(omapStream([[0x1000, 0x5000], [0x1800, 0], [0x2000, 0x9000]]));
    expect(mapThroughOmap(omap, 0x0fff)).toBeNull();
    expect(mapThroughOmap(omap, 0x1000)).toBe(0x5000);
    expect(mapThroughOmap(omap, 0x17ff)).toBe(0x57ff);
    expect(mapThroughOmap(omap, 0x1800)).toBeNull();
    expect(mapThroughOmap(omap, 0x2010)).toBe(0x9010);
    // An entry out of order is dropped rather than trusted.
    expect(parseOmap(omapStream([[0x2000, 1], [0x1000, 2], [0x3000, 3]])).from).toEqual(Uint32Array.from([0x2000, 0x3000]));
  });
});
