/**
 * The query index on disk: its columns as they are in memory, so a warm start reads one file and
 * parses no report. Layout (little-endian):
 *
 *   header (32 bytes): magic "WERQIDX\0", format version u32, record count u32,
 *                      payload length u32, CRC-32 of the payload u32, generation (8 bytes: the
 *                      report cache's generation the index was saved with, zeros for none)
 *   payload:           sections, each a u32 byte length then the bytes, padded to 8 bytes
 *
 * Sections in order: text dictionary, shared search texts, problem texts, ids (each a string
 * list: byte lengths, then UTF-8), time (f64), store (u8), attachments, shared-text numbers, the
 * text columns (u32), the problem columns (i32, -1 for none), own search texts (byte lengths,
 * then UTF-8). A file that fails any check is reported and ignored:
 * the caller rebuilds the index from the reports.
 */
import { readFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { writeFileAtomic } from '../atomic-file';
import { OwnTextIndex } from './own-text';
import { NUMBER_COLUMNS } from '../../../../shared/problem-rows';
import { ReportColumns, STORE_KINDS, TEXT_COLUMNS } from './report-columns';
import { StringDictionary } from './string-dictionary';

/** Bumped whenever the layout or the meaning of a column changes: older files are rebuilt. */
export const QUERY_CACHE_VERSION = 2;

const MAGIC = Buffer.from('WERQIDX\0', 'latin1');
const HEADER_BYTES = 32;

/** A loaded index, or why the file cannot be used. */
export type CacheLoad = { readonly ok: true; readonly columns: ReportColumns; readonly generation: string | null } | { readonly ok: false; readonly problem: string };

const NO_GENERATION = '0000000000000000';

/** A string list as two sections: the UTF-8 byte length of each, then all the bytes (one buffer, no per-string one). */
function encodeStrings(values: readonly (string | null)[]): Buffer[] {
  const lengths = new Uint32Array(values.length);
  let total = 0;
  for (let i = 0; i < values.length; i++) total += lengths[i] = Buffer.byteLength(values[i] ?? '', 'utf8');
  const bytes = Buffer.allocUnsafe(total);
  let at = 0;
  for (const v of values) at += bytes.write(v ?? '', at, 'utf8');
  return [bytesOf(lengths), bytes];
}

function bytesOf(array: Uint8Array | Uint32Array | Int32Array | Float64Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/** The live slots of an index as cache bytes (slots renumbered in order, dead ones left out). */
export function encodeQueryIndex(columns: ReportColumns, generation: string | null = null): Buffer {
  const slots = columns.liveSlots();
  const pick = <T extends Uint8Array | Uint32Array | Int32Array | Float64Array>(array: T): Buffer => {
    const out = new (array.constructor as new (n: number) => T)(slots.length);
    for (let i = 0; i < slots.length; i++) out[i] = array[slots[i] as number] as number;
    return bytesOf(out);
  };
  const own = columns.own.packed(slots);
  const sections: Buffer[] = [
    ...encodeStrings(columns.texts.all()),
    ...encodeStrings(columns.sharedTexts.all()),
    ...encodeStrings(columns.problemTexts.all()),
    ...encodeStrings(Array.from(slots, (s) => columns.ids[s] ?? '')),
    pick(columns.time),
    pick(columns.store),
    pick(columns.attachments),
    pick(columns.shared),
    ...TEXT_COLUMNS.map((c) => pick(columns.text[c])),
    ...NUMBER_COLUMNS.map((c) => pick(columns.problem[c])),
    bytesOf(own.lengths),
    own.bytes,
  ];
  // One buffer, each section copied in once (a concatenation of the payload, then of the header
  // and the payload, copied 100 MB twice for 300,000 reports).
  const payloadLength = sections.reduce((n, section) => n + 4 + section.length + padding(section.length), 0);
  const file = Buffer.alloc(HEADER_BYTES + payloadLength);
  let at = HEADER_BYTES;
  for (const section of sections) {
    file.writeUInt32LE(section.length, at);
    section.copy(file, at + 4);
    at += 4 + section.length + padding(section.length);
  }
  const payload = file.subarray(HEADER_BYTES);
  MAGIC.copy(file, 0);
  file.writeUInt32LE(QUERY_CACHE_VERSION, 8);
  file.writeUInt32LE(slots.length, 12);
  file.writeUInt32LE(payload.length, 16);
  file.writeUInt32LE(crc32(payload), 20);
  file.write(generation !== null && /^[0-9a-f]{16}$/.test(generation) ? generation : NO_GENERATION, 24, 'hex');
  return file;
}

/** Zero bytes after a section of this length, so the next one starts at a multiple of 8. */
function padding(length: number): number {
  return (8 - ((4 + length) % 8)) % 8;
}

/** Reads sections one after another; null once the bytes run out. */
class SectionReader {
  private at = 0;
  constructor(private readonly payload: Buffer) {}

  next(): Buffer | null {
    if (this.at + 4 > this.payload.length) return null;
    const length = this.payload.readUInt32LE(this.at);
    const start = this.at + 4;
    if (start + length > this.payload.length) return null;
    this.at = start + length + padding(length);
    return this.payload.subarray(start, start + length);
  }
}

/** A section of `count` 4-byte numbers as its own typed array, or null when its length disagrees. */
function words<T extends Uint32Array | Int32Array>(bytes: Buffer | null, count: number, Type: new (buffer: ArrayBuffer) => T): T | null {
  if (!bytes || bytes.length !== count * 4) return null;
  return new Type(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer);
}

const u32 = (bytes: Buffer | null, count: number) => words(bytes, count, Uint32Array);
const i32 = (bytes: Buffer | null, count: number) => words(bytes, count, Int32Array);

function strings(reader: SectionReader): string[] | null {
  const lengthBytes = reader.next();
  const data = reader.next();
  if (!lengthBytes || !data || lengthBytes.length % 4 !== 0) return null;
  const lengths = u32(lengthBytes, lengthBytes.length / 4);
  if (!lengths) return null;
  const out: string[] = [];
  let at = 0;
  for (const length of lengths) {
    if (at + length > data.length) return null;
    out.push(data.toString('utf8', at, at + length));
    at += length;
  }
  return at === data.length ? out : null;
}

const fail = (problem: string): CacheLoad => ({ ok: false, problem });

/** An index from cache bytes, or the one-sentence reason they cannot be used. Never throws. */
export function decodeQueryIndex(bytes: Uint8Array): CacheLoad {
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (file.length < HEADER_BYTES || !file.subarray(0, 8).equals(MAGIC)) return fail('The query cache is not a query cache file.');
  const version = file.readUInt32LE(8);
  if (version !== QUERY_CACHE_VERSION) return fail(`The query cache has format version ${version}, not ${QUERY_CACHE_VERSION}.`);
  const count = file.readUInt32LE(12);
  const payloadLength = file.readUInt32LE(16);
  if (file.length !== HEADER_BYTES + payloadLength) return fail('The query cache is truncated or has trailing bytes.');
  const payload = file.subarray(HEADER_BYTES);
  if (crc32(payload) !== file.readUInt32LE(20)) return fail('The query cache fails its checksum.');
  const reader = new SectionReader(payload);
  const texts = strings(reader);
  const sharedTexts = strings(reader);
  const problemTexts = strings(reader);
  const ids = strings(reader);
  if (!texts || !sharedTexts || !problemTexts || !ids || ids.length !== count) return fail('The query cache has a malformed dictionary.');
  const timeBytes = reader.next();
  const store = reader.next();
  const attachments = u32(reader.next(), count);
  const shared = u32(reader.next(), count);
  const textColumns = TEXT_COLUMNS.map(() => u32(reader.next(), count));
  const problemColumns = NUMBER_COLUMNS.map(() => i32(reader.next(), count));
  const ownLengths = u32(reader.next(), count);
  const ownBytes = reader.next();
  if (!timeBytes || timeBytes.length !== count * 8 || !store || store.length !== count || !attachments || !shared || !ownLengths || !ownBytes) {
    return fail('The query cache has a malformed column.');
  }
  if (textColumns.some((c) => !c || c.some((id) => id >= texts.length))) return fail('The query cache has a text column out of range.');
  if (problemColumns.some((c) => !c || c.some((id) => id < -1 || id >= problemTexts.length))) return fail('The query cache has a problem column out of range.');
  if (shared.some((id) => id >= sharedTexts.length) || store.some((k) => k >= STORE_KINDS.length)) return fail('The query cache has a column out of range.');
  const own = OwnTextIndex.fromPacked(ownBytes, ownLengths);
  if (!own) return fail('The query cache has malformed search texts.');

  const columns = new ReportColumns();
  columns.reserve(count);
  columns.time.set(new Float64Array(timeBytes.buffer.slice(timeBytes.byteOffset, timeBytes.byteOffset + timeBytes.length)));
  columns.store.set(store);
  columns.attachments.set(attachments);
  columns.shared.set(shared);
  TEXT_COLUMNS.forEach((c, i) => columns.text[c].set(textColumns[i] as Uint32Array));
  NUMBER_COLUMNS.forEach((c, i) => columns.problem[c].set(problemColumns[i] as Int32Array));
  columns.alive.fill(1, 0, count);
  columns.texts = StringDictionary.of(texts);
  columns.sharedTexts = StringDictionary.of(sharedTexts);
  columns.problemTexts = StringDictionary.of(problemTexts);
  if (columns.texts.size !== texts.length || columns.sharedTexts.size !== sharedTexts.length || columns.problemTexts.size !== problemTexts.length) return fail('The query cache has a repeated dictionary value.');
  columns.own = own;
  columns.ids = ids;
  columns.length = count;
  columns.liveCount = count;
  for (let s = 0; s < count; s++) columns.slotOfId.set(ids[s] as string, s);
  if (columns.slotOfId.size !== count) return fail('The query cache lists a report id twice.');
  return { ok: true, columns, generation: queryIndexGeneration(file) };
}

/**
 * The report cache generation a query index file says it matches, read from its header alone
 * (null when it names none or is not an index): whether decoding the whole file is worth it.
 */
export function queryIndexGeneration(bytes: Uint8Array): string | null {
  const file = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (file.length < HEADER_BYTES || !file.subarray(0, 8).equals(MAGIC)) return null;
  const generation = file.toString('hex', 24, 32);
  return generation === NO_GENERATION ? null : generation;
}

/** Saves the index atomically (a reader never sees half a file), with the report cache generation it matches. */
export async function saveQueryIndex(file: string, columns: ReportColumns, generation: string | null = null): Promise<void> {
  await writeFileAtomic(file, encodeQueryIndex(columns, generation));
}

/** Reads an index saved by `saveQueryIndex`; a missing, unreadable or damaged file gives its problem. */
export async function loadQueryIndex(file: string): Promise<CacheLoad> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    return fail(`The query cache cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  return decodeQueryIndex(bytes);
}
