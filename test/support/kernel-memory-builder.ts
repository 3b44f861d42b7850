/**
 * Synthetic complete (DumpType 1, PHYSICAL_MEMORY_RUNs) and bitmap (DumpType 5, "SDMP" page
 * bitmap; DumpType 2 with the 32-bit SUMMARY_DUMP32) kernel dumps with real page tables for x64,
 * arm64 and x86 (with and without PAE): the loaded-driver list (KLDR_DATA_TABLE_ENTRY chain from
 * PsLoadedModuleList), names in pool memory and the crashing thread's stack. Files are written
 * with positional writes, so a dump of many GB costs a few pages of disk (sparse file).
 * Layouts from ../shared/docs/wer-formats.md §6, the paging structures (Intel SDM vol. 3 §4.3-4.5;
 * Arm ARM D8, 4 KiB granule), mindumpdef.h's DUMP_HEADER32 (PaeEnabled 0x5c, runs at 0x64),
 * dump.h's BITMAP_DUMP / SUMMARY_DUMP32 and kdmp-parser's BMP_HEADER64; written independently of
 * the reader.
 */
import { open } from 'node:fs/promises';
import { buildKernelHeader, type KernelHeaderSpec } from './kernel-dump-builder';
import type { TriageDriverSpec } from './kernel-triage-builder';

/** The machine whose page tables are built. */
export type MemoryDumpArch = 'amd64' | 'arm64' | 'x86' | 'x86-pae';

/** A memory dump to build. */
export interface MemoryDumpSpec extends KernelHeaderSpec {
  /** Default amd64. */
  readonly arch?: MemoryDumpArch;
  /** runs: DumpType 1; bitmap: DumpType 5 (BITMAP_DUMP); summary: DumpType 2 (SUMMARY_DUMP32, x86 only). */
  readonly layout: 'runs' | 'bitmap' | 'summary';
  readonly ip: bigint;
  readonly sp: bigint;
  readonly drivers: readonly TriageDriverSpec[];
  /** Values on the stack from sp upwards (pointer-sized). */
  readonly stack: readonly bigint[];
  /** Pages of RAM (the last run's end, or the bitmap's page count). Default 0x4000 (64 MiB). */
  readonly ramPages?: number;
  /** Leaves this driver's name buffer unmapped (index into drivers). */
  readonly unmappedName?: number;
  /** This entry's Flink points back at the first entry (a loop that never reaches the head). */
  readonly loopAt?: number;
  /** This entry's Flink points at an unmapped address. */
  readonly breakAt?: number;
  /** Overrides the 32-bit header's PaeEnabled byte (hostile tests). */
  readonly paeByte?: number;
  /** Overrides NumberOfRuns (hostile tests). */
  readonly runCount?: number;
}

const PAGE = 0x1000;
const NT_LIST_HEAD_OFFSET = 0x4002d0n;
const UNMAPPED = { 64: 0xffffc30099990000n, 32: 0x9999_0000n } as const;
const POOL = { 64: 0xffffc30012340000n, 32: 0x8a340000n } as const;
// The first run skips the legacy hole below 1 MiB, as real machines report.
const LOW_RUN = { base: 1, count: 0x9e };
const HIGH_RUN_BASE = 0x100;

/** One paging format: levels, entry size, and the entries the builder writes. */
interface Paging {
  readonly bits: 32 | 64;
  readonly entryBytes: 4 | 8;
  /** VA shift of each level, root first; the last level maps 4 KiB pages. */
  readonly shifts: readonly bigint[];
  /** Index mask of each level. */
  readonly masks: readonly bigint[];
  /** Entry pointing at a next-level table. */
  table(pa: bigint): bigint;
  /** Last-level entry mapping a 4 KiB page. */
  page(pa: bigint): bigint;
  /** Entry one level above the last mapping a large page. */
  large(pa: bigint): bigint;
  /** Pages in a large page. */
  readonly largePages: number;
  /** The root table's offset inside its page (PAE's 32-byte aligned PDPT). */
  readonly rootOffset: number;
}

