import { ByteView } from '../minidump/binary';
import type { MsfFile } from './msf';
import { fail } from './pdb-error';

const STRING_TABLE_SIGNATURE = 0xeffeeffe;
const HEADER_SIZE = 12;
/** Longest string believed (file paths); a missing terminator past this is damage. */
const MAX_STRING = 32 * 1024;
const CACHE_LIMIT = 4096;

/** The "/names" string table: file names of line tables, looked up by offset on demand. */
export interface StringTable {
  /** The string at `offset`, or null when the offset is outside the table. Throws on damage. */
  get(offset: number): Promise<string | null>;
}

/** Opens the /names stream: reads its 12-byte header only; strings are read when asked for. */
export async function openStringTable(msf: MsfFile, stream: number): Promise<StringTable> {
  const v = new ByteView(await msf.read(stream, 0, HEADER_SIZE));
  if (v.length < HEADER_SIZE || v.u32(0) !== STRING_TABLE_SIGNATURE) fail('the /names string table has no valid header');
  const byteSize = Math.min(v.u32(8), (msf.streamSize(stream) ?? 0) - HEADER_SIZE);
  const decoder = new TextDecoder('utf-8');
  const cache = new Map<number, string | null>();

  async function read(offset: number): Promise<string | null> {
    if (!(offset >= 0) || offset >= byteSize) return null;
    let want = 256;
    for (;;) {
      const bytes = await msf.read(stream, HEADER_SIZE + offset, Math.min(want, byteSize - offset));
      const end = bytes.indexOf(0);
      if (end >= 0) return decoder.decode(bytes.subarray(0, end));
      if (bytes.length < want || want >= MAX_STRING) fail(`a /names string at offset ${offset} has no terminator`);
      want *= 4;
    }
  }

  return {
    async get(offset) {
      if (cache.has(offset)) return cache.get(offset)!;
      const text = await read(offset);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(offset, text);
      return text;
    },
  };
}
