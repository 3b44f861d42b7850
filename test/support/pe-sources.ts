/**
 * C, .def and .rc sources of the PE test programs that test/support/pe-builder.ts compiles with
 * clang-14 + lld-14 (the assembler sources are in pe-asm-x64.ts and pe-asm-arm64.ts). Kept as
 * text, not in a fixtures folder, so the builder can hash them for its cache. The compiled C
 * gives ordinary compiler output (and, for the .exe, mingw's CRT) next to the hand-written shapes.
 */

/** A DLL with named, ordinal-only and forwarded exports (see LIB_DEF) and real compiler unwind data. */
export const LIB_C = String.raw`
__declspec(dllexport) int add(int a, int b) { return a + b; }
int hidden_ord(int a) { return a * 7; }
int named_too(int a) { return a - 1; }
__attribute__((noinline)) static int sink(volatile int *p, int n) { int s = 0; for (int i = 0; i < n; i++) s += p[i]; return s; }
__declspec(dllexport) int big_frame(int n) {
  volatile int buf[3000];
  for (int i = 0; i < 3000; i++) buf[i] = i * n;
  return sink(buf, n);
}
__declspec(dllexport) double floaty(double a, double b, int n) {
  double x = a;
  for (int i = 0; i < n; i++) x = x * b + sink((volatile int *)&n, 1);
  return x;
}
`;

/** Module-definition file: a named export, a named one at a fixed ordinal, a NONAME ordinal, two forwarders. */
export const LIB_DEF = `LIBRARY pe-lib.dll
EXPORTS
  add
  big_frame
  floaty
  named_too @5
  hidden_ord @9 NONAME
  fwd_sleep = kernel32.Sleep
  GetTick = KERNEL32.GetTickCount
`;

/** The strings and numbers of VERSION_RC, which the version-resource test expects back. */
export const VERSION_STRINGS = {
  CompanyName: 'Contoso Ltd.',
  FileDescription: 'WER Explorer PE fixture',
  FileVersion: '1.2.3.4',
  InternalName: 'pe-lib',
  OriginalFilename: 'pe-lib.dll',
  ProductName: 'PE fixture \u00e9t\u00e9',
  ProductVersion: '5.6.7.8',
} as const;

/** A VERSIONINFO resource (numeric constants instead of winver.h: VOS_NT_WINDOWS32, VFT_DLL). */
export const VERSION_RC = `1 VERSIONINFO
FILEVERSION 1,2,3,4
PRODUCTVERSION 5,6,7,8
FILEFLAGSMASK 0x3f
FILEFLAGS 0x2
FILEOS 0x40004
FILETYPE 0x2
FILESUBTYPE 0x0
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "040904b0"
    BEGIN
${Object.entries(VERSION_STRINGS)
  // Non-ASCII text needs a wide literal (L"…") with 4-digit \x escapes to reach the file as UTF-16.
  .map(([k, v]) => `      VALUE "${k}", ${/[^\x20-\x7e]/.test(v) ? 'L' : ''}"${[...v].map((c) => (c.charCodeAt(0) > 127 ? `\\x${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('')}"`)
  .join('\n')}
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x409, 1200
  END
END
`;

/** An ordinary console program: mingw's CRT brings many more functions and unwind records. */
export const APP_C = String.raw`
#include <stdio.h>
#include <stdlib.h>
__attribute__((noinline)) static int work(int n) { int *p = malloc(sizeof(int) * (n + 1)); int s = 0; for (int i = 0; i <= n; i++) { p[i] = i; s += p[i]; } free(p); return s; }
int main(int argc, char **argv) { printf("%d\n", work(argc + 10)); return 0; }
`;

/** ARM64 C without a CRT (none is installed for aarch64-w64-mingw32): compiler-made .xdata records. */
export const ARM64_C = String.raw`
__declspec(dllexport) int leaf(int a, int b) { return a * b + 3; }
__attribute__((noinline)) int helper(volatile int *p, int n) { int s = 0; for (int i = 0; i < n; i++) s += p[i]; return s; }
__declspec(dllexport) int big(int n) { volatile int buf[2000]; for (int i = 0; i < 2000; i++) buf[i] = i * n; return helper(buf, n); }
__attribute__((noinline)) double fl(double a, double b, int n) { double x = a; for (int i = 0; i < n; i++) x = x * b + helper((volatile int *)&n, 1); return x; }
__declspec(dllexport) int entry_user(void) { return big(5) + (int)fl(1.0, 2.0, 3) + leaf(1, 2); }
int DllMainCRTStartup(void *h, unsigned r, void *p) { (void)h; (void)r; (void)p; return 1; }
`;
