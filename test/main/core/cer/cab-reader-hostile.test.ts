/** The CAB reader on damaged and hostile cabinets, and the extraction-safety name check. */
import { randomBytes } from 'node:crypto';
import { writeCab } from '../../../../electron/main/core/cer/cab-writer';
import { readCab } from '../../../../electron/main/core/cer/cab-reader';
import { cabChecksum } from '../../../../electron/main/core/cer/cab-checksum';
import { safeCabEntryName } from '../../../../electron/main/core/cer/safe-names';
import { mulberry32 } from '../../../support/prng';

const SAMPLE = writeCab(
  [
    { name: 'a.txt', data: Buffer.from('hello '.repeat(20_000)) },
    { name: 'b.bin', data: randomBytes(40_000) },
  ],
  { compression: 'mszip' },
);

function patched(bytes: Uint8Array, edit: (view: DataView, out: Uint8Array) => void): Uint8Array {
  const out = Uint8Array.from(bytes);
  edit(new DataView(out.buffer), out);
  return out;
}

function errorOf(bytes: Uint8Array, limits = {}): string {
  const r = readCab(bytes, limits);
  if (r.ok) throw new Error('expected the cabinet to be refused');
  return r.error;
}

// Offsets in SAMPLE: header 36, one folder (8), then the file table.
const FOLDER = 36;
const FIRST_FILE = 44;

