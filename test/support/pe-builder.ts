import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LLVM_BIN, llvmTool } from './llvm-tools';
import { ARM64_UNWIND_S } from './pe-asm-arm64';
import { X64_UNWIND_S, X64_UNWIND_V2_S } from './pe-asm-x64';
import { APP_C, ARM64_C, LIB_C, LIB_DEF, VERSION_RC } from './pe-sources';

const MINGW_GCC = '/usr/lib/gcc';
/** Debian packages the PE tests need; named in every "missing tool" failure. */
export const PE_TEST_PACKAGES = 'clang-14 lld-14 llvm-14 mingw-w64 (gcc-mingw-w64-x86-64-win32, gcc-mingw-w64-i686-win32, mingw-w64-x86-64-dev, mingw-w64-i686-dev) libwine';

/** The compiled test images (absolute paths) and their PDBs. */
export interface PeFixtures {
  readonly dir: string;
  /** x64 DLL: C exports (named, NONAME ordinal, forwarders), every x64 unwind opcode, VERSIONINFO, PDB. */
  readonly lib64: string;
  readonly lib64Pdb: string;
  /** x64 console EXE over mingw's CRT with DWARF sections (long section names) and a PDB. */
  readonly app64: string;
  readonly app64Pdb: string;
  /** i686 DLL (PE32): the same exports and VERSIONINFO. */
  readonly lib32: string;
  readonly lib32Pdb: string;
  /** ARM64 DLL: compiler .xdata, packed entries, a handler, an extended header, rarer codes. */
  readonly arm64: string;
  readonly arm64Pdb: string;
  /** x64 DLL whose only function has a hand-written version-2 UNWIND_INFO (epilog codes). */
  readonly v2x64: string;
}


function mingwLib(triple: string): string {
  const path = join(MINGW_GCC, triple, '12-win32');
  if (!existsSync(path)) throw new Error(`${path} is missing (mingw-w64's libgcc for ${triple}); install the Debian packages ${PE_TEST_PACKAGES}`);
  return path;
}

function run(tool: string, args: readonly string[], cwd: string): void {
  try {
    execFileSync(llvmTool(tool), args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  } catch (error) {
    const e = error as { stderr?: Buffer; message: string };
    throw new Error(`${tool} ${args.join(' ')} failed: ${e.stderr?.toString() || e.message}`);
  }
}

const SOURCES: Readonly<Record<string, string>> = {
  'lib.c': LIB_C,
  'lib.def': LIB_DEF,
  'version.rc': VERSION_RC,
  'app.c': APP_C,
  'x64-unwind.s': X64_UNWIND_S,
  'x64-unwind-v2.s': X64_UNWIND_V2_S,
  'arm64.c': ARM64_C,
  'arm64-unwind.s': ARM64_UNWIND_S,
};

function compileAll(dir: string): void {
  for (const [name, text] of Object.entries(SOURCES)) writeFileSync(join(dir, name), text);
  run('llvm-rc', ['/FO', 'version.res', 'version.rc'], dir);
  const common = ['-O1', '-g', '-gcodeview', '-fuse-ld=lld'];
  const x64 = ['--target=x86_64-w64-mingw32', ...common, `-L${mingwLib('x86_64-w64-mingw32')}`];
  run('clang', [...x64, '-shared', '-Wl,--pdb=lib64.pdb', '-o', 'lib64.dll', 'lib.c', 'x64-unwind.s', 'lib.def', 'version.res'], dir);
  run('clang', [...x64, '-Wl,--pdb=app64.pdb', '-o', 'app64.exe', 'app.c'], dir);
  const x86 = ['--target=i686-w64-mingw32', ...common, `-L${mingwLib('i686-w64-mingw32')}`];
  run('clang', [...x86, '-shared', '-Wl,--pdb=lib32.pdb', '-o', 'lib32.dll', 'lib.c', 'lib.def', 'version.res'], dir);
  // No aarch64 mingw CRT exists in Debian: freestanding code, no stack probes, our own DLL entry.
  const arm = ['--target=aarch64-w64-mingw32', ...common, '-fasynchronous-unwind-tables', '-ffreestanding', '-nostdlib', '-mno-stack-arg-probe'];
  run('clang', [...arm, '-shared', '-Wl,--pdb=arm64.pdb', '-o', 'arm64.dll', 'arm64.c', 'arm64-unwind.s', 'version.res'], dir);
  run('clang', ['--target=x86_64-w64-mingw32', '-c', '-o', 'v2.o', 'x64-unwind-v2.s'], dir);
  run('lld-link', ['/dll', '/noentry', '/nodefaultlib', '/machine:x64', '/export:v2_epilog', 'v2.o', '/out:v2x64.dll'], dir);
}

let cached: PeFixtures | null = null;

/**
 * Compiles the PE test images once per source version: into a fresh staging folder, then renamed
 * into place, so parallel Jest workers never see a half-built set (the loser of the race uses
 * the winner's folder).
 */
export function buildPeFixtures(): PeFixtures {
  if (cached) return cached;
  const hash = createHash('sha256');
  for (const [name, text] of Object.entries(SOURCES)) hash.update(name).update('\0').update(text).update('\0');
  const key = hash.update(LLVM_BIN).digest('hex').slice(0, 16);
  const root = join(tmpdir(), 'wer-pe-fixtures');
  const dir = join(root, key);
  if (!existsSync(join(dir, 'done'))) {
    mkdirSync(root, { recursive: true });
    const staging = mkdtempSync(join(root, 'build-'));
    try {
      compileAll(staging);
      writeFileSync(join(staging, 'done'), new Date().toISOString());
      try {
        renameSync(staging, dir);
      } catch {
        // Another worker finished first; its identical build is used.
        if (!existsSync(join(dir, 'done'))) throw new Error(`cannot place the PE fixtures in ${dir}`);
      }
    } finally {
      if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
    }
  }
  const p = (name: string): string => join(dir, name);
  cached = {
    dir,
    lib64: p('lib64.dll'),
    lib64Pdb: p('lib64.pdb'),
    app64: p('app64.exe'),
    app64Pdb: p('app64.pdb'),
    lib32: p('lib32.dll'),
    lib32Pdb: p('lib32.pdb'),
    arm64: p('arm64.dll'),
    arm64Pdb: p('arm64.pdb'),
    v2x64: p('v2x64.dll'),
  };
  return cached;
}

/** A file's bytes (tests patch copies of the fixtures). */
export function readBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}

/** Wine's own PE builds of system DLLs (x86_64-windows), used as real-world images. */
export const WINE_DLL_DIR = '/usr/lib/x86_64-linux-gnu/wine/x86_64-windows';

/** Path of a Wine system DLL; throws naming the Debian package when Wine's PE DLLs are absent. */
export function wineDll(name: string): string {
  const path = join(WINE_DLL_DIR, name);
  if (!existsSync(path)) throw new Error(`${path} is missing: install the Debian package libwine (wine64)`);
  return path;
}
