import { ByteView } from '../minidump/binary';
import { decodeAnnotations } from './binary-annotations';
import type { ModuleLines } from './c13-lines';
import { closesScope, opensScope, parseInlineSite, recordAt, SymbolKind } from './codeview-symbols';
import type { ProcEntry } from './module-symbols';
import type { MsfFile } from './msf';

/** Longest procedure body read to find inline sites; bigger ones are cut at this size. */
const MAX_PROC_BYTES = 16 * 1024 * 1024;
/** Deepest nesting believed (real code stays far below; damage may claim anything). */
const MAX_DEPTH = 256;

/** One inlined call active at an address, before its names are resolved. */
export interface RawInlineFrame {
  /** IPI function id of the inlined function. */
  readonly inlinee: number;
  /** Line in the inlined function at the address. */
  readonly line: number;
  /** File checksum offset of that line. */
  readonly file: number;
}

interface Scope {
  readonly at: number;
  /** Whether the address lies inside this scope (every enclosing inline site matched). */
  readonly active: boolean;
}

/**
 * Finds the inline sites of `proc` whose code ranges contain `rva`, outermost first. Nesting is
 * taken from the order of the records (S_INLINESITE … S_INLINESITE_END), never from their parent
 * pointers, so damaged or cyclic pointers cannot loop; inconsistencies are reported as problems.
 */
export async function findInlineFrames(
  msf: MsfFile,
  stream: number,
  symbolBytes: number,
  proc: ProcEntry,
  lines: ModuleLines,
  rva: number,
  problems: string[],
): Promise<RawInlineFrame[]> {
  const start = proc.recordOffset;
  const declaredEnd = proc.endOffset > start ? proc.endOffset + 8 : start + MAX_PROC_BYTES;
  const end = Math.min(symbolBytes, declaredEnd, start + MAX_PROC_BYTES);
  if (end <= start) return [];
  const v = new ByteView(await msf.read(stream, start, end - start));
  const offsetInProc = rva - proc.rva;
  const frames: RawInlineFrame[] = [];
  const scopes: Scope[] = [];
  let at = 0;
  while (at < v.length) {
    const r = recordAt(v, at);
    if (!r) break;
    if (opensScope(r.kind)) {
      const parentActive = scopes.length === 0 || scopes[scopes.length - 1]!.active;
      let active = parentActive;
      if (r.kind === SymbolKind.S_INLINESITE || r.kind === SymbolKind.S_INLINESITE2) {
        const site = parseInlineSite(v, r);
        const enclosing = scopes[scopes.length - 1];
        if (enclosing && site.parent !== start + enclosing.at) {
          problems.push(`the inline site at +${start + r.at} names parent +${site.parent} but sits inside +${start + enclosing.at}`);
        }
        active = false;
        if (parentActive) {
          const source = lines.inlinees.get(site.inlinee);
          const decoded = decodeAnnotations(site.annotations, source?.line ?? 0, source?.file ?? 0xffffffff);
          if (decoded.problem) problems.push(decoded.problem);
          const hit = decoded.ranges.find((x) => x.start <= offsetInProc && offsetInProc < (x.end ?? proc.length));
          if (hit) {
            frames.push({ inlinee: site.inlinee, line: hit.line, file: hit.file });
            active = true;
          }
        }
      }
      scopes.push({ at: r.at, active });
      if (scopes.length > MAX_DEPTH) {
        problems.push(`the symbols of ${proc.name} nest deeper than ${MAX_DEPTH} scopes`);
        break;
      }
    } else if (closesScope(r.kind)) {
      scopes.pop();
      if (scopes.length === 0) break;
    }
    at = r.next;
  }
  return frames;
}
