import type { MinidumpArch } from '../../../../shared/minidump-model';
import { ByteView } from './binary';

/** CPU register layouts the reader understands. */
export type ContextKind = 'x86' | 'amd64' | 'arm64' | 'arm';

/** The registers a crash view and the stack walker need, from one CONTEXT record. */
export interface CpuContext {
  readonly kind: ContextKind;
  /** DataSize of the record (XSAVE / CET state makes it longer than the classic size). */
  readonly size: number;
  readonly ip: bigint;
  readonly sp: bigint;
  /** Frame pointer: EBP / RBP / X29 / R11. */
  readonly fp: bigint;
  /** Link register on ARM, null on x86/amd64. */
  readonly lr: bigint | null;
  readonly registers: readonly (readonly [string, bigint])[];
}

/** Minimum bytes needed to read the registers used here (not the full classic size). */
const MIN_SIZE: Readonly<Record<ContextKind, number>> = { x86: 204, amd64: 0x100, arm64: 0x110, arm: 0x48 };

/** CPU bits of ContextFlags (CONTEXT_i386, CONTEXT_AMD64, CONTEXT_ARM, CONTEXT_ARM64). */
const FLAG_BITS: readonly (readonly [ContextKind, number, number])[] = [
  ['amd64', 0x30, 0x00100000],
  ['arm64', 0, 0x00400000],
  ['arm', 0, 0x00200000],
  ['x86', 0, 0x00010000],
];

/** Guesses the layout from the ContextFlags CPU bits (fallback when SystemInfo is missing or odd). */
export function contextKindFromFlags(bytes: Uint8Array): ContextKind | null {
  const v = new ByteView(bytes);
  for (const [kind, at, bit] of FLAG_BITS) {
    if (!v.has(at, 4) || bytes.length < MIN_SIZE[kind]) continue;
    const flags = v.u32(at);
    // The CPU bits are exclusive: require exactly this one among them.
    if ((flags & 0x00ff0000) === bit) return kind;
  }
  return null;
}

function kindForArch(arch: MinidumpArch): ContextKind | null {
  return arch === 'other' ? null : arch;
}

function x86(v: ByteView): CpuContext['registers'] {
  const names: readonly (readonly [string, number])[] = [
    ['eip', 184], ['esp', 196], ['ebp', 180], ['eax', 176], ['ebx', 164], ['ecx', 172],
    ['edx', 168], ['esi', 160], ['edi', 156], ['eflags', 192],
  ];
  return names.map(([n, at]) => [n, BigInt(v.u32(at))] as const);
}

function amd64(v: ByteView): CpuContext['registers'] {
  const gp: readonly (readonly [string, number])[] = [
    ['rip', 0xf8], ['rsp', 0x98], ['rbp', 0xa0], ['rax', 0x78], ['rbx', 0x90], ['rcx', 0x80],
    ['rdx', 0x88], ['rsi', 0xa8], ['rdi', 0xb0],
  ];
  const regs: (readonly [string, bigint])[] = gp.map(([n, at]) => [n, v.u64(at)] as const);
  for (let i = 8; i <= 15; i++) regs.push([`r${i}`, v.u64(0xb8 + (i - 8) * 8)]);
  regs.push(['eflags', BigInt(v.u32(0x44))]);
  return regs;
}

function arm64(v: ByteView): CpuContext['registers'] {
  const regs: (readonly [string, bigint])[] = [
    ['pc', v.u64(0x108)], ['sp', v.u64(0x100)], ['fp', v.u64(0xf0)], ['lr', v.u64(0xf8)],
  ];
  for (let i = 0; i <= 28; i++) regs.push([`x${i}`, v.u64(8 + i * 8)]);
  regs.push(['cpsr', BigInt(v.u32(4))]);
  return regs;
}

function arm(v: ByteView): CpuContext['registers'] {
  const regs: (readonly [string, bigint])[] = [
    ['pc', BigInt(v.u32(0x40))], ['sp', BigInt(v.u32(0x38))], ['lr', BigInt(v.u32(0x3c))],
  ];
  for (let i = 0; i <= 12; i++) regs.push([`r${i}`, BigInt(v.u32(4 + i * 4))]);
  regs.push(['cpsr', BigInt(v.u32(0x44))]);
  return regs;
}

const LAYOUTS: Readonly<Record<ContextKind, (v: ByteView) => CpuContext['registers']>> = { x86, amd64, arm64, arm };

/** Register roles per layout: instruction pointer, stack pointer, frame pointer, link register. */
const ROLES: Readonly<Record<ContextKind, readonly [string, string, string, string | null]>> = {
  x86: ['eip', 'esp', 'ebp', null],
  amd64: ['rip', 'rsp', 'rbp', null],
  arm64: ['pc', 'sp', 'fp', 'lr'],
  arm: ['pc', 'sp', 'r11', 'lr'],
};

/**
 * Parses a CONTEXT record. The layout comes from the dump's architecture; the ContextFlags CPU
 * bits are only a fallback. Returns an error message when the record is too short.
 */
export function parseContext(bytes: Uint8Array, arch: MinidumpArch): CpuContext | string {
  const kind = kindForArch(arch) ?? contextKindFromFlags(bytes);
  if (!kind) return `context of ${bytes.length} bytes has no recognisable CPU type`;
  if (bytes.length < MIN_SIZE[kind]) return `${kind} context is ${bytes.length} bytes, too short (needs ${MIN_SIZE[kind]})`;
  const registers = LAYOUTS[kind](new ByteView(bytes));
  const get = (name: string | null): bigint | null => (name ? (registers.find(([n]) => n === name)?.[1] ?? 0n) : null);
  const [ipName, spName, fpName, lrName] = ROLES[kind];
  return {
    kind,
    size: bytes.length,
    ip: get(ipName) ?? 0n,
    sp: get(spName) ?? 0n,
    fp: get(fpName) ?? 0n,
    lr: get(lrName),
    registers,
  };
}

/** Pointer size in bytes for a context layout. */
export function pointerSize(kind: ContextKind): 4 | 8 {
  return kind === 'x86' || kind === 'arm' ? 4 : 8;
}
