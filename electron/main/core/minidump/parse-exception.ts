import type { DumpReader } from './dump-reader';
import { StreamType } from './stream-types';

/** Largest CONTEXT record read (classic sizes are ≤ 1232 bytes; XSAVE adds a few KB). */
export const MAX_CONTEXT_BYTES = 64 * 1024;

/** The exception stream as written, before analysis. */
export interface RawException {
  readonly threadId: number;
  readonly code: number;
  readonly flags: number;
  readonly address: bigint;
  readonly parameters: readonly bigint[];
  /** CONTEXT bytes at the fault, or null when absent / out of bounds. */
  readonly context: Uint8Array | null;
}

/** Parses the Exception stream (6, 168 bytes); null when absent or too short. */
export async function parseException(reader: DumpReader, problems: string[]): Promise<RawException | null> {
  const v = await reader.stream(StreamType.exception, 4096);
  if (!v) return null;
  if (v.length < 40) {
    problems.push(`Exception: ${v.length} bytes, expected 168`);
    return null;
  }
  const declared = v.u32(32);
  // At most 15 parameters, and only those actually inside the stream.
  const count = Math.min(declared, 15, Math.max(0, Math.floor((v.length - 40) / 8)));
  if (declared > 15) problems.push(`Exception: NumberParameters ${declared} exceeds 15`);
  const parameters: bigint[] = [];
  for (let i = 0; i < count; i++) parameters.push(v.u64(40 + i * 8));
  let context: Uint8Array | null = null;
  if (v.has(160, 8)) {
    const size = v.u32(160);
    const rva = v.u32(164);
    if (rva !== 0 && size > 0) {
      context = await reader.bytes(rva, size, MAX_CONTEXT_BYTES);
      if (!context) problems.push(`Exception: thread context (${size} bytes at ${rva}) is outside the file or too large`);
    }
  }
  return { threadId: v.u32(0), code: v.u32(8), flags: v.u32(12), address: v.u64(24), parameters, context };
}
