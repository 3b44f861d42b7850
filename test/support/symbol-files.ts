/**
 * Symbol-store trees for the locator tests: PDB-like and image-like files (the real signatures,
 * then seeded pseudo-random bytes with long repeats so MSZIP has work), laid out as symstore
 * does, compressed with gcab (an independent CAB writer, as in ../shared/tools/symbol-fixture).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../main/core/cer/helpers/cab-tools';
import { mulberry32 } from './prng';

/** The MSF 7.00 signature every PDB since VC 7 starts with. */
export const MSF7_MAGIC = 'Microsoft C/C++ MSF 7.00\r\n\x1aDS\0\0\0';

function body(size: number, seed: number, prefix: string): Buffer {
  const out = Buffer.alloc(size);
  out.write(prefix, 0, 'latin1');
  const random = mulberry32(seed);
  // Runs of repeated random records: compressible, but every block differs.
  for (let p = prefix.length; p < size; ) {
    const record = Buffer.from(Array.from({ length: 16 }, () => random.int(256)));
    for (let r = 1 + random.int(8); r > 0 && p < size; r--) p += record.copy(out, p);
  }
  return out;
}

/** Bytes that pass for a PDB (MSF 7 signature first). */
export function fakePdb(size: number, seed = 1): Buffer {
  return body(size, seed, MSF7_MAGIC);
}

/** Bytes that pass for a PE image (`MZ` first). */
export function fakeImage(size: number, seed = 2): Buffer {
  return body(size, seed, 'MZ');
}

/** Writes `data` at `root/...segments`, creating folders. */
export function putFile(root: string, segments: readonly string[], data: Buffer | string): string {
  const path = join(root, ...segments);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, data);
  return path;
}

/**
 * Stores `data` as `root/...folder/name_`, a cabinet made by `gcab -c -z` (MSZIP, name without
 * path) holding `name`, as `symstore /compress` leaves it.
 */
export function putCompressed(root: string, folder: readonly string[], name: string, data: Buffer, flags: readonly string[] = ['-c', '-z']): string {
  const dir = join(root, ...folder);
  const scratch = join(dir, `.src-${process.pid}`);
  mkdirSync(scratch, { recursive: true });
  writeFileSync(join(scratch, name), data);
  const cab = join(dir, `${name.slice(0, -1)}_`);
  run('gcab', [...flags, '--nopath', cab, join(scratch, name)]);
  rmSync(scratch, { recursive: true, force: true });
  return cab;
}
