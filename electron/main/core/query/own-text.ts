/**
 * The searchable text each report has alone (its folder's name, id, machine: see ownSearchParts),
 * lower-cased and packed as UTF-8 into one buffer, so a quick-filter word is found with
 * `Buffer.indexOf` over all reports at once instead of a string search per report. Byte matching
 * equals string matching: UTF-8 is self-synchronising, and texts are separated by a newline,
 * which no word contains.
 */
import { type LazySection, resized } from '../binary-sections';

const NO_SLOT = 0xffffffff;
/** Bytes of short runs gathered into one piece of a saved section (see section). */
const CHUNK_BYTES = 1 << 20;
const SEPARATOR = 0x0a;
const LONE_SEPARATOR = Buffer.from([SEPARATOR]);

/** Per-slot text in an append-only buffer; replaced texts leave garbage until `compact`. */
export class OwnTextIndex {
  private bytes: Buffer = Buffer.alloc(1 << 16);
  private used = 0;
  /** Start of each stored text in append order, and the slot it belongs to (NO_SLOT once replaced). */
  private starts = new Uint32Array(1024);
  private owners = new Uint32Array(1024);
  private count = 0;
  /** Which entry holds each slot's text (so a replacement can mark the old one dead). */
  private entryOfSlot = new Int32Array(1024).fill(-1);
  private garbage = 0;

  /** Sets (or replaces) the text of a slot. */
  set(slot: number, text: string): void {
    this.clear(slot);
    const length = Buffer.byteLength(text, 'utf8') + 1;
    this.reserve(length);
    this.bytes.write(text, this.used, 'utf8');
    this.bytes[this.used + length - 1] = SEPARATOR;
    if (this.count === this.starts.length) {
      this.starts = resized(this.starts, this.count * 2);
      this.owners = resized(this.owners, this.count * 2);
    }
    this.starts[this.count] = this.used;
    this.owners[this.count] = slot;
    if (slot >= this.entryOfSlot.length) {
      const bigger = new Int32Array(Math.max(slot + 1, this.entryOfSlot.length * 2)).fill(-1);
      bigger.set(this.entryOfSlot);
      this.entryOfSlot = bigger;
    }
    this.entryOfSlot[slot] = this.count;
    this.count += 1;
    this.used += length;
  }

  /** Forgets the text of a slot. */
  clear(slot: number): void {
    const entry = slot < this.entryOfSlot.length ? (this.entryOfSlot[slot] ?? -1) : -1;
    if (entry < 0) return;
    this.owners[entry] = NO_SLOT;
    this.entryOfSlot[slot] = -1;
    this.garbage += 1;
    if (this.garbage > 1024 && this.garbage > this.count / 2) this.compact();
  }

  /** The stored text of a slot ('' when none). */
  textOf(slot: number): string {
    const entry = slot < this.entryOfSlot.length ? (this.entryOfSlot[slot] ?? -1) : -1;
    if (entry < 0) return '';
    return this.bytes.toString('utf8', this.starts[entry] ?? 0, this.endOf(entry) - 1);
  }

  /**
   * Marks `hits[slot] = 1` for every slot whose text contains `word` (lower-case, no whitespace).
   * After a hit the search skips to the next text: one hit per report is enough.
   */
  markMatches(word: string, hits: Uint8Array): void {
    const needle = Buffer.from(word, 'utf8');
    if (needle.length === 0) return;
    const haystack = this.bytes.subarray(0, this.used);
    let at = haystack.indexOf(needle, 0);
    while (at >= 0) {
      const entry = this.entryAt(at);
      const slot = this.owners[entry] ?? NO_SLOT;
      if (slot !== NO_SLOT) hits[slot] = 1;
      at = haystack.indexOf(needle, this.endOf(entry));
    }
  }

