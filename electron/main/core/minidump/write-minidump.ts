import { open } from 'node:fs/promises';
import { ByteWriter } from './byte-writer';
import type { Addr, ContextSpec, MinidumpSpec, ThreadSpec, WrittenStream } from './minidump-spec';
import { StreamType } from './stream-types';
import { encodeContext } from './write-context';
import * as X from './write-extra-streams';
import * as S from './write-streams';

export type { MinidumpSpec, WrittenStream } from './minidump-spec';

/** Largest dump writeMinidump assembles in memory; bigger (sparse) dumps go through writeMinidumpFile. */
export const MAX_IN_MEMORY_DUMP = 256 * 1024 * 1024;

/** A laid-out dump: the head (everything but Memory64 range data) and the range bytes to place. */
export interface MinidumpLayout {
  readonly head: Uint8Array;
  /** Memory64 range contents at absolute file offsets; gaps between them are zeros (sparse holes). */
  readonly chunks: readonly { readonly offset: bigint; readonly bytes: Uint8Array }[];
  readonly totalSize: bigint;
  readonly streams: readonly WrittenStream[];
}

/** The faulting thread's id: the exception's, else the first thread's, else 1. */
function crashingThreadId(spec: MinidumpSpec): number {
  return spec.exception?.threadId ?? spec.threads?.[0]?.id ?? 1;
}

function threadsOf(spec: MinidumpSpec): readonly ThreadSpec[] {
  return spec.threads ?? [{ id: crashingThreadId(spec) }];
}

/** Context of a thread; the crashing thread defaults to ip = exception address, sp = its stack start. */
function contextFor(spec: MinidumpSpec, t: ThreadSpec): ContextSpec {
  const crashing = spec.exception && t.id === crashingThreadId(spec);
  const defaults: ContextSpec = { ip: crashing ? spec.exception?.address : 0, sp: t.stack?.start ?? 0, fp: 0 };
  return { ...defaults, ...(crashing ? spec.exception?.context : undefined), ...t.context };
}

