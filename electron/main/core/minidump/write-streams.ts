import type { ByteWriter } from './byte-writer';
import type { Addr, ExceptionSpec, MinidumpSpec, ModuleSpec, PdbSpec, ThreadSpec } from './minidump-spec';
import type { WriterArch } from './write-context';

/** Location of a written stream body or blob. */
export interface Loc {
  readonly rva: number;
  readonly size: number;
}

/** A thread whose context and stack have been placed. */
export interface PlacedThread {
  readonly spec: ThreadSpec;
  readonly context: Loc;
  readonly stack: { readonly start: Addr; readonly size: number; readonly rva: number };
}

const ARCH_CODE: Readonly<Record<WriterArch, number>> = { x86: 0, amd64: 9, arm64: 12 };

/** Ends a stream body started at `at`. */
export function end(w: ByteWriter, at: number): Loc {
  return { rva: at, size: w.length - at };
}

/** Writes SystemInfo (7): 56 bytes plus the CSD string. */
export function writeSystemInfo(w: ByteWriter, spec: MinidumpSpec): Loc {
  const arch = spec.arch ?? 'amd64';
  const os = spec.os ?? { major: 10, minor: 0, build: 19045 };
  const csd = w.minidumpString(os.csd ?? '');
  const at = w.align(4);
  w.u16(ARCH_CODE[arch]);
  w.u16(arch === 'arm64' ? 0 : 6); // ProcessorLevel
  w.u16(0x9e0a); // ProcessorRevision
  w.u8(spec.cpuCount ?? 4);
  w.u8(1); // workstation
  w.u32(os.major);
  w.u32(os.minor);
  w.u32(os.build);
  w.u32(spec.platformId ?? 2);
  w.u32(csd);
  w.u16(0x100); // SuiteMask: single user terminal server
  w.u16(0);
  if (arch === 'x86') {
    for (const c of 'GenuineIntel') w.u8(c.charCodeAt(0));
    w.u32(0x000906ea);
    w.u32(0xbfebfbff);
    w.u32(0);
  } else w.zeros(24);
  return end(w, at);
}

/** MiscInfo sizes by version (MINIDUMP_MISC_INFO … _5). */
const MISC_SIZES = [0, 24, 44, 232, 832, 1364] as const;

/** Writes MiscInfo (15) of the requested version with pid, process times and build strings. */
export function writeMiscInfo(w: ByteWriter, spec: MinidumpSpec): Loc {
  const version = spec.miscInfoVersion ?? 5;
  const size = MISC_SIZES[version];
  const at = w.align(4);
  const base = w.zeros(size);
  w.setU32(base, size);
  let flags = 0x1 | 0x2;
  w.setU32(base + 8, spec.processId ?? 4242);
  w.setU32(base + 12, spec.processCreateTime ?? spec.timestamp ?? 1_700_000_000);
  w.setU32(base + 16, 1);
  w.setU32(base + 20, 2);
  if (version >= 4) {
    flags |= 0x100;
    // Fixed wchar arrays, NUL-terminated within their length.
    const writeWide = (offset: number, max: number, text: string): void => {
      for (let i = 0; i < Math.min(text.length, max - 1); i++) w.setU16(base + offset + i * 2, text.charCodeAt(i));
    };
    writeWide(232, 260, spec.buildString ?? '19041.1.amd64fre.vb_release.191206-1406');
    writeWide(752, 40, spec.dumpWriter ?? 'wer-explorer.writer,1.0');
  }
  w.setU32(base + 4, flags);
  return end(w, at);
}

function parseVersion(text: string): [number, number, number, number] {
  const p = text.split('.').map((s) => Number.parseInt(s, 10) || 0);
  return [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0, p[3] ?? 0];
}

