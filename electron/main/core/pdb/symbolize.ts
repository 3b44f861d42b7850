import { findLine, type ModuleLines } from './c13-lines';
import { demangle, isDecorated, undecorateX86CName } from './demangle';
import { findInlineFrames, type RawInlineFrame } from './inline-frames';
import { findProc, type ModuleSymbols, type ProcEntry } from './module-symbols';
import type { PdbContext } from './pdb-context';
import { describePdbError } from './pdb-error';
import type { InlineFrame, SymbolizedAddress } from './pdb-types';
import { functionIdName } from './type-names';

const IMAGE_FILE_MACHINE_I386 = 0x14c;

/** The name to show for a public symbol: demangled C++, or an x86 C name without its decoration. */
function publicName(ctx: PdbContext, name: string): string {
  if (isDecorated(name)) return demangle(name);
  return ctx.dbi.machine === IMAGE_FILE_MACHINE_I386 ? undecorateX86CName(name) : name;
}

/** The qualified name before any template arguments or parameters ("geo::add" of "geo::add<int>(int)"). */
function stem(name: string): string {
  const cut = name.search(/[<(]/);
  return cut < 0 ? name : name.slice(0, cut);
}

/** Publics at one address checked for a procedure's decorated name (code folding puts several there). */
const MAX_SAME_ADDRESS = 16;

/** The module whose section contribution covers a source RVA, or -1. */
function moduleAt(ctx: PdbContext, rva: number): number {
  const { start, end, module } = ctx.contributions;
  let lo = 0;
  let hi = start.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (start[mid]! <= rva) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return at >= 0 && rva < end[at]! ? module[at]! : -1;
}

/** File name of a file checksum offset, through the /names table; null (and a problem) on damage. */
export async function fileName(ctx: PdbContext, lines: ModuleLines, checksum: number): Promise<string | null> {
  const nameOffset = lines.checksums.get(checksum);
  if (nameOffset === undefined) return null;
  const strings = await ctx.strings();
  try {
    return strings ? await strings.get(nameOffset) : null;
  } catch (error) {
    ctx.problems.add(`/names string table: ${describePdbError(error)}`);
    return null;
  }
}

/**
 * The name to show for a procedure: its public symbol's demangled name when one starts at the same
 * address and demangles to that procedure (it carries the parameter types that tell overloads
 * apart, as llvm-symbolizer shows it); else the procedure's own (undecorated) name.
 */
async function procName(ctx: PdbContext, proc: ProcEntry): Promise<string> {
  try {
    return await decoratedName(ctx, proc);
  } catch (error) {
    // Damaged publics must not cost the lookup its private answer.
    ctx.problems.add(`public symbols: ${describePdbError(error)}`);
    return demangle(proc.name);
  }
}

async function decoratedName(ctx: PdbContext, proc: ProcEntry): Promise<string> {
  const publics = await ctx.publics();
  const where = ctx.map.sectionOf(proc.rva);
  if (!publics || !where) return demangle(proc.name);
  let i = await publics.nearest(where.section, where.offset);
  for (let k = 0; i >= 0 && k < MAX_SAME_ADDRESS; k++, i--) {
    const p = await publics.at(i);
    if (p.section !== where.section || p.offset !== where.offset) break;
    if (!isDecorated(p.name)) continue;
    const full = demangle(p.name);
    // The demangler may spell template arguments its own way ("int64_t" for "long long").
    if (full !== p.name && stem(full) === stem(proc.name)) return full;
  }
  return demangle(proc.name);
}

/** Inlined calls at `rva`, innermost first; damage costs only these frames (with a problem). */
async function inlineFrames(ctx: PdbContext, symbols: ModuleSymbols, proc: ProcEntry, rva: number): Promise<InlineFrame[]> {
  const stream = symbols.module.symbolStream;
  if (stream === null) return [];
  const local: string[] = [];
  let raw: RawInlineFrame[] = [];
  try {
    raw = await findInlineFrames(ctx.msf, stream, symbols.module.symbolBytes, proc, symbols.lines, rva, local);
  } catch (error) {
    local.push(`inline sites of ${proc.name}: ${describePdbError(error)}`);
  }
  local.forEach((p) => ctx.problems.add(`module ${symbols.module.index}: ${p}`));
  if (raw.length === 0) return [];
  const ipi = await ctx.ipi();
  const tpi = await ctx.tpi();
  const frames: InlineFrame[] = [];
  for (const f of raw) {
    let name: string | null = null;
    try {
      name = ipi ? await functionIdName(ipi, tpi, f.inlinee) : null;
    } catch (error) {
      ctx.problems.add(`inlined function id 0x${f.inlinee.toString(16)}: ${describePdbError(error)}`);
    }
    frames.push({
      function: name ?? `inlined function 0x${f.inlinee.toString(16)}`,
      file: await fileName(ctx, symbols.lines, f.file),
      line: f.line > 0 ? f.line : null,
    });
  }
  return frames.reverse();
}

async function fromProc(ctx: PdbContext, symbols: ModuleSymbols, proc: ProcEntry, rva: number): Promise<SymbolizedAddress> {
  const at = findLine(symbols.lines, rva);
  const line = at >= 0 ? symbols.lines.line[at]! : 0;
  const column = at >= 0 ? symbols.lines.column[at]! : 0;
  return {
    kind: 'function',
    function: await procName(ctx, proc),
    functionOffset: rva - proc.rva,
    file: at >= 0 ? await fileName(ctx, symbols.lines, symbols.lines.file[at]!) : null,
    line: line > 0 ? line : null,
    column: column > 0 ? column : null,
    inlined: await inlineFrames(ctx, symbols, proc, rva),
  };
}

/** The nearest public symbol at or before a source RVA in the same section. */
async function fromPublics(ctx: PdbContext, rva: number): Promise<SymbolizedAddress | null> {
  const publics = await ctx.publics();
  const where = ctx.map.sectionOf(rva);
  if (!publics || !where) return null;
  const i = await publics.nearest(where.section, where.offset);
  if (i < 0) return null;
  const p = await publics.at(i);
  if (p.section !== where.section) return null;
  return { kind: 'public', function: publicName(ctx, p.name), functionOffset: where.offset - p.offset, file: null, line: null, column: null, inlined: [] };
}

/**
 * Symbolizes an image RVA: the private procedure covering it (with line and inlined calls) when
 * its module has symbols, else the nearest public symbol. Throws only on damage (callers catch).
 */
export async function symbolizeRva(ctx: PdbContext, imageRva: number): Promise<SymbolizedAddress | null> {
  const rva = ctx.map.toSource(imageRva);
  if (rva === null) return null;
  const index = moduleAt(ctx, rva);
  if (index >= 0) {
    const symbols = await ctx.moduleSymbols(index);
    const proc = symbols ? findProc(symbols, rva) : null;
    if (symbols && proc) return fromProc(ctx, symbols, proc, rva);
  }
  return fromPublics(ctx, rva);
}