const NX = 1n << 63n;
const PAGINGS: Readonly<Record<MemoryDumpArch, Paging>> = {
  // x64: present | writable; PS (0x80) for a 2 MiB page in a PD entry; NX on data pages.
  amd64: {
    bits: 64, entryBytes: 8, shifts: [39n, 30n, 21n, 12n], masks: [0x1ffn, 0x1ffn, 0x1ffn, 0x1ffn],
    table: (pa) => pa | 3n, page: (pa) => pa | 0x63n | NX, large: (pa) => pa | 0xe3n | NX, largePages: 512, rootOffset: 0,
  },
  // arm64: valid | table/page (3), AF (0x400), DBM (bit 51) and UXN (bit 54) on pages and blocks;
  // a block descriptor has bit 1 clear.
  arm64: {
    bits: 64, entryBytes: 8, shifts: [39n, 30n, 21n, 12n], masks: [0x1ffn, 0x1ffn, 0x1ffn, 0x1ffn],
    table: (pa) => pa | 3n, page: (pa) => pa | 0x403n | (1n << 51n) | (1n << 54n), large: (pa) => pa | 0x401n | (1n << 51n) | (1n << 54n), largePages: 512, rootOffset: 0,
  },
  // x86 without PAE: 4-byte entries, PS (0x80) for a 4 MiB page in a directory entry.
  x86: {
    bits: 32, entryBytes: 4, shifts: [22n, 12n], masks: [0x3ffn, 0x3ffn],
    table: (pa) => pa | 0x63n, page: (pa) => pa | 0x163n, large: (pa) => pa | 0x1e3n, largePages: 1024, rootOffset: 0,
  },
  // x86 PAE: a 4-entry PDPT (present only: its other low bits are reserved) at a 32-byte aligned
  // CR3 that is not page aligned, then 512-entry directory and table; NX on data pages.
  'x86-pae': {
    bits: 32, entryBytes: 8, shifts: [30n, 21n, 12n], masks: [3n, 0x1ffn, 0x1ffn],
    table: (pa) => pa | 0x63n, page: (pa) => pa | 0x63n | NX, large: (pa) => pa | 0xe3n | NX, largePages: 512, rootOffset: 0x20,
  },
};

/** Physical pages and one address space over them. */
class Machine {
  readonly pages = new Map<number, Uint8Array>();
  private nextPfn: number;
  /** Physical address of the root table. */
  readonly root: bigint;
  private readonly mapped = new Map<bigint, number>();

  constructor(
    private readonly paging: Paging,
    private readonly ramPages: number,
  ) {
    // The kernel's large page sits at pfn largePages (aligned); everything else above it.
    this.nextPfn = paging.largePages * 2;
    this.root = (BigInt(this.alloc()) << 12n) + BigInt(paging.rootOffset);
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

  private readEntry(pa: bigint): bigint {
    const dv = new DataView(this.page(Number(pa >> 12n)).buffer);
    const at = Number(pa & 0xfffn);
    return this.paging.entryBytes === 8 ? dv.getBigUint64(at, true) : BigInt(dv.getUint32(at, true));
  }

  private writeEntry(pa: bigint, value: bigint): void {
    const dv = new DataView(this.page(Number(pa >> 12n)).buffer);
    const at = Number(pa & 0xfffn);
    if (this.paging.entryBytes === 8) dv.setBigUint64(at, value, true);
    else dv.setUint32(at, Number(value), true);
  }

  /** Maps a 4 KiB page, or a large page (`large`) at the level above the last. */
  private map(va: bigint, pfn: number, large: boolean): void {
    const { shifts, masks, entryBytes } = this.paging;
    const last = large ? shifts.length - 2 : shifts.length - 1;
    let table = this.root;
    for (let level = 0; level < last; level++) {
      const at = table + ((va >> shifts[level]!) & masks[level]!) * BigInt(entryBytes);
      const e = this.readEntry(at);
      if (e === 0n) {
        const next = BigInt(this.alloc()) << 12n;
        this.writeEntry(at, level === 0 && this.paging.rootOffset !== 0 ? next | 1n : this.paging.table(next));
        table = next;
      } else {
        table = e & 0x0000fffffffff000n;
      }
    }
    const at = table + ((va >> shifts[last]!) & masks[last]!) * BigInt(entryBytes);
    const pa = BigInt(pfn) << 12n;
    this.writeEntry(at, large ? this.paging.large(pa) : this.paging.page(pa));
  }

  /** Maps the large page holding `va` onto the pages from pfn `largePages` (aligned). */
  mapLarge(va: bigint): void {
    const span = BigInt(this.paging.largePages) << 12n;
    const start = va & ~(span - 1n);
    const pfn = this.paging.largePages;
    this.map(start, pfn, true);
    for (let i = 0; i < this.paging.largePages; i++) this.mapped.set(start + BigInt(i * PAGE), pfn + i);
  }

  /** Writes bytes at a virtual address, mapping fresh pages as needed. */
  write(va: bigint, bytes: Uint8Array): void {
    for (let done = 0; done < bytes.length; ) {
      const at = va + BigInt(done);
      const pageVa = at & ~0xfffn;
      let pfn = this.mapped.get(pageVa);
      if (pfn === undefined) {
        pfn = this.alloc();
        this.map(pageVa, pfn, false);
        this.mapped.set(pageVa, pfn);
      }
      const within = Number(at & 0xfffn);
      const n = Math.min(bytes.length - done, PAGE - within);
      this.page(pfn).set(bytes.subarray(done, done + n), within);
      done += n;
    }
  }

  pointer(va: bigint, v: bigint): void {
    const b = new Uint8Array(this.paging.bits / 8);
    if (this.paging.bits === 64) new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
    else new DataView(b.buffer).setUint32(0, Number(BigInt.asUintN(32, v)), true);
    this.write(va, b);
  }
}

function utf16(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) new DataView(out.buffer).setUint16(i * 2, text.charCodeAt(i), true);
  return out;
}

