/**
 * The reader's API contract: which age identifies the PDB, what bad arguments and missing files
 * give, and that a reader serves concurrent lookups.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createBufferSource } from '../../../../electron/main/core/minidump/byte-source';
import { openPdb, openPdbFile } from '../../../../electron/main/core/pdb/open-pdb';
import { pdbFixtures } from '../../../support/pdb-builder';
import { layoutMsf, msfBytes, splitMsf } from '../../../support/pdb-msf-writer';

describe('openPdb', () => {
  it("matches on the DBI stream's age, not the info stream's", async () => {
    const streams = splitMsf(new Uint8Array(readFileSync(pdbFixtures()['msvc-x64'].pdb))).streams.map((s) => s && s.slice());
    const dbi = streams[3]!;
    new DataView(dbi.buffer, dbi.byteOffset).setUint32(8, 0x2a, true);
    const r = await openPdb(createBufferSource(msfBytes(layoutMsf(streams))));
    if (!r.ok) throw new Error(r.error);
    expect(r.value.identity).toMatchObject({ age: 0x2a, infoAge: 1 });
    expect(r.value.identity.debugId).toMatch(/^[0-9A-F]{32}2A$/);
  });

  it('answers null for addresses that are not RVAs, and serves concurrent lookups', async () => {
    const r = await openPdbFile(pdbFixtures()['msvc-x64'].pdb);
    if (!r.ok) throw new Error(r.error);
    const pdb = r.value;
    for (const bad of [-1, 0.5, Number.NaN, 2 ** 32, Number.MAX_SAFE_INTEGER]) expect(await pdb.symbolize(bad)).toBeNull();
    const rvas = Array.from({ length: 200 }, (_, i) => 0x1000 + i * 3);
    const together = await Promise.all(rvas.map((rva) => pdb.symbolize(rva)));
    const oneByOne = [];
    for (const rva of rvas) oneByOne.push(await pdb.symbolize(rva));
    expect(together).toEqual(oneByOne);
    expect((await pdb.functions(9999)).ok).toBe(true);
    expect(pdb.machine).toBe(0x8664);
    await pdb.close();
    await pdb.close();
  });

  it('reports a missing file plainly', async () => {
    expect(await openPdbFile(join(tmpdir(), 'no-such-dir-wer', 'x.pdb'))).toEqual({ ok: false, error: 'cannot open the PDB: no such file' });
  });
});
