import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { llvmTool } from './llvm-tools';

/**
 * Real x64 crashes for the stack walker, checked against independent unwinders. Sources are
 * built with clang-14 + lld-14 (frame pointers omitted, and kept) and with mingw-w64 gcc -O1,
 * crashed under wine64 whose unhandled-exception filter writes the dump with Wine's dbghelp
 * (MiniDumpNormal, and MiniDumpWithFullMemory for images read from the dump), then walked by
 * winedbg and lldb-14. Everything is cached per source version in the temp folder.
 */

/** A DLL of our own between two frames of the app: the walk must cross into it and back. */
export const WALK_LIB_C = String.raw`
typedef int (*walk_cb)(int *p, int depth);
__declspec(dllexport) __attribute__((noinline)) int lib_call(walk_cb cb, int *p, int depth) {
  volatile int pad[16];
  pad[depth & 15] = depth;
  int r = cb(p, depth + 1);
  return r + pad[0];
}
`;

/**
 * Recursion, a large frame (ALLOC_LARGE after __chkstk), a call through our DLL and back, and a
 * frameless leaf that reads through NULL. argv[1] = dump path, argv[2] = MINIDUMP_TYPE. The filter
 * ends with TerminateProcess: ExitProcess from inside the filter can hang under Wine.
 */
export const WALK_APP_C = String.raw`
#include <windows.h>
#include <dbghelp.h>
#include <stdio.h>
#include <stdlib.h>

typedef int (*walk_cb)(int *p, int depth);
__declspec(dllimport) int lib_call(walk_cb cb, int *p, int depth);

static const char *dump_path = "crash.dmp";
static MINIDUMP_TYPE dump_type = MiniDumpNormal;

static LONG WINAPI write_dump(EXCEPTION_POINTERS *ep) {
  HANDLE f = CreateFileA(dump_path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
  MINIDUMP_EXCEPTION_INFORMATION mei = { GetCurrentThreadId(), ep, FALSE };
  BOOL ok = MiniDumpWriteDump(GetCurrentProcess(), GetCurrentProcessId(), f, dump_type, &mei, NULL, NULL);
  CloseHandle(f);
  printf("code=%08lx ok=%d\n", ep->ExceptionRecord->ExceptionCode, ok);
  fflush(stdout);
  TerminateProcess(GetCurrentProcess(), 3);
  return EXCEPTION_EXECUTE_HANDLER;
}

__attribute__((noinline)) int leaf_fault(int *p) { return *p + 1; }

__attribute__((noinline)) int from_dll(int *p, int depth) {
  int r = leaf_fault(p);
  return r * depth + 1;
}

__attribute__((noinline)) int big_frame(int *p, int depth) {
  volatile char buf[0x3000];
  buf[depth] = (char)depth;
  int r = lib_call(from_dll, p, depth);
  return r + buf[depth & 0xff];
}

__attribute__((noinline)) int recurse(int *p, int n) {
  volatile int x[4];
  if (n == 0) return big_frame(p, 3);
  x[n & 3] = n;
  int r = recurse(p, n - 1);
  return r + x[0];
}

int main(int argc, char **argv) {
  if (argc > 1) dump_path = argv[1];
  if (argc > 2) dump_type = (MINIDUMP_TYPE)strtoul(argv[2], NULL, 0);
  SetUnhandledExceptionFilter(write_dump);
  int *p = argc > 99 ? (int *)argv : NULL;
  return recurse(p, 4 + (argc & 1));
}
`;

/** The crash variants: how the app was built, and the dump type written. */
export const WALK_VARIANTS = ['clang-omit-fp', 'clang-keep-fp', 'gcc-O1', 'clang-omit-fp-full'] as const;
/** One of WALK_VARIANTS. */
export type WalkVariant = (typeof WALK_VARIANTS)[number];

/** One crash: its dump and what the oracles printed for the crashing thread. */
export interface WalkCrash {
  readonly variant: WalkVariant;
  readonly dump: string;
  /**
   * winedbg's first backtrace (at startup, from the dump): frame addresses, inlined repeats merged.
   * winedbg cannot read stack memory from a Memory64List, so the full dump takes the backtrace of
   * the normal dump of the same exe (return addresses are code addresses: the same in both runs).
   */
  readonly winedbg: readonly bigint[];
  /** lldb-14 `thread backtrace` frame addresses. */
  readonly lldb: readonly bigint[];
}

/** The built set: a symbol store holding our images and Wine's by code id, and the crashes. */
export interface WalkFixtures {
  readonly dir: string;
  readonly store: string;
  readonly crashes: Readonly<Record<WalkVariant, WalkCrash>>;
}

