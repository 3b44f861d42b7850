/**
 * The parts of our binary cache files (the query index, the report cache's records table): a
 * header the caller lays out, then a checksummed payload of sections, each a u32 byte length then
 * the bytes, padded to 8 bytes so typed arrays can view them. Readers never trust a length: a
 * section that runs past the payload, or a column of the wrong size, reads as null.
 */
import { isAscii } from 'node:buffer';
import { closeSync, fstatSync, openSync, read } from 'node:fs';
import { readAtSync } from './file-read';
import type { FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { crc32 } from 'node:zlib';
import { replaceFileAtomic } from './atomic-file';

type NumberArray = Uint8Array | Uint32Array | Int32Array | Float64Array;

/** A typed array of `size` elements starting with `array`'s (a column grown). */
export function resized<T extends NumberArray>(array: T, size: number): T {
  const bigger = new (array.constructor as new (n: number) => T)(size);
  bigger.set(array);
  return bigger;
}

/** An array's bytes (no copy). */
export function bytesOf(array: NumberArray): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/**
 * A section whose bytes are made while it is written, a piece at a time: its length is known
 * before (the file gives it first), its bytes are not held whole.
 */
export interface LazySection {
  readonly byteLength: number;
  /** The bytes in order; a piece may be reused for the next once the writer asks for it. */
  pieces(): Iterable<Uint8Array>;
}

/** One section of a file: its bytes as pieces, or made while written. */
export type Section = readonly Uint8Array[] | LazySection;

/**
 * A string list as two sections: the UTF-8 byte length of each, then all the bytes. It holds the
 * strings themselves (immutable: the list cannot change under it) and encodes them while the file
 * is written, a MB at a time: the encoded folders of a 1,000,000-report table were ~170 MB held
 * until written, the strings are held by the library anyway.
 */
export class StringColumn {
  private static readonly CHUNK_BYTES = 1 << 20;
  private readonly values: string[] = [];
  private readonly lengths: number[] = [];
  private bytes = 0;

  get count(): number {
    return this.values.length;
  }

  add(value: string): void {
    const length = Buffer.byteLength(value, 'utf8');
    this.values.push(value);
    this.lengths.push(length);
    this.bytes += length;
  }

  /** The two sections: the byte lengths, then the bytes (encoded as they are written). */
  sections(): [Section, Section] {
    return [[bytesOf(Uint32Array.from(this.lengths))], { byteLength: this.bytes, pieces: () => this.encoded() }];
  }

  /** The strings' bytes a chunk at a time, in one buffer reused for each (see LazySection). */
  private *encoded(): Generator<Uint8Array> {
    let chunk = Buffer.allocUnsafe(StringColumn.CHUNK_BYTES);
    let used = 0;
    for (let i = 0; i < this.values.length; i++) {
      const length = this.lengths[i] as number;
      if (used + length > chunk.length) {
        yield chunk.subarray(0, used);
        if (length > chunk.length) chunk = Buffer.allocUnsafe(length);
        used = 0;
      }
      used += chunk.write(this.values[i] as string, used, 'utf8');
    }
    if (used > 0) yield chunk.subarray(0, used);
  }
}

/** Where a section file's header keeps the payload's length and its CRC-32 (of the payload's bytes, length prefixes and padding included). */
export interface SectionFileLayout {
  readonly headerBytes: number;
  readonly at: { readonly length: number; readonly crc: number };
}

/**
 * Replaces `file` atomically (see replaceFileAtomic) with a header and `sections`, each made of
 * pieces written one at a time between `pause`s, the payload's checksum computed as it goes: no
 * buffer of the whole file. `header` fills the rest of the header (magic, version, counts)
 * before it is written last, with the payload's length and CRC-32 where the layout says.
 */
export async function saveSectionFile(
  file: string,
  layout: SectionFileLayout,
  sections: readonly Section[],
  header: (bytes: Buffer) => void,
  pause: () => Promise<void>,
): Promise<void> {
  await replaceFileAtomic(file, async (handle) => {
    const writer = new SectionFileWriter(handle, layout.headerBytes);
    for (const pieces of sections) await writer.section(pieces, pause);
    const bytes = Buffer.alloc(layout.headerBytes);
    header(bytes);
    bytes.writeUInt32LE(writer.payload.length, layout.at.length);
    bytes.writeUInt32LE(writer.payload.crc, layout.at.crc);
    await handle.write(bytes, 0, layout.headerBytes, 0);
  });
}

/** Bytes checksummed and written between two pauses of a section file's save. */
const WRITE_BYTES = 1 << 20;

/** Writes a file of `headerBytes` then sections a piece at a time (see saveSectionFile). */
class SectionFileWriter {
  private written = 0;
  private crc = 0;

  constructor(
    private readonly handle: FileHandle,
    private readonly headerBytes: number,
  ) {}

  /** The payload's length and CRC-32 so far (for the header). */
  get payload(): { readonly length: number; readonly crc: number } {
    return { length: this.written, crc: this.crc };
  }

  /** Appends one section, pausing between its pieces. */
  async section(section: Section, pause: () => Promise<void>): Promise<void> {
    const lazy = 'byteLength' in section;
    const pieces = lazy ? section.pieces() : section;
    const length = lazy ? section.byteLength : section.reduce((n, p) => n + p.length, 0);
    const prefix = Buffer.alloc(4);
    prefix.writeUInt32LE(length);
    await this.put(prefix);
    let written = 0;
    for (const piece of pieces) {
      // A MB at a time: the checksum of a 60 MB piece at once held the event loop for ~0.1 s.
      for (let at = 0; at < piece.length; at += WRITE_BYTES) {
        await this.put(piece.subarray(at, at + WRITE_BYTES));
        await pause();
      }
      written += piece.length;
    }
    // A lazy section that made other bytes than it announced would leave a file its reader refuses.
    if (written !== length) throw new Error(`a section announced ${length} bytes and made ${written}`);
    await this.put(Buffer.alloc(padding(length)));
  }

  private async put(bytes: Uint8Array): Promise<void> {
    if (bytes.length === 0) return;
    this.crc = crc32(bytes, this.crc);
    let done = 0;
    while (done < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, done, bytes.length - done, this.headerBytes + this.written + done);
      done += bytesWritten;
    }
    this.written += bytes.length;
  }
}

