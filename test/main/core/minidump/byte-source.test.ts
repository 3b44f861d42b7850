/** Byte sources: clamping, the block cache, positional file reads. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createBufferSource, createCachedSource, MAX_READ_BYTES, openFileSource } from '../../../../electron/main/core/minidump/byte-source';
import { makeTempDir, removeTempDir } from '../../../support/minidump-builder';
import { mulberry32 } from '../../../support/prng';

const data = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 31 + (i >> 8)) & 0xff);

test('buffer source clamps to the end and returns copies', async () => {
  const src = createBufferSource(data);
  expect(src.size).toBe(300_000n);
  expect(await src.read(299_998n, 10)).toEqual(data.slice(299_998));
  expect((await src.read(300_000n, 4)).length).toBe(0);
  expect((await src.read(-1n, 4)).length).toBe(0);
  const a = await src.read(0n, 4);
  a[0] = 99;
  expect(data[0]).toBe(0);
});

test('reads are capped at MAX_READ_BYTES whatever is asked', async () => {
  const big = createBufferSource(new Uint8Array(MAX_READ_BYTES + 10));
  expect((await big.read(0n, Number.MAX_SAFE_INTEGER)).length).toBe(MAX_READ_BYTES);
});

test('the cached source returns exactly what the inner source does, across block edges', async () => {
  const inner = createBufferSource(data);
  const cached = createCachedSource(inner, 4096, 4);
  const rnd = mulberry32(1);
  let mismatches = 0;
  for (let i = 0; i < 2000; i++) {
    const off = BigInt(rnd.int(310_000));
    const len = rnd.pick([1, 4, 16, 100, 4095, 4096, 4097, 9000]);
    // Buffer.compare: Jest's deep equality on thousands of typed arrays is needlessly slow.
    if (Buffer.compare(await cached.read(off, len), await inner.read(off, len)) !== 0) mismatches++;
  }
  expect(mismatches).toBe(0);
});

test('file source: positional reads at any offset, short at EOF, close is idempotent', async () => {
  const dir = await makeTempDir();
  try {
    const path = join(dir, 'bytes.bin');
    await writeFile(path, data);
    const src = await openFileSource(path);
    expect(src.size).toBe(300_000n);
    // Out of order on purpose: a position must never be taken from the handle's current offset.
    expect(await src.read(199_442n, 16)).toEqual(data.slice(199_442, 199_458));
    expect(await src.read(8n, 8)).toEqual(data.slice(8, 16));
    expect(await src.read(299_990n, 100)).toEqual(data.slice(299_990));
    await src.close();
    await src.close();
  } finally {
    await removeTempDir(dir);
  }
});
