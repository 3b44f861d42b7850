import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Real LocalDumps dumps: a small program, built with mingw-w64, crashes under wine64 and its own
 * unhandled-exception filter writes `crashy.exe.<pid>.dmp` with dbghelp's MiniDumpWriteDump (the
 * recipe of walk-fixtures.ts, in the same Wine prefix). Before writing, the program prints what it
 * knows of its crash: its pid and creation time (GetProcessTimes), the exception code and address,
 * and the base, path, PE timestamp and file version of the module holding the address. Those
 * lines are the tests' truth; the versions are also fixed by the resource scripts below.
 */

/** File version of crashy.exe (its VERSIONINFO resource). */
export const CRASHY_EXE_VERSION = '3.1.4.15';
/** File version of crashy-lib.dll. */
export const CRASHY_DLL_VERSION = '2.7.18.28';
/** The code `raise` mode raises. */
export const CRASHY_RAISED_CODE = 0xe0001234;

const LIB_C = String.raw`
__declspec(dllexport) __attribute__((noinline)) int crashy_lib_fault(volatile int *p) { return *p + 2; }
`;

const APP_C = String.raw`
#include <windows.h>
#include <dbghelp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__declspec(dllimport) int crashy_lib_fault(volatile int *p);

static const char *dump_dir = ".";
static MINIDUMP_TYPE dump_type = MiniDumpNormal;

static void print_module(const void *address) {
  HMODULE m = NULL;
  char path[MAX_PATH] = "";
  DWORD ignored = 0, size;
  unsigned v[4] = {0, 0, 0, 0};
  if (!GetModuleHandleExA(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT, (LPCSTR)address, &m)) {
    printf("module=none\n");
    return;
  }
  GetModuleFileNameA(m, path, MAX_PATH);
  IMAGE_NT_HEADERS *nt = (IMAGE_NT_HEADERS *)((char *)m + ((IMAGE_DOS_HEADER *)m)->e_lfanew);
  size = GetFileVersionInfoSizeA(path, &ignored);
  if (size) {
    void *info = malloc(size);
    VS_FIXEDFILEINFO *ffi = NULL;
    UINT len = 0;
    if (GetFileVersionInfoA(path, 0, size, info) && VerQueryValueA(info, "\\", (void **)&ffi, &len) && ffi) {
      v[0] = HIWORD(ffi->dwFileVersionMS); v[1] = LOWORD(ffi->dwFileVersionMS);
      v[2] = HIWORD(ffi->dwFileVersionLS); v[3] = LOWORD(ffi->dwFileVersionLS);
    }
    free(info);
  }
  printf("module=%s\nmodule_base=%llx\nmodule_timestamp=%08lx\nmodule_version=%u.%u.%u.%u\n", path,
         (unsigned long long)(ULONG_PTR)m, (unsigned long)nt->FileHeader.TimeDateStamp, v[0], v[1], v[2], v[3]);
}

static LONG WINAPI write_dump(EXCEPTION_POINTERS *ep) {
  FILETIME created, exited, kernel, user;
  char exe[MAX_PATH], name[MAX_PATH], *base;
  GetModuleFileNameA(NULL, exe, MAX_PATH);
  base = strrchr(exe, '\\') ? strrchr(exe, '\\') + 1 : exe;
  snprintf(name, MAX_PATH, "%s\\%s.%lu.dmp", dump_dir, base, (unsigned long)GetCurrentProcessId());
  GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user);
  printf("pid=%lu\ncreated=%llu\nexe=%s\ndump=%s\ncode=%08lx\naddress=%llx\n", (unsigned long)GetCurrentProcessId(),
         ((unsigned long long)created.dwHighDateTime << 32) | created.dwLowDateTime, exe, name,
         (unsigned long)ep->ExceptionRecord->ExceptionCode, (unsigned long long)(ULONG_PTR)ep->ExceptionRecord->ExceptionAddress);
  print_module(ep->ExceptionRecord->ExceptionAddress);
  HANDLE f = CreateFileA(name, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
  MINIDUMP_EXCEPTION_INFORMATION mei = { GetCurrentThreadId(), ep, FALSE };
  BOOL ok = MiniDumpWriteDump(GetCurrentProcess(), GetCurrentProcessId(), f, dump_type, &mei, NULL, NULL);
  CloseHandle(f);
  printf("ok=%d\n", ok);
  fflush(stdout);
  TerminateProcess(GetCurrentProcess(), 3);
  return EXCEPTION_EXECUTE_HANDLER;
}

__attribute__((noinline)) int app_fault(volatile int *p) { return *p + 1; }

int main(int argc, char **argv) {
  volatile int *p = argc > 99 ? (int *)argv : NULL;
  if (argc > 1) dump_dir = argv[1];
  if (argc > 2) dump_type = (MINIDUMP_TYPE)strtoul(argv[2], NULL, 0);
  SetUnhandledExceptionFilter(write_dump);
  const char *mode = argc > 3 ? argv[3] : "app";
  if (strcmp(mode, "lib") == 0) return crashy_lib_fault(p);
  if (strcmp(mode, "raise") == 0) RaiseException(0x${CRASHY_RAISED_CODE.toString(16)}, 0, 0, NULL);
  return app_fault(p);
}
`;

