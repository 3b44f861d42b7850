import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { llvmTool } from './llvm-tools';
import { parseLldbFrames, type LldbFrame } from './walk-fixtures';

/**
 * Real crashes for grouping by top frame: one clang + lld program (PDB beside it) crashed under
 * wine64 four ways, each dump written by Wine's dbghelp as `topframe.exe.<kind>.dmp` (a LocalDumps
 * name, so each is a CrashDumps record), with lldb-14's backtrace of it (LLDB_USE_NATIVE_PDB_READER)
 * as the names' truth. Built once per source version in the temp folder, as walk-fixtures.ts does.
 */
export const TOP_FRAME_APP_C = String.raw`
#include <windows.h>
#include <dbghelp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *dump_path = "crash.dmp";

static LONG WINAPI write_dump(EXCEPTION_POINTERS *ep) {
  HANDLE f = CreateFileA(dump_path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
  MINIDUMP_EXCEPTION_INFORMATION mei = { GetCurrentThreadId(), ep, FALSE };
  BOOL ok = MiniDumpWriteDump(GetCurrentProcess(), GetCurrentProcessId(), f, MiniDumpNormal, &mei, NULL, NULL);
  CloseHandle(f);
  printf("code=%08lx ok=%d\n", ep->ExceptionRecord->ExceptionCode, ok);
  fflush(stdout);
  TerminateProcess(GetCurrentProcess(), 3);
  return EXCEPTION_EXECUTE_HANDLER;
}

/* Kinds 1 and 2 fault in the same function at two different instructions (two offsets). */
__attribute__((noinline)) int crash_here(volatile int *p, int kind) {
  if (kind == 1) p[0] = 1;
  else p[64] = kind;
  return kind;
}

__attribute__((noinline)) int crash_elsewhere(volatile int *p) { return p[8] + 7; }

/* Faults inside msvcrt.dll's strlen: the program's own frame is the caller. */
__attribute__((noinline)) int via_msvcrt(const char *s) { return (int)strlen(s) + 1; }

int main(int argc, char **argv) {
  if (argc < 3) return 2;
  dump_path = argv[1];
  int kind = atoi(argv[2]);
  SetUnhandledExceptionFilter(write_dump);
  volatile int *p = argc > 99 ? (volatile int *)argv : NULL;
  if (kind == 3) return crash_elsewhere(p);
  if (kind == 4) return via_msvcrt((const char *)p);
  return crash_here(p, kind);
}
`;

/** The crash kinds: 1 and 2 in crash_here, 3 in crash_elsewhere, 4 in msvcrt's strlen called by via_msvcrt. */
export const TOP_FRAME_KINDS = [1, 2, 3, 4] as const;

/** One crash: its dump and lldb's frames of the crashing thread. */
export interface TopFrameCrash {
  readonly kind: (typeof TOP_FRAME_KINDS)[number];
  /** `<dir>/topframe.exe.<kind>.dmp`. */
  readonly dump: string;
  readonly lldb: readonly LldbFrame[];
}

/** The built program, its PDB, a symbol store with its image and Wine's DLLs by code id, and the crashes. */
export interface TopFrameFixtures {
  readonly dir: string;
  readonly exe: string;
  readonly pdb: string;
  readonly store: string;
  readonly crashes: readonly TopFrameCrash[];
}

const WINE_DLLS = '/usr/lib/x86_64-linux-gnu/wine/x86_64-windows';
const MINGW_LIB = '/usr/lib/gcc/x86_64-w64-mingw32/12-win32';
const STORE_DLLS = ['ntdll.dll', 'kernel32.dll', 'kernelbase.dll', 'msvcrt.dll', 'ucrtbase.dll', 'dbghelp.dll'];

