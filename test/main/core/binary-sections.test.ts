/**
 * String lists of the binary cache files: written by StringColumn, read back whole or left packed
 * (each string decoded when asked for); lengths that do not add up to the bytes are refused.
 */
import { PackedStrings, SectionReader, StringColumn } from '../../../electron/main/core/binary-sections';

/** The payload of sections as saveSectionFile lays them out: a u32 length, the bytes, padding to 8. */
function payloadOf(sections: readonly (readonly Buffer[])[]): Buffer {
  const parts: Buffer[] = [];
  for (const pieces of sections) {
    const bytes = Buffer.concat(pieces);
    const length = Buffer.alloc(4);
    length.writeUInt32LE(bytes.length);
    parts.push(length, bytes, Buffer.alloc((8 - ((4 + bytes.length) % 8)) % 8));
  }
  return Buffer.concat(parts);
}

describe('string lists', () => {
  // Empty, multi-byte and long values; more than one 1 MB chunk in all.
  const values = ['', 'C:\\ProgramData\\Microsoft\\Windows\\WER\\ReportArchive\\AppCrash_x', 'Ärger – 日本語 😀', 'x'.repeat(700_000), 'y'.repeat(600_000), 'last'];

  it('reads back what was written, whole or one string at a time', () => {
    const column = new StringColumn();
    for (const v of values) column.add(v);
    const payload = payloadOf(column.sections());
    expect(new SectionReader(payload).strings()).toEqual(values);
    const packed = new SectionReader(payload).packedStrings();
    expect(packed?.length).toBe(values.length);
    expect([4, 2, 0, 5, 1, 3].map((i) => packed?.at(i))).toEqual([4, 2, 0, 5, 1, 3].map((i) => values[i]));
  });

  it('refuses lengths that run past the bytes or stop short of them', () => {
    const data = Buffer.from('abcdef');
    expect(PackedStrings.of(Uint32Array.of(2, 4), data)?.at(1)).toBe('cdef');
    expect(PackedStrings.of(Uint32Array.of(2, 5), data)).toBeNull();
    expect(PackedStrings.of(Uint32Array.of(2, 3), data)).toBeNull();
    expect(PackedStrings.of(Uint32Array.of(0xffffffff, 7), data)).toBeNull();
    // A lengths section that is not whole u32s.
    const lengths = Buffer.alloc(6);
    expect(new SectionReader(payloadOf([[lengths], [data]])).packedStrings()).toBeNull();
  });
});
