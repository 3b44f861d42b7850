/**
 * A 1 GiB PDB, read without reading it: a real PDB rewritten as a sparse file whose symbol record
 * stream is padded to 1 GiB (as in the PDBs of very large programs), so the stream directory lists
 * 262,000 pages and every other stream sits past the 1 GiB mark. Opening it and 1,000 lookups must
 * read only a small, bounded part of it (counted through a wrapping ByteSource), and answer exactly
 * as the compact original does. llvm-pdbutil reads the big file as the original.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFileSource } from '../../../../electron/main/core/minidump/byte-source';
import { openPdb } from '../../../../electron/main/core/pdb/open-pdb';
import type { PdbReader } from '../../../../electron/main/core/pdb/pdb-types';
import { meteredSource } from '../../../support/fuzz-mutate';
import { llvmTool } from '../../../support/llvm-tools';
import { pdbFixtures } from '../../../support/pdb-builder';
import { layoutMsf, splitMsf, writeMsfFile } from '../../../support/pdb-msf-writer';

const GIB = 1024 * 1024 * 1024;
/** Bytes open + 1,000 lookups may read: the 1 MiB directory plus a few dozen 64 KiB cache blocks (1.2 MiB measured). */
const READ_BUDGET = 4 * 1024 * 1024;

async function lookups(pdb: PdbReader, count: number): Promise<string[]> {
  const text = pdb.sections.find((s) => s.name === '.text')!;
  const out: string[] = [];
  // Spread over the whole code section, with a stride that does not divide it.
  for (let i = 0; i < count; i++) out.push(JSON.stringify(await pdb.symbolize(text.rva + ((i * 7919) % text.size))));
  return out;
}

describe('a 1 GiB sparse PDB', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wer-big-pdb-'));
  const big = join(dir, 'big.pdb');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens and answers 1,000 lookups reading under 4 MiB of it, as the original answers', async () => {
    const fixture = pdbFixtures()['mingw-x64'];
    const split = splitMsf(new Uint8Array(readFileSync(fixture.pdb)));
    const dbi = split.streams[3]!;
    const records = new DataView(dbi.buffer, dbi.byteOffset, dbi.byteLength).getUint16(20, true);
    writeMsfFile(big, layoutMsf(split.streams, { blockSize: 4096, pad: { stream: records, size: GIB } }));
    expect(statSync(big).size).toBeGreaterThan(GIB);

    const file = await openFileSource(big);
    const source = meteredSource(file);
    const opened = await openPdb(source);
    if (!opened.ok) throw new Error(opened.error);
    const answers = await lookups(opened.value, 1000);
    await file.close();
    expect(source.total).toBeLessThan(READ_BUDGET);
    expect(opened.value.problems()).toEqual([]);

    const small = await openFileSource(fixture.pdb);
    const reference = await openPdb(small);
    if (!reference.ok) throw new Error(reference.error);
    expect(answers).toEqual(await lookups(reference.value, 1000));
    await small.close();
    expect(answers.filter((a) => a !== 'null').length).toBeGreaterThan(900);
  });

  it('is a PDB llvm-pdbutil reads as the original', () => {
    const dump = (path: string): string =>
      execFileSync(llvmTool('llvm-pdbutil'), ['dump', '-modules', '-symbols', '-l', '-publics', path], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    expect(dump(big)).toBe(dump(pdbFixtures()['mingw-x64'].pdb));
  });
});
