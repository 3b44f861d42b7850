/**
 * Synthetic small memory dumps (DumpType 4): a kernel header plus the TRIAGE_DUMP64 / _32 header
 * and its parts (context, saved stack, driver list, string pool, unloaded drivers, data blocks,
 * "TRGD" end marker). Offsets are written out here from the layout notes
 * (../shared/docs/wer-formats.md §6, rizin's dmp_specs.h), independently of the parser.
 */
import { buildKernelHeader, type KernelHeaderSpec } from './kernel-dump-builder';

/** A loaded driver of the dump. */
export interface TriageDriverSpec {
  /** Path as the kernel records it (`\SystemRoot\system32\drivers\acme.sys`). */
  readonly path: string;
  readonly base: bigint;
  readonly size: number;
  readonly timestamp: number;
}

/** An unloaded driver (name cut to 12 characters by the kernel). */
export interface TriageUnloadedSpec {
  readonly name: string;
  readonly start: bigint;
  readonly end: bigint;
}

/** A small dump to build; header fields as in KernelHeaderSpec (dumpType is forced to 4). */
export interface TriageDumpSpec extends KernelHeaderSpec {
  /** Instruction and stack pointer of the crash context. */
  readonly ip: bigint;
  readonly sp: bigint;
  readonly drivers: readonly TriageDriverSpec[];
  readonly unloaded?: readonly TriageUnloadedSpec[];
  /** Pointer-sized values of the saved stack, starting at TopOfStack (sp unless `topOfStack` says otherwise). */
  readonly stack: readonly bigint[];
  /** TopOfStack when it differs from sp (a context whose stack pointer lies outside the saved bytes). */
  readonly topOfStack?: bigint;
  /** Other context registers by name: x64 `rbp`, `rbx`, …; arm64 (machineImageType 0xAA64) `x0`…`x28`, `fp`, `lr`; zero when not given. */
  readonly registers?: Readonly<Partial<Record<X64RegisterName | Arm64RegisterName, bigint>>>;
  /** Exception record code and address (KeBugCheckEx's breakpoint by default). */
  readonly exception?: { readonly code: number; readonly address: bigint };
  /** Extra data blocks (virtual address, bytes). */
  readonly dataBlocks?: readonly { readonly va: bigint; readonly bytes: Uint8Array }[];
  readonly servicePackBuild?: number;
}

/** x64 CONTEXT integer registers, in their order from Rax at 0x78 to R15 at 0xf0 (8 bytes each). */
const X64_REGISTERS = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'] as const;
/** A register name the x64 context takes. */
export type X64RegisterName = (typeof X64_REGISTERS)[number];

/** ARM64 CONTEXT integer registers from X0 at 8 to Lr (X30) at 0xf8 (8 bytes each); Sp 0x100, Pc 0x108. */
const ARM64_REGISTERS = [...Array.from({ length: 29 }, (_, i) => `x${i}`), 'fp', 'lr'] as readonly string[];
/** A register name the arm64 context takes (`x0`…`x28`, `fp`, `lr`). */
export type Arm64RegisterName = `x${number}` | 'fp' | 'lr';

/** Offsets this builder uses (exported so tests can cut or corrupt exact fields). */
export const TRIAGE_OFFSETS = {
  64: { triage: 0x2000, context: 0x348, exception: 0xf00, driverEntry: 0x90, unloadedEntry: 56, unloadedHeader: 8, dataBlock: 16 },
  32: { triage: 0x1000, context: 0x320, exception: 0x7d0, driverEntry: 0x4c, unloadedEntry: 40, unloadedHeader: 4, dataBlock: 12 },
} as const;

