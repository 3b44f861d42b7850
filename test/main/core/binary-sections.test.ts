/**
 * String lists of the binary cache files: written by StringColumn, read back whole or left packed
 * (each string decoded when asked for); lengths that do not add up to the bytes are refused. A
 * section file read a section at a time gives the sections of its payload, each in its own buffer.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Worker } from 'node:worker_threads';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import { PackedStrings, readSectionFile, saveSectionFile, type Section, type SectionFile, SectionReader, SectionStream, StringColumn } from '../../../electron/main/core/binary-sections';

// Section files are read on a worker thread: its answers counted here, and made to fail to start.
const mockThreadAnswers = { count: 0 };
jest.mock('node:worker_threads', () => {
  const actual = jest.requireActual<typeof import('node:worker_threads')>('node:worker_threads');
  const answered = (...args: ConstructorParameters<typeof actual.Worker>) => new actual.Worker(...args).once('message', () => (mockThreadAnswers.count += 1));
  return { ...actual, Worker: jest.fn(answered), answered };
});
const { answered } = jest.requireMock<{ answered: jest.Mock }>('node:worker_threads');

const LAYOUT = { headerBytes: 16, at: { length: 8, crc: 12 } };

/** The payload of a saved file, read whole, when its length and CRC-32 hold (the check, written plainly); else null. */
function checkedPayload(file: Buffer, headerBytes: number, at: { length: number; crc: number }): Buffer | null {
  if (file.length < headerBytes || file.length !== headerBytes + file.readUInt32LE(at.length)) return null;
  const payload = file.subarray(headerBytes);
  return crc32(payload) === file.readUInt32LE(at.crc) ? payload : null;
}

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

/** Whether two reads of a section file give the same header and sections (compared as bytes: a deep equal of MBs takes seconds). */
function sameFile(a: SectionFile | string, b: SectionFile): boolean {
  return typeof a !== 'string' && a.header.equals(b.header) && a.sections.length === b.sections.length && a.sections.every((s, i) => s.equals(b.sections[i] as Buffer));
}

