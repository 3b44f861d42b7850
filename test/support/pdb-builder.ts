/**
 * Builds real PE images and PDBs for the PDB reader tests with clang-14 + lld-14 (CodeView, the
 * way ../shared/tools/symbol-fixture/recipe.sh does) and gcc-mingw-w64 (a PDB with public symbols
 * only). Everything is compiled once into a temp folder keyed by a hash of the sources and
 * commands, so all test files of a run (and later runs) share it. Missing tools fail loudly with
 * the Debian packages to install: the tests must never pass by skipping.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { llvmTool, missingTool } from './llvm-tools';
import { APP_CPP, GCC_C, LOOPS_C, MAIN_CPP, SHAPES_H, UTIL_C } from './pdb-fixture-sources';


/** Names of the fixtures. */
export type PdbFixtureName = 'msvc-x64' | 'msvc-x86' | 'msvc-arm64' | 'mingw-x64' | 'gcc-publics';

/** One built fixture: the image and its PDB. */
export interface PdbFixture {
  readonly name: PdbFixtureName;
  readonly exe: string;
  readonly pdb: string;
}

function missing(what: string): never {
  return missingTool(what);
}

function mingwGcc(): string {
  for (const name of ['x86_64-w64-mingw32-gcc-win32', 'x86_64-w64-mingw32-gcc']) {
    for (const dir of ['/usr/bin', ...(process.env.PATH ?? '').split(':')]) if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return missing('x86_64-w64-mingw32-gcc');
}

/** The mingw-w64 gcc library folder (libgcc for clang's mingw link), e.g. /usr/lib/gcc/x86_64-w64-mingw32/12-win32. */
function mingwLibDir(): string {
  const root = '/usr/lib/gcc/x86_64-w64-mingw32';
  const win32 = existsSync(root) ? readdirSync(root).filter((d) => d.endsWith('-win32')).sort() : [];
  return win32.length > 0 ? join(root, win32[win32.length - 1]!) : missing('the mingw-w64 gcc runtime (win32 threads)');
}

interface Step {
  readonly tool: 'clang' | 'gcc' | 'objcopy';
  readonly args: readonly string[];
}

const MSVC_LINK = ['-fuse-ld=lld', '-nostdlib', '-Wl,/entry:mainCRTStartup', '-Wl,/subsystem:console', '-Wl,/debug'];
const MSVC_SOURCES = ['main.cpp', 'util.c', 'loops.c'];

function msvc(target: string, name: string, extra: readonly string[]): Step[] {
  return [
    {
      tool: 'clang',
      args: [`--target=${target}`, '-O2', '-g', '-gcodeview', ...extra, '-fno-exceptions', ...MSVC_LINK, `-Wl,/pdb:${name}.pdb`, '-o', `${name}.exe`, ...MSVC_SOURCES],
    },
  ];
}

function recipes(libDir: string): Record<PdbFixtureName, Step[]> {
  const mingwLink = ['-fuse-ld=lld', `-L${libDir}`];
  return {
    'msvc-x64': msvc('x86_64-pc-windows-msvc', 'msvc-x64', ['-gcolumn-info']),
    'msvc-x86': msvc('i686-pc-windows-msvc', 'msvc-x86', []),
    'msvc-arm64': msvc('aarch64-pc-windows-msvc', 'msvc-arm64', []),
    // The recipe of ../shared/tools/symbol-fixture: mingw CRT, -O1 -fno-inline, DWARF stripped after linking.
    'mingw-x64': [
      {
        tool: 'clang',
        args: ['--target=x86_64-w64-mingw32', '-O1', '-g', '-gcodeview', '-fno-inline', '-fno-rtti', '-fno-exceptions', ...mingwLink, '-Wl,--pdb=mingw-x64.pdb', '-o', 'mingw-x64.exe', 'app.cpp'],
      },
      { tool: 'objcopy', args: ['--strip-debug', 'mingw-x64.exe'] },
    ],
    'gcc-publics': [
      { tool: 'gcc', args: ['-O1', '-g0', '-c', 'gcc.c', '-o', 'gcc.o'] },
      { tool: 'clang', args: ['--target=x86_64-w64-mingw32', ...mingwLink, '-Wl,--pdb=gcc-publics.pdb', '-o', 'gcc-publics.exe', 'gcc.o'] },
      { tool: 'objcopy', args: ['--strip-debug', 'gcc-publics.exe'] },
    ],
  };
}

const SOURCES: Readonly<Record<string, string>> = {
  'shapes.h': SHAPES_H,
  'main.cpp': MAIN_CPP,
  'util.c': UTIL_C,
  'loops.c': LOOPS_C,
  'app.cpp': APP_CPP,
  'gcc.c': GCC_C,
};

let built: Record<PdbFixtureName, PdbFixture> | null = null;

/**
 * Builds (or reuses) every fixture and returns their paths. Synchronous, for beforeAll; throws
 * with the packages to install when a tool is missing.
 */
export function pdbFixtures(): Record<PdbFixtureName, PdbFixture> {
  if (built) return built;
  const tools = { clang: llvmTool('clang'), objcopy: llvmTool('llvm-objcopy'), gcc: mingwGcc() };
  llvmTool('lld-link');
  const steps = recipes(mingwLibDir());
  const key = createHash('sha256').update(JSON.stringify({ SOURCES, steps, v: 1 })).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), `wer-pdb-fixtures-${key}`);
  const names = Object.keys(steps) as PdbFixtureName[];
  if (!existsSync(join(dir, 'done'))) {
    const work = `${dir}.tmp-${process.pid}-${Date.now()}`;
    mkdirSync(work, { recursive: true });
    for (const [file, text] of Object.entries(SOURCES)) writeFileSync(join(work, file), text);
    for (const name of names) {
      for (const step of steps[name]) {
        try {
          execFileSync(tools[step.tool], [...step.args], { cwd: work, stdio: 'pipe' });
        } catch (error) {
          const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
          throw new Error(`building the ${name} PDB fixture failed (${step.tool} ${step.args.join(' ')}):\n${stderr}`);
        }
      }
    }
    writeFileSync(join(work, 'done'), 'ok');
    try {
      renameSync(work, dir);
    } catch {
      // Another test worker finished the same build first: use that one.
      rmSync(work, { recursive: true, force: true });
    }
  }
  built = Object.fromEntries(names.map((name) => [name, { name, exe: join(dir, `${name}.exe`), pdb: join(dir, `${name}.pdb`) }])) as Record<PdbFixtureName, PdbFixture>;
  return built;
}
