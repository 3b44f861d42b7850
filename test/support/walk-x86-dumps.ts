import { createBufferSource } from '../../electron/main/core/minidump/byte-source';
import type { MinidumpSpec } from '../../electron/main/core/minidump/minidump-spec';
import { writeMinidump } from '../../electron/main/core/minidump/write-minidump';
import { readThreadStack, type ThreadStackOptions } from '../../electron/main/core/unwind/thread-stack';
import { stackWords } from './minidump-builder';

/** Where the x86 test module sits (a typical EXE base). */
export const X86_BASE = 0x400000;
/** Size of the x86 test module. */
export const X86_SIZE = 0x10000;
/** Where the x86 test stacks start. */
export const X86_STACK = 0x12f000;

/** An x86 dump of thread 7 stopped at `eip` with esp at X86_STACK + 4 × `spIndex` over `words`. */
export function x86Dump(words: readonly number[], eip: number, spIndex: number, regs: Readonly<Record<string, number>> = {}): Uint8Array {
  const spec: MinidumpSpec = {
    arch: 'x86',
    modules: [{ name: 'app.exe', base: BigInt(X86_BASE), size: X86_SIZE, timestamp: 0x5f000000 }],
    threads: [{ id: 7, stack: { start: BigInt(X86_STACK), bytes: stackWords('x86', words.map(BigInt)) }, context: { ip: BigInt(eip), sp: BigInt(X86_STACK + spIndex * 4), fp: BigInt(regs.ebp ?? 0), regs: Object.fromEntries(Object.entries(regs).map(([k, v]) => [k, BigInt(v)])) } }],
    exception: { code: 0xc0000005, address: BigInt(eip), threadId: 7, params: [0, 0] },
  };
  return writeMinidump(spec);
}

/** Walks thread 7 of an x86 dump: frame addresses, trusts and problems (throws on a Result error: a test bug). */
export async function walkX86Dump(bytes: Uint8Array, options: ThreadStackOptions = {}): Promise<{ ips: number[]; trust: string[]; problems: readonly string[] }> {
  const r = await readThreadStack(createBufferSource(bytes), 7, options);
  if (!r.ok) throw new Error(r.error);
  return { ips: r.value.frames.map((f) => Number(f.address)), trust: r.value.frames.map((f) => f.trust), problems: r.value.problems };
}