const WINE_DLLS = '/usr/lib/x86_64-linux-gnu/wine/x86_64-windows';
const MINGW_LIB = '/usr/lib/gcc/x86_64-w64-mingw32/12-win32';
const STORE_DLLS = ['ntdll.dll', 'kernel32.dll', 'kernelbase.dll', 'msvcrt.dll', 'ucrtbase.dll', 'dbghelp.dll'];

/** Runs a tool; resolves with its output, whatever its exit code (a crash exits non-zero on purpose). */
function exec(cmd: string, args: readonly string[], cwd: string, options: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<{ stdout: string; stderr: string; error: Error | null }> {
  return new Promise((resolveRun) => {
    const child = execFile(cmd, args, { cwd, env: options.env ?? process.env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolveRun({ stdout: String(stdout), stderr: String(stderr), error });
    });
    child.stdin?.end(options.input ?? '');
  });
}

/** Runs a build tool; fails with its stderr. */
async function run(cmd: string, args: readonly string[], cwd: string): Promise<void> {
  const r = await exec(cmd, args, cwd);
  if (r.error) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.error.message}`);
}

function wineEnv(): NodeJS.ProcessEnv {
  // One prefix for all runs: creating it takes longer than all the crashes together.
  const prefix = join(tmpdir(), 'wer-walk-wine-prefix');
  return { ...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all', LLDB_USE_NATIVE_PDB_READER: '1' };
}

async function build(dir: string): Promise<void> {
  writeFileSync(join(dir, 'walk-lib.c'), WALK_LIB_C);
  writeFileSync(join(dir, 'walk-app.c'), WALK_APP_C);
  const clang = llvmTool('clang');
  const common = ['--target=x86_64-w64-mingw32', '-O1', '-g', '-gcodeview', '-fno-inline', '-fno-optimize-sibling-calls', '-fuse-ld=lld', `-L${MINGW_LIB}`];
  await run(clang, [...common, '-shared', '-Wl,--pdb=walk-lib.pdb', '-Wl,--out-implib,libwalk-lib.a', '-o', 'walk-lib.dll', 'walk-lib.c'], dir);
  await Promise.all([
    run(clang, [...common, '-fomit-frame-pointer', '-Wl,--pdb=app-omit.pdb', '-o', 'app-omit.exe', 'walk-app.c', '-L.', '-lwalk-lib', '-ldbghelp'], dir),
    run(clang, [...common, '-fno-omit-frame-pointer', '-Wl,--pdb=app-fp.pdb', '-o', 'app-fp.exe', 'walk-app.c', '-L.', '-lwalk-lib', '-ldbghelp'], dir),
    run('x86_64-w64-mingw32-gcc', ['-O1', '-fno-inline', '-fno-optimize-sibling-calls', '-o', 'app-gcc.exe', 'walk-app.c', 'walk-lib.dll', '-ldbghelp'], dir),
  ]);
  // Wine's dbghelp faults on the DWARF that mingw's CRT objects bring (and then hangs): strip it.
  await Promise.all(['walk-lib.dll', 'app-omit.exe', 'app-fp.exe', 'app-gcc.exe'].map((f) => run(llvmTool('llvm-objcopy'), ['--strip-debug', f], dir)));
}

async function crash(dir: string, exe: string, dump: string, type: number): Promise<void> {
  const r = await exec('wine', [exe, dump, String(type)], dir, { env: wineEnv() });
  if (!existsSync(join(dir, dump)) || !/ok=1/.test(r.stdout)) throw new Error(`wine ${exe} wrote no dump: ${r.stdout} ${r.stderr}`);
}

/**
 * Frame addresses of winedbg's first "Backtrace:" block. winedbg prints an inlined call as an
 * extra frame at the same address whose function has no "+0x" offset: it is merged into the next.
 */
export function parseWinedbg(text: string): bigint[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith('Backtrace:'));
  const frames: { address: bigint; inlined: boolean }[] = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^\s*(?:=>)?\d+ 0x([0-9a-f]+)( \w+\()?/.exec(line);
    if (!m) break;
    frames.push({ address: BigInt(`0x${m[1]}`), inlined: m[2] !== undefined });
  }
  return frames.filter((f, i) => !(f.inlined && frames[i + 1]?.address === f.address)).map((f) => f.address);
}

/** Frame addresses of lldb's `thread backtrace`. */
export function parseLldb(text: string): bigint[] {
  return [...text.matchAll(/frame #\d+: 0x([0-9a-f]+)/g)].map((m) => BigInt(`0x${m[1]}`));
}

/** One frame of lldb's `thread backtrace` with what it names (null where lldb has no symbol). */
export interface LldbFrame {
  readonly address: bigint;
  readonly module: string;
  readonly function: string | null;
  readonly file: string | null;
  readonly line: number | null;
}

/** lldb's frames: `frame #1: 0x… app.exe`from_dll at walk-app.c:27` (callers looked up at return address − 1). */
export function parseLldbFrames(text: string): LldbFrame[] {
  return [...text.matchAll(/frame #\d+: 0x([0-9a-f]+) ([^`\s]+)(?:`(\S+)(?: at ([^:\s]+):(\d+))?)?/g)].map((m) => ({
    address: BigInt(`0x${m[1]}`),
    module: m[2]!,
    function: m[3] ?? null,
    file: m[4] ?? null,
    line: m[5] === undefined ? null : Number(m[5]),
  }));
}

