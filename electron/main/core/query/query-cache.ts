/**
 * The query index on disk: its columns as they are in memory, so a warm start reads one file and
 * parses no report. Layout (little-endian):
 *
 *   header (32 bytes): magic "WERQIDX\0", format version u32, record count u32,
 *                      payload length u32, CRC-32 of the payload u32, generation (8 bytes: the
 *                      report cache's generation the index was saved with, zeros for none)
 *   payload:           sections, each a u32 byte length then the bytes, padded to 8 bytes
 *
 * Sections in order: text dictionary, shared search texts, problem texts, folder parents, ids
 * (each a string list: byte lengths, then UTF-8), time (f64), store (u8), attachments,
 * shared-text numbers, parent numbers, the text columns (u32), the problem columns (i32, -1 for
 * none), own search texts (byte lengths, then UTF-8). A file that fails any check is reported and
 * ignored: the caller rebuilds the index from the reports.
 */
import { bytesOf, readSectionFile, saveSectionFile, type Section, type SectionFile, SectionReader, StringColumn, viewOf } from '../binary-sections';
import { OwnTextIndex } from './own-text';
import { NUMBER_COLUMNS } from '../../../../shared/problem-rows';
import { ReportColumns, STORE_KINDS, TEXT_COLUMNS } from './report-columns';
import { StringDictionary } from './string-dictionary';

/** Bumped whenever the layout or the meaning of a column changes: older files are rebuilt. */
export const QUERY_CACHE_VERSION = 3;

const MAGIC = Buffer.from('WERQIDX\0', 'latin1');
const HEADER_BYTES = 32;
/** Where the header holds the payload's length and CRC-32. */
const PAYLOAD_AT = { length: 16, crc: 20 };

/** A loaded index, or why the file cannot be used. */
export type CacheLoad = { readonly ok: true; readonly columns: ReportColumns; readonly generation: string | null } | { readonly ok: false; readonly problem: string };

const NO_GENERATION = '0000000000000000';

/** Strings added to a list (their byte lengths taken) between two pauses of indexSections. */
const STRINGS_PER_PAUSE = 8192;

/**
 * The live slots of an index as the file's sections (slots renumbered in order, dead ones left
 * out), copied a piece at a time between `pause`s; null when the index changed meanwhile (the
 * copy would mix two states: the caller saves again after the next change). Copied at once, the
 * sections of 300,000 reports blocked the event loop for ~0.6 s after every cache save.
 */
async function indexSections(columns: ReportColumns, pause: () => Promise<void>): Promise<{ count: number; sections: Section[] } | null> {
  const changes = columns.changes;
  const changed = async (): Promise<boolean> => {
    await pause();
    return columns.changes !== changes;
  };
  const slots = columns.liveSlots();
  const sections: Section[] = [];
  const strings = async (count: number, value: (i: number) => string | null): Promise<boolean> => {
    const column = new StringColumn();
    for (let i = 0; i < count; i++) {
      column.add(value(i) ?? '');
      if (i % STRINGS_PER_PAUSE === STRINGS_PER_PAUSE - 1 && (await changed())) return false;
    }
    sections.push(...column.sections());
    return !(await changed());
  };
  const pick = async <T extends Uint8Array | Uint32Array | Int32Array | Float64Array>(array: T): Promise<boolean> => {
    const out = new (array.constructor as new (n: number) => T)(slots.length);
    for (let i = 0; i < slots.length; i++) out[i] = array[slots[i] as number] as number;
    sections.push([bytesOf(out)]);
    return !(await changed());
  };
  const dictionaries = [columns.texts.all(), columns.sharedTexts.all(), columns.problemTexts.all(), columns.parentTexts.all()];
  for (const values of dictionaries) if (!(await strings(values.length, (i) => values[i] ?? null))) return null;
  if (!(await strings(slots.length, (i) => columns.idAt(slots[i] as number)))) return null;
  const numbers = [columns.time, columns.store, columns.attachments, columns.shared, columns.parent, ...TEXT_COLUMNS.map((c) => columns.text[c]), ...NUMBER_COLUMNS.map((c) => columns.problem[c])];
  for (const array of numbers) if (!(await pick(array))) return null;
  // Made from the index's own buffer as written, valid while it changes (see OwnTextIndex.section).
  const own = columns.own.section(slots);
  sections.push([bytesOf(own.lengths)], own.section);
  return { count: slots.length, sections };
}

// Columns are views of the file's bytes, not copies: the search texts (most of the file) are kept
// as they are anyway, and copying 100 MB of fresh memory took a quarter of a second here.
const u32 = (bytes: Buffer | null, count: number) => viewOf(bytes, count, Uint32Array);
const i32 = (bytes: Buffer | null, count: number) => viewOf(bytes, count, Int32Array);

const fail = (problem: string): CacheLoad => ({ ok: false, problem });

/** Whether every number of a column is at least `min` and below `end` (a plain loop: `some` with a closure per column took ~70 ms at 300,000). */
function within(column: Uint8Array | Uint32Array | Int32Array, min: number, end: number): boolean {
  for (let i = 0; i < column.length; i++) {
    const n = column[i] as number;
    if (n < min || n >= end) return false;
  }
  return true;
}

/** Why a file's header rules it out as this version's query index (given what the file has of it), or null. */
function headerProblem(header: Buffer): string | null {
  if (header.length < HEADER_BYTES || !header.subarray(0, 8).equals(MAGIC)) return 'The query cache is not a query cache file.';
  const version = header.readUInt32LE(8);
  if (version !== QUERY_CACHE_VERSION) return `The query cache has format version ${version}, not ${QUERY_CACHE_VERSION}.`;
  return null;
}

