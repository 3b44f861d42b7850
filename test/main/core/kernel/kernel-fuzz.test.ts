/**
 * Hostile small dumps: seeded mutations of built x64 / x86 dumps and of the real ARM64 dump
 * (offsets, counts and sizes of the triage header overwritten with edge values, random bytes,
 * cuts), of a dump unwound with driver images from a symbol store (its context and stack words
 * overwritten with code, stack and edge addresses), and of complete and bitmap dumps: 10,700
 * cases in all. The reader must never throw, never hang and keep its output bounded.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createBufferSource } from '../../../../electron/main/core/minidump/byte-source';
import { parseKernelDump, readKernelDumpFrom } from '../../../../electron/main/core/kernel/read-kernel-dump';
import { fixturePath } from '../../../support/fixtures';
import { writeMemoryDump, type MemoryDumpSpec } from '../../../support/kernel-memory-builder';
import { buildTriageDump, TRIAGE_OFFSETS } from '../../../support/kernel-triage-builder';
import { ACME_CRASH, UNLOADED_PARAMETER, X64_DRIVERS, XP_PARAMETER } from '../../../support/kernel-triage-cases';
import { labelAddress, WALK_BASES, WALK_STACK, walkCase } from '../../../support/kernel-walk-cases';
import { buildKernelWalkImages, type KernelImageName, storeCodeId } from '../../../support/kernel-walk-images';
import { makeTempDir, removeTempDir } from '../../../support/minidump-builder';
import { createSymbolLocator } from '../../../../electron/main/core/symbols/symbol-locator';
import { parseSymbolPath } from '../../../../electron/main/core/symbols/symbol-path';
import { mulberry32, type Prng } from '../../../support/prng';
import { retainedHeap } from '../../../support/retained-heap';

/** Edge values for a 32-bit offset, count or size. */
function edgeValue(rng: Prng, length: number): number {
  return rng.pick([0, 1, 4, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffffc, length, length - 1, length - 4, length + 1, rng.int(length), rng.int(0x100000), 0x1000000, 4096, 4097]);
}

/** One mutation of a dump: 1-4 edits of the triage header, its parts or the header, maybe a cut. */
function mutate(base: Uint8Array, triageAt: number, rng: Prng): Uint8Array {
  const bytes = base.slice();
  const dv = new DataView(bytes.buffer);
  const edits = 1 + rng.int(4);
  for (let i = 0; i < edits; i++) {
    const kind = rng.int(5);
    if (kind <= 1) {
      // A triage header field (ULONGs up to 0x80): offsets, counts, sizes.
      const at = triageAt + rng.int(0x80 / 4) * 4;
      if (at + 4 <= bytes.length) dv.setUint32(at, edgeValue(rng, bytes.length), true);
    } else if (kind === 2) {
      // Any aligned ULONG of the file (driver entries, string pool lengths, unloaded counts).
      const at = rng.int(Math.floor(bytes.length / 4)) * 4;
      dv.setUint32(at, edgeValue(rng, bytes.length), true);
    } else if (kind === 3) {
      for (let j = 0; j < 16; j++) bytes[rng.int(bytes.length)] = rng.int(256);
    } else {
      // The header's bug check, parameters, machine and dump type.
      const at = rng.pick([0x30, 0x34, 0x38, 0x40, 0x48, 0x58, 0xf98, 0x348 + 0x30, 0x348 + 0xf8, 0x28, 0x2c, 0xf88, 0x320]);
      dv.setUint32(at, edgeValue(rng, bytes.length), true);
    }
  }
  return rng.int(8) === 0 ? bytes.subarray(0, rng.int(bytes.length)) : bytes;
}

const MEMORY_BASE: MemoryDumpSpec = {
  layout: 'runs',
  bugCheckCode: 0xd1,
  bugCheckParameters: [0n, 2n, 0n, X64_DRIVERS[2]!.base + 0x10n],
  ip: X64_DRIVERS[0]!.base + 0x3f1a0n,
  sp: 0xffffd2811f2a7f00n,
  drivers: X64_DRIVERS,
  stack: [X64_DRIVERS[3]!.base + 0x2222n],
};

const BASES = [
  { name: 'x64', bytes: buildTriageDump(ACME_CRASH), triage: TRIAGE_OFFSETS[64].triage, cases: 3600 },
  { name: 'x64 unloaded', bytes: buildTriageDump(UNLOADED_PARAMETER), triage: TRIAGE_OFFSETS[64].triage, cases: 2000 },
  { name: 'x86', bytes: buildTriageDump(XP_PARAMETER), triage: TRIAGE_OFFSETS[32].triage, cases: 2600 },
] as const;

describe('seeded fuzz of small dumps: no throw, no hang, bounded output', () => {
  test.each(BASES)('$name: $cases mutations', ({ bytes, triage, cases }) => {
    const rng = mulberry32(0x6b65726e ^ cases ^ bytes.length);
    let slowest = 0;
    for (let i = 0; i < cases; i++) {
      const input = mutate(bytes, triage, rng);
      const started = performance.now();
      const r = parseKernelDump(input, input.length);
      slowest = Math.max(slowest, performance.now() - started);
      if (!r.ok) continue;
      expect(r.value.drivers.length).toBeLessThanOrEqual(4096);
      expect(r.value.stack.length).toBeLessThanOrEqual(65);
      expect(r.value.unloadedDrivers.length).toBeLessThanOrEqual(1024);
    }
    expect(slowest).toBeLessThan(1000);
  });

  test('the real ARM64 dump: 600 mutations through a ByteSource', async () => {
    const real = new Uint8Array(readFileSync(fixturePath('kernel', 'rizin-triage_arm64.dmp')));
    const rng = mulberry32(1216428);
    const heapBefore = retainedHeap();
    for (let i = 0; i < 600; i++) {
      const input = mutate(real, 0x2000, rng);
      const r = await readKernelDumpFrom(createBufferSource(input));
      if (r.ok) expect(JSON.stringify(r.value).length).toBeLessThan(4 * 1024 * 1024);
    }
    // Nothing is retained across cases: the heap does not grow by the size of the inputs.
    expect(retainedHeap() - heapBefore).toBeLessThan(64 * 1024 * 1024);
  });
});

