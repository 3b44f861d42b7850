import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { llvmTool } from './llvm-tools';
import { ARM64_UNWIND_S } from './pe-asm-arm64';

/**
 * C functions of many frame shapes for the arm64 unwinder's tests: clang-14 -O1 decides their
 * prologs and writes their unwind data (packed where the shape allows, .xdata otherwise). The
 * tests read the prologs back from llvm-objdump, never from our parsers.
 */
export const WALK_ARM64_C = String.raw`
__attribute__((noinline)) int sink(volatile int *p, int n) { int s = 0; for (int i = 0; i < n; i++) s += p[i]; return s; }
__declspec(dllexport) int leaf(int a, int b) { return a * b + 3; }
__declspec(dllexport) int one_reg(int n) { int r = sink(&n, 1); return r + n; }
__declspec(dllexport) int many_regs(int a, int b, int c, int d, int e, int f, int g) {
  int x = sink(&a, 1); int y = sink(&b, x); int z = sink(&c, y);
  return x * a + y * b + z * c + d * sink(&e, z) + e * f + g * sink(&f, 2);
}
__declspec(dllexport) double floats(double a, double b, double c, double d, int n) {
  double x = a + sink(&n, 1); x = x * b + sink(&n, 2); x = x * c + sink(&n, 3); return x * d + a * b;
}
__declspec(dllexport) int big(int n) { volatile int buf[2000]; for (int i = 0; i < 2000; i++) buf[i] = i * n; return sink(buf, n); }
__declspec(dllexport) int huge(int n) { volatile int buf[300000]; buf[n] = n; return sink(buf, n) + buf[0]; }
__declspec(dllexport) int var_args(int n, ...) {
  __builtin_va_list ap; __builtin_va_start(ap, n); int s = __builtin_va_arg(ap, int); __builtin_va_end(ap);
  return sink(&s, n) + s;
}
__declspec(dllexport) int dynamic(int n) { volatile int *p = __builtin_alloca((unsigned)n * 4 + 16); p[0] = n; return sink(p, n) + p[0]; }
__declspec(dllexport) int two_exits(int n) { if (n > 5) { int v = sink(&n, 1); return v * n; } int w = sink(&n, 2); return w + n + sink(&w, 1); }
__declspec(dllexport) int chain3(int n) { return one_reg(n) + many_regs(n, 1, 2, 3, 4, 5, 6) + 1; }
int DllMainCRTStartup(void *h, unsigned r, void *p) { (void)h; (void)r; (void)p; return 1; }
`;

/** Exported functions of the arm64 walk DLL (hand-written ones come from pe-asm-arm64.ts). */
export const WALK_ARM64_FUNCTIONS = [
  'leaf', 'one_reg', 'many_regs', 'floats', 'big', 'huge', 'var_args', 'dynamic', 'two_exits', 'chain3',
  'packed_regs', 'packed_fp', 'packed_lr', 'with_handler', 'many_epilogs',
] as const;

/** Compiles and links walk-arm64.dll once per source version; returns its path. */
export function buildWalkArm64Dll(): string {
  const key = createHash('sha256').update(WALK_ARM64_C).update(ARM64_UNWIND_S).update(WALK_ARM64_FUNCTIONS.join()).digest('hex').slice(0, 16);
  const root = join(tmpdir(), 'wer-walk-arm64');
  const dir = join(root, key);
  const dll = join(dir, 'walk-arm64.dll');
  if (existsSync(join(dir, 'done'))) return dll;
  mkdirSync(root, { recursive: true });
  const staging = mkdtempSync(join(root, 'build-'));
  try {
    writeFileSync(join(staging, 'walk.c'), WALK_ARM64_C);
    writeFileSync(join(staging, 'shapes.s'), ARM64_UNWIND_S);
    // No aarch64 mingw CRT exists in Debian: freestanding code, no stack probes, our own DLL entry.
    const args = ['--target=aarch64-w64-mingw32', '-O1', '-fasynchronous-unwind-tables', '-ffreestanding', '-nostdlib', '-mno-stack-arg-probe', '-fuse-ld=lld', '-shared'];
    execFileSync(llvmTool('clang'), [...args, '-Wl,--export-all-symbols', '-o', 'walk-arm64.dll', 'walk.c', 'shapes.s'], { cwd: staging, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    writeFileSync(join(staging, 'done'), new Date().toISOString());
    try {
      renameSync(staging, dir);
    } catch {
      if (!existsSync(join(dir, 'done'))) throw new Error(`cannot place the arm64 walk fixtures in ${dir}`);
    }
  } finally {
    if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
  }
  return dll;
}

/** One disassembled instruction: its function, RVA, mnemonic and operand text as llvm-objdump prints them. */
export interface Arm64Insn {
  readonly fn: string;
  readonly rva: number;
  readonly word: number;
  readonly op: string;
  readonly args: string;
}

/** llvm-objdump -d of the DLL's .text, by RVA (the image base is subtracted). */
export function disassembleArm64(dll: string, imageBase: bigint): Arm64Insn[] {
  const out = execFileSync(llvmTool('llvm-objdump'), ['-d', '--no-show-raw-insn', '--print-imm-hex', dll], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const raw = execFileSync(llvmTool('llvm-objdump'), ['-d', dll], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const words = new Map<string, number>();
  for (const m of raw.matchAll(/^[ \t]*([0-9a-f]+):[ \t]+([0-9a-f]{2}) ([0-9a-f]{2}) ([0-9a-f]{2}) ([0-9a-f]{2})[ \t]/gm)) words.set(m[1]!, parseInt(m[5]! + m[4]! + m[3]! + m[2]!, 16));
  const list: Arm64Insn[] = [];
  let fn = '';
  for (const m of out.matchAll(/^(?:[0-9a-f]+ <(\w+)>:|[ \t]*([0-9a-f]+):[ \t]+(\S+)[ \t]*(.*))$/gm)) {
    if (m[1]) {
      fn = m[1];
      continue;
    }
    const addr = BigInt(`0x${m[2]}`);
    list.push({ fn, rva: Number(addr - imageBase), word: words.get(m[2]!) ?? 0, op: m[3]!, args: m[4]!.replace(/\s*\/\/.*$/, '').trim() });
  }
  return list;
}