/** Lays out a minidump from a spec (see MinidumpSpec for the defaults). */
export function layoutMinidump(spec: MinidumpSpec): MinidumpLayout {
  const arch = spec.arch ?? 'amd64';
  const threads = threadsOf(spec);
  const omit = new Set(spec.omitStreams ?? []);
  const pad = spec.padListCounts ?? false;
  const mem64Ranges: { address: Addr; size: Addr; bytes?: Uint8Array }[] = [...(spec.memory64?.ranges ?? [])];
  for (const t of threads) {
    if (t.stack?.inMemory64) mem64Ranges.push({ address: t.stack.start, size: t.stack.bytes.length, bytes: t.stack.bytes });
  }

  const plan: number[] = [StreamType.systemInfo];
  if ((spec.miscInfoVersion ?? 5) !== 0) plan.push(StreamType.miscInfo);
  plan.push(StreamType.threadList);
  if (threads.some((t) => t.name !== undefined)) plan.push(StreamType.threadNames);
  if (spec.threadInfo) plan.push(StreamType.threadInfoList);
  plan.push(StreamType.moduleList);
  if (spec.unloadedModules) plan.push(StreamType.unloadedModuleList);
  plan.push(StreamType.memoryList);
  if (mem64Ranges.length > 0) plan.push(StreamType.memory64List);
  if (spec.exception) plan.push(StreamType.exception);
  if (spec.handles) plan.push(StreamType.handleData);
  if (spec.comments?.w !== undefined) plan.push(StreamType.commentW);
  if (spec.comments?.a !== undefined) plan.push(StreamType.commentA);
  const types = plan.filter((t) => !omit.has(t));
  const extras = spec.extraStreams ?? [];

  const w = new ByteWriter();
  w.u32(0x504d444d);
  w.u32(0xa793 | (0xa061 << 16));
  w.u32(types.length + extras.length);
  w.u32(32);
  w.u32(0);
  w.u32(spec.timestamp ?? 1_700_000_000);
  w.u64(spec.flags ?? 0);
  const dirAt = w.zeros(12 * (types.length + extras.length));

  // Contexts and stacks are placed first so the thread and exception streams can point at them.
  const memoryRanges: { address: Addr; rva: number; size: number }[] = [];
  const placed: S.PlacedThread[] = threads.map((t) => {
    const ctxBytes = encodeContext(arch, contextFor(spec, t));
    const ctxAt = w.align(16);
    w.bytes(ctxBytes);
    let stack = { start: t.stack?.start ?? 0, size: t.stack?.bytes.length ?? 0, rva: 0 };
    if (t.stack && !t.stack.inMemory64) {
      const rva = w.align(16);
      w.bytes(t.stack.bytes);
      stack = { ...stack, rva };
      memoryRanges.push({ address: t.stack.start, rva, size: t.stack.bytes.length });
    }
    return { spec: t, context: { rva: ctxAt, size: ctxBytes.length }, stack };
  });
  for (const m of spec.memory ?? []) {
    const rva = w.align(16);
    w.bytes(m.bytes);
    memoryRanges.push({ address: m.address, rva, size: m.bytes.length });
  }

  const streams: WrittenStream[] = [];
  let baseRvaField = -1;
  for (const type of types) {
    let loc: S.Loc;
    switch (type) {
      case StreamType.systemInfo: loc = S.writeSystemInfo(w, spec); break;
      case StreamType.miscInfo: loc = S.writeMiscInfo(w, spec); break;
      case StreamType.threadList: loc = S.writeThreadList(w, placed, pad); break;
      case StreamType.threadNames: loc = X.writeThreadNames(w, threads); break;
      case StreamType.threadInfoList: loc = X.writeThreadInfoList(w, threads); break;
      case StreamType.moduleList: loc = S.writeModuleList(w, spec.modules ?? [], pad); break;
      case StreamType.unloadedModuleList: loc = X.writeUnloadedModules(w, spec.unloadedModules ?? []); break;
      case StreamType.memoryList: loc = S.writeMemoryList(w, memoryRanges, pad); break;
      case StreamType.memory64List:
        loc = S.writeMemory64List(w, mem64Ranges, 0n);
        baseRvaField = loc.rva + 8;
        break;
      case StreamType.exception: {
        const e = spec.exception!;
        const id = crashingThreadId(spec);
        let ctx = placed.find((p) => p.spec.id === id)?.context;
        if (!ctx || e.context) {
          const bytes = encodeContext(arch, { ip: e.address, ...e.context });
          ctx = { rva: w.align(16), size: bytes.length };
          w.bytes(bytes);
        }
        loc = S.writeException(w, e, id, ctx);
        break;
      }
      case StreamType.handleData: loc = X.writeHandleData(w, spec.handles!); break;
      case StreamType.commentW: loc = X.writeComment(w, spec.comments?.w ?? '', true); break;
      default: loc = X.writeComment(w, spec.comments?.a ?? '', false);
    }
    streams.push({ type, ...loc });
  }
  for (const x of extras) {
    const rva = w.align(4);
    w.bytes(x.bytes);
    streams.push({ type: x.type, rva, size: x.bytes.length });
  }
  streams.forEach((s, i) => {
    w.setU32(dirAt + i * 12, s.type);
    w.setU32(dirAt + i * 12 + 4, s.size);
    w.setU32(dirAt + i * 12 + 8, s.rva);
  });

  // Memory64 data goes last, back to back from BaseRva (which may lie far beyond the head: sparse).
  w.align(16);
  const wanted = spec.memory64?.baseRva !== undefined ? BigInt(spec.memory64.baseRva) : 0n;
  const baseRva = wanted > BigInt(w.length) ? wanted : BigInt(w.length);
  if (baseRvaField >= 0) w.setU64(baseRvaField, baseRva);
  const chunks: { offset: bigint; bytes: Uint8Array }[] = [];
  let offset = baseRva;
  for (const r of mem64Ranges) {
    const size = BigInt(r.size);
    // Bytes beyond the range's declared size are not part of it.
    const keep = r.bytes ? Number(size < BigInt(r.bytes.length) ? size : BigInt(r.bytes.length)) : 0;
    if (r.bytes && keep > 0) chunks.push({ offset, bytes: r.bytes.subarray(0, keep) });
    offset += BigInt(r.size);
  }
  const head = w.toBytes();
  return { head, chunks, totalSize: mem64Ranges.length > 0 ? offset : BigInt(head.length), streams };
}

/** Writes a minidump into memory, with the stream locations (tests corrupt fields through them). */
export function buildMinidump(spec: MinidumpSpec): { readonly bytes: Uint8Array; readonly streams: readonly WrittenStream[] } {
  const layout = layoutMinidump(spec);
  if (layout.totalSize > BigInt(MAX_IN_MEMORY_DUMP)) {
    throw new RangeError(`a ${layout.totalSize}-byte dump is too big to build in memory; use writeMinidumpFile`);
  }
  const bytes = new Uint8Array(Number(layout.totalSize));
  bytes.set(layout.head, 0);
  for (const c of layout.chunks) bytes.set(c.bytes, Number(c.offset));
  return { bytes, streams: layout.streams };
}

/** Writes a minidump into memory (all streams the reader parses, for x86, amd64 and arm64). */
export function writeMinidump(spec: MinidumpSpec): Uint8Array {
  return buildMinidump(spec).bytes;
}

/**
 * Writes a minidump file with positional writes, extending it to full size with truncate so the
 * untouched parts of Memory64 ranges stay holes: a "4 GiB" heap dump costs a few KB of disk.
 */
export async function writeMinidumpFile(
  path: string,
  spec: MinidumpSpec,
): Promise<{ readonly size: bigint; readonly streams: readonly WrittenStream[] }> {
  const layout = layoutMinidump(spec);
  const fh = await open(path, 'w');
  try {
    await fh.write(layout.head, 0, layout.head.length, 0);
    // Numbers, not bigints, for positions: file offsets stay far below 2^53.
    for (const c of layout.chunks) await fh.write(c.bytes, 0, c.bytes.length, Number(c.offset));
    await fh.truncate(Number(layout.totalSize));
  } finally {
    await fh.close();
  }
  return { size: layout.totalSize, streams: layout.streams };
}
