/**
 * Independent peers for the PDB reader tests: the text of `llvm-pdbutil dump` (LLVM's own PDB
 * reader) parsed into plain data, and `llvm-symbolizer` (LLVM's native PDB symbolizer) answers
 * for addresses. Nothing here shares code with the reader under test.
 */
import { execFileSync } from 'node:child_process';
import { llvmTool } from './llvm-tools';

/** A module as llvm-pdbutil lists it. */
export interface OracleModule {
  readonly index: number;
  readonly name: string;
  readonly objectName: string;
  readonly stream: number | null;
}

/** A procedure record as llvm-pdbutil prints it. */
export interface OracleProc {
  readonly module: number;
  readonly kind: string;
  readonly name: string;
  readonly section: number;
  readonly offset: number;
  readonly length: number;
  /** Code offsets (relative to the procedure) where inline site ranges start or end. */
  readonly inlineEdges: readonly number[];
  /** The procedure's inline sites as llvm-pdbutil decodes their binary annotations. */
  readonly inlineSites: readonly OracleInlineSite[];
}

/** An inline site: its inlinee and the code ranges llvm-pdbutil lists, with their line offsets. */
export interface OracleInlineSite {
  readonly inlinee: number;
  /** Unqualified name llvm-pdbutil prints for the inlinee. */
  readonly name: string;
  readonly ranges: readonly { readonly start: number; readonly end: number; readonly lineOffset: number }[];
  /** The annotation bytes as llvm-pdbutil prints them (hex, in order). */
  readonly annotationHex: string;
}

/** One line-table entry as llvm-pdbutil lists it. */
export interface OracleLine {
  readonly module: number;
  readonly section: number;
  readonly offset: number;
  readonly line: number;
  readonly file: string;
  /** Section offsets of the contribution ("0001:000001B0-000001C3") the entry is listed under. */
  readonly rangeStart: number;
  readonly rangeEnd: number;
}

/** What llvm-pdbutil says about a PDB. */
export interface OracleDump {
  readonly guid: string;
  readonly age: number;
  readonly signature: number;
  readonly modules: readonly OracleModule[];
  readonly sections: readonly { readonly name: string; readonly rva: number; readonly size: number }[];
  readonly publics: readonly { readonly name: string; readonly section: number; readonly offset: number; readonly isFunction: boolean }[];
  readonly procs: readonly OracleProc[];
  /** Start line of each inlinee (IPI id) per module (DEBUG_S_INLINEELINES). */
  readonly inlineeLines: ReadonlyMap<number, ReadonlyMap<number, number>>;
  /** Line entries per module: section offset, line, file and the contribution (range) they belong to. */
  readonly lines: readonly OracleLine[];
}

/** Splits the dump into its titled parts ("Summary", "Modules", "Lines", …). */
function parts(text: string): Map<string, string[]> {
  const lines = text.split('\n');
  const out = new Map<string, string[]>();
  let current: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (/^=+$/.test(lines[i + 1] ?? '') && lines[i]!.trim() !== '') {
      current = [];
      out.set(lines[i]!.trim(), current);
      i++;
    } else current.push(lines[i]!);
  }
  return out;
}

const MOD = /^\s*Mod (\d{4}) \| `(.*)`:\s*$/;