/** An index read a section at a time (see readQueryIndex), or the one-sentence reason it cannot be used. Never throws. */
export function decodeQuerySections({ header, sections }: SectionFile): CacheLoad {
  const problem = headerProblem(header);
  return problem === null ? decodeSections(header, new SectionReader(sections)) : fail(problem);
}

/** The columns of a checked file (`header`: its header, `reader`: its sections). */
function decodeSections(header: Buffer, reader: SectionReader): CacheLoad {
  const count = header.readUInt32LE(12);
  const texts = reader.strings();
  const sharedTexts = reader.strings();
  const problemTexts = reader.strings();
  const parentTexts = reader.strings();
  const ids = reader.packedStrings();
  if (!texts || !sharedTexts || !problemTexts || !parentTexts || !ids || ids.length !== count) return fail('The query cache has a malformed dictionary.');
  const time = viewOf(reader.next(), count, Float64Array);
  const store = viewOf(reader.next(), count, Uint8Array);
  const attachments = u32(reader.next(), count);
  const shared = u32(reader.next(), count);
  const parent = u32(reader.next(), count);
  const textColumns = TEXT_COLUMNS.map(() => u32(reader.next(), count));
  const problemColumns = NUMBER_COLUMNS.map(() => i32(reader.next(), count));
  const ownLengths = u32(reader.next(), count);
  const ownBytes = reader.next();
  if (!time || !store || !attachments || !shared || !parent || !ownLengths || !ownBytes) {
    return fail('The query cache has a malformed column.');
  }
  if (textColumns.some((c) => !c || !within(c, 0, texts.length))) return fail('The query cache has a text column out of range.');
  if (problemColumns.some((c) => !c || !within(c, -1, problemTexts.length))) return fail('The query cache has a problem column out of range.');
  if (!within(shared, 0, sharedTexts.length) || !within(parent, 0, parentTexts.length) || !within(store, 0, STORE_KINDS.length)) return fail('The query cache has a column out of range.');
  const own = OwnTextIndex.fromPacked(ownBytes, ownLengths);
  if (!own) return fail('The query cache has malformed search texts.');

  const columns = new ReportColumns();
  columns.time = time;
  columns.store = store;
  columns.attachments = attachments;
  columns.shared = shared;
  columns.parent = parent;
  TEXT_COLUMNS.forEach((c, i) => (columns.text[c] = textColumns[i] as Uint32Array));
  NUMBER_COLUMNS.forEach((c, i) => (columns.problem[c] = problemColumns[i] as Int32Array));
  columns.alive = new Uint8Array(count).fill(1);
  columns.texts = StringDictionary.of(texts);
  columns.sharedTexts = StringDictionary.of(sharedTexts);
  columns.problemTexts = StringDictionary.of(problemTexts);
  columns.parentTexts = StringDictionary.of(parentTexts);
  const dictionaries: [StringDictionary, readonly string[]][] = [[columns.texts, texts], [columns.sharedTexts, sharedTexts], [columns.problemTexts, problemTexts], [columns.parentTexts, parentTexts]];
  if (dictionaries.some(([dictionary, values]) => dictionary.size !== values.length)) return fail('The query cache has a repeated dictionary value.');
  columns.own = own;
  // Unique as written (the ids of the engine's id map); the checksum holds the file to that.
  // Decoded when first asked for (see adoptIds).
  columns.adoptIds(ids);
  columns.length = count;
  columns.liveCount = count;
  return { ok: true, columns, generation: queryIndexGeneration(header) };
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

/**
 * Saves the index atomically (a reader never sees half a file), with the report cache generation
 * it matches: its sections copied, then written, a piece at a time between `pause`s (one buffer of
 * the whole file, 107 MB at 300,000, blocked the event loop for ~0.7 s after every save). False,
 * with nothing written, when the index changed while it was copied.
 */
export async function saveQueryIndex(file: string, columns: ReportColumns, generation: string | null = null, pause: () => Promise<void> = async () => undefined): Promise<boolean> {
  const snapshot = await indexSections(columns, pause);
  if (!snapshot) return false;
  const { count, sections } = snapshot;
  await saveSectionFile(file, { headerBytes: HEADER_BYTES, at: PAYLOAD_AT }, sections, (header) => {
    MAGIC.copy(header, 0);
    header.writeUInt32LE(QUERY_CACHE_VERSION, 8);
    header.writeUInt32LE(count, 12);
    header.write(generation !== null && /^[0-9a-f]{16}$/.test(generation) ? generation : NO_GENERATION, 24, 'hex');
  }, pause);
  return true;
}

/**
 * Reads an index file, each section into its own buffer (see readSectionFile: the reads run beside
 * the caller's synchronous work): its sections are checked, not decoded (the caller decodes it with
 * decodeQuerySections once it knows the index is wanted); why it cannot be used when it cannot.
 */
export async function readQueryIndex(file: string): Promise<SectionFile | CacheLoad> {
  try {
    const read = await readSectionFile(file, { headerBytes: HEADER_BYTES, at: PAYLOAD_AT }, 'query cache', headerProblem);
    return typeof read === 'string' ? fail(read) : read;
  } catch (e) {
    return fail(`The query cache cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
}

/** Reads an index saved by `saveQueryIndex`; a missing, unreadable or damaged file gives its problem. */
export async function loadQueryIndex(file: string): Promise<CacheLoad> {
  const read = await readQueryIndex(file);
  return 'sections' in read ? decodeQuerySections(read) : read;
}
