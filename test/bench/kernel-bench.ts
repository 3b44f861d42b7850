/**
 * `npm run bench kernel`: crash facts (drivers, stack, driver at fault) of a 2 GiB sparse complete
 * kernel dump (target < 200 ms, bounded RSS), and a Minidump store of 500 small dumps listed from
 * their headers (target < 2 s), then grouped (which reads each dump's driver at fault once).
 */
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withCausedByAll } from '../../electron/main/core/kernel/caused-by-cache';
import { readKernelDump } from '../../electron/main/core/kernel/read-kernel-dump';
import { scanStores } from '../../electron/main/core/store/scan-stores';
import { groupProblems } from '../../shared/problems';
import { writeMemoryDump } from '../support/kernel-memory-builder';
import { buildTriageDump } from '../support/kernel-triage-builder';
import { ACME_CRASH, KERNEL_CRASH_STACK, PARAMETER_ONLY, X64_DRIVERS } from '../support/kernel-triage-cases';
import { median } from './stats';

const MiB = 1024 * 1024;
const ROUNDS = 5;
const SMALL_DUMPS = 500;
/** 2 GiB of RAM in 4 KiB pages: the complete dump's size. */
const RAM_PAGES = (2 * 1024 * MiB) / 0x1000;

async function benchFullDump(dir: string, log: (line: string) => void): Promise<void> {
  const path = join(dir, 'MEMORY.DMP');
  const nt = X64_DRIVERS[0]!.base;
  const size = await writeMemoryDump(path, {
    layout: 'runs',
    ramPages: RAM_PAGES,
    bugCheckCode: 0x133,
    bugCheckParameters: [1n, 0x1e00n, 0xfffff80412efb320n, 0n],
    ip: nt + 0x3f1a0n,
    sp: 0xffffd2811f2a7f00n,
    drivers: X64_DRIVERS,
    stack: [nt + 0x1000n, 0x1234n, X64_DRIVERS[3]!.base + 0x2222n, nt + 0x5000n],
  });
  const disk = (await stat(path)).blocks * 512;
  log(`kernel: sparse complete dump of ${(size / 2 ** 30).toFixed(2)} GiB (${(disk / MiB).toFixed(1)} MiB on disk)`);
  const rssBefore = process.memoryUsage().rss;
  let rssMax = rssBefore;
  const times: number[] = [];
  let facts = '';
  for (let round = 0; round < ROUNDS; round++) {
    const t = performance.now();
    const r = await readKernelDump(path);
    times.push(performance.now() - t);
    rssMax = Math.max(rssMax, process.memoryUsage().rss);
    if (!r.ok) throw new Error(r.error);
    facts = `${r.value.drivers.length} drivers, ${r.value.stack.length} frames, caused by ${r.value.causedBy?.driver ?? 'none'}`;
  }
  log(`kernel: crash facts of the 2 GiB dump: median ${median(times).toFixed(1)} ms, first ${times[0]?.toFixed(1)} ms (target < 200 ms); ${facts}`);
  log(`kernel: RSS ${(rssBefore / MiB).toFixed(0)} MiB before, ${(rssMax / MiB).toFixed(0)} MiB at most (+${((rssMax - rssBefore) / MiB).toFixed(1)} MiB)`);
}

async function benchMinidumpStore(dir: string, log: (line: string) => void): Promise<void> {
  const store = join(dir, 'Minidump');
  await mkdir(store);
  const specs = [ACME_CRASH, KERNEL_CRASH_STACK, PARAMETER_ONLY];
  const files = specs.map((spec) => buildTriageDump(spec));
  for (let i = 0; i < SMALL_DUMPS; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    await writeFile(join(store, `05${day}24-${String(10000 + i)}-01.dmp`), files[i % files.length]!);
  }
  log(`kernel: Minidump store of ${SMALL_DUMPS} small dumps (${(files[0]!.length / 1024).toFixed(1)} KiB each)`);
  const location = [{ path: store, scope: 'extra' as const, label: store }];
  const listTimes: number[] = [];
  let listed = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const t = performance.now();
    const { reports } = await scanStores(location);
    listTimes.push(performance.now() - t);
    listed = reports.length;
  }
  log(`kernel: listed ${listed} records from headers: median ${median(listTimes).toFixed(0)} ms, first ${listTimes[0]?.toFixed(0)} ms (target < 2 s)`);
  const { reports } = await scanStores(location);
  let t = performance.now();
  let problems = groupProblems(await withCausedByAll(reports));
  const cold = performance.now() - t;
  t = performance.now();
  problems = groupProblems(await withCausedByAll(reports));
  const warm = performance.now() - t;
  log(`kernel: grouped into ${problems.length} problems (bug check + driver): ${cold.toFixed(0)} ms reading every driver at fault, ${warm.toFixed(0)} ms from the cache`);
}

/** Prints the kernel dump figures. */
export async function benchKernel(log: (line: string) => void): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'wer-bench-kernel-'));
  try {
    await benchFullDump(dir, log);
    await benchMinidumpStore(dir, log);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
