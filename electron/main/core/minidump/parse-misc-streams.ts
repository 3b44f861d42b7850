import type { HandleTypeCount, MinidumpHandles } from '../../../../shared/minidump-model';
import { cutAtNul, latin1, utf16le } from './binary';
import type { DumpReader } from './dump-reader';
import { StreamType } from './stream-types';

/** Most handle descriptors read (each costs a string read for its type name). */
export const MAX_HANDLES = 50_000;
/** Longest comment read, in bytes. */
const MAX_COMMENT_BYTES = 64 * 1024;

/** Parses HandleData (12): counts of handles by object type; descriptors of 32 or 40 bytes. */
export async function parseHandleData(reader: DumpReader, problems: string[]): Promise<MinidumpHandles | null> {
  const v = await reader.stream(StreamType.handleData, 16 + MAX_HANDLES * 64);
  if (!v) return null;
  if (v.length < 16) {
    problems.push(`HandleData: ${v.length} bytes, too short for its header`);
    return null;
  }
  const headerSize = v.u32(0);
  const descriptorSize = v.u32(4);
  const declared = v.u32(8);
  if (headerSize < 16 || descriptorSize < 32 || headerSize > v.length) {
    problems.push(`HandleData: unexpected header (${headerSize}) or descriptor size (${descriptorSize})`);
    return null;
  }
  const count = Math.min(declared, Math.floor((v.length - headerSize) / descriptorSize), MAX_HANDLES);
  if (count < declared) problems.push(`HandleData: ${declared} descriptors declared, ${count} read`);
  const counts = new Map<string, number>();
  // Many descriptors share a type-name RVA in some writers: resolve each RVA once.
  const names = new Map<number, string | null>();
  for (let i = 0; i < count; i++) {
    const rva = v.u32(headerSize + i * descriptorSize + 8);
    let type: string | null = null;
    if (rva !== 0) {
      if (!names.has(rva)) names.set(rva, await reader.string(rva));
      type = names.get(rva) ?? null;
    }
    const key = type?.trim() || '(unnamed)';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const byType: HandleTypeCount[] = [...counts].map(([type, n]) => ({ type, count: n }));
  byType.sort((a, b) => b.count - a.count || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  return { total: count, descriptorSize, byType };
}

/** Parses CommentStreamW (11) and CommentStreamA (10): whole-stream strings, NULs trimmed. */
export async function parseComments(reader: DumpReader): Promise<string[]> {
  const out: string[] = [];
  const w = await reader.stream(StreamType.commentW, MAX_COMMENT_BYTES);
  if (w) {
    const text = cutAtNul(utf16le(w.bytes)).trim();
    if (text) out.push(text);
  }
  const a = await reader.stream(StreamType.commentA, MAX_COMMENT_BYTES);
  if (a) {
    // ANSI code page unknown: latin1 keeps every byte visible without inventing characters.
    const text = cutAtNul(latin1(a.bytes)).trim();
    if (text) out.push(text);
  }
  return out;
}
