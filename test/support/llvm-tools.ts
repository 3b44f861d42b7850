/**
 * The Debian toolchain the symbol tests build real images and PDBs with, and check them against:
 * clang-14, lld-14 and LLVM 14's readers over mingw-w64's headers and CRT. A missing tool fails
 * with the packages to install: these tests must never pass by skipping.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where Debian's llvm-14 / clang-14 / lld-14 packages put their tools; WER_LLVM_BIN overrides. */
export const LLVM_BIN = process.env.WER_LLVM_BIN ?? '/usr/lib/llvm-14/bin';

/** Debian packages that provide every tool the PE, PDB and unwind tests run (.ci/run installs them). */
export const SYMBOL_TOOL_PACKAGES = 'clang-14 lld-14 llvm-14 mingw-w64';

/** Fails naming the packages that bring `what`. */
export function missingTool(what: string): never {
  throw new Error(`${what} is missing: the symbol tests compile real images and PDBs; install the Debian packages ${SYMBOL_TOOL_PACKAGES}`);
}

/** Absolute path of an LLVM 14 tool (Debian's folder, else `<tool>-14` on PATH). */
export function llvmTool(name: string): string {
  const direct = join(LLVM_BIN, name);
  if (existsSync(direct)) return direct;
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, `${name}-14`))) return join(dir, `${name}-14`);
  return missingTool(direct);
}
