/**
 * MS-CAB layout constants shared by the writer and the reader (cer-protocol.md §7.1; the field
 * names follow Microsoft's "Cabinet File Format" document). All fields are little-endian.
 */

/** `MSCF`: the first four bytes of every cabinet. */
export const CAB_SIGNATURE = [0x4d, 0x53, 0x43, 0x46] as const;
/** Size of CFHEADER without its optional reserve fields. */
export const CFHEADER_SIZE = 36;
/** Size of one CFFOLDER without reserve. */
export const CFFOLDER_SIZE = 8;
/** Size of one CFFILE before its NUL-terminated name. */
export const CFFILE_SIZE = 16;
/** Size of one CFDATA header without reserve. */
export const CFDATA_SIZE = 8;
/** Largest uncompressed payload of one CFDATA block. */
export const CAB_BLOCK_SIZE = 32768;
/** Longest file name a cabinet may hold, in bytes, without the NUL (CB_MAX_FILENAME - 1). */
export const CAB_MAX_NAME_BYTES = 255;

/** CFHEADER.flags bits. */
export const CabHeaderFlag = { prevCabinet: 0x0001, nextCabinet: 0x0002, reservePresent: 0x0004 } as const;

/** CFFOLDER.typeCompress values (low nibble). */
export const CabCompressionType = { none: 0, mszip: 1, quantum: 2, lzx: 3 } as const;

/** CFFILE.attribs bits. */
export const CabAttribute = { readOnly: 0x01, hidden: 0x02, system: 0x04, archive: 0x20, exec: 0x40, nameIsUtf8: 0x80 } as const;

/** CFFILE.iFolder values that mean "continued from/to another cabinet": not supported here. */
export const IFOLD_CONTINUED_FROM_PREV = 0xfffd;

/** How a folder's data is stored. */
export type CabCompression = 'none' | 'mszip';

/** One file of a cabinet: its name as stored (never sanitised here) and its bytes. */
export interface CabEntry {
  readonly name: string;
  readonly data: Uint8Array;
  /** Modification time in ms since 1970 (DOS precision: 2 s, local time), if known. */
  readonly mtimeMs?: number;
  /** CFFILE.attribs as stored, without the UTF-8 flag. */
  readonly attributes?: number;
}

/** DOS date and time words of a time (local time, as cabinet tools expect). */
export function toDosDateTime(ms: number): { date: number; time: number } {
  const d = new Date(ms);
  const year = d.getFullYear();
  // DOS dates cover 1980..2107; clamp rather than wrap.
  if (year < 1980) return { date: (0 << 9) | (1 << 5) | 1, time: 0 };
  if (year > 2107) return { date: (127 << 9) | (12 << 5) | 31, time: (23 << 11) | (59 << 5) | 29 };
  return {
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
  };
}

/** Milliseconds since 1970 of DOS date and time words (local time); null when they are not a date. */
export function fromDosDateTime(date: number, time: number): number | null {
  const day = date & 0x1f;
  const month = (date >> 5) & 0x0f;
  if (day === 0 || month === 0 || month > 12) return null;
  const ms = new Date(1980 + (date >> 9), month - 1, day, time >> 11, (time >> 5) & 0x3f, (time & 0x1f) * 2).getTime();
  return Number.isFinite(ms) ? ms : null;
}
