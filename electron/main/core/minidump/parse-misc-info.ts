import { cutAtNul, unixTimeIso, utf16le } from './binary';
import type { DumpReader } from './dump-reader';
import { StreamType } from './stream-types';

/** MiscInfo Flags1 bits (wer-formats.md §4.5). */
const MISC = {
  processId: 0x1,
  processTimes: 0x2,
  buildString: 0x100,
} as const;

/** Known MiscInfo sizes, in version order (MINIDUMP_MISC_INFO … _5). */
const VERSION_SIZES: readonly number[] = [24, 44, 232, 832, 1364];

/** What MiscInfo contributes to the summary. */
export interface MiscInfo {
  /** 1…5 by SizeOfInfo (the largest known size not above it). */
  readonly version: number;
  readonly processId: number | null;
  readonly processCreateTime: string | null;
  readonly processUserTime: number | null;
  readonly processKernelTime: number | null;
  readonly buildString: string | null;
  readonly dumpWriter: string | null;
}

/** Reads a fixed-size NUL-terminated UTF-16LE field; null when empty or out of range. */
function wideField(bytes: Uint8Array, offset: number, length: number): string | null {
  if (offset + length > bytes.length) return null;
  const text = cutAtNul(utf16le(bytes.subarray(offset, offset + length))).trim();
  return text || null;
}

/** Parses MiscInfo (stream 15) of any version; fields are trusted only when their Flags1 bit is set. */
export async function parseMiscInfo(reader: DumpReader, problems: string[]): Promise<MiscInfo | null> {
  const v = await reader.stream(StreamType.miscInfo, 4096);
  if (!v) return null;
  if (v.length < 24) {
    problems.push(`MiscInfo: ${v.length} bytes, expected at least 24`);
    return null;
  }
  // Use the smaller of the declared size and the stream size: the fields past it are not there.
  const sizeOfInfo = Math.min(v.u32(0), v.length);
  if (sizeOfInfo !== v.u32(0)) problems.push(`MiscInfo: SizeOfInfo ${v.u32(0)} exceeds the ${v.length}-byte stream`);
  let version = 1;
  VERSION_SIZES.forEach((size, i) => {
    if (sizeOfInfo >= size) version = i + 1;
  });
  const flags = v.u32(4);
  const hasTimes = (flags & MISC.processTimes) !== 0;
  const hasBuild = version >= 4 && (flags & MISC.buildString) !== 0;
  return {
    version,
    processId: flags & MISC.processId ? v.u32(8) : null,
    processCreateTime: hasTimes ? unixTimeIso(v.u32(12)) : null,
    processUserTime: hasTimes ? v.u32(16) : null,
    processKernelTime: hasTimes ? v.u32(20) : null,
    buildString: hasBuild ? wideField(v.bytes, 232, 520) : null,
    dumpWriter: hasBuild ? wideField(v.bytes, 752, 80) : null,
  };
}