describe('seeded fuzz of a small dump unwound with driver images: no throw, no hang, bounded output', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await makeTempDir('wer-kernel-walk-fuzz-');
  });
  afterAll(() => removeTempDir(dir));

  test('400 mutations of the context, the saved stack and the triage header', async () => {
    const images = buildKernelWalkImages();
    const store = join(dir, 'store');
    for (const name of ['ntoskrnl.exe', 'kdrv_a.sys', 'kdrv_b.sys'] as const) {
      const folder = join(store, name, storeCodeId(images[name].timestamp, images[name].sizeOfImage));
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, name), readFileSync(images[name].path));
    }
    const locator = createSymbolLocator({ elements: parseSymbolPath(store).elements, defaultCache: join(dir, 'cache') });
    const base = buildTriageDump(walkCase(images).spec);
    const view = new DataView(base.buffer);
    const triage = TRIAGE_OFFSETS[64].triage;
    // Where the builder put the saved stack (CallStackOffset, SizeOfCallStack) and the context's rbp, rsp, rip.
    const stackAt = view.getUint32(triage + 0x28, true);
    const stackWords = view.getUint32(triage + 0x2c, true) / 8;
    const registers = [0xa0, 0x98, 0xf8].map((r) => TRIAGE_OFFSETS[64].context + r);
    const labels = Object.entries(images).flatMap(([name, image]) => Object.keys(image.labels).filter(Boolean).map((l) => labelAddress(images, name as KernelImageName, l)));
    const address = (rng: Prng): bigint =>
      rng.pick([
        rng.pick(labels) + BigInt(rng.int(3)) - 1n,
        WALK_STACK + BigInt(rng.int(stackWords + 8) * 8 - 32),
        rng.pick(Object.values(WALK_BASES)) + BigInt(rng.int(0x10000)),
        0n,
        0xffffffffffffffffn,
        BigInt(edgeValue(rng, base.length)),
      ]);
    const rng = mulberry32(0x77616c6b);
    let slowest = 0;
    try {
      for (let i = 0; i < 400; i++) {
        let input: Uint8Array;
        if (rng.int(4) === 0) input = mutate(base, triage, rng);
        else {
          input = base.slice();
          const dv = new DataView(input.buffer);
          for (let j = 1 + rng.int(6); j > 0; j--) {
            const at = rng.int(3) === 0 ? rng.pick(registers) : stackAt + rng.int(stackWords) * 8;
            dv.setBigUint64(at, address(rng), true);
          }
        }
        const started = performance.now();
        const r = await readKernelDumpFrom(createBufferSource(input), { images: { locator, localFiles: false } });
        slowest = Math.max(slowest, performance.now() - started);
        if (!r.ok) continue;
        expect(r.value.stack.length).toBeLessThanOrEqual(65);
        expect(r.value.problems.length).toBeLessThanOrEqual(64);
      }
    } finally {
      locator.close();
    }
    expect(slowest).toBeLessThan(1000);
  }, 120_000);
});

describe('seeded fuzz of complete and bitmap dumps: no throw, no hang', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await makeTempDir('wer-kernel-memory-fuzz-');
  });
  afterAll(() => removeTempDir(dir));

  test.each([
    ['bitmap', 1200],
    ['runs', 300],
  ] as const)('%s: %i mutations of the header, bitmap, page tables and driver list', async (layout, cases) => {
    const file = join(dir, `${layout}.dmp`);
    await writeMemoryDump(file, { ...MEMORY_BASE, layout, ramPages: 0x500 });
    const base = new Uint8Array(readFileSync(file));
    const rng = mulberry32(layout === 'runs' ? 11 : 5);
    // The header's runs, CR3 and list head, the bitmap header, then anywhere in the pages.
    const hot = [0x10, 0x20, 0x88, 0x90, 0x98, 0xa0, 0xa8, 0xb0, 0x2020, 0x2028, 0x2030, 0xf98];
    let slowest = 0;
    for (let i = 0; i < cases; i++) {
      const bytes = base.slice();
      const dv = new DataView(bytes.buffer);
      for (let j = 1 + rng.int(4); j > 0; j--) {
        const at = rng.int(3) === 0 ? rng.pick(hot) : 0x2000 + rng.int((bytes.length - 0x2008) >> 3) * 8;
        if (rng.int(2) === 0) dv.setUint32(at, edgeValue(rng, bytes.length), true);
        else dv.setBigUint64(at, BigInt(edgeValue(rng, bytes.length)) << BigInt(rng.pick([0, 12, 32, 44])), true);
      }
      const input = rng.int(8) === 0 ? bytes.subarray(0, rng.int(bytes.length)) : bytes;
      const started = performance.now();
      const r = await readKernelDumpFrom(createBufferSource(input));
      slowest = Math.max(slowest, performance.now() - started);
      if (r.ok) expect(r.value.drivers.length).toBeLessThanOrEqual(4096);
    }
    expect(slowest).toBeLessThan(3000);
  }, 120_000);
});