async function oracles(dir: string, dump: string): Promise<void> {
  const [wd, ll] = await Promise.all([
    exec('wine', ['winedbg', dump], dir, { env: wineEnv(), input: 'bt\nquit\n' }),
    exec('lldb-14', ['-b', '-o', `target create --core ${dump}`, '-o', 'thread backtrace'], dir, { env: wineEnv() }),
  ]);
  // A missing oracle must fail the build of the fixtures, not leave empty answers in the cache.
  if (!/frame #0/.test(ll.stdout)) throw new Error(`lldb-14 gave no backtrace for ${dump} (apt-get install lldb-14): ${ll.stderr || ll.error?.message || ''}`);
  if (!/Backtrace:/.test(wd.stdout)) throw new Error(`winedbg gave no backtrace for ${dump} (apt-get install wine wine64): ${wd.stderr || wd.error?.message || ''}`);
  writeFileSync(join(dir, `${dump}.winedbg.txt`), wd.stdout);
  writeFileSync(join(dir, `${dump}.lldb.txt`), ll.stdout);
}

/** `%08X` TimeDateStamp + `%x` SizeOfImage, read straight from the file's headers. */
function codeIdOf(file: string): string {
  const b = readFileSync(file);
  const pe = b.readUInt32LE(0x3c);
  return b.readUInt32LE(pe + 8).toString(16).toUpperCase().padStart(8, '0') + b.readUInt32LE(pe + 80).toString(16);
}

function fillStore(dir: string): void {
  const files = [...['walk-lib.dll', 'app-omit.exe', 'app-fp.exe', 'app-gcc.exe'].map((f) => join(dir, f)), ...STORE_DLLS.map((d) => join(WINE_DLLS, d)).filter(existsSync)];
  for (const f of files) {
    const name = f.slice(f.lastIndexOf('/') + 1);
    const to = join(dir, 'store', name, codeIdOf(f));
    mkdirSync(to, { recursive: true });
    copyFileSync(f, join(to, name));
  }
}

const FILES: Readonly<Record<WalkVariant, readonly [string, string, number]>> = {
  'clang-omit-fp': ['app-omit.exe', 'omit.dmp', 0],
  'clang-keep-fp': ['app-fp.exe', 'fp.dmp', 0],
  'gcc-O1': ['app-gcc.exe', 'gcc.dmp', 0],
  'clang-omit-fp-full': ['app-omit.exe', 'full.dmp', 2],
};

let cached: WalkFixtures | null = null;

/**
 * Builds, crashes and runs the oracles once per source version (a staging folder renamed into
 * place); independent steps run in parallel. The first crash runs alone: it creates the prefix.
 */
export async function buildWalkFixtures(): Promise<WalkFixtures> {
  if (cached) return cached;
  const key = createHash('sha256').update(WALK_LIB_C).update(WALK_APP_C).update(JSON.stringify(FILES)).digest('hex').slice(0, 16);
  const root = join(tmpdir(), 'wer-walk-fixtures');
  const dir = join(root, key);
  if (!existsSync(join(dir, 'done'))) {
    mkdirSync(root, { recursive: true });
    const staging = mkdtempSync(join(root, 'build-'));
    try {
      await build(staging);
      const [first, ...rest] = Object.values(FILES);
      await crash(staging, ...first!);
      await Promise.all(rest.map((f) => crash(staging, ...f)));
      await Promise.all(Object.values(FILES).map(([, dump]) => oracles(staging, dump)));
      fillStore(staging);
      writeFileSync(join(staging, 'done'), new Date().toISOString());
      try {
        renameSync(staging, dir);
      } catch {
        if (!existsSync(join(dir, 'done'))) throw new Error(`cannot place the walk fixtures in ${dir}`);
      }
    } finally {
      if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
    }
  }
  const read = (f: string): string => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : '');
  const crashes = Object.fromEntries(
    Object.entries(FILES).map(([variant, [, dump]]) => {
      const winedbgOf = dump === 'full.dmp' ? 'omit.dmp' : dump;
      return [variant, { variant, dump: join(dir, dump), winedbg: parseWinedbg(read(`${winedbgOf}.winedbg.txt`)), lldb: parseLldb(read(`${dump}.lldb.txt`)) }];
    }),
  ) as unknown as Record<WalkVariant, WalkCrash>;
  cached = { dir, store: join(dir, 'store'), crashes };
  return cached;
}