  /**
   * Marks `hits[slot] = 1` for every slot whose text starts with `prefix` (lower-case, no
   * whitespace) and that `accept`s: a text starts right after the previous one's separator.
   */
  markStartingWith(prefix: string, hits: Uint8Array, accept: (slot: number) => boolean): void {
    if (prefix === '' || this.count === 0) return;
    const needle = Buffer.from(`\n${prefix}`, 'utf8');
    const haystack = this.bytes.subarray(0, this.used);
    const mark = (start: number): void => {
      const entry = this.entryAt(start);
      const slot = this.owners[entry] ?? NO_SLOT;
      if (this.starts[entry] === start && slot !== NO_SLOT && accept(slot)) hits[slot] = 1;
    };
    if (haystack.subarray(0, needle.length - 1).equals(needle.subarray(1))) mark(0);
    for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) mark(at + 1);
  }

  /** Rewrites the buffer without replaced texts, keeping each slot's text. */
  compact(): void {
    const texts: { slot: number; text: Buffer }[] = [];
    for (let e = 0; e < this.count; e++) {
      const slot = this.owners[e] ?? NO_SLOT;
      if (slot === NO_SLOT) continue;
      const start = this.starts[e] ?? 0;
      texts.push({ slot, text: Buffer.from(this.bytes.subarray(start, this.endOf(e))) });
    }
    this.bytes = Buffer.alloc(Math.max(1 << 16, this.used));
    this.used = 0;
    this.count = 0;
    this.garbage = 0;
    this.entryOfSlot.fill(-1);
    for (const { slot, text } of texts) {
      text.copy(this.bytes, this.used);
      this.starts[this.count] = this.used;
      this.owners[this.count] = slot;
      this.entryOfSlot[slot] = this.count;
      this.count += 1;
      this.used += text.length;
    }
  }

  /** The texts of these slots, in order, as UTF-8 bytes and byte lengths (for the cache): what `fromPacked` reads back. */
  packed(slots: ArrayLike<number>): { bytes: Buffer; lengths: Uint32Array } {
    const { section, lengths } = this.section(slots);
    // Each piece copied as it comes: the section reuses its gathering buffer.
    const parts = Array.from(section.pieces(), (piece) => Buffer.from(piece));
    return { bytes: Buffer.concat(parts, section.byteLength), lengths };
  }

  /**
   * What `packed` gives, as a section made while it is written: the runs of texts lying one
   * after another in this index's buffer are taken now (one for an index as built or loaded, one
   * more per text replaced or removed since; one per text once slots were reordered), their bytes
   * when written: a run of a MB or more as a view of the buffer, shorter ones gathered into one
   * reused MB. Valid while this index changes: texts are only appended after the runs, and a
   * compaction or a larger buffer is a new buffer.
   */
  section(slots: ArrayLike<number>): { section: LazySection; lengths: Uint32Array } {
    const lengths = new Uint32Array(slots.length);
    const bytes = this.bytes;
    // Runs as byte ranges of `bytes`; a text-less slot is its separator alone (start NO_SLOT).
    const runStarts: number[] = [];
    const runEnds: number[] = [];
    let total = 0;
    for (let i = 0; i < slots.length; i++) {
      const entry = this.entryOfSlot[slots[i] ?? -1] ?? -1;
      const start = entry < 0 ? NO_SLOT : (this.starts[entry] ?? 0);
      const end = entry < 0 ? NO_SLOT : this.endOf(entry);
      const last = runEnds.length - 1;
      if (entry >= 0 && last >= 0 && runEnds[last] === start) runEnds[last] = end;
      else {
        runStarts.push(start);
        runEnds.push(end);
      }
      total += lengths[i] = entry < 0 ? 1 : end - start;
    }
    function* pieces(): Generator<Uint8Array> {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      let used = 0;
      for (let r = 0; r < runStarts.length; r++) {
        const start = runStarts[r] as number;
        const run = start === NO_SLOT ? LONE_SEPARATOR : bytes.subarray(start, runEnds[r]);
        if (used > 0 && used + run.length > CHUNK_BYTES) {
          yield chunk.subarray(0, used);
          used = 0;
        }
        if (run.length >= CHUNK_BYTES) yield run;
        else used += run.copy(chunk, used);
      }
      if (used > 0) yield chunk.subarray(0, used);
    }
    return { section: { byteLength: total, pieces }, lengths };
  }

  /**
   * An index whose slot i holds this index's slot `order[i]` text, over the same buffer (no copy
   * of the texts: 100 MB at 300,000 reports; only the numbers of each text change). This index
   * gives its buffer away and is left empty. The slots of `order` must be distinct.
   */
  takeReordered(order: ArrayLike<number>): OwnTextIndex {
    const out = new OwnTextIndex();
    const newSlotOf = new Uint32Array(this.entryOfSlot.length).fill(NO_SLOT);
    out.entryOfSlot = new Int32Array(Math.max(1024, order.length)).fill(-1);
    for (let i = 0; i < order.length; i++) {
      const slot = order[i] as number;
      newSlotOf[slot] = i;
      out.entryOfSlot[i] = this.entryOfSlot[slot] ?? -1;
    }
    out.bytes = this.bytes;
    out.used = this.used;
    out.starts = this.starts;
    out.owners = this.owners.map((slot) => (slot === NO_SLOT ? NO_SLOT : (newSlotOf[slot] ?? NO_SLOT)));
    out.count = this.count;
    // Texts of slots left out of `order` are dead in the new index.
    out.garbage = this.count - out.entryOfSlot.subarray(0, order.length).filter((e) => e >= 0).length;
    this.bytes = Buffer.alloc(0);
    this.used = 0;
    this.starts = new Uint32Array(1024);
    this.owners = new Uint32Array(1024);
    this.entryOfSlot = new Int32Array(1024).fill(-1);
    this.count = 0;
    this.garbage = 0;
    return out;
  }

  /**
   * An index whose slot i holds the i-th text of `bytes` (each `lengths[i]` bytes, newline
   * included), or null when they disagree. The bytes are used in place, not copied (the first text
   * added later moves them to a larger buffer).
   */
  static fromPacked(bytes: Buffer, lengths: Uint32Array): OwnTextIndex | null {
    const slotCount = lengths.length;
    const index = new OwnTextIndex();
    index.bytes = bytes;
    index.used = bytes.length;
    index.starts = new Uint32Array(Math.max(1024, slotCount));
    index.owners = new Uint32Array(Math.max(1024, slotCount));
    index.entryOfSlot = new Int32Array(Math.max(1024, slotCount)).fill(-1);
    let start = 0;
    for (let slot = 0; slot < slotCount; slot++) {
      const length = lengths[slot] ?? 0;
      if (length === 0 || start + length > bytes.length || bytes[start + length - 1] !== SEPARATOR) return null;
      index.starts[slot] = start;
      index.owners[slot] = slot;
      index.entryOfSlot[slot] = slot;
      start += length;
    }
    if (start !== bytes.length) return null;
    index.count = slotCount;
    return index;
  }

  /** Bytes held (for memory figures). */
  get byteLength(): number {
    return this.bytes.length + this.starts.byteLength + this.owners.byteLength + this.entryOfSlot.byteLength;
  }

  /** Where an entry's text ends (after its separator): entries are contiguous in append order. */
  private endOf(entry: number): number {
    return entry + 1 < this.count ? (this.starts[entry + 1] ?? this.used) : this.used;
  }

  private entryAt(position: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((this.starts[mid] ?? 0) <= position) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private reserve(length: number): void {
    if (this.used + length <= this.bytes.length) return;
    const bigger = Buffer.alloc(Math.max(this.bytes.length * 2, this.used + length));
    this.bytes.copy(bigger, 0, 0, this.used);
    this.bytes = bigger;
  }
}