/** KLDR_DATA_TABLE_ENTRY offsets (64-bit, 32-bit): Flink, Blink, DllBase, SizeOfImage, FullDllName, TimeDateStamp. */
const KLDR = {
  64: { size: 0x100, blink: 8, dllBase: 0x30, sizeOfImage: 0x40, fullName: 0x48, buffer: 8, timestamp: 0x80 },
  32: { size: 0x80, blink: 4, dllBase: 0x18, sizeOfImage: 0x20, fullName: 0x24, buffer: 4, timestamp: 0x44 },
} as const;

/** Builds the machine's memory: page tables, driver list, names, stack. */
function buildMemory(spec: MemoryDumpSpec): { machine: Machine; listHead: bigint } {
  const paging = PAGINGS[spec.arch ?? 'amd64'];
  const bits = paging.bits;
  const k = KLDR[bits];
  const machine = new Machine(paging, spec.ramPages ?? 0x4000);
  const nt = spec.drivers[0]?.base ?? (bits === 64 ? 0xfffff80412000000n : 0x804d7000n);
  // The kernel image's data lies in a large page, as Windows maps its own image.
  const listHead = nt + NT_LIST_HEAD_OFFSET;
  machine.mapLarge(listHead);
  const entries = spec.drivers.map((_, i) => POOL[bits] + BigInt(i * k.size));
  const put = (dv: DataView, at: number, v: bigint): void => {
    if (bits === 64) dv.setBigUint64(at, v, true);
    else dv.setUint32(at, Number(v), true);
  };
  spec.drivers.forEach((d, i) => {
    const e = entries[i]!;
    const entry = new Uint8Array(k.size);
    const dv = new DataView(entry.buffer);
    let flink = i + 1 < entries.length ? entries[i + 1]! : listHead;
    if (i === spec.loopAt) flink = entries[0]!;
    if (i === spec.breakAt) flink = UNMAPPED[bits] + 0x8000n;
    put(dv, 0, flink);
    put(dv, k.blink, i > 0 ? entries[i - 1]! : listHead);
    put(dv, k.dllBase, d.base);
    dv.setUint32(k.sizeOfImage, d.size, true);
    const nameVa = (i === spec.unmappedName ? UNMAPPED[bits] : POOL[bits] + 0x10000n) + BigInt(i * 0x200);
    const name = utf16(d.path);
    dv.setUint16(k.fullName, name.length, true);
    dv.setUint16(k.fullName + 2, name.length + 2, true);
    put(dv, k.fullName + k.buffer, nameVa);
    dv.setUint32(k.timestamp, d.timestamp, true);
    machine.write(e, entry);
    if (i !== spec.unmappedName) machine.write(nameVa, name);
  });
  machine.pointer(listHead, entries[0] ?? listHead);
  machine.pointer(listHead + BigInt(k.blink), entries[entries.length - 1] ?? listHead);
  spec.stack.forEach((v, i) => machine.pointer(spec.sp + BigInt((i * bits) / 8), v));
  return { machine, listHead };
}

/** Where the header keeps the crash context's fields, per machine (CONTEXT layouts). */
function writeContext(dv: DataView, arch: MemoryDumpArch, spec: MemoryDumpSpec): void {
  if (arch === 'amd64') {
    // CONTEXT (x64) at 0x348: ContextFlags 0x30, Rsp 0x98, Rip 0xf8.
    dv.setUint32(0x348 + 0x30, 0x0010000b, true);
    dv.setBigUint64(0x348 + 0x98, spec.sp, true);
    dv.setBigUint64(0x348 + 0xf8, spec.ip, true);
  } else if (arch === 'arm64') {
    // CONTEXT (arm64) at 0x348: ContextFlags 0, Sp 0x100, Pc 0x108.
    dv.setUint32(0x348, 0x00400003, true);
    dv.setBigUint64(0x348 + 0x100, spec.sp, true);
    dv.setBigUint64(0x348 + 0x108, spec.ip, true);
  } else {
    // CONTEXT (x86) at 0x320: ContextFlags 0, Eip 0xb8, Esp 0xc4.
    dv.setUint32(0x320, 0x00010007, true);
    dv.setUint32(0x320 + 0xb8, Number(spec.ip), true);
    dv.setUint32(0x320 + 0xc4, Number(spec.sp), true);
  }
}

