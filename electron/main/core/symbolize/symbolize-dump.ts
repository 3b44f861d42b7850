/**
 * Names the frames of a dump summary's stack and says, for each module on it, whether its
 * symbols are in use. Caller frames are looked up at return address − 1 (the call instruction,
 * as debuggers do; the return address itself may already be the next line or function), while
 * the frame keeps its return address and its offset counts from there.
 */
import type { MinidumpFrame, MinidumpModule, MinidumpSummary } from '../../../../shared/minidump-model';
import type { FrameSymbolFields, ModuleSymbolState } from '../../../../shared/symbol-model';
import type { DumpSymbols } from './dump-symbols';
import type { SymbolModule } from './module-symbols';

/** A stack frame with its symbol fields. */
export type SymbolizedFrame = MinidumpFrame & FrameSymbolFields;

/** The symbolized stack, and each module's symbol state (null: no frame of it was looked up). */
export interface SymbolizedDump {
  readonly stack: readonly SymbolizedFrame[];
  /** In the order of `summary.modules`. */
  readonly moduleSymbols: readonly (ModuleSymbolState | null)[];
}

const UNNAMED: FrameSymbolFields = { function: null, functionOffset: null, file: null, line: null, inlined: [], nameSource: null };

/** The dump module as the symbol lookups take it. */
export function symbolModule(module: MinidumpModule): SymbolModule {
  return { name: module.name, path: module.path, codeId: module.codeId || null, debugFile: module.debugFile, debugId: module.debugId };
}

function moduleAt(modules: readonly MinidumpModule[], address: bigint): number {
  return modules.findIndex((m) => {
    const base = BigInt(m.base);
    return address >= base && address < base + BigInt(m.size);
  });
}

/** Symbolizes `summary.stack` with `symbols`; frames outside any module or unnamed keep null fields. */
export async function symbolizeDump(summary: MinidumpSummary, symbols: DumpSymbols): Promise<SymbolizedDump> {
  const used = new Set<number>();
  const stack: SymbolizedFrame[] = [];
  for (const [i, frame] of summary.stack.entries()) {
    const address = BigInt(frame.address);
    const index = moduleAt(summary.modules, address);
    const module = summary.modules[index];
    if (!module) {
      stack.push({ ...frame, ...UNNAMED });
      continue;
    }
    used.add(index);
    const rva = Number(address - BigInt(module.base));
    const back = i > 0 && frame.trust !== 'context' && rva > 0 ? 1 : 0;
    const named = await symbols.of(symbolModule(module)).symbolize(rva - back);
    stack.push(
      named
        ? {
            ...frame,
            function: named.function,
            functionOffset: `0x${(named.functionOffset + back).toString(16)}`,
            file: named.file,
            line: named.line,
            inlined: named.inlined,
            nameSource: named.source,
          }
        : { ...frame, ...UNNAMED },
    );
  }
  const faulting = summary.exception ? moduleAt(summary.modules, BigInt(summary.exception.address)) : -1;
  if (faulting >= 0) used.add(faulting);
  const moduleSymbols = await Promise.all(
    summary.modules.map((m, index) => (used.has(index) ? symbols.of(symbolModule(m)).info() : Promise.resolve(null))),
  );
  return { stack, moduleSymbols };
}