/** Runs `llvm-pdbutil dump` on a PDB and parses what the tests compare. */
export function pdbutilDump(pdb: string): OracleDump {
  const text = execFileSync(llvmTool('llvm-pdbutil'), ['dump', '-summary', '-modules', '-symbols', '-l', '-il', '-publics', '-section-headers', pdb], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const p = parts(text);
  const summary = (p.get('Summary') ?? []).join('\n');
  const modules: OracleModule[] = [];
  const modLines = p.get('Modules') ?? [];
  for (let i = 0; i < modLines.length; i++) {
    const m = MOD.exec(modLines[i]!);
    if (!m) continue;
    const obj = /Obj: `(.*)`:/.exec(modLines[i + 1] ?? '');
    const stream = /debug stream: (\d+)/.exec(modLines[i + 2] ?? '');
    const n = stream ? Number(stream[1]) : 65535;
    modules.push({ index: Number(m[1]), name: m[2]!, objectName: obj?.[1] ?? '', stream: n === 65535 ? null : n });
  }
  const sections: { name: string; rva: number; size: number }[] = [];
  const secText = (p.get('Section Headers') ?? []).join('\n');
  for (const m of secText.matchAll(/SECTION HEADER #\d+\s+(\S*) name\s+([0-9A-F]+) virtual size\s+([0-9A-F]+) virtual address/g)) {
    // Names are 8 bytes without a terminator when full; llvm-pdbutil prints a stray byte after them.
    sections.push({ name: m[1]!.slice(0, 8), size: parseInt(m[2]!, 16), rva: parseInt(m[3]!, 16) });
  }
  const publics: { name: string; section: number; offset: number; isFunction: boolean }[] = [];
  const pubText = (p.get('Public Symbols') ?? []).join('\n');
  for (const m of pubText.matchAll(/S_PUB32 \[size = \d+\] `(.*)`\n\s+flags = ([^,]*), addr = (\d+):(\d+)/g)) {
    publics.push({ name: m[1]!, isFunction: /function/.test(m[2]!), section: Number(m[3]), offset: Number(m[4]) });
  }
  type Site = { inlinee: number; name: string; ranges: { start: number; end: number; lineOffset: number }[]; open: { start: number; lineOffset: number } | null; line: number; hex: string };
  type Proc = Omit<OracleProc, 'inlineEdges' | 'inlineSites'> & { inlineEdges: number[]; inlineSites: Site[] };
  const procs: Proc[] = [];
  let module = -1;
  const symLines = p.get('Symbols') ?? [];
  let proc: Proc | null = null;
  let site: Site | null = null;
  const close = (at: number): void => {
    if (site?.open) site.ranges.push({ start: site.open.start, end: at, lineOffset: site.open.lineOffset });
    if (site) site.open = null;
  };
  for (let i = 0; i < symLines.length; i++) {
    const line = symLines[i]!;
    const mod = MOD.exec(line);
    if (mod) module = Number(mod[1]);
    const rec = /\| (S_[GL]PROC32(?:_ID)?) \[size = \d+\] `(.*)`/.exec(line);
    if (rec) {
      const f = /addr = (\d+):(\d+), code size = (\d+)/.exec(symLines[i + 1] ?? '');
      if (f) {
        proc = { module, kind: rec[1]!, name: rec[2]!, section: Number(f[1]), offset: Number(f[2]), length: Number(f[3]), inlineEdges: [], inlineSites: [] };
        procs.push(proc);
      }
    }
    const inl = /inlinee = 0x([0-9A-F]+) \((.*)\), parent/.exec(line);
    if (inl && proc) {
      close(proc.length);
      site = { inlinee: parseInt(inl[1]!, 16), name: inl[2]!, ranges: [], open: null, line: 0, hex: '' };
      proc.inlineSites.push(site);
      continue;
    }
    // Annotation lines: "0B26      code 0xB1 (+0x6) line 2 (+1)", "0403      code end 0xB4 (+0x3)".
    const ann = /^\s+([0-9A-F]{2,})\s{3,}(.*)$/.exec(line);
    if (ann && site && proc) {
      site.hex += ann[1]!;
      const body = ann[2]!;
      const lineOffset = /line (-?\d+)/.exec(body);
      if (lineOffset) site.line = Number(lineOffset[1]);
      const end = /code end 0x([0-9A-F]+)/.exec(body);
      const start = /code 0x([0-9A-F]+)/.exec(body);
      if (end) {
        proc.inlineEdges.push(parseInt(end[1]!, 16));
        close(parseInt(end[1]!, 16));
      } else if (start) {
        const at = parseInt(start[1]!, 16);
        proc.inlineEdges.push(at);
        close(at);
        site.open = { start: at, lineOffset: site.line };
        const length = /length 0x([0-9A-F]+)/.exec(body);
        if (length) close(at + parseInt(length[1]!, 16));
      }
      continue;
    }
    if (site) {
      close(proc?.length ?? 0);
      site = null;
    }
  }
  close(proc?.length ?? 0);
  const inlineeLines = new Map<number, Map<number, number>>();
  module = -1;
  for (const line of p.get('Inlinee Lines') ?? []) {
    const mod = MOD.exec(line);
    if (mod) inlineeLines.set((module = Number(mod[1])), new Map());
    const row = /^\s+0x([0-9A-F]+) \|\s+(\d+) \| (.*)$/.exec(line);
    // llvm-pdbutil 14 repeats the previous module's table for a module without C13 data; those
    // rows name no file ("unknown file name offset") and are not the module's.
    if (row && !row[3]!.startsWith('(unknown file name offset')) inlineeLines.get(module)?.set(parseInt(row[1]!, 16), Number(row[2]));
  }
  const lines: OracleLine[] = [];
  let file = '';
  let section = 0;
  let rangeStart = 0;
  let rangeEnd = 0;
  module = -1;
  for (const line of p.get('Lines') ?? []) {
    const mod = MOD.exec(line);
    if (mod) {
      module = Number(mod[1]);
      continue;
    }
    const range = /^\s+(\d{4}):([0-9A-F]{8})-([0-9A-F]{8}), line/.exec(line);
    if (range) {
      section = Number(range[1]);
      rangeStart = parseInt(range[2]!, 16);
      rangeEnd = parseInt(range[3]!, 16);
      continue;
    }
    if (line.startsWith('(unknown file name offset')) {
      // llvm-pdbutil 14 repeats the previous module's line tables for a module without C13 data.
      file = '';
      continue;
    }
    if (/^\S/.test(line) && /\((MD5|SHA1|SHA256|no checksum)/.test(line)) {
      file = line.replace(/ \((MD5: [0-9A-F]+|SHA1: [0-9A-F]+|SHA256: [0-9A-F]+|no checksum)\)\s*$/, '');
      continue;
    }
    if (file === '') continue;
    for (const m of line.matchAll(/(\d+) ([0-9A-F]{8})/g)) lines.push({ module, section, offset: parseInt(m[2]!, 16), line: Number(m[1]), file, rangeStart, rangeEnd });
  }
  return {
    guid: /GUID: \{(.*)\}/.exec(summary)?.[1] ?? '',
    age: Number(/Age: (\d+)/.exec(summary)?.[1]),
    signature: Number(/Signature: (\d+)/.exec(summary)?.[1]),
    modules,
    sections,
    publics,
    procs: procs.map(({ inlineSites, ...rest }) => ({ ...rest, inlineSites: inlineSites.map(({ inlinee, name, ranges, hex }) => ({ inlinee, name, ranges, annotationHex: hex })) })),
    inlineeLines,
    lines,
  };
}

/** One frame of llvm-symbolizer's answer (innermost first). */
export interface OracleFrame {
  readonly function: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** llvm-symbolizer's frames for each RVA (with --inlining), in the order asked. */
export function llvmSymbolize(exe: string, rvas: readonly number[]): OracleFrame[][] {
  const out = execFileSync(llvmTool('llvm-symbolizer'), [`--obj=${exe}`, '--relative-address', '--output-style=JSON', '--inlining'], {
    input: rvas.map((r) => '0x' + r.toString(16)).join('\n') + '\n',
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return out
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const answer = JSON.parse(l) as { Symbol: { FunctionName: string; FileName: string; Line: number; Column: number }[] };
      return answer.Symbol.filter((s) => s.FunctionName !== '').map((s) => ({ function: s.FunctionName, file: s.FileName, line: s.Line, column: s.Column }));
    });
}

/**
 * Names compared modulo the demanglers' styles: LLVM's MSVC demangler keeps a method's trailing
 * " const" that the msvc-demangler crate (our demangler) leaves out; pointer spacing differs too.
 */
export function normalizeName(name: string): string {
  return name
    .replace(/\) const$/, ')')
    .replace(/\s+([*&])/g, '$1')
    .replace(/\bu?int64_t\b/g, (t) => (t === 'int64_t' ? '__int64' : 'unsigned __int64'));
}