/** A stable 32-hex-digit GUID derived from a name, for modules without an explicit one. */
function defaultGuid(name: string): string {
  let h = 0x811c9dc5;
  let out = '';
  for (let round = 0; round < 4; round++) {
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
    h = Math.imul(h ^ round, 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.toUpperCase();
}

/** Writes a CodeView record (RSDS or NB10) blob. */
function writeCv(w: ByteWriter, pdb: PdbSpec, module: ModuleSpec): Loc {
  const at = w.align(4);
  const enc = new TextEncoder();
  const p = typeof pdb === 'string' ? { kind: 'RSDS' as const, file: pdb } : pdb;
  if (p.kind === 'NB10') {
    w.u32(0x3031424e);
    w.u32(0);
    w.u32(p.signature ?? module.timestamp ?? 0);
    w.u32(p.age ?? 1);
  } else {
    const guid = ('guid' in p && p.guid ? p.guid : defaultGuid(module.name)).replace(/[^0-9a-f]/gi, '').padEnd(32, '0');
    w.u32(0x53445352);
    w.u32(Number.parseInt(guid.slice(0, 8), 16));
    w.u16(Number.parseInt(guid.slice(8, 12), 16));
    w.u16(Number.parseInt(guid.slice(12, 16), 16));
    for (let i = 16; i < 32; i += 2) w.u8(Number.parseInt(guid.slice(i, i + 2), 16));
    w.u32(('age' in p ? p.age : undefined) ?? 1);
  }
  w.bytes(enc.encode(p.file));
  w.u8(0);
  return end(w, at);
}

/** Writes ModuleList (4): names and CodeView records first, then the 108-byte entries. */
export function writeModuleList(w: ByteWriter, modules: readonly ModuleSpec[], pad: boolean): Loc {
  const placed = modules.map((m) => ({
    m,
    name: w.minidumpString(m.name),
    cv: m.pdb && !m.strippedCv ? writeCv(w, m.pdb, m) : { rva: 0, size: m.strippedCv ? 120 : 0 },
  }));
  const at = w.align(4);
  w.u32(modules.length);
  if (pad) w.u32(0);
  for (const { m, name, cv } of placed) {
    w.u64(m.base);
    w.u32(m.size);
    w.u32(m.checksum ?? 0);
    w.u32(m.timestamp ?? 0);
    w.u32(name);
    if (m.version) {
      const [a, b, c, d] = parseVersion(m.version);
      const ms = ((a << 16) | b) >>> 0;
      const ls = ((c << 16) | d) >>> 0;
      for (const v of [0xfeef04bd, 0x10000, ms, ls, ms, ls, 0x3f, 0, 0x40004, 2, 0, 0, 0]) w.u32(v);
    } else w.zeros(52);
    w.u32(cv.size);
    w.u32(cv.rva);
    w.zeros(8 + 16); // MiscRecord + Reserved0/1
  }
  return end(w, at);
}

/** Writes ThreadList (3) from placed contexts and stacks: 48-byte entries. */
export function writeThreadList(w: ByteWriter, threads: readonly PlacedThread[], pad: boolean): Loc {
  const at = w.align(4);
  w.u32(threads.length);
  if (pad) w.u32(0);
  for (const t of threads) {
    w.u32(t.spec.id);
    w.u32(0);
    w.u32(0x20);
    w.u32(0);
    w.u64(t.spec.teb ?? 0x7ffde000 + t.spec.id * 0x1000);
    w.u64(t.stack.start);
    w.u32(t.stack.size);
    w.u32(t.stack.rva);
    w.u32(t.context.size);
    w.u32(t.context.rva);
  }
  return end(w, at);
}

/** Writes MemoryList (5) descriptors for ranges already placed in the file. */
export function writeMemoryList(w: ByteWriter, ranges: readonly { address: Addr; rva: number; size: number }[], pad: boolean): Loc {
  const at = w.align(4);
  w.u32(ranges.length);
  if (pad) w.u32(0);
  for (const r of ranges) {
    w.u64(r.address);
    w.u32(r.size);
    w.u32(r.rva);
  }
  return end(w, at);
}

/** Writes Memory64List (9): u64 count, u64 BaseRva, then (start, size) pairs. */
export function writeMemory64List(w: ByteWriter, ranges: readonly { address: Addr; size: Addr }[], baseRva: bigint): Loc {
  const at = w.align(8);
  w.u64(ranges.length);
  w.u64(baseRva);
  for (const r of ranges) {
    w.u64(r.address);
    w.u64(r.size);
  }
  return end(w, at);
}

/** Writes the Exception stream (6): 168 bytes referencing the fault context. */
export function writeException(w: ByteWriter, e: ExceptionSpec, threadId: number, context: Loc): Loc {
  const at = w.align(8);
  const params = (e.params ?? []).slice(0, 15);
  w.u32(threadId);
  w.u32(0);
  w.u32(e.code);
  w.u32(e.flags ?? 0);
  w.u64(0);
  w.u64(e.address);
  w.u32(params.length);
  w.u32(0);
  for (let i = 0; i < 15; i++) w.u64(params[i] ?? 0);
  w.u32(context.size);
  w.u32(context.rva);
  return end(w, at);
}