/** Writes the dump file; returns its size. */
export async function writeMemoryDump(path: string, spec: MemoryDumpSpec): Promise<number> {
  const arch = spec.arch ?? 'amd64';
  const bits = PAGINGS[arch].bits;
  const headerSize = bits === 64 ? 0x2000 : 0x1000;
  const { machine, listHead } = buildMemory(spec);
  const ram = spec.ramPages ?? 0x4000;
  const dumpType = spec.layout === 'runs' ? 1 : spec.layout === 'bitmap' ? 5 : 2;
  const header = buildKernelHeader({
    ...spec,
    bits,
    machineImageType: spec.machineImageType ?? (arch === 'amd64' ? 0x8664 : arch === 'arm64' ? 0xaa64 : 0x14c),
    dumpType,
    // arm64: TTBR with an ASID in bits 63:48 and CnP (bit 0), which are not address bits.
    directoryTableBase: arch === 'arm64' ? machine.root | (0x2an << 48n) | 1n : machine.root,
    psLoadedModuleList: listHead,
  });
  const dv = new DataView(header.buffer);
  if (bits === 32) header[0x5c] = spec.paeByte ?? (arch === 'x86-pae' ? 1 : 0);
  writeContext(dv, arch, spec);
  const writes: [number, Uint8Array][] = [[0, header]];
  let size: number;
  if (spec.layout === 'runs') {
    const runs = [LOW_RUN, { base: HIGH_RUN_BASE, count: ram - HIGH_RUN_BASE }];
    const total = runs.reduce((n, r) => n + r.count, 0);
    if (bits === 64) {
      // PHYSICAL_MEMORY_DESCRIPTOR64 at 0x88: NumberOfRuns, pad, NumberOfPages, then {BasePage, PageCount}.
      dv.setUint32(0x88, spec.runCount ?? runs.length, true);
      dv.setUint32(0x8c, 0, true);
      dv.setBigUint64(0x90, BigInt(total), true);
      runs.forEach((r, i) => {
        dv.setBigUint64(0x98 + i * 16, BigInt(r.base), true);
        dv.setBigUint64(0xa0 + i * 16, BigInt(r.count), true);
      });
    } else {
      // PHYSICAL_MEMORY_DESCRIPTOR32 at 0x64: NumberOfRuns, NumberOfPages, then {BasePage, PageCount}.
      dv.setUint32(0x64, spec.runCount ?? runs.length, true);
      dv.setUint32(0x68, total, true);
      runs.forEach((r, i) => {
        dv.setUint32(0x6c + i * 8, r.base, true);
        dv.setUint32(0x70 + i * 8, r.count, true);
      });
    }
    const runOffset = (pfn: number): number => headerSize + (pfn >= HIGH_RUN_BASE ? LOW_RUN.count + pfn - HIGH_RUN_BASE : pfn - LOW_RUN.base) * PAGE;
    for (const [pfn, bytes] of machine.pages) writes.push([runOffset(pfn), bytes]);
    size = headerSize + total * PAGE;
  } else {
    const bitmap = new Uint8Array(Math.ceil(ram / 8));
    const present = [...machine.pages.keys()].sort((a, b) => a - b);
    for (const pfn of present) bitmap[pfn >> 3]! |= 1 << (pfn & 7);
    const summary = spec.layout === 'summary';
    const bitsAt = headerSize + (summary ? 0x20 : 0x38);
    const firstPage = Math.ceil((bitsAt + bitmap.length) / PAGE) * PAGE;
    const bh = new Uint8Array(bitsAt - headerSize);
    const bv = new DataView(bh.buffer);
    bh.set(new TextEncoder().encode('SDMPDUMP'), 0);
    if (summary) {
      // SUMMARY_DUMP32: DumpOptions, HeaderSize (first page), BitmapSize (bits), Pages (set), SizeOfBitMap.
      bv.setUint32(0x8, 1, true);
      bv.setUint32(0xc, firstPage, true);
      bv.setUint32(0x10, ram, true);
      bv.setUint32(0x14, present.length, true);
      bv.setUint32(0x18, ram, true);
    } else {
      // BITMAP_DUMP: FirstPage, TotalPresentPages, Pages (bits), all 64-bit.
      bv.setBigUint64(0x20, BigInt(firstPage), true);
      bv.setBigUint64(0x28, BigInt(present.length), true);
      bv.setBigUint64(0x30, BigInt(ram), true);
    }
    writes.push([headerSize, bh], [bitsAt, bitmap]);
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