/** Zero bytes after a section of this length, so the next one starts at a multiple of 8. */
function padding(length: number): number {
  return (8 - ((4 + length) % 8)) % 8;
}


/** A section file read a section at a time (see readSectionFile): its header, and each section in its own buffer. */
export interface SectionFile {
  readonly header: Buffer;
  readonly sections: readonly Buffer[];
}

const readAt = promisify(read);

/** Fills `bytes` from `position` of an open file; whether the file had that many bytes there. */
async function readFully(fd: number, bytes: Buffer, position: number): Promise<boolean> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesRead } = await readAt(fd, bytes, done, bytes.length - done, position + done);
    if (bytesRead === 0) return false;
    done += bytesRead;
  }
  return true;
}

/** Where a section is in its file: its length prefix at `at`, then `length` bytes and padding (`span` in all). */
interface SectionPlace {
  readonly at: number;
  readonly length: number;
  readonly span: number;
}

/**
 * The header of an open section file and where each section is (read synchronously: the header
 * and a 4-byte length per section), or the file's problem as a sentence (see readSectionFile).
 */
function sectionPlaces(fd: number, layout: SectionFileLayout, name: string, headerProblem: (header: Buffer) => string | null): { header: Buffer; places: SectionPlace[] } | string {
  const size = fstatSync(fd).size;
  const readSyncAt = (bytes: Buffer, position: number): boolean => readAtSync(fd, bytes, position) === bytes.length;
  const header = Buffer.alloc(Math.min(size, layout.headerBytes));
  const problem = readSyncAt(header, 0) ? headerProblem(header) : `The ${name} cannot be read.`;
  if (problem !== null) return problem;
  const broken = `The ${name} is truncated or has trailing bytes.`;
  if (header.length < layout.headerBytes) return broken;
  const end = layout.headerBytes + header.readUInt32LE(layout.at.length);
  if (size !== end) return broken;
  const places: SectionPlace[] = [];
  const prefix = Buffer.alloc(4);
  for (let at = layout.headerBytes; at < end; ) {
    if (at + 4 > end || !readSyncAt(prefix, at)) return broken;
    const length = prefix.readUInt32LE(0);
    const span = length + padding(length);
    if (at + 4 + span > end) return broken;
    places.push({ at, length, span });
    at += 4 + span;
  }
  return { header, places };
}

