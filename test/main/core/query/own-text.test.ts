/**
 * The quick filter's own texts as the query index saves them: a section made from the index's
 * buffer as it is written, that reads the same as a copy and stays so while the index goes on
 * changing; and reordered slots over the same buffer.
 */
import type { LazySection } from '../../../../electron/main/core/binary-sections';
import { OwnTextIndex } from '../../../../electron/main/core/query/own-text';

/** A section's bytes, each piece copied as it comes (the section reuses its buffer), and how many pieces. */
function written(section: LazySection): { bytes: Buffer; pieces: number } {
  const parts = Array.from(section.pieces(), (piece) => Buffer.from(piece));
  const bytes = Buffer.concat(parts);
  expect(bytes.length).toBe(section.byteLength);
  return { bytes, pieces: parts.length };
}

describe('OwnTextIndex sections', () => {
  const text = (slot: number, round = 0) => `report-${slot} pc-${slot % 7} round-${round} ${'ü'.repeat(slot % 5)}`;

  it('read as the texts of the slots in order, gathered into few pieces', () => {
    const index = new OwnTextIndex();
    for (let slot = 0; slot < 500; slot++) index.set(slot, text(slot));
    const slots = Uint32Array.from({ length: 500 }, (_, i) => i);
    // The construction: each slot's text and a newline, in slot order.
    const expected = Buffer.from(Array.from(slots, (s) => `${text(s)}\n`).join(''), 'utf8');
    const whole = index.section(slots);
    expect(written(whole.section)).toEqual({ bytes: expected, pieces: 1 });
    expect(Array.from(whole.lengths)).toEqual(Array.from(slots, (s) => Buffer.byteLength(`${text(s)}\n`)));

    // Replaced and cleared texts break runs; a slot without text is its newline alone.
    index.set(100, text(100, 1));
    index.clear(200);
    const live = Uint32Array.from(slots.filter((s) => s !== 300));
    const fragmented = index.section(live);
    const want = Buffer.from(Array.from(live, (s) => (s === 200 ? '\n' : `${text(s, s === 100 ? 1 : 0)}\n`)).join(''), 'utf8');
    expect(written(fragmented.section)).toEqual({ bytes: want, pieces: 1 });
    expect(index.packed(live).bytes).toEqual(want);

    // Views taken before more texts, a larger buffer and a compaction read the same afterwards.
    for (let slot = 0; slot < 500; slot++) index.set(slot, text(slot, 2));
    for (let slot = 500; slot < 5000; slot++) index.set(slot, text(slot, 3));
    index.compact();
    expect(written(fragmented.section).bytes).toEqual(want);
    expect(index.packed(Uint32Array.of(0, 4999)).bytes.toString('utf8')).toBe(`${text(0, 2)}\n${text(4999, 3)}\n`);
  });

  it('writes runs of a MB or more as they are, between gathered pieces', () => {
    const index = new OwnTextIndex();
    const big = 'x'.repeat(1_500_000);
    ['a', big, 'b', 'c'].forEach((t, slot) => index.set(slot, t));
    // Slot 1 replaced by itself breaks the runs around it: a, big, (b c) read in the order 2, 1, 0, 3.
    index.set(1, big);
    const { bytes, pieces } = written(index.section(Uint32Array.of(2, 1, 0, 3)).section);
    expect(bytes.toString('utf8')).toBe(`b\n${big}\na\nc\n`);
    expect(pieces).toBe(3);
  });

  it('takes its texts to an index whose slots are reordered, without copying them, and goes on from there', () => {
    const index = new OwnTextIndex();
    for (let slot = 0; slot < 3000; slot++) index.set(slot, text(slot));
    // A text replaced before the reorder: its old bytes are garbage the new index knows of.
    index.set(7, text(7, 1));
    const order = Uint32Array.from({ length: 3000 }, (_, i) => (i * 7 + 3) % 3000);
    const reordered = index.takeReordered(order);
    const textOf = (s: number) => text(s, s === 7 ? 1 : 0);
    for (let i = 0; i < 3000; i += 97) expect(reordered.textOf(i)).toBe(textOf(order[i] as number));
    expect(index.textOf(5)).toBe('');
    // A search finds each text at its new slot.
    const hits = new Uint8Array(3000);
    reordered.markMatches('report-1234 ', hits);
    expect([...hits.keys()].filter((i) => hits[i])).toEqual([order.indexOf(1234)]);
    // Saved in the new order, it reads back as the construction.
    const slots = Uint32Array.from({ length: 3000 }, (_, i) => i);
    const want = Buffer.from(Array.from(order, (s) => `${textOf(s)}\n`).join(''), 'utf8');
    expect(reordered.packed(slots).bytes).toEqual(want);
    // Changes after it: a replacement, a removal, and enough of them for a compaction.
    reordered.set(0, 'replaced');
    reordered.clear(1);
    for (let i = 2; i < 2000; i++) reordered.set(i, `again-${i}`);
    expect(reordered.textOf(0)).toBe('replaced');
    expect(reordered.textOf(1)).toBe('');
    expect(reordered.textOf(1999)).toBe('again-1999');
    expect(reordered.textOf(2999)).toBe(textOf(order[2999] as number));
  });
});