/** Grows a byte array on demand. */
class Out {
  bytes = new Uint8Array(0x10000);
  length = 0;
  ensure(n: number): void {
    if (n <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(n, this.bytes.length * 2));
    next.set(this.bytes);
    this.bytes = next;
  }
  get dv(): DataView {
    return new DataView(this.bytes.buffer);
  }
  u16(at: number, v: number): void {
    this.ensure(at + 2);
    this.dv.setUint16(at, v, true);
    this.length = Math.max(this.length, at + 2);
  }
  u32(at: number, v: number): void {
    this.ensure(at + 4);
    this.dv.setUint32(at, v >>> 0, true);
    this.length = Math.max(this.length, at + 4);
  }
  u64(at: number, v: bigint): void {
    this.ensure(at + 8);
    this.dv.setBigUint64(at, BigInt.asUintN(64, v), true);
    this.length = Math.max(this.length, at + 8);
  }
  set(at: number, b: Uint8Array): void {
    this.ensure(at + b.length);
    this.bytes.set(b, at);
    this.length = Math.max(this.length, at + b.length);
  }
  /** Pads to a multiple of `n`. */
  align(n: number): number {
    this.length = Math.ceil(this.length / n) * n;
    this.ensure(this.length);
    return this.length;
  }
}

function utf16(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) new DataView(out.buffer).setUint16(i * 2, text.charCodeAt(i), true);
  return out;
}

