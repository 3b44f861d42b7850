/**
 * Fuzz: 10,000 seeded mutations of real clang/lld images (x64, x86, ARM64; file and mapped
 * layouts) through every reader. Nothing may throw or reject, each input must finish quickly,
 * and the bytes read stay bounded. A failure prints its seed and case number to replay it.
 */
import { createBufferSource } from '../../../../electron/main/core/minidump/byte-source';
import type { ImageLayout } from '../../../../electron/main/core/pe/pe-image';
import { buildPeFixtures, readBytes } from '../../../support/pe-builder';
import { mappedLayout } from '../../../support/pe-layout';
import { oracleHeaders, oracleSections } from '../../../support/pe-oracle';
import { meteredSource, mutateBytes } from '../../../support/fuzz-mutate';
import { mulberry32 } from '../../../support/prng';
import { readEverything } from '../../../support/pe-read-all';

const SEED = 0x5eed_0013;
/** One pass over every reader of a ≤ 100 KB image taking longer than this is a hang (a guard, not a speed test: a pass takes milliseconds, but CI machines get loaded). */
const PER_INPUT_MS = 10_000;
/** Bytes one pass may read: the caps allow a 16 MB function table and a few MB more, never unbounded. */
const READ_BUDGET = 96 * 1024 * 1024;
const INTERESTING = [0, 1, 2, 3, 4, 7, 8, 12, 16, 24, 28, 40, 0x7f, 0x80, 0xff, 0x100, 0xfff, 0x1000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

const fx = buildPeFixtures();

/** Offsets worth hitting, from llvm-readobj's view of the file: headers, directories and what they point at. */
function structuralOffsets(file: string, layout: ImageLayout): number[] {
  const h = oracleHeaders(file);
  const sections = oracleSections(file);
  const toOffset = (rva: number): number | null => {
    if (layout === 'mapped') return rva;
    const s = sections.find((x) => rva >= x.virtualAddress && rva < x.virtualAddress + Math.max(x.virtualSize, x.sizeOfRawData));
    return s ? s.pointerToRawData + rva - s.virtualAddress : null;
  };
  const out: number[] = [0x3c];
  for (let i = 0; i < 24 + h.optionalHeaderSize + sections.length * 40; i += 2) out.push(h.peOffset + i);
  for (const d of h.dataDirectories) {
    const at = d.rva === 0 ? null : toOffset(d.rva);
    if (at !== null) for (let k = 0; k < 64; k += 2) out.push(at + k);
  }
  return out;
}

/** 10,000 cases in all, as the issue asks of each reader. */
const CASES: readonly [label: string, file: string, layout: ImageLayout, count: number][] = [
  ['x64 DLL', fx.lib64, 'file', 4000],
  ['x64 DLL mapped', fx.lib64, 'mapped', 2000],
  ['x86 DLL', fx.lib32, 'file', 2000],
  ['ARM64 DLL', fx.arm64, 'file', 2000],
];

it.each(CASES)('%s: mutated images never throw, hang or read without bound', async (label, file, layout, count) => {
  const base = layout === 'mapped' ? mappedLayout(file) : readBytes(file);
  const shape = { targets: structuralOffsets(file, layout), interesting: INTERESTING };
  const rnd = mulberry32(SEED ^ label.length ^ count);
  let opened = 0;
  for (let i = 0; i < count; i++) {
    const input = mutateBytes(base, shape, rnd);
    const source = meteredSource(createBufferSource(input));
    const started = performance.now();
    let result;
    try {
      result = await readEverything(source, layout);
    } catch (error) {
      throw new Error(`${label} case ${i} (seed ${SEED}) threw: ${(error as Error).stack}`);
    }
    const ms = performance.now() - started;
    if (ms > PER_INPUT_MS) throw new Error(`${label} case ${i} took ${Math.round(ms)} ms`);
    if (source.total > READ_BUDGET) throw new Error(`${label} case ${i} read ${source.total} bytes`);
    if (result.opened) opened++;
    // One plain check per case: an expect() per problem cost a third of the loop's time.
    const odd = result.problems.find((p) => typeof p !== 'string');
    if (odd !== undefined) throw new Error(`${label} case ${i} gave the problem ${JSON.stringify(odd)}`);
  }
  // The mutations must mostly leave a PE that opens, or the deeper readers would go untested.
  expect(opened).toBeGreaterThan(count / 2);
}, 60_000);
