import { ByteView, latin1 } from '../minidump/binary';
import { DataDirectoryIndex } from './pe-constants';
import { dataDirectory, readCString, readRva, type PeImage } from './pe-image';

/** One exported function (an ordinal with a non-zero address). */
export interface PeExport {
  readonly ordinal: number;
  /** RVA of the code, or of the forwarder string when `forwarder` is set. */
  readonly rva: number;
  /** Names pointing at this ordinal, in name-table order (usually one; none when exported by ordinal only). */
  readonly names: readonly string[];
  /** `DLL.Function` or `DLL.#ordinal` when the export forwards to another DLL, else null. */
  readonly forwarder: string | null;
}

/** The export directory of an image. */
export interface PeExports {
  /** The DLL's own name as the export directory records it, or null. */
  readonly dllName: string | null;
  readonly ordinalBase: number;
  readonly timeDateStamp: number;
  /** Exports in ordinal order. */
  readonly entries: readonly PeExport[];
  readonly problems: readonly string[];
}

/** Export ordinals are 16-bit: a table larger than this is damage. */
export const MAX_EXPORTS = 65536;
const DIRECTORY_SIZE = 40;
/** The directory's data (names, forwarders) is read in one piece when it is at most this big. */
const MAX_WINDOW = 4 * 1024 * 1024;

/** Reads the export directory: named exports, ordinal-only exports and forwarders. */
export async function readExports(image: PeImage): Promise<PeExports> {
  const problems: string[] = [];
  const empty = { dllName: null, ordinalBase: 0, timeDateStamp: 0, entries: [], problems };
  const dir = dataDirectory(image, DataDirectoryIndex.export);
  if (!dir) return empty;
  const head = await readRva(image, dir.rva, DIRECTORY_SIZE);
  if (head.length < DIRECTORY_SIZE) {
    problems.push('the export directory is cut off or outside every section');
    return empty;
  }
  const v = new ByteView(head);
  const nameRva = v.u32(12);
  const ordinalBase = v.u32(16);
  const functionCount = capCount(v.u32(20), 'functions', problems);
  const nameCount = capCount(v.u32(24), 'names', problems);
  const functions = await readArray(image, v.u32(28), functionCount, 4, 'export address table', problems);
  const nameRvas = await readArray(image, v.u32(32), nameCount, 4, 'export name table', problems);
  const nameOrdinals = await readArray(image, v.u32(36), nameCount, 2, 'export ordinal table', problems);

  // Names and forwarder strings almost always sit inside the directory's range: one read serves them.
  const window = await readRva(image, dir.rva, Math.min(dir.size, MAX_WINDOW));
  const stringAt = async (rva: number, max: number): Promise<string | null> => {
    const at = rva - dir.rva;
    if (at >= 0 && at < window.length) {
      const end = window.indexOf(0, at);
      if (end >= 0 && end - at <= max) return latin1(window.subarray(at, end));
    }
    return readCString(image, rva, max);
  };

  const namesByIndex = new Map<number, string[]>();
  const usable = Math.min(nameRvas.length / 4, nameOrdinals.length / 2);
  let badNames = 0;
  const nv = new ByteView(nameRvas);
  const ov = new ByteView(nameOrdinals);
  for (let i = 0; i < usable; i++) {
    const index = ov.u16(i * 2);
    const name = await stringAt(nv.u32(i * 4), 1024);
    if (name === null || index >= functionCount) {
      badNames++;
      continue;
    }
    const list = namesByIndex.get(index);
    if (list) list.push(name);
    else namesByIndex.set(index, [name]);
  }
  if (badNames > 0) problems.push(`${badNames} export name(s) are unreadable or point to no function`);

  const entries: PeExport[] = [];
  const fv = new ByteView(functions);
  const inDirectory = (rva: number): boolean => rva >= dir.rva && rva - dir.rva < dir.size;
  for (let i = 0; i < functions.length / 4; i++) {
    const rva = fv.u32(i * 4);
    if (rva === 0) continue;
    // An address inside the export directory itself is a "DLL.Function" forwarder string.
    const forwarder = inDirectory(rva) ? await stringAt(rva, 1024) : null;
    if (inDirectory(rva) && forwarder === null) problems.push(`the forwarder string of ordinal ${ordinalBase + i} is unreadable`);
    entries.push({ ordinal: (ordinalBase + i) >>> 0, rva, names: namesByIndex.get(i) ?? [], forwarder });
  }
  const dllName = nameRva !== 0 ? await stringAt(nameRva, 1024) : null;
  return { dllName, ordinalBase, timeDateStamp: v.u32(4), entries, problems };
}

function capCount(count: number, what: string, problems: string[]): number {
  if (count <= MAX_EXPORTS) return count;
  problems.push(`the export directory declares ${count} ${what}; only ${MAX_EXPORTS} are read`);
  return MAX_EXPORTS;
}

async function readArray(image: PeImage, rva: number, count: number, width: number, what: string, problems: string[]): Promise<Uint8Array> {
  if (count === 0) return new Uint8Array(0);
  const bytes = await readRva(image, rva, count * width);
  const whole = bytes.length - (bytes.length % width);
  if (whole < count * width) problems.push(`the ${what} is cut off (${whole / width} of ${count} entries readable)`);
  return bytes.subarray(0, whole);
}

/** Exports with code addresses, sorted by RVA, for address → nearest-export lookups. */
export interface ExportIndex {
  readonly sorted: readonly PeExport[];
}

/** Builds the lookup index (forwarders are left out: they have no code in this image). */
export function createExportIndex(exports: PeExports): ExportIndex {
  const sorted = exports.entries.filter((e) => e.forwarder === null).sort((a, b) => a.rva - b.rva || a.ordinal - b.ordinal);
  return { sorted };
}

/** The export at or below `rva` (the function it most likely belongs to) and the distance to it, or null. */
export function nearestExport(index: ExportIndex, rva: number): { readonly export: PeExport; readonly offset: number } | null {
  const list = index.sorted;
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.rva <= rva) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return null;
  // Several ordinals can share an address: prefer the first one that has a name.
  let best = found;
  while (best > 0 && list[best - 1]!.rva === list[found]!.rva) best--;
  for (let i = best; i <= found; i++) if (list[i]!.names.length > 0) return { export: list[i]!, offset: rva - list[i]!.rva };
  return { export: list[found]!, offset: rva - list[found]!.rva };
}
