/**
 * Synthetic complete (DumpType 1, PHYSICAL_MEMORY_RUNs) and bitmap (DumpType 5, "SDMP" page
 * bitmap) x64 kernel dumps with real page tables: the loaded-driver list (KLDR_DATA_TABLE_ENTRY
 * chain from PsLoadedModuleList), names in pool memory and the crashing thread's stack. Files are
 * written with positional writes, so a dump of many GB costs a few pages of disk (sparse file).
 * Layouts from ../shared/docs/wer-formats.md §6, the x64 paging structures (Intel SDM vol. 3
 * §4.5) and kdmp-parser's BMP_HEADER64; written independently of the reader.
 */
import { open } from 'node:fs/promises';
import { buildKernelHeader, type KernelHeaderSpec } from './kernel-dump-builder';
import type { TriageDriverSpec } from './kernel-triage-builder';

/** A memory dump to build (x64 only). */
export interface MemoryDumpSpec extends KernelHeaderSpec {
  readonly layout: 'runs' | 'bitmap';
  readonly ip: bigint;
  readonly sp: bigint;
  readonly drivers: readonly TriageDriverSpec[];
  /** Values on the stack from sp upwards. */
  readonly stack: readonly bigint[];
  /** Pages of RAM (the last run's end, or the bitmap's page count). Default 0x4000 (64 MiB). */
  readonly ramPages?: number;
  /** Leaves this driver's name buffer unmapped (index into drivers). */
  readonly unmappedName?: number;
}

const PAGE = 0x1000;
const NT_LIST_HEAD_OFFSET = 0x4002d0n;
const POOL = 0xffffc30012340000n;
// The first run skips the legacy hole below 1 MiB, as real machines report.
const LOW_RUN = { base: 1, count: 0x9e };
const HIGH_RUN_BASE = 0x100;

/** Physical pages and an x64 address space over them. */
class Machine {
  readonly pages = new Map<number, Uint8Array>();
  // Above the 2 MiB large page at pfn 0x200..0x3ff.
  private nextPfn = 0x400;
  readonly cr3: number;

  constructor(private readonly ramPages: number) {
    this.cr3 = this.alloc();
  }

  alloc(): number {
    const pfn = this.nextPfn++;
    if (pfn >= this.ramPages) throw new Error('out of test RAM');
    this.pages.set(pfn, new Uint8Array(PAGE));
    return pfn;
  }

  private page(pfn: number): Uint8Array {
    let p = this.pages.get(pfn);
    if (!p) {
      p = new Uint8Array(PAGE);
      this.pages.set(pfn, p);
    }
    return p;
  }

  private entry(tablePfn: number, index: number): DataView {
    return new DataView(this.page(tablePfn).buffer, index * 8, 8);
  }

  /** Maps a 4 KiB page (level = 4) or a 2 MiB page (level = 3) and returns the physical page. */
  map(va: bigint, pfn: number, large = false): void {
    let table = this.cr3;
    const shifts = large ? [39n, 30n] : [39n, 30n, 21n];
    for (const shift of shifts) {
      const e = this.entry(table, Number((va >> shift) & 0x1ffn));
      let next = Number((e.getBigUint64(0, true) >> 12n) & 0xffffffffffn);
      if ((e.getBigUint64(0, true) & 1n) === 0n) {
        next = this.alloc();
        e.setBigUint64(0, (BigInt(next) << 12n) | 3n, true);
      }
      table = next;
    }
    const shift = large ? 21n : 12n;
    const flags = large ? 0x83n : 3n;
    this.entry(table, Number((va >> shift) & 0x1ffn)).setBigUint64(0, (BigInt(pfn) << 12n) | flags, true);
  }

  private mapped = new Map<bigint, number>();

  /** Maps a 2 MiB region onto 512 pages starting at a 512-aligned pfn. */
  mapLarge(va: bigint, pfn: number): void {
    this.map(va, pfn, true);
    for (let i = 0; i < 512; i++) this.mapped.set(va + BigInt(i * PAGE), pfn + i);
  }

  /** Writes bytes at a virtual address, mapping fresh pages as needed. */
  write(va: bigint, bytes: Uint8Array): void {
    for (let done = 0; done < bytes.length; ) {
      const at = va + BigInt(done);
      const pageVa = at & ~0xfffn;
      let pfn = this.mapped.get(pageVa);
      if (pfn === undefined) {
        pfn = this.alloc();
        this.map(pageVa, pfn);
        this.mapped.set(pageVa, pfn);
      }
      const within = Number(at & 0xfffn);
      const n = Math.min(bytes.length - done, PAGE - within);
      this.page(pfn).set(bytes.subarray(done, done + n), within);
      done += n;
    }
  }

  u64(va: bigint, v: bigint): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
    this.write(va, b);
  }
}

function utf16(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) new DataView(out.buffer).setUint16(i * 2, text.charCodeAt(i), true);
  return out;
}