describe('readCab on hostile input', () => {
  it('reads the sample', () => {
    const r = readCab(SAMPLE);
    expect(r.ok && r.value.files.map((f) => f.data.length)).toEqual([120_000, 40_000]);
  });

  it('refuses truncated cabinets at every cut, without throwing', () => {
    for (const cut of [0, 3, 35, 36, 50, 100, SAMPLE.length >> 1, SAMPLE.length - 1]) {
      expect(errorOf(SAMPLE.subarray(0, cut))).toMatch(/cannot be read: .*(only \d+ bytes|truncated)/);
    }
    // A header that lies about the size: the data blocks end early.
    const lying = patched(SAMPLE.subarray(0, SAMPLE.length - 1000), (v) => v.setUint32(8, SAMPLE.length - 1000, true));
    expect(errorOf(lying)).toMatch(/truncated|damaged|outside/);
  });

  it('refuses a missing signature and says LZX and Quantum are not supported', () => {
    expect(errorOf(patched(SAMPLE, (_v, o) => (o[0] = 0x50)))).toMatch(/does not start with "MSCF"/);
    expect(errorOf(patched(SAMPLE, (v) => v.setUint16(FOLDER + 6, 0x1503, true)))).toMatch(/LZX compression, which is not supported/);
    expect(errorOf(patched(SAMPLE, (v) => v.setUint16(FOLDER + 6, 0x0f02, true)))).toMatch(/Quantum compression, which is not supported/);
    expect(errorOf(patched(SAMPLE, (v) => v.setUint16(30, 0x0002, true)))).toMatch(/multi-cabinet set/);
  });

  it('checks CFDATA checksums, and accepts 0 as "no checksum"', () => {
    const dataStart = new DataView(SAMPLE.buffer, SAMPLE.byteOffset).getUint32(FOLDER, true);
    expect(errorOf(patched(SAMPLE, (_v, o) => void (o[dataStart + 20] = (o[dataStart + 20] ?? 0) ^ 0xff)))).toMatch(/wrong checksum/);
    const noSums = patched(SAMPLE, (v) => {
      let pos = dataStart;
      for (let b = 0; b < v.getUint16(FOLDER + 4, true); b++) {
        v.setUint32(pos, 0, true);
        pos += 8 + v.getUint16(pos + 4, true);
      }
    });
    expect(readCab(noSums).ok).toBe(true);
  });

  it('caps file counts and uncompressed sizes before inflating', () => {
    expect(errorOf(SAMPLE, { maxFiles: 1 })).toMatch(/holds 2 files \(at most 1/);
    expect(errorOf(SAMPLE, { maxTotalBytes: 100_000 })).toMatch(/add up to 160000 bytes/);
    // A file that claims 4 GiB at the end of its folder.
    expect(errorOf(patched(SAMPLE, (v) => v.setUint32(FIRST_FILE, 0xffffffff, true)))).toMatch(/add up to/);
    // A file that lies beyond the folder's data.
    expect(errorOf(patched(SAMPLE, (v) => v.setUint32(FIRST_FILE + 4, 10_000_000, true)))).toMatch(/ends after|truncated/);
  });

  it('refuses bad folder indexes, unterminated names and out-of-range offsets', () => {
    expect(errorOf(patched(SAMPLE, (v) => v.setUint16(FIRST_FILE + 8, 7, true)))).toMatch(/folder 7, which does not exist/);
    expect(errorOf(patched(SAMPLE, (v) => v.setUint16(FIRST_FILE + 8, 0xfffe, true)))).toMatch(/continues in another cabinet/);
    expect(errorOf(patched(SAMPLE, (v) => v.setUint32(16, 0xfffffff0, true)))).toMatch(/outside the cabinet/);
    expect(errorOf(patched(SAMPLE, (v) => v.setUint32(FOLDER, 0xfffffff0, true)))).toMatch(/outside the cabinet/);
    const long = new Uint8Array(600).fill(0x41);
    const unterminated = new Uint8Array(SAMPLE.length + 600);
    unterminated.set(SAMPLE.subarray(0, FIRST_FILE + 16));
    unterminated.set(long, FIRST_FILE + 16);
    new DataView(unterminated.buffer).setUint32(8, unterminated.length, true);
    expect(errorOf(unterminated)).toMatch(/not terminated/);
  });

  it('survives random corruption without throwing (fuzz, fixed seed)', () => {
    const prng = mulberry32(1273);
    let refused = 0;
    for (let i = 0; i < 400; i++) {
      const bytes = Uint8Array.from(SAMPLE.subarray(0, 4000 + prng.int(SAMPLE.length - 4000)));
      // Mostly the structures at the front (header, folder, file table), sometimes the data.
      for (let k = 0; k < 1 + prng.int(8); k++) bytes[prng.int(prng.next() < 0.7 ? 120 : bytes.length)] = prng.int(256);
      let r: ReturnType<typeof readCab> | undefined;
      expect(() => (r = readCab(bytes, { maxTotalBytes: 1_000_000 }))).not.toThrow();
      if (r && !r.ok) refused++;
    }
    expect(refused).toBeGreaterThan(200);
  });

  it('folds checksums as the spec says (trailing bytes high first)', () => {
    expect(cabChecksum(Uint8Array.from([1, 2, 3, 4]))).toBe(0x04030201);
    expect(cabChecksum(Uint8Array.from([1, 2, 3, 4, 5, 6, 7]))).toBe((0x04030201 ^ 0x050607) >>> 0);
    expect(cabChecksum(Uint8Array.from([9]), 0x100)).toBe(0x109);
  });
});

describe('safeCabEntryName', () => {
  it.each([
    ['minidump.mdmp', 'minidump.mdmp'],
    ['sub\\WERInternalMetadata.xml', 'sub/WERInternalMetadata.xml'],
    ['a/b/c.txt', 'a/b/c.txt'],
    ['Bericht für Müller.txt', 'Bericht für Müller.txt'],
  ])('accepts %j as %j', (name, safe) => expect(safeCabEntryName(name)).toBe(safe));

  it.each([
    '', '..', '../evil.txt', 'a/../../evil', 'a\\..\\..\\evil', '..\\evil', '/etc/passwd', '\\\\server\\share\\x',
    '\\Windows\\win.ini', 'C:\\Windows\\win.ini', 'C:evil', 'file.txt:stream', 'a//b', './a', 'CON', 'nul.txt',
    'com1', 'trailing.', 'trailing ', 'ctrl\u0001', 'q?', 'a/b/c/d/e/f',
  ])('refuses %j', (name) => expect(safeCabEntryName(name)).toBeNull());
});
