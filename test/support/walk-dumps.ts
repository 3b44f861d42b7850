import { readFileSync } from 'node:fs';
import type { ContextSpec, MinidumpSpec } from '../../electron/main/core/minidump/minidump-spec';
import { writeMinidump } from '../../electron/main/core/minidump/write-minidump';
import { stackWords } from './minidump-builder';
import { mappedLayout } from './pe-layout';

/** Where the unit-test DLL sits in the dumps below (its preferred base). */
export const WALK_DLL_BASE = 0x180000000n;
/** Where the thread stacks of the dumps start. */
export const WALK_STACK = 0x10000n;

/** Header fields of a PE file that make its code id, read straight from the bytes. */
export function peIdentity(file: string): { readonly timestamp: number; readonly size: number } {
  const b = readFileSync(file);
  const pe = b.readUInt32LE(0x3c);
  return { timestamp: b.readUInt32LE(pe + 8), size: b.readUInt32LE(pe + 80) };
}

/** How the dump offers the DLL's image to the walker. */
export type ImagePlacement = 'in-memory' | 'local-path' | 'none';

/**
 * An amd64 dump of one thread stopped in `small` (walk-asm.ts) at `small_body`, called from
 * `caller` at `caller_ret`, which itself was called `depth` times from `caller_ret` (as a
 * recursion would), the outermost returning to 0. `labels` are the DLL's export RVAs.
 */
export function callerChainSpec(dll: string, labels: Readonly<Record<string, number>>, depth: number, placement: ImagePlacement, patchImage?: (mapped: Uint8Array) => void): { spec: MinidumpSpec; frames: bigint[] } {
  const id = peIdentity(dll);
  const at = (l: string): bigint => WALK_DLL_BASE + BigInt(labels[l]!);
  const words: bigint[] = [];
  const rsp = WALK_STACK + 0x100n;
  // Padding below rsp, then small's frame: 0x28 bytes of locals, the saved rbx, the return address.
  for (let i = 0; i < 0x100 / 8; i++) words.push(0n);
  for (let i = 0; i < 5; i++) words.push(0x5a5an);
  words.push(0x1234n);
  const frames = [at('small_body')];
  for (let d = 0; d < depth; d++) {
    words.push(at('caller_ret'));
    frames.push(at('caller_ret'));
    // caller's frame: 0x28 bytes (its sub rsp, 0x28).
    for (let i = 0; i < 5; i++) words.push(0x77n);
  }
  words.push(0n);
  for (let i = 0; i < 8; i++) words.push(0n);
  const mapped = mappedLayout(dll);
  patchImage?.(mapped);
  const context: ContextSpec = { ip: frames[0]!, sp: rsp, fp: 0, regs: { rbx: 0xbbbbn } };
  const spec: MinidumpSpec = {
    arch: 'amd64',
    modules: [{ name: placement === 'local-path' ? dll : 'walk-unwind.dll', base: WALK_DLL_BASE, size: id.size, timestamp: id.timestamp }],
    threads: [{ id: 7, stack: { start: WALK_STACK, bytes: stackWords('amd64', words) }, context }],
    exception: { code: 0xc0000005, address: frames[0]!, threadId: 7, params: [0, 0] },
    ...(placement === 'in-memory' ? { memory: [{ address: WALK_DLL_BASE, bytes: mapped }] } : {}),
  };
  return { spec, frames };
}

/** The bytes of callerChainSpec. */
export function callerChainDump(...args: Parameters<typeof callerChainSpec>): { bytes: Uint8Array; frames: bigint[] } {
  const { spec, frames } = callerChainSpec(...args);
  return { bytes: writeMinidump(spec), frames };
}

/** An amd64 dump of one thread (id 7) at `ip` with rsp at the first of `words`, the DLL image in the dump's memory. */
export function stoppedAtDump(dll: string, ip: bigint, words: readonly bigint[], regs: Readonly<Record<string, bigint>> = {}): Uint8Array {
  const id = peIdentity(dll);
  return writeMinidump({
    arch: 'amd64',
    modules: [{ name: 'walk-unwind.dll', base: WALK_DLL_BASE, size: id.size, timestamp: id.timestamp }],
    threads: [{ id: 7, stack: { start: WALK_STACK, bytes: stackWords('amd64', words) }, context: { ip, sp: WALK_STACK, fp: 0, regs } }],
    exception: { code: 0xc0000005, address: ip, threadId: 7, params: [0, 0] },
    memory: [{ address: WALK_DLL_BASE, bytes: mappedLayout(dll) }],
  });
}
