import { ByteView } from '../minidump/binary';
import type { AddressMap } from './address-map';
import { parseC13, type ModuleLines } from './c13-lines';
import { closesScope, isProcKind, opensScope, parseProc, recordAt } from './codeview-symbols';
import type { PdbModule } from './dbi-modules';
import type { MsfFile } from './msf';
import { MAX_STREAM_READ } from './msf';
import { fail } from './pdb-error';

const CV_SIGNATURE_C13 = 4;

/** A procedure of a module, in source RVA space. */
export interface ProcEntry {
  readonly rva: number;
  readonly length: number;
  readonly name: string;
  /** Offset of the procedure record and of its end record in the module stream. */
  readonly recordOffset: number;
  readonly endOffset: number;
}

/** What one module contributes to lookups: its procedures (sorted by RVA) and its line tables. */
export interface ModuleSymbols {
  readonly module: PdbModule;
  readonly procs: readonly ProcEntry[];
  readonly lines: ModuleLines;
  /** Rough memory weight, for the module cache's budget. */
  readonly weight: number;
}

/** Walks the module's symbol records and collects its procedures, jumping over their bodies. */
function collectProcs(bytes: Uint8Array, map: AddressMap, problems: string[]): ProcEntry[] {
  const v = new ByteView(bytes);
  const procs: ProcEntry[] = [];
  let depth = 0;
  let at = 4;
  while (at < v.length) {
    const r = recordAt(v, at);
    if (!r) {
      problems.push(`a symbol record at +${at} is cut short or has a bad length`);
      break;
    }
    if (depth === 0 && isProcKind(r.kind)) {
      const p = parseProc(v, r);
      const rva = map.sourceRva(p.section, p.offset);
      if (rva !== null) procs.push({ rva, length: p.codeSize, name: p.name, recordOffset: r.at, endOffset: p.end });
      // Skip the body when the end pointer names a real end record further on; else walk it.
      const end = p.end > r.at ? recordAt(v, p.end) : null;
      if (end && closesScope(end.kind)) {
        at = end.next;
        continue;
      }
    }
    if (opensScope(r.kind)) depth++;
    else if (closesScope(r.kind)) depth = Math.max(0, depth - 1);
    at = r.next;
  }
  return procs.sort((a, b) => a.rva - b.rva);
}

/**
 * Reads one module's symbols and C13 line data and indexes them. The stream is read in two
 * ranges (symbols, C13); C11 line data and global references are never read.
 */
export async function loadModuleSymbols(msf: MsfFile, module: PdbModule, map: AddressMap, problems: string[]): Promise<ModuleSymbols> {
  const stream = module.symbolStream;
  if (stream === null) fail(`module ${module.index} has no symbol stream`);
  const size = msf.streamSize(stream);
  if (size === null) fail(`the symbol stream ${stream} of module ${module.index} does not exist`);
  const c13Start = module.symbolBytes + module.c11Bytes;
  if (module.symbolBytes > size || c13Start + module.c13Bytes > size) {
    problems.push(`module ${module.index} (${module.name}) declares more symbol and line bytes than its stream holds`);
  }
  const symBytes = Math.min(module.symbolBytes, size);
  const c13Bytes = Math.max(0, Math.min(module.c13Bytes, size - c13Start));
  if (symBytes > MAX_STREAM_READ || c13Bytes > MAX_STREAM_READ) fail(`module ${module.index} is too large to index (${symBytes + c13Bytes} bytes)`);
  let procs: ProcEntry[] = [];
  if (symBytes >= 4) {
    const symbols = await msf.read(stream, 0, symBytes);
    if (new ByteView(symbols).u32(0) !== CV_SIGNATURE_C13) problems.push(`module ${module.index} (${module.name}) does not use C13 symbols`);
    else procs = collectProcs(symbols, map, problems);
  }
  const c13 = c13Bytes > 0 ? await msf.read(stream, c13Start, c13Bytes) : new Uint8Array(0);
  const lines = parseC13(c13, (s, o) => map.sourceRva(s, o), problems);
  const weight = procs.length * 64 + lines.rva.length * 16 + 1024;
  return { module, procs, lines, weight };
}

/** The procedure containing `rva`, or null. */
export function findProc(symbols: ModuleSymbols, rva: number): ProcEntry | null {
  const procs = symbols.procs;
  let lo = 0;
  let hi = procs.length - 1;
  let at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (procs[mid]!.rva <= rva) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  // Procedures do not overlap in practice; a few predecessors are checked for odd writers.
  for (let i = at; i >= 0 && i > at - 4; i--) {
    const p = procs[i]!;
    if (rva - p.rva < p.length) return p;
  }
  return null;
}