function versionRc(version: string, name: string): string {
  const commas = version.replace(/\./g, ',');
  return `1 VERSIONINFO
FILEVERSION ${commas}
PRODUCTVERSION ${commas}
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "040904b0"
    BEGIN
      VALUE "FileVersion", "${version}"
      VALUE "OriginalFilename", "${name}"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x409, 1200
  END
END
`;
}

/** How the program crashes: in its own code, in its DLL, or by RaiseException (inside Wine's kernelbase). */
export type CrashyMode = 'app' | 'lib' | 'raise';

/** One crash: the dump and what the program said about itself. */
export interface CrashyCrash {
  readonly mode: CrashyMode;
  /** MINIDUMP_TYPE the dump was written with. */
  readonly dumpType: number;
  /** The program's file name (a copy of crashy.exe). */
  readonly image: string;
  /** The dump's path on this machine. */
  readonly dump: string;
  readonly pid: number;
  /** GetProcessTimes' creation time, a FILETIME. */
  readonly created: bigint;
  /** The exe's path as Windows (Wine) saw it. */
  readonly exe: string;
  readonly code: number;
  readonly address: bigint;
  /** The module holding the address: Windows path, base, PE timestamp, file version (0.0.0.0 when none). */
  readonly module: { readonly path: string; readonly base: bigint; readonly timestamp: number; readonly version: string };
}

/** The built program, its files and its crashes. */
export interface CrashyFixtures {
  readonly dir: string;
  readonly exe: string;
  readonly dll: string;
  readonly crashes: readonly CrashyCrash[];
}

/**
 * The crashes made: one per mode as a normal dump, and the app crash as a full-memory dump, each
 * by a copy of the program under its own name and into its own folder: Wine gives every first
 * process of a session the same pid, so `crashy.exe.<pid>.dmp` names would collide.
 */
const CRASHES: readonly { readonly mode: CrashyMode; readonly dumpType: number; readonly image: string }[] = [
  { mode: 'app', dumpType: 0, image: 'crashy.exe' },
  { mode: 'lib', dumpType: 0, image: 'libcrash.exe' },
  { mode: 'raise', dumpType: 0, image: 'raiser.exe' },
  // MiniDumpWithFullMemory: what DumpType 2 writes (about 100 MB under Wine).
  { mode: 'app', dumpType: 2, image: 'fullcrash.exe' },
];

