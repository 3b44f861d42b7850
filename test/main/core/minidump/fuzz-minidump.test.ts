/**
 * Fuzz: 10,000 seeded mutations of the real fixture dumps through the in-memory ByteSource. The
 * API must never throw or reject, each parse must finish quickly, and reads stay bounded.
 */
import { readFileSync } from 'node:fs';
import { createBufferSource } from '../../../../electron/main/core/minidump/byte-source';
import { readMinidumpFrom } from '../../../../electron/main/core/minidump/read-minidump';
import { fixtureFiles, fixturePath } from '../../../support/fixtures';
import { meteredSource, mutateBytes, type MutationShape } from '../../../support/fuzz-mutate';
import { mulberry32 } from '../../../support/prng';

const TOTAL_MUTATIONS = 10_000;
/** A parse of a ≤ 332 KB input taking longer than this is a hang (a guard, not a speed test: a parse takes milliseconds, but CI machines get loaded). */
const PER_INPUT_MS = 10_000;
/** Bytes a single parse may read in total: generous, but far from "unbounded". */
const READ_BUDGET = 64 * 1024 * 1024;

const files = fixtureFiles('minidump');
const INTERESTING = [0, 1, 2, 4, 8, 12, 24, 32, 48, 108, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

/** Offsets worth hitting: the header, the directory, and the start of every stream. */
function structuralOffsets(bytes: Uint8Array): number[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let i = 0; i < 32; i += 4) out.push(i);
  if (bytes.length < 32) return out;
  const count = Math.min(dv.getUint32(8, true), 64);
  const dir = dv.getUint32(12, true);
  for (let i = 0; i < count && dir + i * 12 + 12 <= bytes.length; i++) {
    const at = dir + i * 12;
    out.push(at, at + 4, at + 8);
    const rva = dv.getUint32(at + 8, true);
    for (let k = 0; k < 64; k += 4) if (rva + k + 4 <= bytes.length) out.push(rva + k);
  }
  return out;
}

describe('fuzzing the real dumps', () => {
  const perFile = Math.floor(TOTAL_MUTATIONS / files.length);
  let done = 0;

  test.each(files.map((f, i) => [f, i] as const))('%s', async (file, index) => {
    const base = new Uint8Array(readFileSync(fixturePath('minidump', file)));
    // Up to 8 edits; 32-bit words only; blocks of at most 256 bytes moved.
    const shape: MutationShape = { targets: structuralOffsets(base), interesting: INTERESTING, maxEdits: 8, weights: { word: 4, byte: 4, truncate: 1, copy: 1 }, halfWords: 0, maxCopy: 256 };
    const count = index === files.length - 1 ? TOTAL_MUTATIONS - perFile * (files.length - 1) : perFile;
    const rnd = mulberry32(0x5eed0000 + index);
    let slowest = 0;
    let okCount = 0;
    const failures: string[] = [];
    for (let i = 0; i < count; i++) {
      const input = mutateBytes(base, shape, rnd);
      const source = meteredSource(createBufferSource(input));
      const t0 = performance.now();
      let result;
      try {
        result = await readMinidumpFrom(source);
      } catch (error) {
        failures.push(`#${i}: threw ${String(error)}`);
        continue;
      }
      const ms = performance.now() - t0;
      slowest = Math.max(slowest, ms);
      if (ms > PER_INPUT_MS) failures.push(`#${i}: took ${ms.toFixed(0)} ms`);
      if (source.total > READ_BUDGET) failures.push(`#${i}: read ${source.total} bytes`);
      if (source.largest > input.length) failures.push(`#${i}: one read of ${source.largest} bytes from a ${input.length}-byte input`);
      if (result.ok) {
        okCount++;
        // The summary stays plain data even for garbage input (sampled: stringify is not free).
        if (i % 16 === 0) JSON.stringify(result.value);
      } else if (typeof result.error !== 'string' || result.error.length === 0 || result.error.includes('\n')) {
        failures.push(`#${i}: unclear error ${JSON.stringify(result.error)}`);
      }
    }
    done += count;
    expect(failures).toEqual([]);
    expect(slowest).toBeLessThan(PER_INPUT_MS);
    // Most mutations of a valid dump still yield a (partial) summary.
    if (!file.startsWith('rust-minidump-invalid')) expect(okCount).toBeGreaterThan(count / 2);
  }, 60_000);

  afterAll(() => {
    expect(done).toBe(TOTAL_MUTATIONS);
  });
});
