import { ByteView } from '../minidump/binary';
import { fail } from './pdb-error';

/** Size of the DBI stream header (the "new" DBI header every VC 7.0+ PDB has). */
export const DBI_HEADER_SIZE = 64;
const NO_STREAM = 0xffff;

/** A byte range of the DBI stream. */
export interface DbiRange {
  readonly offset: number;
  readonly size: number;
}

/** Stream indexes listed by the DBI optional debug header (null = absent). */
export interface DbiDebugStreams {
  readonly fpo: number | null;
  /** FRAMEDATA records (the "new FPO" stream, with program strings). */
  readonly newFpo: number | null;
  readonly omapToSource: number | null;
  readonly omapFromSource: number | null;
  readonly sectionHeaders: number | null;
  readonly originalSectionHeaders: number | null;
}

/** The DBI stream header: where the module list, section tables and symbol streams are. */
export interface DbiHeader {
  /** Age images are matched against (wins over the info stream's age). */
  readonly age: number;
  readonly globalsStream: number | null;
  readonly publicsStream: number | null;
  readonly symbolRecordsStream: number | null;
  /** IMAGE_FILE_MACHINE_* of the image (0x8664 = x64, 0x14c = x86, 0xaa64 = arm64). */
  readonly machine: number;
  readonly modules: DbiRange;
  readonly sectionContributions: DbiRange;
  readonly sectionMap: DbiRange;
  readonly debugHeader: DbiRange;
}

function stream(index: number): number | null {
  return index === NO_STREAM ? null : index;
}

/**
 * Parses the DBI header. Substream sizes that overrun the stream are clamped to what is there
 * (a problem is recorded): the module list is still useful when a later table is cut off.
 */
export function parseDbiHeader(bytes: Uint8Array, streamSize: number, problems: string[]): DbiHeader {
  const v = new ByteView(bytes);
  if (v.length < DBI_HEADER_SIZE) fail('the DBI stream is shorter than its header');
  if (v.u32(0) !== 0xffffffff) fail('the DBI stream is in the pre-VC 7.0 format, which is not supported');
  const sizes = [24, 28, 32, 36, 40, 48, 52].map((at) => v.u32(at) | 0);
  const [modSize, secContSize, secMapSize, fileInfoSize, typeServerSize, dbgSize, ecSize] = sizes as [number, number, number, number, number, number, number];
  const ranges: DbiRange[] = [];
  let at = DBI_HEADER_SIZE;
  // Order of the substreams in the stream: modules, contributions, section map, files, type
  // servers, EC (edit-and-continue names), then the optional debug header.
  for (const [name, size] of [
    ['module list', modSize],
    ['section contributions', secContSize],
    ['section map', secMapSize],
    ['source file list', fileInfoSize],
    ['type server map', typeServerSize],
    ['EC names', ecSize],
    ['debug header', dbgSize],
  ] as const) {
    let n = size;
    if (n < 0 || at + n > streamSize) {
      problems.push(`the DBI ${name} (${size} bytes) runs past the end of the DBI stream`);
      n = Math.max(0, Math.min(streamSize - at, n < 0 ? 0 : n));
    }
    ranges.push({ offset: at, size: n });
    at += n;
  }
  return {
    age: v.u32(8),
    globalsStream: stream(v.u16(12)),
    publicsStream: stream(v.u16(16)),
    symbolRecordsStream: stream(v.u16(20)),
    machine: v.u16(58),
    modules: ranges[0]!,
    sectionContributions: ranges[1]!,
    sectionMap: ranges[2]!,
    debugHeader: ranges[6]!,
  };
}

/** Parses the optional debug header (an array of 16-bit stream indexes). */
export function parseDebugHeader(bytes: Uint8Array): DbiDebugStreams {
  const v = new ByteView(bytes);
  const at = (i: number): number | null => (v.has(i * 2, 2) ? stream(v.u16(i * 2)) : null);
  return {
    fpo: at(0),
    newFpo: at(9),
    omapToSource: at(3),
    omapFromSource: at(4),
    sectionHeaders: at(5),
    originalSectionHeaders: at(10),
  };
}