describe('a section file read each section into its own buffer', () => {
  const notOurs = (header: Buffer) => (header.length < LAYOUT.headerBytes || header.toString('latin1', 0, 8) !== 'TESTLIST' ? 'The test file is not a test file.' : null);

  it('gives the payload\u2019s sections, each in its own 8-aligned buffer, and says what is wrong with a damaged file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wer-sections-'));
    try {
      const file = join(dir, 'list.bin');
      // Lengths that need no padding, some, and none at all (an empty section).
      const sections = [[Buffer.from('abcd')], [Buffer.from('x'.repeat(13))], [], [Buffer.alloc(3_000_000, 7)], [Buffer.from(Float64Array.of(1.5, -2).buffer)]];
      await saveSectionFile(file, LAYOUT, sections, (header) => header.write('TESTLIST', 0, 'latin1'), async () => undefined);
      const good = readFileSync(file);
      const read = await readSectionFile(file, LAYOUT, 'test file', notOurs);
      if (typeof read === 'string') throw new Error(read);
      const payload = checkedPayload(good, LAYOUT.headerBytes, LAYOUT.at) as Buffer;
      const whole = new SectionReader(payload);
      const wholeSections = sections.map(() => Buffer.from(whole.next() as Buffer));
      expect(read.sections.length === wholeSections.length && read.sections.every((b, i) => b.equals(wholeSections[i] as Buffer))).toBe(true);
      expect(whole.next()).toBeNull();
      expect(new Set(read.sections.map((b) => b.buffer)).size).toBe(sections.length);
      expect(read.sections.every((b) => b.byteOffset === 0)).toBe(true);
      expect(Array.from(new Float64Array(read.sections[4]?.buffer as ArrayBuffer, 0, 2))).toEqual([1.5, -2]);
      expect(read.header).toEqual(good.subarray(0, LAYOUT.headerBytes));
      const problemOf = async (bytes: Buffer) => {
        writeFileSync(file, bytes);
        const result = await readSectionFile(file, LAYOUT, 'test file', notOurs);
        return typeof result === 'string' ? result : null;
      };
      const flipped = Buffer.from(good);
      flipped[LAYOUT.headerBytes + 30] = (flipped[LAYOUT.headerBytes + 30] as number) ^ 1;
      expect(await problemOf(flipped)).toBe('The test file fails its checksum.');
      expect(await problemOf(good.subarray(0, good.length - 8))).toBe('The test file is truncated or has trailing bytes.');
      expect(await problemOf(Buffer.concat([good, Buffer.alloc(8)]))).toBe('The test file is truncated or has trailing bytes.');
      expect(await problemOf(good.subarray(0, 5))).toBe('The test file is not a test file.');
      // A section length that runs past the payload (the payload length itself agreeing with the file).
      const lying = Buffer.from(good);
      lying.writeUInt32LE(0x7fffffff, LAYOUT.headerBytes);
      expect(await problemOf(lying)).toBe('The test file is truncated or has trailing bytes.');
      // Read and checked on a thread of its own (no checksum on this one); and here when no
      // thread can start, with the same answers.
      writeFileSync(file, good);
      const threads = Worker as unknown as jest.Mock;
      threads.mockClear();
      mockThreadAnswers.count = 0;
      expect(sameFile(await readSectionFile(file, LAYOUT, 'test file', notOurs), read)).toBe(true);
      expect(threads).toHaveBeenCalledTimes(1);
      expect(mockThreadAnswers.count).toBe(1);
      threads.mockImplementation(() => {
        throw new Error('no threads here');
      });
      try {
        expect(sameFile(await readSectionFile(file, LAYOUT, 'test file', notOurs), read)).toBe(true);
        expect(await problemOf(flipped)).toBe('The test file fails its checksum.');
        expect(await problemOf(good.subarray(0, good.length - 8))).toBe('The test file is truncated or has trailing bytes.');
        // (A file shorter than its header says is refused before any read.)
        expect(threads).toHaveBeenCalledTimes(3);
      } finally {
        threads.mockImplementation(answered);
      }
      // A file that is not there cannot be read at all: thrown, for the caller to word.
      await expect(readSectionFile(join(dir, 'missing.bin'), LAYOUT, 'test file', notOurs)).rejects.toMatchObject({ code: 'ENOENT' });
      // The file is opened and its sections' lengths read before the call returns (their reads go
      // on beside the caller's work): a file replaced by another (a save's rename) right after
      // the call is read as it was when called.
      writeFileSync(file, good);
      const reading = readSectionFile(file, LAYOUT, 'test file', notOurs);
      rmSync(file);
      writeFileSync(file, flipped);
      const before = await reading;
      expect(sameFile(before, read)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a section file read in order through one small buffer', () => {
  // Strings longer than the buffer, multi-byte ones cut anywhere, runs of ASCII ones (made one
  // string, each a slice of it) before, between and after them, short and empty ones among them,
  // an empty section, padding of every size.
  const folders = (from: number) => Array.from({ length: 30 }, (_, i) => (i % 7 === 3 ? '' : `C:\\WER\\ReportArchive\\AppCrash_${from + i}_${'x'.repeat(i % 11)}`));
  const values = ['', 'z'.repeat(300), ...folders(0), 'Ärger – 日本語 😀', ...folders(100), 'σ'.repeat(77), 'a', 'b', ...folders(200), 'last'];
  const numbers = Float64Array.of(1.5, -2, Number.NaN, 1e300);

  /** A file of a string list, a number column, an empty section and 3 bytes; its payload length and CRC from its header. */
  async function saved(dir: string): Promise<{ file: string; bytes: Buffer; length: number; crc: number }> {
    const column = new StringColumn();
    for (const v of values) column.add(v);
    const file = join(dir, 'stream.bin');
    await saveSectionFile(file, LAYOUT, [...column.sections(), [Buffer.from(numbers.buffer)], [], [Buffer.from('abc')]], (header) => header.write('TESTLIST', 0, 'latin1'), async () => undefined);
    const bytes = readFileSync(file);
    return { file, bytes, length: bytes.readUInt32LE(LAYOUT.at.length), crc: bytes.readUInt32LE(LAYOUT.at.crc) };
  }

  /** Everything a stream over `file` reads with a buffer of `chunk` bytes: the sections, and whether the checksum holds. */
  function readAll(file: string, length: number, crc: number, chunk: number) {
    const fd = openSync(file, 'r');
    try {
      const stream = new SectionStream(fd, LAYOUT.headerBytes, length, chunk);
      const lengths = stream.nextBytes();
      const strings = lengths && stream.nextStrings(new Uint32Array(lengths.buffer, lengths.byteOffset, lengths.length / 4));
      const column = stream.nextBytes();
      const rest = [stream.nextBytes(), stream.nextBytes(), stream.nextBytes()];
      return { strings, numbers: column?.length === 32 ? Array.from(new Float64Array(column.buffer, column.byteOffset, 4)) : null, rest: rest.map((b) => b && b.toString()), finished: stream.finished(crc) };
    } finally {
      closeSync(fd);
    }
  }

  it('gives each section and string as written, whatever the buffer size, and checks the payload as it goes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wer-stream-'));
    try {
      const { file, length, crc } = await saved(dir);
      for (const chunk of [1, 5, 64, 333, 4096, 8 << 20]) {
        expect(readAll(file, length, crc, chunk)).toEqual({ strings: values, numbers: Array.from(numbers), rest: ['', 'abc', null], finished: true });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a damaged payload: a flipped byte, lengths that lie, a payload cut short', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wer-stream-'));
    try {
      const { file, bytes, length, crc } = await saved(dir);
      const flipped = Buffer.from(bytes);
      flipped[LAYOUT.headerBytes + 60] = (flipped[LAYOUT.headerBytes + 60] as number) ^ 1;
      writeFileSync(file, flipped);
      expect(readAll(file, length, crc, 64).finished).toBe(false);
      // The string lengths' first value made one byte longer: they no longer add up to the strings' section.
      const lying = Buffer.from(bytes);
      lying.writeUInt32LE(1, LAYOUT.headerBytes + 4);
      writeFileSync(file, lying);
      expect(readAll(file, length, crc, 64)).toMatchObject({ strings: null, finished: false });
      // A section longer than what is left of the payload.
      const long = Buffer.from(bytes);
      long.writeUInt32LE(0x7fffffff, LAYOUT.headerBytes);
      writeFileSync(file, long);
      expect(readAll(file, length, crc, 64)).toMatchObject({ strings: null, finished: false });
      // A payload shorter than the header says: the stream stops at its end.
      writeFileSync(file, bytes);
      expect(readAll(file, length - 8, crc, 64)).toMatchObject({ strings: values, finished: false });
      // A file shorter than the payload it was told of cannot be read: thrown.
      writeFileSync(file, bytes.subarray(0, bytes.length - 16));
      expect(() => readAll(file, length, crc, 64)).toThrow('shorter than its header says');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