/** Builds a whole small memory dump. */
export function buildTriageDump(spec: TriageDumpSpec): Uint8Array {
  const bits = spec.bits ?? 64;
  const o = TRIAGE_OFFSETS[bits];
  const out = new Out();
  out.set(0, buildKernelHeader({ ...spec, dumpType: 4 }));
  const ptr = (at: number, v: bigint): void => (bits === 64 ? out.u64(at, v) : out.u32(at, Number(BigInt.asUintN(32, v))));

  // CONTEXT: AMD64 ContextFlags at 0x30 (CONTEXT_AMD64 | FULL), Rsp 0x98, Rip 0xf8;
  // x86 ContextFlags at 0 (CONTEXT_i386 | FULL), Esp 0xc4, Eip 0xb8.
  const register = (names: readonly string[], name: string): number => {
    const i = names.indexOf(name);
    if (i < 0) throw new Error(`no register ${name} in this context`);
    return i;
  };
  if (bits === 64 && spec.machineImageType === 0xaa64) {
    // ARM64 CONTEXT: ContextFlags at 0 (CONTEXT_ARM64 | CONTROL | INTEGER), X0.. at 8, Sp 0x100, Pc 0x108.
    out.set(o.context, new Uint8Array(0x390));
    out.u32(o.context, 0x00400003);
    for (const [name, value] of Object.entries(spec.registers ?? {})) out.u64(o.context + 8 + 8 * register(ARM64_REGISTERS, name), value ?? 0n);
    out.u64(o.context + 0x100, spec.sp);
    out.u64(o.context + 0x108, spec.ip);
  } else if (bits === 64) {
    out.set(o.context, new Uint8Array(3000));
    out.u32(o.context + 0x30, 0x0010000b);
    for (const [name, value] of Object.entries(spec.registers ?? {})) out.u64(o.context + 0x78 + 8 * register(X64_REGISTERS, name), value ?? 0n);
    out.u64(o.context + 0x98, spec.sp);
    out.u64(o.context + 0xf8, spec.ip);
  } else {
    out.set(o.context, new Uint8Array(1200));
    out.u32(o.context, 0x00010007);
    out.u32(o.context + 0xc4, Number(spec.sp));
    out.u32(o.context + 0xb8, Number(spec.ip));
  }
  const ex = spec.exception ?? { code: 0x80000003, address: spec.ip };
  out.u32(o.exception, ex.code);
  out.u32(o.exception + 4, 1);
  if (bits === 64) out.u64(o.exception + 0x10, ex.address);
  else out.u32(o.exception + 0xc, Number(ex.address));

  const t = o.triage;
  const headerSize = bits === 64 ? 0x80 : 0x68;
  out.set(t, new Uint8Array(headerSize));
  out.align(16);

  const unloaded = spec.unloaded ?? [];
  const unloadedAt = out.align(8);
  out.u32(unloadedAt, unloaded.length);
  if (bits === 64) out.u32(unloadedAt + 4, 0);
  unloaded.forEach((u, i) => {
    const at = unloadedAt + o.unloadedHeader + i * o.unloadedEntry;
    const name = utf16(u.name).subarray(0, 24);
    out.set(at, new Uint8Array(o.unloadedEntry));
    out.u16(at, name.length);
    out.u16(at + 2, name.length);
    out.set(at + (bits === 64 ? 16 : 8), name);
    ptr(at + (bits === 64 ? 40 : 32), u.start);
    ptr(at + (bits === 64 ? 48 : 36), u.end);
  });
  out.length = unloadedAt + o.unloadedHeader + unloaded.length * o.unloadedEntry;

  const step = bits / 8;
  const stackAt = out.align(16);
  spec.stack.forEach((v, i) => ptr(stackAt + i * step, v));
  const stackSize = spec.stack.length * step;
  out.length = stackAt + stackSize;

  const driversAt = out.align(16);
  out.set(driversAt, new Uint8Array(spec.drivers.length * o.driverEntry));
  const poolAt = out.align(16);
  let poolEnd = poolAt;
  spec.drivers.forEach((d, i) => {
    const at = driversAt + i * o.driverEntry;
    // String pool entry: ULONG length in characters, the UTF-16 text, a NUL, 8-byte aligned.
    out.u32(poolEnd, d.path.length);
    out.set(poolEnd + 4, utf16(d.path));
    out.u16(poolEnd + 4 + d.path.length * 2, 0);
    out.u32(at, poolEnd);
    poolEnd = Math.ceil((poolEnd + 4 + d.path.length * 2 + 2) / 8) * 8;
    if (bits === 64) {
      out.u64(at + 0x38, d.base);
      out.u32(at + 0x48, d.size);
      out.u32(at + 0x88, d.timestamp);
    } else {
      out.u32(at + 0x1c, Number(d.base));
      out.u32(at + 0x24, d.size);
      out.u32(at + 0x48, d.timestamp);
    }
  });
  out.length = poolEnd;

  const blocks = spec.dataBlocks ?? [];
  const tableAt = out.align(16);
  out.length = tableAt + blocks.length * o.dataBlock;
  blocks.forEach((b, i) => {
    const dataAt = out.align(16);
    out.set(dataAt, b.bytes);
    const at = tableAt + i * o.dataBlock;
    ptr(at, b.va);
    out.u32(at + o.dataBlock - 8, dataAt);
    out.u32(at + o.dataBlock - 4, b.bytes.length);
  });

  const validAt = out.align(8);
  out.set(validAt, new TextEncoder().encode('TRGD'));

  // The TRIAGE_DUMP header's ULONGs (same offsets in both flavours up to TriageOptions).
  const fields: readonly (readonly [number, number])[] = [
    [0x0, spec.servicePackBuild ?? 0],
    [0x4, validAt + 4],
    [0x8, validAt],
    [0xc, o.context],
    [0x10, o.exception],
    [0x18, unloadedAt],
    [0x28, stackSize > 0 ? stackAt : 0],
    [0x2c, stackSize],
    [0x30, driversAt],
    [0x34, spec.drivers.length],
    [0x38, poolAt],
    [0x3c, poolEnd - poolAt],
    [0x44, 0xffffffff],
  ];
  for (const [at, v] of fields) out.u32(t + at, v);
  ptr(t + 0x48, spec.topOfStack ?? spec.sp);
  out.u32(t + (bits === 64 ? 0x78 : 0x60), blocks.length > 0 ? tableAt : 0);
  out.u32(t + (bits === 64 ? 0x7c : 0x64), blocks.length);
  return out.bytes.slice(0, validAt + 4);
}