/**
 * Reads a section file with each section in its own buffer (8-aligned, so typed arrays view it
 * in place): a part of the file that is no longer needed (a loaded index's ids, once the library's
 * own strings replace them) is freed alone, where views into one buffer of the whole file kept
 * all of it. `headerProblem` judges the header first (magic, version; given fewer bytes when the
 * file is shorter); then the payload's length (the file's size) and its CRC-32 are checked. The
 * file's problem as a sentence naming it `name` when it cannot be used; throws when it cannot be
 * read at all.
 *
 * The header and the sections' lengths are read before this returns its promise; the sections
 * are read and checksummed on a thread of their own (see readOnThread) while the caller goes on
 * with synchronous work (a start loading its report cache, ~2.5 s at 1,000,000 reports): the
 * checksum of a 1,000,000-report index (~260 MB) took ~0.55 s of the main thread after it. When
 * that thread cannot run, the sections are read in the I/O threads and checked here.
 */
export function readSectionFile(file: string, layout: SectionFileLayout, name: string, headerProblem: (header: Buffer) => string | null): Promise<SectionFile | string> {
  let fd: number;
  let plan: ReturnType<typeof sectionPlaces>;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    return Promise.reject(e);
  }
  try {
    plan = sectionPlaces(fd, layout, name, headerProblem);
  } catch (e) {
    closeSync(fd);
    return Promise.reject(e);
  }
  if (typeof plan === 'string') {
    closeSync(fd);
    return Promise.resolve(plan);
  }
  const { header, places } = plan;
  return readOnThread(fd, places)
    .catch(() => readHere(fd, places))
    .then(
      (read) => {
        closeSync(fd);
        if (read === null) return `The ${name} is truncated or has trailing bytes.`;
        if (read.crc !== header.readUInt32LE(layout.at.crc)) return `The ${name} fails its checksum.`;
        return { header, sections: places.map(({ length }, i) => (read.buffers[i] as Buffer).subarray(0, length)) };
      },
      (e: unknown) => {
        closeSync(fd);
        throw e;
      },
    );
}

/** A section file's sections as read (each padded to its span, in its own ArrayBuffer) and the payload's CRC-32; null when the file was shorter. */
type ReadSections = { readonly buffers: readonly Buffer[]; readonly crc: number } | null;

/**
 * The thread of readOnThread, given an open file and its sections' places: each section read
 * into an ArrayBuffer of its own (handed back, not copied) and the payload's CRC-32 computed as
 * readHere computes it (each section's length prefix, then its bytes and padding).
 */
const SECTION_READER = `
const { parentPort, workerData } = require('node:worker_threads');
const { readSync } = require('node:fs');
const { crc32 } = require('node:zlib');
function read({ fd, places }) {
  const buffers = [];
  const prefix = Buffer.alloc(4);
  let crc = 0;
  for (const { at, length, span } of places) {
    const bytes = Buffer.allocUnsafeSlow(span);
    for (let done = 0; done < span; ) {
      const n = readSync(fd, bytes, done, span - done, at + 4 + done);
      if (n === 0) return null;
      done += n;
    }
    prefix.writeUInt32LE(length, 0);
    crc = crc32(bytes, crc32(prefix, crc));
    buffers.push(bytes.buffer);
  }
  return { buffers, crc };
}
const answer = read(workerData);
parentPort.postMessage(answer, answer ? answer.buffers : []);
`;

/**
 * Reads the sections on a worker thread (the other core, while this one is busy); rejects when
 * the thread cannot start or fails. The file stays open here until the answer comes.
 */
function readOnThread(fd: number, places: readonly SectionPlace[]): Promise<ReadSections> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(SECTION_READER, { eval: true, workerData: { fd, places } });
    worker.once('message', (read: { buffers: ArrayBuffer[]; crc: number } | null) => resolve(read && { buffers: read.buffers.map((b) => Buffer.from(b)), crc: read.crc }));
    worker.once('error', reject);
    // After a message this changes nothing (the promise is settled).
    worker.once('exit', (code) => reject(new Error(`the section reader stopped (exit code ${code})`)));
  });
}

/** Reads the sections in the I/O threads, all at once, and checks them on this thread (when no worker thread can). */
async function readHere(fd: number, places: readonly SectionPlace[]): Promise<ReadSections> {
  // Each its own ArrayBuffer (never the shared pool's): starts at 0, so at a multiple of 8.
  const buffers = places.map(({ span }) => Buffer.allocUnsafeSlow(span));
  const settled = await Promise.allSettled(places.map(({ at }, i) => readFully(fd, buffers[i] as Buffer, at + 4)));
  for (const result of settled) {
    if (result.status === 'rejected') throw result.reason;
    if (!result.value) return null;
  }
  let crc = 0;
  const prefix = Buffer.alloc(4);
  places.forEach(({ length }, i) => {
    prefix.writeUInt32LE(length, 0);
    crc = crc32(buffers[i] as Buffer, crc32(prefix, crc));
  });
  return { buffers, crc };
}

