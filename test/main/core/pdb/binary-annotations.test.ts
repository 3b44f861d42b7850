/**
 * Inline site binary annotations: every annotation program of the fixture PDBs, decoded by the
 * reader, against llvm-pdbutil's decoding of the same bytes (it prints each opcode's raw bytes
 * with the running code offset and line offset); plus the edges of the compressed encoding
 * (cvinfo.h: 1, 2 or 4 bytes; signed operands rotate the sign into bit 0) and damaged programs.
 */
import { decodeAnnotations } from '../../../../electron/main/core/pdb/binary-annotations';
import { pdbFixtures, type PdbFixtureName } from '../../../support/pdb-builder';
import { pdbutilDump } from '../../../support/pdb-llvm-oracle';

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
}

/** The documented compressed encoding, for hand-made programs. */
function compress(value: number): number[] {
  if (value < 0x80) return [value];
  if (value < 0x4000) return [0x80 | (value >> 8), value & 0xff];
  return [0xc0 | (value >>> 24), (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

function signed(value: number): number {
  return value < 0 ? (-value << 1) | 1 : value << 1;
}

describe.each(['msvc-x64', 'msvc-x86', 'msvc-arm64'] as PdbFixtureName[])('annotations of the %s PDB', (name) => {
  it('decode to the ranges and line offsets llvm-pdbutil lists', () => {
    const dump = pdbutilDump(pdbFixtures()[name].pdb);
    let sites = 0;
    for (const proc of dump.procs) {
      for (const site of proc.inlineSites) {
        sites++;
        const decoded = decodeAnnotations(hexBytes(site.annotationHex), 0, 0);
        expect(decoded.problem).toBeNull();
        expect(decoded.ranges.map((r) => ({ start: r.start, end: r.end ?? proc.length, lineOffset: r.line }))).toEqual(site.ranges);
      }
    }
    expect(sites).toBeGreaterThan(5);
  });
});

describe('the compressed encoding', () => {
  it('reads 1-, 2- and 4-byte operands and negative line offsets', () => {
    const program = [
      ...[6, ...compress(signed(5))], // line +5
      ...[3, ...compress(0x1234)], // code offset +0x1234 (2 bytes): range 1
      ...[4, ...compress(0x10)], // its length
      ...[11, ...compress((signed(-3) << 4) | 0x2)], // code +2, line -3: range 2
      ...[12, ...compress(0x20), ...compress(0x123456)], // length 0x20 at code +0x123456: range 3
      ...[5, ...compress(0x40)], // file change
      ...[3, ...compress(1)], // range 4, open-ended
    ];
    const decoded = decodeAnnotations(Uint8Array.from(program), 100, 8);
    expect(decoded.problem).toBeNull();
    expect(decoded.ranges).toEqual([
      { start: 0x1234, end: 0x1244, line: 105, file: 8 },
      { start: 0x1246, end: 0x1246 + 0x123456, line: 102, file: 8 },
      { start: 0x1246 + 0x123456, end: 0x1246 + 0x123456 + 0x20, line: 102, file: 8 },
      { start: 0x1246 + 0x123456 + 1, end: null, line: 102, file: 0x40 },
    ]);
  });

  it('stops at padding, and reports cut-short or unknown opcodes without throwing', () => {
    expect(decodeAnnotations(Uint8Array.from([3, 4, 0, 0, 3, 9]), 1, 0).ranges).toEqual([{ start: 4, end: null, line: 1, file: 0 }]);
    expect(decodeAnnotations(Uint8Array.from([3, 0x80]), 1, 0).problem).toMatch(/cut short/);
    expect(decodeAnnotations(Uint8Array.from([12, 4]), 1, 0).problem).toMatch(/cut short/);
    expect(decodeAnnotations(Uint8Array.from([14, 1]), 1, 0).problem).toMatch(/unknown annotation opcode 14/);
    expect(decodeAnnotations(Uint8Array.from([3, 0xff, 1, 2, 3]), 1, 0).ranges).toEqual([]);
  });
});
