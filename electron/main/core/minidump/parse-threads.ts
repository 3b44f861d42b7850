import { fileTimeIso, hex } from './binary';
import type { DumpReader } from './dump-reader';
import { listLayout } from './list-layout';
import { StreamType } from './stream-types';

/** Most threads read from any list stream. */
export const MAX_THREADS = 10_000;
const THREAD_SIZE = 48;

/** One MINIDUMP_THREAD as written; the context is read lazily (only the crashing thread needs it). */
export interface RawThread {
  readonly id: number;
  readonly teb: bigint;
  readonly stackStart: bigint;
  readonly stackSize: number;
  /** RVA of the stack bytes; 0 in full dumps, where the stack is found in Memory64List by address. */
  readonly stackRva: number;
  readonly contextSize: number;
  readonly contextRva: number;
}

/** Extra per-thread facts from ThreadInfoList (17). */
export interface ThreadInfo {
  readonly startAddress: string;
  readonly createTime: string | null;
}

/** Parses ThreadList (3). */
export async function parseThreadList(reader: DumpReader, problems: string[]): Promise<RawThread[]> {
  const v = await reader.stream(StreamType.threadList, 8 + MAX_THREADS * THREAD_SIZE);
  if (!v) return [];
  const { first, count } = listLayout(v, THREAD_SIZE, MAX_THREADS, 'ThreadList', problems);
  const threads: RawThread[] = [];
  for (let i = 0; i < count; i++) {
    const o = first + i * THREAD_SIZE;
    threads.push({
      id: v.u32(o),
      teb: v.u64(o + 16),
      stackStart: v.u64(o + 24),
      stackSize: v.u32(o + 32),
      stackRva: v.u32(o + 36),
      contextSize: v.u32(o + 40),
      contextRva: v.u32(o + 44),
    });
  }
  return threads;
}

/** Parses ThreadNames (24): thread id → name (empty names are dropped). */
export async function parseThreadNames(reader: DumpReader, problems: string[]): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  const v = await reader.stream(StreamType.threadNames, 8 + MAX_THREADS * 12);
  if (!v) return names;
  // Entries are 12 bytes: u32 ThreadId + u64 RvaOfThreadName (packed, no padding form here).
  const { first, count } = listLayout(v, 12, MAX_THREADS, 'ThreadNames', problems);
  for (let i = 0; i < count; i++) {
    const o = first + i * 12;
    const rva = v.u64(o + 4);
    if (rva === 0n || rva > 0xffffffffn) continue;
    const name = await reader.string(rva);
    if (name === null) problems.push(`ThreadNames: name of thread ${v.u32(o)} is outside the file`);
    else if (name.trim() && !names.has(v.u32(o))) names.set(v.u32(o), name);
  }
  return names;
}

/** Parses ThreadInfoList (17): thread id → start address and creation time. */
export async function parseThreadInfoList(reader: DumpReader, problems: string[]): Promise<Map<number, ThreadInfo>> {
  const infos = new Map<number, ThreadInfo>();
  const v = await reader.stream(StreamType.threadInfoList, 12 + MAX_THREADS * 256);
  if (!v) return infos;
  if (v.length < 12) {
    problems.push(`ThreadInfoList: ${v.length} bytes, too short for its header`);
    return infos;
  }
  const headerSize = v.u32(0);
  const entrySize = v.u32(4);
  const declared = v.u32(8);
  if (entrySize < 64 || headerSize < 12 || headerSize > v.length) {
    problems.push(`ThreadInfoList: unexpected header (${headerSize}) or entry size (${entrySize})`);
    return infos;
  }
  const count = Math.min(declared, Math.floor((v.length - headerSize) / entrySize), MAX_THREADS);
  if (count < declared) problems.push(`ThreadInfoList: ${declared} entries declared, ${count} read`);
  for (let i = 0; i < count; i++) {
    const o = headerSize + i * entrySize;
    infos.set(v.u32(o), { createTime: fileTimeIso(v.u64(o + 16)), startAddress: hex(v.u64(o + 48)) });
  }
  return infos;
}
