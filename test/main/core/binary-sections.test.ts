/**
 * String lists of the binary cache files: written by StringColumn, read back whole or left packed
 * (each string decoded when asked for); lengths that do not add up to the bytes are refused.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkedPayload, PackedStrings, saveSectionFile, type Section, SectionReader, StringColumn } from '../../../electron/main/core/binary-sections';

const LAYOUT = { headerBytes: 16, at: { length: 8, crc: 12 } };

/** The payload of a file saved with these sections (through the writer the caches use). */
async function payloadOf(sections: readonly Section[]): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'wer-sections-'));
  try {
    const file = join(dir, 'list.bin');
    let pauses = 0;
    await saveSectionFile(file, LAYOUT, sections, (header) => header.write('TESTLIST', 0, 'latin1'), async () => void (pauses += 1));
    expect(pauses).toBeGreaterThan(0);
    const payload = checkedPayload(readFileSync(file), LAYOUT.headerBytes, LAYOUT.at);
    if (!payload) throw new Error('the saved file fails its checks');
    return payload;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('string lists', () => {
  // Empty, multi-byte and long values (one longer than a 1 MB chunk); several chunks in all.
  const values = ['', 'z'.repeat(1_500_000), 'C:\\ProgramData\\Microsoft\\Windows\\WER\\ReportArchive\\AppCrash_x', 'Ärger – 日本語 😀', 'x'.repeat(700_000), 'y'.repeat(600_000), 'last'];

  it('reads back what was written, whole or one string at a time', async () => {
    const column = new StringColumn();
    for (const v of values) column.add(v);
    const payload = await payloadOf(column.sections());
    expect(new SectionReader(payload).strings()).toEqual(values);
    const packed = new SectionReader(payload).packedStrings();
    expect(packed?.length).toBe(values.length);
    expect([4, 2, 0, 6, 5, 1, 3].map((i) => packed?.at(i))).toEqual([4, 2, 0, 6, 5, 1, 3].map((i) => values[i]));
  });

  it('refuses lengths that run past the bytes or stop short of them', async () => {
    const data = Buffer.from('abcdef');
    expect(PackedStrings.of(Uint32Array.of(2, 4), data)?.at(1)).toBe('cdef');
    expect(PackedStrings.of(Uint32Array.of(2, 5), data)).toBeNull();
    expect(PackedStrings.of(Uint32Array.of(2, 3), data)).toBeNull();
    expect(PackedStrings.of(Uint32Array.of(0xffffffff, 7), data)).toBeNull();
    // A lengths section that is not whole u32s.
    const lengths = Buffer.alloc(6);
    expect(new SectionReader(await payloadOf([[lengths], [data]])).packedStrings()).toBeNull();
  });

  it('refuses to write a section that makes other bytes than it announced', async () => {
    const short = { byteLength: 10, pieces: () => [Buffer.from('abc')] };
    await expect(payloadOf([short])).rejects.toThrow('a section announced 10 bytes and made 3');
  });
});
