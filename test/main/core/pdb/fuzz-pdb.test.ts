/**
 * Fuzz: 10,000 seeded mutations of real PDBs (built by pdb-builder) through the in-memory
 * ByteSource: header and directory words, the heads of every stream, symbol records, random bytes,
 * truncation and misplaced blocks. Opening and every lookup must resolve (never throw or reject),
 * each case must finish quickly, and the bytes read stay bounded. A failure names its seed.
 */
import { readFileSync } from 'node:fs';
import { createBufferSource } from '../../../../electron/main/core/minidump/byte-source';
import { openPdb } from '../../../../electron/main/core/pdb/open-pdb';
import { pdbFixtures, type PdbFixtureName } from '../../../support/pdb-builder';
import { layoutMsf, msfBytes, splitMsf } from '../../../support/pdb-msf-writer';
import { meteredSource, mutateBytes, type MutationShape } from '../../../support/fuzz-mutate';
import { mulberry32 } from '../../../support/prng';

const TOTAL_MUTATIONS = 10_000;
/** A case (open + lookups) on a ≤ 120 KB input taking longer than this is a hang (a guard, not a speed test: a case takes milliseconds, but CI machines get loaded). */
const PER_CASE_MS = 10_000;
/** Bytes one case may read: generous, but far from unbounded. */
const READ_BUDGET = 32 * 1024 * 1024;
/** The fixtures fuzzed; "first" ones are rewritten with the directory first, so truncation reaches the streams. */
const FIXTURES: readonly (PdbFixtureName | 'msvc-x64 directory-first')[] = ['msvc-x64', 'msvc-x64 directory-first', 'msvc-x86', 'mingw-x64', 'gcc-publics'];
const INTERESTING = [0, 1, 2, 3, 4, 7, 8, 12, 16, 56, 64, 0x7f, 0x80, 0xff, 0x100, 0x1000, 0xffff, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];
/** Edit kinds out of 12: words at hot offsets, random bytes, truncation, misplaced blocks. */
const WEIGHTS = { word: 5, byte: 4, truncate: 1, copy: 2 };

interface Target {
  readonly bytes: Uint8Array;
  /** Offsets worth hitting: superblock, directory, and the first bytes of every stream. */
  readonly hot: readonly number[];
  readonly rvas: readonly number[];
}

function target(name: (typeof FIXTURES)[number]): Target {
  const first = name.endsWith(' directory-first');
  const file = new Uint8Array(readFileSync(pdbFixtures()[name.replace(' directory-first', '') as PdbFixtureName].pdb));
  const bytes = first ? msfBytes(layoutMsf(splitMsf(file).streams, { directoryFirst: true })) : file;
  const split = splitMsf(bytes);
  const bs = split.blockSize;
  const hot: number[] = [];
  for (let i = 32; i < 56; i += 4) hot.push(i);
  for (const p of split.directoryPages) for (let k = 0; k < 256; k += 4) hot.push(p * bs + k);
  for (const list of split.pages) {
    for (const [i, p] of list.slice(0, 2).entries()) for (let k = 0; k < (i === 0 ? 128 : 32); k += 2) hot.push(p * bs + k);
  }
  // Code addresses around the start of .text, where every fixture has functions.
  const rvas = [0x1000, 0x1001, 0x1010, 0x1048, 0x1090, 0x10b4, 0x113e, 0x1180, 0x11b1, 0x1510, 0x1600];
  return { bytes, hot: hot.filter((h) => h + 4 <= bytes.length), rvas };
}

describe('fuzzing real PDBs', () => {
  const perFixture = Math.floor(TOTAL_MUTATIONS / FIXTURES.length);

  it.each(FIXTURES)(`${perFixture} mutations of the %s PDB resolve quickly with bounded reads`, async (name) => {
    const t = target(name);
    const shape: MutationShape = { targets: t.hot, interesting: INTERESTING, weights: WEIGHTS };
    let opened = 0;
    let answered = 0;
    let slowest = 0;
    for (let i = 0; i < perFixture; i++) {
      const seed = (FIXTURES.indexOf(name) << 20) + i;
      const bytes = mutateBytes(t.bytes, shape, mulberry32(seed));
      const source = meteredSource(createBufferSource(bytes));
      const started = performance.now();
      try {
        const r = await openPdb(source);
        if (r.ok) {
          opened++;
          const pdb = r.value;
          for (const rva of t.rvas) if (await pdb.symbolize(rva)) answered++;
          await pdb.publics(32);
          await pdb.functions(i % Math.max(1, pdb.modules.length));
          await pdb.lines(i % Math.max(1, pdb.modules.length));
          pdb.problems();
        } else expect(typeof r.error).toBe('string');
      } catch (error) {
        throw new Error(`seed ${seed} threw: ${String(error)}`);
      }
      const took = performance.now() - started;
      slowest = Math.max(slowest, took);
      if (took > PER_CASE_MS) throw new Error(`seed ${seed} took ${Math.round(took)} ms`);
      if (source.total > READ_BUDGET) throw new Error(`seed ${seed} read ${source.total} bytes`);
    }
    // Most mutations leave a usable PDB: the lookups really ran on damaged data.
    expect(opened).toBeGreaterThan(perFixture / 4);
    expect(answered).toBeGreaterThan(perFixture / 4);
    expect(slowest).toBeLessThan(PER_CASE_MS);
  });
});
