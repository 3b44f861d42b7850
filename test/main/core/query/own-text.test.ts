/**
 * The quick filter's own texts as the query index saves them: views of the index's buffer (no
 * copy) that read the same as a copy, and stay so while the index goes on changing.
 */
import { OwnTextIndex } from '../../../../electron/main/core/query/own-text';

describe('OwnTextIndex pieces', () => {
  const text = (slot: number, round = 0) => `report-${slot} pc-${slot % 7} round-${round} ${'ü'.repeat(slot % 5)}`;

  it('read as the texts of the slots in order, one view per run of texts lying together', () => {
    const index = new OwnTextIndex();
    for (let slot = 0; slot < 500; slot++) index.set(slot, text(slot));
    const slots = Uint32Array.from({ length: 500 }, (_, i) => i);
    // The construction: each slot's text and a newline, in slot order.
    const expected = Buffer.from(Array.from(slots, (s) => `${text(s)}\n`).join(''), 'utf8');
    const whole = index.pieces(slots);
    expect(whole.pieces).toHaveLength(1);
    expect(Buffer.concat(whole.pieces)).toEqual(expected);
    expect(whole.total).toBe(expected.length);
    expect(Array.from(whole.lengths)).toEqual(Array.from(slots, (s) => Buffer.byteLength(`${text(s)}\n`)));

    // Replaced and cleared texts break runs; a slot without text is its newline alone.
    index.set(100, text(100, 1));
    index.clear(200);
    const live = Uint32Array.from(slots.filter((s) => s !== 300));
    const fragmented = index.pieces(live);
    const want = Buffer.from(Array.from(live, (s) => (s === 200 ? '\n' : `${text(s, s === 100 ? 1 : 0)}\n`)).join(''), 'utf8');
    expect(fragmented.pieces.length).toBeGreaterThan(1);
    expect(fragmented.pieces.length).toBeLessThan(8);
    expect(Buffer.concat(fragmented.pieces)).toEqual(want);
    expect(index.packed(live).bytes).toEqual(want);

    // Views taken before more texts, a larger buffer and a compaction read the same afterwards.
    for (let slot = 0; slot < 500; slot++) index.set(slot, text(slot, 2));
    for (let slot = 500; slot < 5000; slot++) index.set(slot, text(slot, 3));
    index.compact();
    expect(Buffer.concat(fragmented.pieces)).toEqual(want);
    expect(index.packed(Uint32Array.of(0, 4999)).bytes.toString('utf8')).toBe(`${text(0, 2)}\n${text(4999, 3)}\n`);
  });
});