function exec(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<{ stdout: string; stderr: string; error: Error | null }> {
  return new Promise((resolveRun) => {
    execFile(cmd, args, { cwd, env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolveRun({ stdout: String(stdout), stderr: String(stderr), error });
    });
  });
}

async function run(cmd: string, args: readonly string[], cwd: string): Promise<void> {
  const r = await exec(cmd, args, cwd);
  if (r.error) throw new Error(`${cmd} ${args.join(' ')} failed (apt-get install mingw-w64): ${r.stderr || r.error.message}`);
}

async function build(dir: string): Promise<void> {
  writeFileSync(join(dir, 'crashy-lib.c'), LIB_C);
  writeFileSync(join(dir, 'crashy.c'), APP_C);
  writeFileSync(join(dir, 'crashy.rc'), versionRc(CRASHY_EXE_VERSION, 'crashy.exe'));
  writeFileSync(join(dir, 'crashy-lib.rc'), versionRc(CRASHY_DLL_VERSION, 'crashy-lib.dll'));
  await run('x86_64-w64-mingw32-windres', ['crashy.rc', '-O', 'coff', '-o', 'crashy-rc.o'], dir);
  await run('x86_64-w64-mingw32-windres', ['crashy-lib.rc', '-O', 'coff', '-o', 'crashy-lib-rc.o'], dir);
  // -s: Wine's dbghelp faults on the DWARF mingw's CRT objects bring (see walk-fixtures.ts).
  await run('x86_64-w64-mingw32-gcc', ['-O1', '-s', '-shared', '-o', 'crashy-lib.dll', 'crashy-lib.c', 'crashy-lib-rc.o'], dir);
  await run('x86_64-w64-mingw32-gcc', ['-O1', '-s', '-fno-inline', '-o', 'crashy.exe', 'crashy.c', 'crashy-rc.o', 'crashy-lib.dll', '-ldbghelp', '-lversion'], dir);
}

/** The `key=value` lines the program printed. */
function parseOutput(stdout: string): Map<string, string> {
  return new Map(stdout.split(/\r?\n/).filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

function crashOf(dir: string, mode: CrashyMode, dumpType: number, image: string, out: Map<string, string>): CrashyCrash {
  const need = (k: string): string => {
    const v = out.get(k);
    if (v === undefined) throw new Error(`crashy.exe (${mode}) printed no ${k}`);
    return v;
  };
  const pid = Number(need('pid'));
  return {
    mode,
    dumpType,
    image,
    dump: join(dir, folderOf(image), `${image}.${pid}.dmp`),
    pid,
    created: BigInt(need('created')),
    exe: need('exe'),
    code: Number.parseInt(need('code'), 16),
    address: BigInt(`0x${need('address')}`),
    module: { path: need('module'), base: BigInt(`0x${need('module_base')}`), timestamp: Number.parseInt(need('module_timestamp'), 16), version: need('module_version') },
  };
}

/** The Wine prefix walk-fixtures.ts crashes its programs in (created once, shared). */
function wineEnv(): NodeJS.ProcessEnv {
  return { ...process.env, WINEPREFIX: join(tmpdir(), 'wer-walk-wine-prefix'), WINEDEBUG: '-all' };
}

function folderOf(image: string): string {
  return image.replace(/\.exe$/, '');
}

async function crash(dir: string, mode: CrashyMode, dumpType: number, image: string): Promise<void> {
  mkdirSync(join(dir, folderOf(image)), { recursive: true });
  if (image !== 'crashy.exe') copyFileSync(join(dir, 'crashy.exe'), join(dir, image));
  const r = await exec('wine', [image, folderOf(image), String(dumpType), mode], dir, wineEnv());
  if (parseOutput(r.stdout).get('ok') !== '1') throw new Error(`wine ${image} (${mode}) wrote no dump (apt-get install wine wine64): ${r.stdout} ${r.stderr}`);
  writeFileSync(join(dir, `${folderOf(image)}.out.txt`), r.stdout);
}

let cached: CrashyFixtures | null = null;

/**
 * Builds the program and crashes it once per source version (cached in the temp folder; a
 * staging folder renamed into place). The crashes run one after another: the first may create
 * the Wine prefix.
 */
export async function buildCrashyFixtures(): Promise<CrashyFixtures> {
  if (cached) return cached;
  const key = createHash('sha256').update(LIB_C).update(APP_C).update(JSON.stringify(CRASHES)).update(CRASHY_EXE_VERSION + CRASHY_DLL_VERSION).digest('hex').slice(0, 16);
  const root = join(tmpdir(), 'wer-localdumps-fixtures');
  const dir = join(root, key);
  if (!existsSync(join(dir, 'done'))) {
    mkdirSync(root, { recursive: true });
    const staging = mkdtempSync(join(root, 'build-'));
    try {
      await build(staging);
      for (const c of CRASHES) await crash(staging, c.mode, c.dumpType, c.image);
      writeFileSync(join(staging, 'done'), new Date().toISOString());
      try {
        renameSync(staging, dir);
      } catch {
        if (!existsSync(join(dir, 'done'))) throw new Error(`cannot place the LocalDumps fixtures in ${dir}`);
      }
    } finally {
      if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
    }
  }
  const crashes = CRASHES.map((c) => crashOf(dir, c.mode, c.dumpType, c.image, parseOutput(readFileSync(join(dir, `${folderOf(c.image)}.out.txt`), 'utf8'))));
  cached = { dir, exe: join(dir, 'crashy.exe'), dll: join(dir, 'crashy-lib.dll'), crashes };
  return cached;
}

/** Seconds between 1601-01-01 (FILETIME's epoch) and 1970-01-01. */
const FILETIME_UNIX_SECONDS = 11_644_473_600n;

/** A FILETIME as whole Unix seconds (what MiscInfo's ProcessCreateTime holds). */
export function filetimeUnixSeconds(filetime: bigint): number {
  return Number(filetime / 10_000_000n - FILETIME_UNIX_SECONDS);
}

/**
 * A copy of a dump whose MiscInfo says what Windows' dbghelp writes and Wine's leaves out: the
 * process creation time (Flags1 bit 1, ProcessCreateTime in Unix seconds); `keepPid` false also
 * clears the ProcessId bit (a dump without a pid, named by its file only). The stream is found
 * through the dump's directory (MINIDUMP_HEADER: count at 8, directory RVA at 12; 12-byte entries).
 */
export function withMiscInfo(dump: Uint8Array, createTime: number | null, keepPid = true): Uint8Array {
  const out = Uint8Array.from(dump);
  const view = new DataView(out.buffer);
  const count = view.getUint32(8, true);
  const dir = view.getUint32(12, true);
  for (let i = 0; i < count; i++) {
    if (view.getUint32(dir + i * 12, true) !== 15) continue;
    const rva = view.getUint32(dir + i * 12 + 8, true);
    let flags = view.getUint32(rva + 4, true);
    if (createTime !== null) {
      flags |= 2;
      view.setUint32(rva + 12, createTime, true);
    }
    if (!keepPid) flags &= ~1;
    view.setUint32(rva + 4, flags, true);
    return out;
  }
  throw new Error('the dump has no MiscInfo stream');
}
