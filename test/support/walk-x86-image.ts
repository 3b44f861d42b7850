/**
 * A real i686 DLL and PDB for the x86 walker: clang-14 (i686-pc-windows-msvc, -O2,
 * -fomit-frame-pointer, CodeView) + lld-link, which write a FRAMEDATA record per prolog step with
 * `.raSearch` programs. Built once per key into the temp folder (tools missing = a loud failure).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { llvmTool } from './llvm-tools';

/** leaf keeps esi/edi/ebx/ebp in use; mid has 32 bytes of locals; the calls are not tail calls. */
const SOURCE = `
__declspec(dllexport) __declspec(noinline) int leaf(int *p, int n) { int s = 0; for (int i = 0; i < n; i++) s += p[i] * 3 + (s >> 2); return s; }
__declspec(dllexport) __declspec(noinline) int mid(int a, int b) { int arr[8]; for (int i = 0; i < 8; i++) arr[i] = a + i * b; return leaf(arr, 8) + 1; }
__declspec(dllexport) __declspec(noinline) int top(int x) { return mid(x, 2) * 2 + x; }
`;

/** The built DLL and its PDB. */
export interface X86WalkImage {
  readonly dll: string;
  readonly pdb: string;
}

/** Builds (or reuses) x86walk.dll and x86walk.pdb. */
export function x86WalkImage(): X86WalkImage {
  const args = [['--target=i686-pc-windows-msvc', '-O2', '-fomit-frame-pointer', '-g', '-gcodeview', '-c', 'walk.c', '-o', 'walk.obj'], ['/dll', '/noentry', '/nodefaultlib', '/debug', '/out:x86walk.dll', '/pdb:x86walk.pdb', 'walk.obj']];
  const key = createHash('sha256').update(JSON.stringify({ SOURCE, args })).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), `wer-x86-walk-${key}`);
  if (!existsSync(join(dir, 'done'))) {
    const work = `${dir}.tmp-${process.pid}`;
    mkdirSync(work, { recursive: true });
    writeFileSync(join(work, 'walk.c'), SOURCE);
    execFileSync(llvmTool('clang'), args[0]!, { cwd: work, stdio: 'pipe' });
    execFileSync(llvmTool('lld-link'), args[1]!, { cwd: work, stdio: 'pipe' });
    writeFileSync(join(work, 'done'), 'ok');
    try {
      renameSync(work, dir);
    } catch {
      rmSync(work, { recursive: true, force: true });
    }
  }
  return { dll: join(dir, 'x86walk.dll'), pdb: join(dir, 'x86walk.pdb') };
}

/** RVAs just after each `E8 rel32` in `code` (a mapped image) that calls `target`, within [from, to). */
export function callReturns(code: Uint8Array, from: number, to: number, target: number): number[] {
  const dv = new DataView(code.buffer, code.byteOffset, code.byteLength);
  const out: number[] = [];
  for (let i = from; i + 5 <= to; i++) if (code[i] === 0xe8 && i + 5 + dv.getInt32(i + 1, true) === target) out.push(i + 5);
  return out;
}