/** Reads sections one after another (of a payload, or read apart by readSectionFile); null once they run out. */
export class SectionReader {
  private at = 0;
  private readonly sections: readonly Buffer[] | null;
  private readonly payload: Buffer;

  constructor(source: Buffer | readonly Buffer[]) {
    this.sections = Buffer.isBuffer(source) ? null : source;
    this.payload = Buffer.isBuffer(source) ? source : Buffer.alloc(0);
  }

  next(): Buffer | null {
    if (this.sections) return this.sections[this.at++] ?? null;
    if (this.at + 4 > this.payload.length) return null;
    const length = this.payload.readUInt32LE(this.at);
    const start = this.at + 4;
    if (start + length > this.payload.length) return null;
    this.at = start + length + padding(length);
    return this.payload.subarray(start, start + length);
  }

  /** The next string list written by a {@link StringColumn}, or null when it is malformed. */
  strings(): string[] | null {
    const packed = this.packedStrings();
    if (!packed) return null;
    const out = new Array<string>(packed.length);
    for (let i = 0; i < out.length; i++) out[i] = packed.at(i);
    return out;
  }

  /** The same list left as its bytes, each string decoded when asked for; null when it is malformed. */
  packedStrings(): PackedStrings | null {
    const lengthBytes = this.next();
    const data = this.next();
    if (!lengthBytes || !data || lengthBytes.length % 4 !== 0) return null;
    const lengths = viewOf(lengthBytes, lengthBytes.length / 4, Uint32Array);
    return lengths && PackedStrings.of(lengths, data);
  }
}

/**
 * Reads a section file's payload in order through one buffer reused for every chunk, its CRC-32
 * computed as it goes: a records table of 1,000,000 reports is ~230 MB, and reading it into one
 * buffer of its own cost a warm start ~0.6 s on this machine for the fresh memory alone (touching
 * new pages, not reading, is what costs), where the strings decoded from it are all it is read
 * for. Never trusts a length: a section past the payload's end reads as null. Throws only when
 * the file cannot be read.
 */
export class SectionStream {
  private buffer: Buffer;
  /** Unread bytes are buffer[at, end). */
  private at = 0;
  private end = 0;
  /** Payload bytes read from the file so far (all checksummed). */
  private fetched = 0;
  private crc = 0;

  /** A payload of `length` bytes at `position` of an open file. */
  constructor(
    private readonly fd: number,
    private readonly position: number,
    private readonly length: number,
    chunkBytes = 8 << 20,
  ) {
    this.buffer = Buffer.allocUnsafe(chunkBytes);
  }

  /** The next section copied into a buffer of its own (8-aligned, so typed arrays view it), or null. */
  nextBytes(): Buffer | null {
    const length = this.sectionLength();
    if (length === null) return null;
    const out = Buffer.allocUnsafeSlow(length);
    for (let done = 0; done < length; ) {
      if (!this.ensure(1)) return null;
      const n = Math.min(length - done, this.end - this.at);
      this.buffer.copy(out, done, this.at, this.at + n);
      this.at += n;
      done += n;
    }
    return this.skipPadding(length) ? out : null;
  }

  /** The next section as UTF-8 strings of these byte lengths (as a StringColumn writes them), or null. */
  nextStrings(lengths: Uint32Array): string[] | null {
    const length = this.sectionLength();
    let total = 0;
    for (const n of lengths) total += n;
    if (length === null || total !== length) return null;
    const out = new Array<string>(lengths.length);
    for (let i = 0; i < lengths.length; ) {
      if (!this.ensure(lengths[i] as number)) return null;
      // The strings wholly in the buffer from here: an ASCII run of them is made one string, each
      // a slice of it. 1,000,000 folders made one by one were as many young objects for the
      // collector to copy twice (~1.7 s of a warm start); a slice is 32 bytes, the run is made
      // once, outside the young generation.
      let end = this.at;
      let last = i;
      while (last < lengths.length && end + (lengths[last] as number) <= this.end) end += lengths[last++] as number;
      const run = last - i > 1 && isAscii(this.buffer.subarray(this.at, end)) ? this.buffer.toString('latin1', this.at, end) : null;
      for (let at = 0; i < last; i++) {
        const n = lengths[i] as number;
        out[i] = run === null ? this.buffer.toString('utf8', this.at, this.at + n) : run.substring(at, at + n);
        at += n;
        if (run === null) this.at += n;
      }
      if (run !== null) this.at = end;
    }
    return this.skipPadding(length) ? out : null;
  }

