import { ByteView, utf16le } from '../minidump/binary';
import { DataDirectoryIndex } from './pe-constants';
import { dataDirectory, readRva, type PeImage } from './pe-image';

/** RT_* resource type ids worth naming. */
export const ResourceType = { icon: 3, string: 6, groupIcon: 14, version: 16, manifest: 24 } as const;

/** A resource id: a number, or a name for named entries. */
export type ResourceId = number | string;

/** One leaf of the type → name → language tree: where the resource's bytes are. */
export interface ResourceEntry {
  readonly type: ResourceId;
  readonly name: ResourceId;
  readonly language: ResourceId;
  /** RVA of the bytes (an RVA even in a file on disk). */
  readonly dataRva: number;
  readonly size: number;
  readonly codePage: number;
}

/** Resources found, plus problems with the tree. */
export interface ResourceList {
  readonly entries: readonly ResourceEntry[];
  readonly problems: readonly string[];
}

const DIR_HEADER = 16;
const HIGH_BIT = 0x80000000;
/** Entries read per directory level: real trees have tens; the field allows 131,070. */
const MAX_ENTRIES_PER_DIRECTORY = 4096;
/** Leaves returned at most (one version resource is the common question). */
const MAX_LEAVES = 4096;
/** Directory entries read in one walk, all levels together: bounds the work on a hostile tree. */
const MAX_TOTAL_ENTRIES = 16384;
/** Longest resource name read, in UTF-16 units. */
const MAX_NAME_UNITS = 256;

interface DirEntry {
  readonly id: ResourceId;
  readonly target: number;
  readonly isDirectory: boolean;
}

/**
 * Lists the resources of one type (e.g. ResourceType.version) by walking only that branch of the
 * three-level tree. Loops (a directory that points back at itself) and bogus counts become problems.
 */
export async function findResources(image: PeImage, type: ResourceId): Promise<ResourceList> {
  const problems: string[] = [];
  const dir = dataDirectory(image, DataDirectoryIndex.resource);
  if (!dir) return { entries: [], problems };
  const visited = new Set<number>();
  const entries: ResourceEntry[] = [];
  let budget = MAX_TOTAL_ENTRIES;
  const read = (offset: number, length: number): Promise<Uint8Array> => readRva(image, dir.rva + offset, length);

  const level = async (offset: number): Promise<DirEntry[] | null> => {
    if (visited.has(offset)) {
      problems.push(`the resource tree loops back to the directory at +0x${offset.toString(16)}`);
      return null;
    }
    visited.add(offset);
    if (budget <= 0) {
      if (budget === 0) problems.push(`the resource tree has more than ${MAX_TOTAL_ENTRIES} entries; the rest are skipped`);
      budget = -1;
      return null;
    }
    const list = await readDirectory(read, offset, problems);
    budget = Math.max(0, budget - (list?.length ?? 0));
    return list;
  };

  const types = await level(0);
  for (const t of types ?? []) {
    if (t.id !== type) continue;
    if (!t.isDirectory) continue;
    for (const n of (await level(t.target)) ?? []) {
      if (!n.isDirectory) continue;
      for (const l of (await level(n.target)) ?? []) {
        if (l.isDirectory) {
          problems.push('the resource tree is deeper than type/name/language');
          continue;
        }
        const data = new ByteView(await read(l.target, 16));
        if (!data.has(0, 16)) {
          problems.push(`the resource data entry at +0x${l.target.toString(16)} is cut off`);
          continue;
        }
        entries.push({ type: t.id, name: n.id, language: l.id, dataRva: data.u32(0), size: data.u32(4), codePage: data.u32(8) });
        if (entries.length >= MAX_LEAVES) return { entries, problems: [...problems, `more than ${MAX_LEAVES} resources; the rest are skipped`] };
      }
    }
  }
  return { entries, problems };
}

async function readDirectory(read: (offset: number, length: number) => Promise<Uint8Array>, offset: number, problems: string[]): Promise<DirEntry[] | null> {
  const head = new ByteView(await read(offset, DIR_HEADER));
  if (!head.has(0, DIR_HEADER)) {
    problems.push(`the resource directory at +0x${offset.toString(16)} is cut off`);
    return null;
  }
  const declared = head.u16(12) + head.u16(14);
  const count = Math.min(declared, MAX_ENTRIES_PER_DIRECTORY);
  if (count < declared) problems.push(`a resource directory declares ${declared} entries; only ${count} are read`);
  const bytes = await read(offset + DIR_HEADER, count * 8);
  const v = new ByteView(bytes);
  const usable = Math.floor(bytes.length / 8);
  if (usable < count) problems.push(`the resource directory at +0x${offset.toString(16)} is cut off after ${usable} of ${count} entries`);
  const out: DirEntry[] = [];
  for (let i = 0; i < usable; i++) {
    const nameField = v.u32(i * 8);
    const dataField = v.u32(i * 8 + 4);
    const id = (nameField & HIGH_BIT) !== 0 ? await readName(read, nameField & 0x7fffffff) : nameField;
    out.push({ id, target: dataField & 0x7fffffff, isDirectory: (dataField & HIGH_BIT) !== 0 });
  }
  return out;
}

/** An IMAGE_RESOURCE_DIR_STRING_U: a UTF-16 length and that many units. */
async function readName(read: (offset: number, length: number) => Promise<Uint8Array>, offset: number): Promise<string> {
  const bytes = await read(offset, 2 + MAX_NAME_UNITS * 2);
  if (bytes.length < 2) return '';
  const units = Math.min(new ByteView(bytes).u16(0), MAX_NAME_UNITS);
  return utf16le(bytes.subarray(2, 2 + units * 2));
}
