import { readFileSync } from 'node:fs';

/**
 * Demangling of decorated C++ (MSVC "?foo@@YAXH@Z", Itanium "_ZN3foo3barEv") and Rust names,
 * through the WebAssembly build of the gecko-profiler-demangle package (Firefox profiler's wrapper
 * around the msvc-demangler, cpp_demangle and rustc-demangle crates).
 *
 * The package's own entry point is an ES module that imports the .wasm file (a bundler
 * convention neither Node's CommonJS loader nor Jest understands), so the module is instantiated
 * here, synchronously, with the two-function glue wasm-bindgen generates for strings.
 */

/** The parts of the WebAssembly API used here (the project's lib settings do not declare it). */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

interface DemanglerExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  readonly demangle_any: (ptr: number, len: number) => [number, number];
  readonly __wbindgen_malloc: (size: number, align: number) => number;
  readonly __wbindgen_free: (ptr: number, size: number, align: number) => void;
  readonly __wbindgen_start: () => void;
  readonly __wbindgen_export_0: { grow(delta: number): number; set(index: number, value: unknown): void };
}

/** Names longer than this are shown as they are (no real symbol is that long). */
const MAX_NAME = 16 * 1024;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');
let loaded: DemanglerExports | null | undefined;
let loadProblem: string | null = null;

function load(): DemanglerExports | null {
  if (loaded !== undefined) return loaded;
  try {
    const path = require.resolve('gecko-profiler-demangle/index_bg.wasm');
    const wasm = (globalThis as unknown as { readonly WebAssembly: WasmApi }).WebAssembly;
    const module = new wasm.Module(readFileSync(path));
    let exports: DemanglerExports | null = null;
    const imports = {
      './index_bg.js': {
        // wasm-bindgen's externref table set-up (what the package's glue does on start).
        __wbindgen_init_externref_table() {
          const table = exports!.__wbindgen_export_0;
          const at = table.grow(4);
          table.set(0, undefined);
          table.set(at + 0, undefined);
          table.set(at + 1, null);
          table.set(at + 2, true);
          table.set(at + 3, false);
        },
      },
    };
    exports = new wasm.Instance(module, imports).exports as DemanglerExports;
    exports.__wbindgen_start();
    loaded = exports;
  } catch (error) {
    loadProblem = `the demangler could not be loaded (${error instanceof Error ? error.message : String(error)}); names are shown decorated`;
    loaded = null;
  }
  return loaded;
}

/** Whether a name is decorated (MSVC, Itanium or Rust v0); plain C names are never touched. */
export function isDecorated(name: string): boolean {
  return name.startsWith('?') || name.startsWith('_Z') || name.startsWith('__Z') || name.startsWith('_R');
}

/**
 * A 32-bit x86 C name without its calling-convention decoration: "_foo" (cdecl), "_foo@8"
 * (stdcall), "@foo@8" (fastcall), "foo@@8" (vectorcall) all become "foo", as debuggers show them.
 * Only x86 images decorate C names this way; names of other machines stay as they are.
 */
export function undecorateX86CName(name: string): string {
  if (name.startsWith('?')) return name;
  let s = name.startsWith('_') || name.startsWith('@') ? name.slice(1) : name;
  const at = s.lastIndexOf('@');
  if (at > 0 && at < s.length - 1 && /^\d+$/.test(s.slice(at + 1))) s = s.slice(0, at);
  if (s.endsWith('@')) s = s.slice(0, -1);
  return s.length > 0 ? s : name;
}

/** Why demangling is unavailable, or null when it works (or was not needed yet). */
export function demanglerProblem(): string | null {
  return loadProblem;
}

/**
 * The demangled form of a decorated name ("?area@Shape@geo@@QEBAHXZ" → "geo::Shape::area(void)");
 * any other name, or one the demangler rejects, comes back unchanged. Synchronous; never throws.
 */
export function demangle(name: string): string {
  if (!isDecorated(name) || name.length > MAX_NAME) return name;
  const w = load();
  if (!w) return name;
  try {
    const input = encoder.encode(name);
    const ptr = w.__wbindgen_malloc(input.length, 1) >>> 0;
    new Uint8Array(w.memory.buffer).set(input, ptr);
    const [outPtr, outLen] = w.demangle_any(ptr, input.length);
    const text = decoder.decode(new Uint8Array(w.memory.buffer, outPtr >>> 0, outLen >>> 0));
    w.__wbindgen_free(outPtr, outLen, 1);
    // No demangler took the name: demangle_any then only drops a leading underscore (the Mach-O
    // convention), which would turn a C name such as "_Zfoo" into another name.
    return text.length > 0 && text !== name.slice(1) ? text : name;
  } catch {
    return name;
  }
}
