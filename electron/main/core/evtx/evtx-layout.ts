/** Fixed EVTX layout constants (file header, chunk header, record header). */

/** "ElfFile\0". */
export const FILE_MAGIC = [0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00] as const;
/** "ElfChnk\0". */
export const CHUNK_MAGIC = [0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00] as const;
/** The file header block; the first chunk starts right after it. */
export const FILE_HEADER_SIZE = 4096;
/** Every chunk is 64 KiB. */
export const CHUNK_SIZE = 65536;
/** Chunk header incl. the string and template offset tables; records follow. */
export const CHUNK_HEADER_SIZE = 512;
/** Record magic "**\0\0", size, id, FILETIME: 24 bytes, plus the trailing size copy. */
export const RECORD_HEADER_SIZE = 24;

/** True when `bytes` starts with `magic` at `at`. */
export function hasMagic(bytes: Uint8Array, at: number, magic: readonly number[]): boolean {
  if (at + magic.length > bytes.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[at + i] !== magic[i]) return false;
  return true;
}
