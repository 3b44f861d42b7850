/**
 * The fuzz tests' shared parts: a seeded, structure-aware byte mutator (words written at the
 * offsets a format's readers trust, random bytes, truncation, blocks copied out of place), single
 * byte edits for region-weighted fuzzing, and a ByteSource that meters what a reader asks for.
 * Every choice comes from the caller's Prng, so a failing case replays from its seed.
 */
import type { ByteSource } from '../../electron/main/core/minidump/byte-source';
import type { Prng } from './prng';

/** Relative weights of the four edit kinds of mutateBytes. */
export interface EditWeights {
  /** A 16- or 32-bit word written at one of the targets. */
  readonly word: number;
  /** One byte anywhere set to a random value or one bit flipped. */
  readonly byte: number;
  /** The input cut at a random length. */
  readonly truncate: number;
  /** A block copied over another one: plausible-looking structures in the wrong place. */
  readonly copy: number;
}

/** How mutateBytes edits one format's inputs. */
export interface MutationShape {
  /** Offsets worth hitting: headers, directories, the heads of streams and tables. */
  readonly targets: readonly number[];
  /** Values written at targets most of the time (boundaries, small sizes, all ones). */
  readonly interesting: readonly number[];
  /** A case makes 1 to maxEdits edits (default 6). */
  readonly maxEdits?: number;
  /** Default: word 5, byte 3, truncate 1, copy 1. */
  readonly weights?: EditWeights;
  /** Share of target words written as 16 bits rather than 32 (default 0.5). */
  readonly halfWords?: number;
  /** Longest block copied (default 512). */
  readonly maxCopy?: number;
}

const DEFAULT_WEIGHTS: EditWeights = { word: 5, byte: 3, truncate: 1, copy: 1 };
/** Share of target words taken from `interesting` rather than drawn at random. */
const INTERESTING_SHARE = 0.7;

/** Sets `bytes[at]` to a random value or flips one of its bits (half the time each). */
export function editByte(bytes: Uint8Array, at: number, rnd: Prng): void {
  bytes[at] = rnd.next() < 0.5 ? rnd.int(256) : bytes[at]! ^ (1 << rnd.int(8));
}

function writeWord(bytes: Uint8Array, shape: MutationShape, rnd: Prng): void {
  if (shape.targets.length === 0) return;
  const at = rnd.pick(shape.targets);
  const value = rnd.next() < INTERESTING_SHARE ? rnd.pick(shape.interesting) : rnd.int(0x100000000);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (rnd.next() >= (shape.halfWords ?? 0.5) && at + 4 <= bytes.length) dv.setUint32(at, value >>> 0, true);
  else if (at + 2 <= bytes.length) dv.setUint16(at, value & 0xffff, true);
}

/** A mutated copy of `base` (never `base` itself): 1 to maxEdits edits of the kinds `shape` weighs. */
export function mutateBytes(base: Uint8Array, shape: MutationShape, rnd: Prng): Uint8Array {
  const w = shape.weights ?? DEFAULT_WEIGHTS;
  const total = w.word + w.byte + w.truncate + w.copy;
  const maxCopy = shape.maxCopy ?? 512;
  let bytes = base.slice();
  const edits = 1 + rnd.int(shape.maxEdits ?? 6);
  for (let e = 0; e < edits; e++) {
    const kind = rnd.int(total);
    if (kind < w.word) writeWord(bytes, shape, rnd);
    else if (kind < w.word + w.byte) {
      if (bytes.length > 0) editByte(bytes, rnd.int(bytes.length), rnd);
    } else if (kind < w.word + w.byte + w.truncate) {
      if (bytes.length > 0) bytes = bytes.slice(0, rnd.int(bytes.length));
    } else if (bytes.length > 8) {
      const len = 1 + rnd.int(Math.min(maxCopy, bytes.length - 1));
      const from = rnd.int(bytes.length - len);
      bytes.copyWithin(rnd.int(bytes.length - len), from, from + len);
    }
  }
  return bytes;
}

/**
 * A copy of `base` with `count` single-byte edits at offsets `where` draws (offsets outside the
 * input are skipped): for fuzzing chosen regions, such as a dump's stack and mapped image. With
 * `into` (as long as `base`) the copy is written there instead of a new array: a loop over a
 * large dump then allocates nothing per case (readers get copies from a buffer source anyway).
 */
export function scatterEdits(base: Uint8Array, count: number, where: (rnd: Prng) => number, rnd: Prng, into?: Uint8Array): Uint8Array {
  let bytes: Uint8Array;
  if (into && into.length === base.length) {
    into.set(base);
    bytes = into;
  } else bytes = base.slice();
  for (let k = 0; k < count; k++) {
    const at = where(rnd);
    if (at >= 0 && at < bytes.length) editByte(bytes, at, rnd);
  }
  return bytes;
}

/** A ByteSource that counts what was read through it. */
export interface MeteredSource extends ByteSource {
  /** Bytes returned so far, over all reads. */
  readonly total: number;
  /** The longest single read returned. */
  readonly largest: number;
  /** How many reads were made. */
  readonly reads: number;
}

/** Wraps `inner` to meter a reader: the fuzz tests bound its total and its largest read. */
export function meteredSource(inner: ByteSource): MeteredSource {
  let total = 0;
  let largest = 0;
  let reads = 0;
  return {
    size: inner.size,
    get total() {
      return total;
    },
    get largest() {
      return largest;
    },
    get reads() {
      return reads;
    },
    async read(offset, length) {
      const bytes = await inner.read(offset, length);
      reads++;
      total += bytes.length;
      largest = Math.max(largest, bytes.length);
      return bytes;
    },
  };
}