function exec(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<{ stdout: string; stderr: string; error: Error | null }> {
  return new Promise((done) => {
    const child = execFile(cmd, args, { cwd, env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => done({ stdout: String(stdout), stderr: String(stderr), error }));
    child.stdin?.end('');
  });
}

function wineEnv(): NodeJS.ProcessEnv {
  // walk-fixtures.ts's prefix: creating one takes longer than all the crashes together.
  return { ...process.env, WINEPREFIX: join(tmpdir(), 'wer-walk-wine-prefix'), WINEDEBUG: '-all', LLDB_USE_NATIVE_PDB_READER: '1' };
}

/** `%08X` TimeDateStamp + `%x` SizeOfImage, read straight from the file's headers. */
function codeIdOf(file: string): string {
  const b = readFileSync(file);
  const pe = b.readUInt32LE(0x3c);
  return b.readUInt32LE(pe + 8).toString(16).toUpperCase().padStart(8, '0') + b.readUInt32LE(pe + 80).toString(16);
}

async function build(dir: string): Promise<void> {
  writeFileSync(join(dir, 'topframe.c'), TOP_FRAME_APP_C);
  const args = ['--target=x86_64-w64-mingw32', '-O1', '-g', '-gcodeview', '-fno-inline', '-fno-builtin', '-fno-optimize-sibling-calls', '-fuse-ld=lld', `-L${MINGW_LIB}`];
  const built = await exec(llvmTool('clang'), [...args, '-Wl,--pdb=topframe.pdb', '-o', 'topframe.exe', 'topframe.c', '-ldbghelp'], dir);
  if (built.error) throw new Error(`clang failed: ${built.stderr || built.error.message}`);
  // Wine's dbghelp faults on the DWARF that mingw's CRT objects bring: strip it (the PDB stays).
  const stripped = await exec(llvmTool('llvm-objcopy'), ['--strip-debug', 'topframe.exe'], dir);
  if (stripped.error) throw new Error(`llvm-objcopy failed: ${stripped.stderr}`);
}

async function crash(dir: string, kind: number): Promise<void> {
  const dump = `topframe.exe.${kind}.dmp`;
  const r = await exec('wine', ['topframe.exe', dump, String(kind)], dir, wineEnv());
  if (!existsSync(join(dir, dump)) || !/ok=1/.test(r.stdout)) throw new Error(`wine topframe.exe wrote no dump for kind ${kind}: ${r.stdout} ${r.stderr}`);
  const ll = await exec('lldb-14', ['-b', '-o', `target create --core ${dump}`, '-o', 'thread backtrace'], dir, wineEnv());
  if (!/frame #0/.test(ll.stdout)) throw new Error(`lldb-14 gave no backtrace for ${dump} (apt-get install lldb-14): ${ll.stderr || ll.error?.message || ''}`);
  writeFileSync(join(dir, `${dump}.lldb.txt`), ll.stdout);
}

function fillStore(dir: string): void {
  for (const f of [join(dir, 'topframe.exe'), ...STORE_DLLS.map((d) => join(WINE_DLLS, d)).filter(existsSync)]) {
    const name = f.slice(f.lastIndexOf('/') + 1);
    const to = join(dir, 'store', name, codeIdOf(f));
    mkdirSync(to, { recursive: true });
    copyFileSync(f, join(to, name));
  }
}

let cached: TopFrameFixtures | null = null;

/** Builds, crashes and runs lldb once per source version (a staging folder renamed into place). */
export async function buildTopFrameFixtures(): Promise<TopFrameFixtures> {
  if (cached) return cached;
  const key = createHash('sha256').update(TOP_FRAME_APP_C).update(TOP_FRAME_KINDS.join()).digest('hex').slice(0, 16);
  const root = join(tmpdir(), 'wer-top-frame-fixtures');
  const dir = join(root, key);
  if (!existsSync(join(dir, 'done'))) {
    mkdirSync(root, { recursive: true });
    const staging = mkdtempSync(join(root, 'build-'));
    try {
      await build(staging);
      // One at a time: the machine is shared, and the first run may still be setting up the prefix.
      for (const kind of TOP_FRAME_KINDS) await crash(staging, kind);
      fillStore(staging);
      writeFileSync(join(staging, 'done'), new Date().toISOString());
      try {
        renameSync(staging, dir);
      } catch {
        if (!existsSync(join(dir, 'done'))) throw new Error(`cannot place the top-frame fixtures in ${dir}`);
      }
    } finally {
      if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
    }
  }
  const crashes = TOP_FRAME_KINDS.map((kind) => {
    const dump = join(dir, `topframe.exe.${kind}.dmp`);
    return { kind, dump, lldb: parseLldbFrames(readFileSync(`${dump}.lldb.txt`, 'utf8')) };
  });
  cached = { dir, exe: join(dir, 'topframe.exe'), pdb: join(dir, 'topframe.pdb'), store: join(dir, 'store'), crashes };
  return cached;
}
