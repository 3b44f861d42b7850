import { ByteWriter } from './byte-writer';

/** Architectures the writer produces. */
export type WriterArch = 'x86' | 'amd64' | 'arm64';

/** A 64-bit-safe address given as bigint or number. */
export type Addr = bigint | number;

/** Registers of a written CONTEXT; everything else is zero. */
export interface ContextSpec {
  readonly ip?: Addr;
  readonly sp?: Addr;
  readonly fp?: Addr;
  /** ARM64 link register. */
  readonly lr?: Addr;
  /** General registers by name (`eax`, `rax`, `r12`, `x0`…), for tests that look at registers. */
  readonly regs?: Readonly<Record<string, Addr>>;
  /** Record size; larger than the classic size appends a zeroed XSAVE-like area (CET / AVX dumps). */
  readonly size?: number;
}

/** Classic CONTEXT sizes (x86 716, AMD64 1232, ARM64 912 bytes). */
export const CONTEXT_SIZE: Readonly<Record<WriterArch, number>> = { x86: 716, amd64: 1232, arm64: 912 };

const X86_REGS: Readonly<Record<string, number>> = {
  edi: 156, esi: 160, ebx: 164, edx: 168, ecx: 172, eax: 176, ebp: 180, eip: 184, esp: 196, eflags: 192,
};
const AMD64_REGS: Readonly<Record<string, number>> = {
  rax: 0x78, rcx: 0x80, rdx: 0x88, rbx: 0x90, rsp: 0x98, rbp: 0xa0, rsi: 0xa8, rdi: 0xb0,
  r8: 0xb8, r9: 0xc0, r10: 0xc8, r11: 0xd0, r12: 0xd8, r13: 0xe0, r14: 0xe8, r15: 0xf0, rip: 0xf8,
};

function armOffset(name: string): number | null {
  const m = /^x(\d+)$/.exec(name);
  if (m && Number(m[1]) <= 28) return 8 + Number(m[1]) * 8;
  return ({ fp: 0xf0, lr: 0xf8, sp: 0x100, pc: 0x108 } as Record<string, number>)[name] ?? null;
}

/** Register names of the ip / sp / fp / lr roles per architecture. */
const ROLES: Readonly<Record<WriterArch, readonly [string, string, string, string | null]>> = {
  x86: ['eip', 'esp', 'ebp', null],
  amd64: ['rip', 'rsp', 'rbp', null],
  arm64: ['pc', 'sp', 'fp', 'lr'],
};

/** Byte offset of a named register in the classic CONTEXT of `arch`, or null when unknown. */
function registerOffset(arch: WriterArch, name: string): number | null {
  if (arch === 'x86') return X86_REGS[name] ?? null;
  if (arch === 'amd64') return AMD64_REGS[name] ?? null;
  return armOffset(name);
}

/** Encodes a CONTEXT record for `arch` with the given registers. */
export function encodeContext(arch: WriterArch, spec: ContextSpec = {}): Uint8Array {
  const size = Math.max(spec.size ?? CONTEXT_SIZE[arch], CONTEXT_SIZE[arch]);
  const w = new ByteWriter();
  w.zeros(size);
  // ContextFlags: the CPU bit plus CONTROL | INTEGER | SEGMENTS | FLOATING_POINT (| DEBUG).
  if (arch === 'x86') w.setU32(0, 0x0001003f);
  else if (arch === 'amd64') w.setU32(0x30, 0x0010001f);
  else w.setU32(0, 0x00400007);
  const [ip, sp, fp, lr] = ROLES[arch];
  const regs: Record<string, Addr> = { ...(spec.regs ?? {}) };
  if (spec.ip !== undefined) regs[ip] = spec.ip;
  if (spec.sp !== undefined) regs[sp] = spec.sp;
  if (spec.fp !== undefined) regs[fp] = spec.fp;
  if (lr && spec.lr !== undefined) regs[lr] = spec.lr;
  for (const [name, v] of Object.entries(regs)) {
    const at = registerOffset(arch, name);
    if (at === null) continue;
    if (arch === 'x86') w.setU32(at, Number(BigInt.asUintN(32, BigInt(v))));
    else w.setU64(at, v);
  }
  return w.toBytes();
}
