import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MinidumpSpec, ModuleSpec, ThreadSpec } from '../../electron/main/core/minidump/minidump-spec';
import { readMinidump } from '../../electron/main/core/minidump/read-minidump';
import { writeMinidump, writeMinidumpFile } from '../../electron/main/core/minidump/write-minidump';
import { stackWords, triageSpec } from '../support/minidump-builder';
import { median } from './stats';

const TRIAGE_DUMPS = 1_000;
/** Distinct triage dumps generated; each is written several times under different names. */
const TRIAGE_DISTINCT = 100;
const ROUNDS = 5;
const MiB = 1024 * 1024;

/**
 * A full-memory heap dump (memory.hdmp-like) of ~4 GiB: 4,096 one-MiB heap ranges (holes in a
 * sparse file) before 32 thread stacks, so the stacks' bytes lie past offset 2^32 in Memory64List.
 */
function heapDumpSpec(): MinidumpSpec {
  const modules: ModuleSpec[] = Array.from({ length: 120 }, (_, i) => ({
    name: i === 0 ? 'BigApp.exe' : `lib${i}.dll`,
    base: 0x7ff800000000n + BigInt(i) * 0x1000000n,
    size: 0x800000,
    version: '10.0.19041.1',
    pdb: i === 0 ? 'BigApp.pdb' : `lib${i}.pdb`,
  }));
  const threads: ThreadSpec[] = Array.from({ length: 32 }, (_, t) => {
    const start = 0x7f0000000n + BigInt(t) * 0x100000n;
    const words = Array.from({ length: 8192 }, (_, i) => (i % 7 === 3 ? 0x7ff800001000n + BigInt(i * 0x1000000 + 0x2000) : BigInt(i)));
    return { id: 100 + t, stack: { start, bytes: stackWords('amd64', words), inMemory64: true }, context: { ip: 0x7ff800001234n, sp: start } };
  });
  return {
    arch: 'amd64',
    flags: 0x2 | 0x4 | 0x20 | 0x800, // WithFullMemory | WithHandleData | WithUnloadedModules | WithFullMemoryInfo
    exception: { code: 0xc0000374, address: 0x7ff800001234n, threadId: 100 },
    modules,
    threads,
    memory64: { ranges: Array.from({ length: 4096 }, (_, i) => ({ address: 0x10000000000n + BigInt(i) * 0x200000n, size: MiB })) },
  };
}

async function benchHeapDump(dir: string, log: (line: string) => void): Promise<void> {
  const path = join(dir, 'memory.hdmp');
  const t0 = performance.now();
  const { size } = await writeMinidumpFile(path, heapDumpSpec());
  const disk = (await stat(path)).blocks * 512;
  log(`minidump: wrote a sparse ${(Number(size) / 2 ** 30).toFixed(2)} GiB heap dump (${(disk / MiB).toFixed(1)} MiB on disk) in ${(performance.now() - t0).toFixed(0)} ms`);

  const rssBefore = process.memoryUsage().rss;
  let rssMax = rssBefore;
  const times: number[] = [];
  let frames = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const t = performance.now();
    const r = await readMinidump(path);
    times.push(performance.now() - t);
    rssMax = Math.max(rssMax, process.memoryUsage().rss);
    if (!r.ok) throw new Error(r.error);
    frames = r.value.stack.length;
    if (r.value.memory.list64Ranges !== 4096 + 32) throw new Error('unexpected Memory64List count');
  }
  log(
    `minidump: heap dump summary first ${times[0]!.toFixed(1)} ms, median ${median(times).toFixed(1)} ms over ${ROUNDS} reads ` +
      `(goal < 100 ms); ${frames} stack frames from memory past 4 GiB`,
  );
  log(`minidump: extra RSS while reading ${((rssMax - rssBefore) / MiB).toFixed(1)} MiB (goal < 50 MB)`);
}

async function benchTriage(dir: string, log: (line: string) => void): Promise<void> {
  let t = performance.now();
  const distinct = Array.from({ length: TRIAGE_DISTINCT }, (_, i) => writeMinidump(triageSpec(i + 1)));
  const paths: string[] = [];
  let bytes = 0;
  for (let i = 0; i < TRIAGE_DUMPS; i++) {
    const data = distinct[i % TRIAGE_DISTINCT]!;
    const path = join(dir, `triage-${i}.dmp`);
    await writeFile(path, data);
    paths.push(path);
    bytes += data.length;
  }
  log(`minidump: generated ${TRIAGE_DUMPS} triage dumps (avg ${(bytes / TRIAGE_DUMPS / 1024).toFixed(0)} KB) in ${(performance.now() - t).toFixed(0)} ms`);

  const rounds: number[] = [];
  for (let round = 0; round < 3; round++) {
    t = performance.now();
    for (const p of paths) {
      const r = await readMinidump(p);
      if (!r.ok) throw new Error(r.error);
    }
    rounds.push(performance.now() - t);
  }
  const ms = median(rounds);
  log(`minidump: ${TRIAGE_DUMPS} triage dumps read one after another in ${ms.toFixed(0)} ms = ${Math.round((TRIAGE_DUMPS / ms) * 1000)} dumps/s (median of 3)`);
}

/** Minidump figures: summary of a sparse 4 GiB heap dump (time, extra RSS) and triage dumps/s. */
export async function benchMinidump(log: (line: string) => void): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'wer-bench-minidump-'));
  try {
    await benchHeapDump(dir, log);
    await benchTriage(dir, log);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void benchMinidump((line) => console.log(line)).catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