/** Builds the machine's memory: page tables, driver list, names, stack. */
function buildMemory(spec: MemoryDumpSpec): { machine: Machine; listHead: bigint } {
  const machine = new Machine(spec.ramPages ?? 0x4000);
  const nt = spec.drivers[0]?.base ?? 0xfffff80412000000n;
  // The kernel image's data lies in a 2 MiB large page, as Windows maps its own image.
  const listHead = nt + NT_LIST_HEAD_OFFSET;
  machine.mapLarge(listHead & ~0x1fffffn, 0x200);
  const entries = spec.drivers.map((_, i) => POOL + BigInt(i * 0x100));
  spec.drivers.forEach((d, i) => {
    const e = entries[i]!;
    const entry = new Uint8Array(0x100);
    const dv = new DataView(entry.buffer);
    dv.setBigUint64(0, i + 1 < entries.length ? entries[i + 1]! : listHead, true);
    dv.setBigUint64(8, i > 0 ? entries[i - 1]! : listHead, true);
    dv.setBigUint64(0x30, d.base, true);
    dv.setUint32(0x40, d.size, true);
    const nameVa = (i === spec.unmappedName ? 0xffffc30099990000n : POOL + 0x10000n) + BigInt(i * 0x200);
    const name = utf16(d.path);
    dv.setUint16(0x48, name.length, true);
    dv.setUint16(0x4a, name.length + 2, true);
    dv.setBigUint64(0x50, nameVa, true);
    dv.setUint32(0x80, d.timestamp, true);
    machine.write(e, entry);
    if (i !== spec.unmappedName) machine.write(nameVa, name);
  });
  machine.u64(listHead, entries[0] ?? listHead);
  machine.u64(listHead + 8n, entries[entries.length - 1] ?? listHead);
  spec.stack.forEach((v, i) => machine.u64(spec.sp + BigInt(i * 8), v));
  return { machine, listHead };
}

/** Writes the dump file; returns its size. */
export async function writeMemoryDump(path: string, spec: MemoryDumpSpec): Promise<number> {
  const { machine, listHead } = buildMemory(spec);
  const ram = spec.ramPages ?? 0x4000;
  const header = buildKernelHeader({
    ...spec,
    dumpType: spec.layout === 'runs' ? 1 : 5,
    directoryTableBase: BigInt(machine.cr3) << 12n,
    psLoadedModuleList: listHead,
  });
  const dv = new DataView(header.buffer);
  // CONTEXT (x64) at 0x348: ContextFlags, Rsp, Rip.
  dv.setUint32(0x348 + 0x30, 0x0010000b, true);
  dv.setBigUint64(0x348 + 0x98, spec.sp, true);
  dv.setBigUint64(0x348 + 0xf8, spec.ip, true);
  const writes: [number, Uint8Array][] = [[0, header]];
  let size: number;
  if (spec.layout === 'runs') {
    // PHYSICAL_MEMORY_DESCRIPTOR64 at 0x88: NumberOfRuns, pad, NumberOfPages, then {BasePage, PageCount}.
    const runs = [LOW_RUN, { base: HIGH_RUN_BASE, count: ram - HIGH_RUN_BASE }];
    dv.setUint32(0x88, runs.length, true);
    dv.setUint32(0x8c, 0, true);
    dv.setBigUint64(0x90, BigInt(runs.reduce((n, r) => n + r.count, 0)), true);
    runs.forEach((r, i) => {
      dv.setBigUint64(0x98 + i * 16, BigInt(r.base), true);
      dv.setBigUint64(0xa0 + i * 16, BigInt(r.count), true);
    });
    const runOffset = (pfn: number): number => 0x2000 + (pfn >= HIGH_RUN_BASE ? LOW_RUN.count + pfn - HIGH_RUN_BASE : pfn - LOW_RUN.base) * PAGE;
    for (const [pfn, bytes] of machine.pages) writes.push([runOffset(pfn), bytes]);
    size = 0x2000 + (LOW_RUN.count + ram - HIGH_RUN_BASE) * PAGE;
  } else {
    const bitmap = new Uint8Array(Math.ceil(ram / 8));
    const present = [...machine.pages.keys()].sort((a, b) => a - b);
    for (const pfn of present) bitmap[pfn >> 3]! |= 1 << (pfn & 7);
    const firstPage = Math.ceil((0x2038 + bitmap.length) / PAGE) * PAGE;
    const bh = new Uint8Array(0x38);
    const bv = new DataView(bh.buffer);
    bh.set(new TextEncoder().encode('SDMPDUMP'), 0);
    bv.setBigUint64(0x20, BigInt(firstPage), true);
    bv.setBigUint64(0x28, BigInt(present.length), true);
    bv.setBigUint64(0x30, BigInt(ram), true);
    writes.push([0x2000, bh], [0x2038, bitmap]);
    present.forEach((pfn, i) => writes.push([firstPage + i * PAGE, machine.pages.get(pfn)!]));
    size = firstPage + present.length * PAGE;
  }
  const fh = await open(path, 'w');
  try {
    for (const [at, bytes] of writes) await fh.write(bytes, 0, bytes.length, at);
    await fh.truncate(size);
  } finally {
    await fh.close();
  }
  return size;
}
