/**
 * `npm run bench symbols`: (1) a 1 GiB sparse PDB (a real clang/lld PDB whose symbol record
 * stream is padded to 1 GiB): open + 1,000 lookups, bytes read, RSS growth, and the time
 * llvm-symbolizer takes for the same 1,000 addresses on the compact original, measured in this
 * run; (2) the crash stack of a dump summary with 100 modules naming 30 frames from locally cached
 * PDBs (a cold first pass that opens the PDBs, then a warm one).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFileSource, type ByteSource } from '../../electron/main/core/minidump/byte-source';
import { openPdb } from '../../electron/main/core/pdb/open-pdb';
import { dumpSymbols } from '../../electron/main/core/symbolize/dump-symbols';
import { symbolizeDump } from '../../electron/main/core/symbolize/symbolize-dump';
import { createSymbolLocator } from '../../electron/main/core/symbols/symbol-locator';
import { parseSymbolPath } from '../../electron/main/core/symbols/symbol-path';
import type { MinidumpModule, MinidumpSummary } from '../../shared/minidump-model';
import { llvmTool } from '../support/llvm-tools';
import { pdbFixtures } from '../support/pdb-builder';
import { layoutMsf, splitMsf, writeMsfFile } from '../support/pdb-msf-writer';
import { pdbIdentity } from '../support/pe-readobj';
import { oracleHeaders } from '../support/pe-oracle';
import { breakpadDump } from '../renderer/support/detail-factory';
import { median } from './stats';

const GIB = 1024 * 1024 * 1024;
const MB = 1024 * 1024;

function counting(inner: ByteSource): ByteSource & { bytes: number } {
  const c = {
    size: inner.size,
    bytes: 0,
    async read(offset: bigint, length: number) {
      const b = await inner.read(offset, length);
      c.bytes += b.length;
      return b;
    },
  };
  return c;
}

async function benchBigPdb(work: string, log: (line: string) => void): Promise<void> {
  const fixture = pdbFixtures()['mingw-x64'];
  const split = splitMsf(new Uint8Array(readFileSync(fixture.pdb)));
  const dbi = split.streams[3]!;
  const records = new DataView(dbi.buffer, dbi.byteOffset, dbi.byteLength).getUint16(20, true);
  const big = join(work, 'big.pdb');
  writeMsfFile(big, layoutMsf(split.streams, { blockSize: 4096, pad: { stream: records, size: GIB } }));

  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const file = await openFileSource(big);
  const source = counting(file);
  const opened = await openPdb(source);
  if (!opened.ok) throw new Error(opened.error);
  const pdb = opened.value;
  const text = pdb.sections.find((s) => s.name === '.text')!;
  const rvas = Array.from({ length: 1000 }, (_, i) => text.rva + ((i * 7919) % text.size));
  const openMs = performance.now() - started;
  for (const rva of rvas) await pdb.symbolize(rva);
  const totalMs = performance.now() - started;
  const rssGrowth = (process.memoryUsage().rss - rssBefore) / MB;
  await file.close();

  const symbolizer = (): number => {
    const t = performance.now();
    execFileSync(llvmTool('llvm-symbolizer'), [`--obj=${fixture.exe}`, '--relative-address', '--output-style=JSON', '--inlining'], {
      input: rvas.map((r) => '0x' + r.toString(16)).join('\n') + '\n',
      maxBuffer: 64 * MB,
    });
    return performance.now() - t;
  };
  const llvmMs = median([symbolizer(), symbolizer(), symbolizer()]);
  log(`symbols: 1 GiB sparse PDB: open ${openMs.toFixed(1)} ms, open + 1,000 lookups ${totalMs.toFixed(1)} ms, read ${(source.bytes / MB).toFixed(2)} MiB, RSS change ${rssGrowth >= 0 ? "+" : ""}${rssGrowth.toFixed(1)} MB`);
  log(`symbols: llvm-symbolizer, same 1,000 addresses on the compact original (process start included): ${llvmMs.toFixed(1)} ms; ratio ours/llvm ${(totalMs / llvmMs).toFixed(2)}`);
}

async function benchStack(work: string, log: (line: string) => void): Promise<void> {
  const { exe, pdb } = pdbFixtures()['msvc-x64'];
  const id = pdbIdentity(pdb);
  const debugId = `${id.guid.replace(/-/g, '')}${id.age.toString(16).toUpperCase()}`;
  const headers = oracleHeaders(exe);
  const size = Number(headers.optional.sizeOfImage);
  const store = join(work, 'store');
  const modules: MinidumpModule[] = [];
  const base = breakpadDump().modules[0]!;
  for (let i = 0; i < 100; i++) {
    // 100 modules, each with its own PDB file in the store (the same build under 100 names).
    const name = `mod${i}.pdb`;
    mkdirSync(join(store, name, debugId), { recursive: true });
    copyFileSync(pdb, join(store, name, debugId, name));
    const address = 0x10000000 + i * 0x100000;
    modules.push({ ...base, name: `mod${i}.dll`, path: `C:\\app\\mod${i}.dll`, base: `0x${address.toString(16)}`, size, debugFile: `C:\\build\\${name}`, debugId, codeId: '', cvKind: 'RSDS' });
  }
  const opened = await openPdb(await openFileSource(pdb));
  if (!opened.ok) throw new Error(opened.error);
  const text = opened.value.sections.find((s) => s.name === '.text')!;
  const stack = Array.from({ length: 30 }, (_, i) => {
    const module = modules[(i * 7) % 10]!;
    const address = BigInt(module.base) + BigInt(text.rva + ((i * 97) % text.size));
    return { address: `0x${address.toString(16)}`, module: module.name, offset: '0x0', trust: i === 0 ? ('context' as const) : ('cfi' as const) };
  });
  const summary: MinidumpSummary = { ...breakpadDump(), modules, stack, exception: null };
  const locator = createSymbolLocator({ elements: parseSymbolPath(store).elements, defaultCache: join(work, 'cache') });
  const symbols = dumpSymbols({ locator, exists: () => false });
  const t0 = performance.now();
  await symbolizeDump(summary, symbols);
  const cold = performance.now() - t0;
  const warm = median(
    await Promise.all(
      [0, 1, 2].map(async () => {
        const t = performance.now();
        await symbolizeDump(summary, symbols);
        return performance.now() - t;
      }),
    ),
  );
  await symbols.close();
  log(`symbols: crash stack of a 100-module dump, 30 frames in 10 modules, PDBs in a local store: first ${cold.toFixed(1)} ms (opens 10 PDBs), then ${warm.toFixed(1)} ms`);
}

/** Prints the symbol figures. */
export async function benchSymbols(log: (line: string) => void): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'wer-bench-symbols-'));
  try {
    await benchBigPdb(work, log);
    await benchStack(work, log);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
