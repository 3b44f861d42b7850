import { ByteView } from '../minidump/binary';
import { parseDebugHeader } from './dbi';
import type { PdbContext } from './pdb-context';

/** Size of one FPO_DATA record (the old FPO stream). */
export const FPO_DATA_SIZE = 16;
/** Size of one FRAMEDATA record (the new FPO stream). */
export const FRAME_DATA_SIZE = 32;
const DBI_STREAM = 3;
/** Most records read from one stream (4M × 32 bytes = 128 MB would be no real image). */
const MAX_RECORDS = 0x100000;
/** Overlapping records checked backwards from the nearest start (prolog steps nest a handful deep). */
const MAX_NESTING = 64;

/** One old-style FPO_DATA record: the frame's shape without a program string. */
export interface FpoRecord {
  readonly kind: 'fpo';
  readonly rvaStart: number;
  readonly codeSize: number;
  /** Locals in bytes (cdwLocals × 4). */
  readonly localSize: number;
  /** Parameters in bytes (cdwParams × 4). */
  readonly paramsSize: number;
  readonly prologSize: number;
  /** Registers pushed by the prolog. */
  readonly savedRegs: number;
  readonly hasSeh: boolean;
  /** Whether the function sets up ebp as a frame pointer. */
  readonly usesBp: boolean;
  /** FRAME_FPO 0, FRAME_TRAP 1, FRAME_TSS 2, FRAME_NONFPO 3. */
  readonly frameType: number;
}

/** One FRAMEDATA record: the frame's sizes and its unwind program (a /names offset). */
export interface FrameDataRecord {
  readonly kind: 'frame-data';
  readonly rvaStart: number;
  readonly codeSize: number;
  readonly localSize: number;
  readonly paramsSize: number;
  readonly maxStackSize: number;
  /** Offset of the program string in the /names table. */
  readonly frameFunc: number;
  readonly prologSize: number;
  readonly savedRegsSize: number;
  readonly hasSeh: boolean;
  readonly hasEh: boolean;
  readonly isFunctionStart: boolean;
}

/** A FRAMEDATA record with its program string resolved (null when /names lacks it). */
export type PdbFrameInfo = (FrameDataRecord & { readonly program: string | null }) | FpoRecord;

/** Parses the old FPO stream (an array of FPO_DATA); a trailing partial record is ignored. */
export function parseFpoData(bytes: Uint8Array): FpoRecord[] {
  const v = new ByteView(bytes);
  const out: FpoRecord[] = [];
  const n = Math.min(MAX_RECORDS, Math.floor(bytes.length / FPO_DATA_SIZE));
  for (let i = 0; i < n; i++) {
    const at = i * FPO_DATA_SIZE;
    const bits = v.u16(at + 14);
    out.push({
      kind: 'fpo',
      rvaStart: v.u32(at),
      codeSize: v.u32(at + 4),
      localSize: v.u32(at + 8) * 4,
      paramsSize: v.u16(at + 12) * 4,
      prologSize: bits & 0xff,
      savedRegs: (bits >> 8) & 7,
      hasSeh: (bits & 0x800) !== 0,
      usesBp: (bits & 0x1000) !== 0,
      frameType: (bits >> 14) & 3,
    });
  }
  return sortByStart(out);
}

/** Parses the new FPO stream (an array of FRAMEDATA); a trailing partial record is ignored. */
export function parseFrameData(bytes: Uint8Array): FrameDataRecord[] {
  const v = new ByteView(bytes);
  const out: FrameDataRecord[] = [];
  const n = Math.min(MAX_RECORDS, Math.floor(bytes.length / FRAME_DATA_SIZE));
  for (let i = 0; i < n; i++) {
    const at = i * FRAME_DATA_SIZE;
    const flags = v.u32(at + 28);
    out.push({
      kind: 'frame-data',
      rvaStart: v.u32(at),
      codeSize: v.u32(at + 4),
      localSize: v.u32(at + 8),
      paramsSize: v.u32(at + 12),
      maxStackSize: v.u32(at + 16),
      frameFunc: v.u32(at + 20),
      prologSize: v.u16(at + 24),
      savedRegsSize: v.u16(at + 26),
      hasSeh: (flags & 1) !== 0,
      hasEh: (flags & 2) !== 0,
      isFunctionStart: (flags & 4) !== 0,
    });
  }
  return sortByStart(out);
}

function sortByStart<T extends { readonly rvaStart: number }>(records: T[]): T[] {
  // Stable: records with one start keep stream order (the linker writes prolog steps in order).
  return records.sort((a, b) => a.rvaStart - b.rvaStart);
}

/**
 * The record covering `rva` in records sorted by start: the one with the greatest start (the most
 * specific prolog step), checking a bounded number of overlapping earlier records.
 */
export function findFrameRecord<T extends { readonly rvaStart: number; readonly codeSize: number }>(records: readonly T[], rva: number): T | null {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (records[mid]!.rvaStart <= rva) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1, seen = 0; i >= 0 && seen < MAX_NESTING; i--, seen++) {
    const r = records[i]!;
    if (rva - r.rvaStart < r.codeSize) return r;
  }
  return null;
}

/** The frame tables of one PDB; lookups prefer FRAMEDATA over old FPO records. */
export interface FrameTables {
  readonly frameData: readonly FrameDataRecord[];
  readonly fpo: readonly FpoRecord[];
  /** The frame record covering an image RVA, or null. */
  lookup(rva: number): Promise<PdbFrameInfo | null>;
}

async function readWhole(ctx: PdbContext, stream: number | null, what: string): Promise<Uint8Array> {
  if (stream === null) return new Uint8Array(0);
  const size = ctx.msf.streamSize(stream);
  if (size === null) {
    ctx.problems.add(`the ${what} stream ${stream} does not exist`);
    return new Uint8Array(0);
  }
  return ctx.msf.read(stream, 0, Math.min(size, MAX_RECORDS * FRAME_DATA_SIZE));
}

/** Reads the FPO and new-FPO streams named by the DBI debug header (both may be absent). */
export async function openFrameTables(ctx: PdbContext): Promise<FrameTables> {
  const header = ctx.dbi.debugHeader;
  const streams = parseDebugHeader(header.size > 0 ? await ctx.msf.read(DBI_STREAM, header.offset, Math.min(header.size, 64)) : new Uint8Array(0));
  const frameData = parseFrameData(await readWhole(ctx, streams.newFpo, 'new FPO'));
  const fpo = parseFpoData(await readWhole(ctx, streams.fpo, 'FPO'));
  // Images rewritten through OMAP would need each RVA translated; such PDBs are not x86 FPO users today.
  if (ctx.map.usesOmap && (frameData.length > 0 || fpo.length > 0)) ctx.problems.add('frame data of an OMAP-rewritten image is used without address translation');
  return {
    frameData,
    fpo,
    async lookup(rva) {
      const fd = findFrameRecord(frameData, rva);
      if (fd) {
        const strings = await ctx.strings();
        return { ...fd, program: strings ? await strings.get(fd.frameFunc) : null };
      }
      return findFrameRecord(fpo, rva);
    },
  };
}