  /** Whether the whole payload was read and its CRC-32 is `crc`. */
  finished(crc: number): boolean {
    return this.fetched === this.length && this.at === this.end && this.crc === crc;
  }

  /** The next section's byte length, when it fits in the rest of the payload; null when not. */
  private sectionLength(): number | null {
    if (!this.ensure(4)) return null;
    const length = this.buffer.readUInt32LE(this.at);
    this.at += 4;
    const left = this.length - this.fetched + (this.end - this.at);
    return length + padding(length) <= left ? length : null;
  }

  private skipPadding(length: number): boolean {
    const n = padding(length);
    if (!this.ensure(n)) return false;
    this.at += n;
    return true;
  }

  /** At least `n` unread bytes in the buffer (grown for one longer string); false when the payload has fewer. */
  private ensure(n: number): boolean {
    if (this.end - this.at >= n) return true;
    const unread = this.end - this.at;
    if (unread + (this.length - this.fetched) < n) return false;
    if (n > this.buffer.length) {
      const bigger = Buffer.allocUnsafe(n);
      this.buffer.copy(bigger, 0, this.at, this.end);
      this.buffer = bigger;
    } else this.buffer.copyWithin(0, this.at, this.end);
    this.at = 0;
    this.end = unread;
    while (this.end < n) {
      const want = Math.min(this.buffer.length - this.end, this.length - this.fetched);
      const got = readAtSync(this.fd, this.buffer.subarray(this.end, this.end + want), this.position + this.fetched);
      if (got < want) throw new Error('the file is shorter than its header says');
      this.crc = crc32(this.buffer.subarray(this.end, this.end + got), this.crc);
      this.fetched += got;
      this.end += got;
    }
    return true;
  }
}

/**
 * A string list as written by a {@link StringColumn}, kept as its UTF-8 bytes (a view of the
 * file: no copy) with where each string starts; a string is made when asked for.
 */
export class PackedStrings {
  private constructor(
    private readonly data: Buffer,
    /** Byte offset of each string, and the end of the last one. */
    private readonly starts: Uint32Array,
  ) {}

  /** The list of these byte lengths over `data`, or null when they do not add up to it. */
  static of(lengths: Uint32Array, data: Buffer): PackedStrings | null {
    if (data.length > 0xffffffff) return null;
    const starts = new Uint32Array(lengths.length + 1);
    let at = 0;
    for (let i = 0; i < lengths.length; i++) {
      at += lengths[i] as number;
      if (at > data.length) return null;
      starts[i + 1] = at;
    }
    return at === data.length ? new PackedStrings(data, starts) : null;
  }

  get length(): number {
    return this.starts.length - 1;
  }

  /** String `i` (0 <= i < length). */
  at(i: number): string {
    return this.data.toString('utf8', this.starts[i], this.starts[i + 1]);
  }
}

type ArrayType<T> = { new (buffer: ArrayBuffer, byteOffset?: number, length?: number): T; readonly BYTES_PER_ELEMENT: number };

/**
 * A section of `count` numbers viewed in place (no copy: sections start at multiples of 8 in a
 * buffer that does), or null when its length disagrees. The view keeps the whole file alive.
 */
export function viewOf<T extends NumberArray>(bytes: Buffer | null, count: number, Type: ArrayType<T>): T | null {
  if (!bytes || bytes.length !== count * Type.BYTES_PER_ELEMENT) return null;
  if (bytes.byteOffset % Type.BYTES_PER_ELEMENT !== 0) return copyOf(bytes, count, Type);
  return new Type(bytes.buffer as ArrayBuffer, bytes.byteOffset, count);
}

/** A section of `count` numbers as its own typed array (the file can be dropped), or null when its length disagrees. */
export function copyOf<T extends NumberArray>(bytes: Buffer | null, count: number, Type: ArrayType<T>): T | null {
  if (!bytes || bytes.length !== count * Type.BYTES_PER_ELEMENT) return null;
  return new Type(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer);
}
