import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MinidumpSummary } from '../../shared/minidump-model';
import { createBufferSource } from '../../electron/main/core/minidump/byte-source';
import type { Addr, MinidumpSpec, ModuleSpec, ThreadSpec, WriterArch, WrittenStream } from '../../electron/main/core/minidump/minidump-spec';
import { readMinidumpFrom, type ReadMinidumpOptions } from '../../electron/main/core/minidump/read-minidump';
import { mulberry32 } from './prng';

/** Pointer-sized little-endian words, as a thread stack holds them. */
export function stackWords(arch: WriterArch, words: readonly Addr[]): Uint8Array {
  const size = arch === 'x86' ? 4 : 8;
  const out = new Uint8Array(words.length * size);
  const dv = new DataView(out.buffer);
  words.forEach((w, i) => {
    if (size === 4) dv.setUint32(i * 4, Number(BigInt.asUintN(32, BigInt(w))), true);
    else dv.setBigUint64(i * 8, BigInt.asUintN(64, BigInt(w)), true);
  });
  return out;
}

/** Overwrites a u32 in a built dump (to corrupt a field on purpose). */
export function patchU32(bytes: Uint8Array, offset: number, value: number): void {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(offset, value >>> 0, true);
}

/** Reads a u32 from a built dump. */
export function peekU32(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset).getUint32(offset, true);
}

/** The written location of a stream type (throws when the dump has none: a test bug). */
export function streamAt(streams: readonly WrittenStream[], type: number): WrittenStream {
  const s = streams.find((x) => x.type === type);
  if (!s) throw new Error(`no stream of type ${type} was written`);
  return s;
}

/** Parses bytes from memory and fails the test with the error when it is not a summary. */
export async function summaryOf(bytes: Uint8Array, options?: ReadMinidumpOptions): Promise<MinidumpSummary> {
  const r = await readMinidumpFrom(createBufferSource(bytes), options);
  if (!r.ok) throw new Error(`expected a summary, got: ${r.error}`);
  return r.value;
}

/** A fresh temp folder (remove it with removeTempDir). */
export function makeTempDir(prefix = 'wer-minidump-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Removes a temp folder made by makeTempDir. */
export function removeTempDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

const DLLS = ['ntdll.dll', 'kernel32.dll', 'KERNELBASE.dll', 'ucrtbase.dll', 'combase.dll', 'user32.dll', 'gdi32.dll', 'rpcrt4.dll'];
const HANDLE_TYPES = ['Event', 'File', 'Key', 'Section', 'Thread', 'Semaphore', 'ALPC Port', 'Mutant'];

/**
 * A WER-triage-sized amd64 dump spec (≈100–200 KB): ~100 modules with versions and PDB ids, a
 * dozen threads with 8 KB stacks holding return addresses, handles and unloaded modules. The
 * seed varies the content so a batch of them is not one file repeated.
 */
export function triageSpec(seed: number): MinidumpSpec {
  const rnd = mulberry32(seed);
  const moduleCount = 90 + rnd.int(20);
  const modules: ModuleSpec[] = [];
  let base = 0x7ff800000000n;
  for (let i = 0; i < moduleCount; i++) {
    const name = i === 0 ? `App${seed}.exe` : i <= DLLS.length ? DLLS[i - 1]! : `module${i}_${seed}.dll`;
    const size = 0x10000 * (1 + rnd.int(64));
    modules.push({ name, base, size, version: `10.0.19041.${rnd.int(4000)}`, timestamp: 0x60000000 + rnd.int(0x1000000), pdb: name.replace(/\.\w+$/, '.pdb') });
    base += BigInt(size) + 0x10000n;
  }
  const inModule = (): bigint => {
    const m = modules[rnd.int(modules.length)]!;
    return BigInt(m.base) + 0x1000n + BigInt(rnd.int(m.size - 0x1000));
  };
  const threads: ThreadSpec[] = [];
  const threadCount = 10 + rnd.int(6);
  for (let t = 0; t < threadCount; t++) {
    const start = 0x7f0000000n + BigInt(t) * 0x100000n;
    const words: bigint[] = [];
    for (let i = 0; i < 1024; i++) words.push(rnd.next() < 0.15 ? inModule() : BigInt(rnd.int(0x7fffffff)));
    threads.push({ id: 1000 + t * 4, name: t === 0 ? 'main' : undefined, stack: { start, bytes: stackWords('amd64', words) }, context: { ip: inModule(), sp: start, fp: 0 } });
  }
  return {
    arch: 'amd64',
    flags: 0x1205a4,
    processId: 4000 + seed,
    exception: { code: 0xc0000005, address: threads[0]!.context!.ip!, params: [1, 0x10 + rnd.int(0x1000)], threadId: threads[0]!.id },
    modules,
    threads,
    unloadedModules: [{ name: 'gone.dll', base: 0x7ff700000000n, size: 0x20000 }],
    handles: { entries: Array.from({ length: 300 }, (_, i) => ({ type: i % 3 === 0 ? null : HANDLE_TYPES[rnd.int(HANDLE_TYPES.length)]! })) },
  };
}
