/**
 * Our CAB writer and reader against two independent implementations, Debian's cabextract
 * (libmspack) and gcab (GNOME), both ways, stored and MSZIP, with files spanning many data blocks.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCab } from '../../../../electron/main/core/cer/cab-writer';
import { readCab } from '../../../../electron/main/core/cer/cab-reader';
import type { CabCompression } from '../../../../electron/main/core/cer/cab-format';
import { requireCabTools, run } from './helpers/cab-tools';

function compressible(size: number): Buffer {
  const line = Buffer.from('0x00007ff8`1a2b3c4d ntdll!RtlUserThreadStart+0x21\r\n');
  return Buffer.concat(Array.from({ length: Math.ceil(size / line.length) }, (_, i) => Buffer.concat([line, Buffer.from(String(i))]))).subarray(0, size);
}

// Random data (incompressible: stored deflate blocks), text (long matches across 32 KiB blocks),
// a file exactly one block long, an empty file, and a UTF-8 name.
const FILES: readonly { name: string; data: Buffer }[] = [
  { name: 'memory.hdmp', data: randomBytes(200_000) },
  { name: 'WERInternalMetadata.xml', data: compressible(150_000) },
  { name: 'exact-block.bin', data: randomBytes(32_768) },
  { name: 'empty.txt', data: Buffer.alloc(0) },
  { name: 'Bericht für Müller.txt', data: Buffer.from('héllo wörld\r\n'.repeat(100)) },
];

describe('CAB interop with cabextract and gcab', () => {
  let dir: string;
  beforeAll(() => {
    requireCabTools();
    dir = mkdtempSync(join(tmpdir(), 'wer-cab-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each<CabCompression>(['mszip', 'none'])('our %s cabinet passes cabextract -t, lists with gcab -t and extracts byte-identical', (compression) => {
    const cabPath = join(dir, `ours-${compression}.cab`);
    writeFileSync(cabPath, writeCab(FILES, { compression }));
    const tested = run('cabextract', ['-t', cabPath]);
    expect(tested).toContain('All done, no errors');
    // gcab -t lists the names; -l adds size, time and attributes (0xA0 = archive + UTF-8 name).
    expect(run('gcab', ['-t', cabPath]).trim().split('\n')).toEqual(FILES.map((f) => f.name));
    const details = run('gcab', ['-l', cabPath]).trim().split('\n');
    expect(details.map((l) => l.split(' ').slice(-4, -3)[0])).toEqual(FILES.map((f) => String(f.data.length)));
    expect(details[4]).toMatch(/ 0xA0$/);

    const outC = join(dir, `cabextract-${compression}`);
    const outG = join(dir, `gcab-${compression}`);
    mkdirSync(outG);
    run('cabextract', ['-q', '-d', outC, cabPath]);
    run('gcab', ['-x', '-C', outG, cabPath]);
    for (const f of FILES) {
      expect(readFileSync(join(outC, f.name)).equals(f.data)).toBe(true);
      expect(readFileSync(join(outG, f.name)).equals(f.data)).toBe(true);
    }
  });

  it.each([
    ['gcab -c -z (MSZIP)', ['-c', '-z'], 'mszip'],
    ['gcab -c (stored)', ['-c'], 'none'],
  ] as const)('reads a cabinet written by %s byte-identical', (_label, flags, compression) => {
    const src = join(dir, `src-${compression}`);
    mkdirSync(src);
    for (const f of FILES) writeFileSync(join(src, f.name), f.data);
    const cabPath = join(dir, `theirs-${compression}.cab`);
    run('gcab', [...flags, '--nopath', cabPath, ...FILES.map((f) => join(src, f.name))]);
    const read = readCab(readFileSync(cabPath));
    if (!read.ok) throw new Error(read.error);
    expect(read.value.folders.every((c) => c === compression)).toBe(true);
    expect(read.value.files.map((f) => f.name)).toEqual(FILES.map((f) => f.name));
    for (const [i, f] of FILES.entries()) expect(Buffer.from(read.value.files[i]?.data ?? []).equals(f.data)).toBe(true);
  });

  it('round-trips through our own writer and reader with names and times', () => {
    const mtimeMs = new Date(2024, 0, 26, 23, 13, 8).getTime();
    const cab = writeCab(FILES.map((f) => ({ ...f, mtimeMs })), { compression: 'mszip' });
    const read = readCab(cab);
    if (!read.ok) throw new Error(read.error);
    expect(read.value.files.map((f) => [f.name, f.data.length, f.mtimeMs])).toEqual(FILES.map((f) => [f.name, f.data.length, mtimeMs]));
    expect(read.value.files[4]?.attributes).toBe(0x20 | 0x80);
  });
});
