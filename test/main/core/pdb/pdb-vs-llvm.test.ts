/**
 * The PDB reader against LLVM on real PDBs built at test time (clang-14 + lld-14, gcc-mingw-w64):
 * identity, modules, sections, publics, procedures and line tables against `llvm-pdbutil dump`,
 * and function / file / line / column / inlined frames against `llvm-symbolizer --inlining` at
 * every function's start, middle and end, every line-table entry, every inline range edge and
 * every public symbol.
 *
 * One exception, for the line *inside* an inlined function: llvm-symbolizer 14 stops decoding the
 * binary annotations at the first code offset at or past the address, so before a "code and line
 * offset" annotation it reports the next range's line (LLVM fixed this in a later release). Those
 * lines are checked against llvm-pdbutil's own listing of the annotations (each range with its
 * running line offset) plus the inlinee's start line from its Inlinee Lines table.
 *
 * A second one, for the line of the outer function where one contribution has line blocks for
 * several files (a `#line` in the middle of a function): llvm-symbolizer 14 puts a synthetic
 * "start of block" entry for *every* file block at the contribution start and then binary-searches
 * a list that is no longer sorted, so it can answer with a later file's first line for code before
 * it. There the line comes from llvm-pdbutil's listing of that contribution: the entry at the
 * greatest offset at or below the address (the first of several at exactly the address, else the
 * last), or the lowest entry for code before it.
 */
import { openPdbFile } from '../../../../electron/main/core/pdb/open-pdb';
import type { PdbFileReader, SymbolizedAddress } from '../../../../electron/main/core/pdb/pdb-types';
import { pdbFixtures, type PdbFixture, type PdbFixtureName } from '../../../support/pdb-builder';
import { llvmSymbolize, normalizeName, pdbutilDump, type OracleDump, type OracleFrame, type OracleLine, type OracleProc } from '../../../support/pdb-llvm-oracle';

const IMAGE_SCN_MEM_EXECUTE = 0x20000000;
const FIXTURES: readonly PdbFixtureName[] = ['msvc-x64', 'msvc-x86', 'msvc-arm64', 'mingw-x64', 'gcc-publics'];

/**
 * The line llvm-pdbutil's annotation listing gives for an inlined function at `offset` in `proc`:
 * the inlinee's start line plus the line offset of the range containing the offset; null when no
 * single site of that name covers it.
 */
function pdbutilInlineLine(dump: OracleDump, proc: OracleProc, fn: string, offset: number): number | null {
  const short = fn.split('::').pop()!;
  const starts = dump.inlineeLines.get(proc.module);
  const lines = new Set<number>();
  for (const site of proc.inlineSites) {
    if (site.name !== short) continue;
    const range = site.ranges.find((r) => r.start <= offset && offset < r.end);
    const start = starts?.get(site.inlinee);
    if (range && start !== undefined) lines.add(start + range.lineOffset);
  }
  return lines.size === 1 ? [...lines][0]! : null;
}

/** The contribution's entries when llvm-pdbutil lists line blocks of more than one file for it. */
function multiFileContribution(dump: OracleDump, section: number, offset: number): OracleLine[] | null {
  const entries = dump.lines.filter((l) => l.section === section && l.rangeStart <= offset && offset < l.rangeEnd);
  return new Set(entries.map((l) => l.file)).size > 1 ? entries : null;
}

/** The line llvm-pdbutil's listing gives at `offset` inside one contribution (rules in the header). */
function pdbutilLineAt(entries: readonly OracleLine[], offset: number): { file: string; line: number } {
  const below = entries.filter((l) => l.offset <= offset);
  if (below.length === 0) {
    const lowest = entries.reduce((a, b) => (b.offset < a.offset ? b : a));
    return { file: lowest.file, line: lowest.line };
  }
  const top = Math.max(...below.map((l) => l.offset));
  const at = below.filter((l) => l.offset === top);
  const pick = top === offset ? at[0]! : at[at.length - 1]!;
  return { file: pick.file, line: pick.line };
}

/** Every address worth asking about: procedure edges, line entries, inline edges, publics. */
function addressesOf(dump: OracleDump, exec: (rva: number) => boolean): number[] {
  const rvaOf = (section: number, offset: number): number => dump.sections[section - 1]!.rva + offset;
  const set = new Set<number>();
  for (const p of dump.procs) {
    const start = rvaOf(p.section, p.offset);
    for (const d of [0, 1, p.length >> 1, p.length - 1]) if (d >= 0 && d < Math.max(p.length, 1)) set.add(start + d);
    for (const e of p.inlineEdges) for (const d of [-1, 0, 1]) if (e + d >= 0 && e + d < p.length) set.add(start + e + d);
  }
  for (const l of dump.lines) for (const d of [-1, 0]) set.add(rvaOf(l.section, l.offset) + d);
  const pubs = dump.publics.filter((p) => p.section > 0 && p.section <= dump.sections.length).map((p) => rvaOf(p.section, p.offset));
  pubs.sort((a, b) => a - b);
  pubs.forEach((rva, i) => {
    for (const d of [0, 1, 7]) set.add(rva + d);
    const next = pubs[i + 1];
    if (next !== undefined && next > rva + 2) set.add((rva + next) >>> 1);
  });
  return [...set].filter(exec).sort((a, b) => a - b);
}

/** Our answer as llvm-symbolizer's frame list (innermost first). */
function asFrames(s: SymbolizedAddress | null): OracleFrame[] {
  if (!s) return [];
  const inlined = s.inlined.map((f) => ({ function: f.function, file: f.file ?? '', line: f.line ?? 0, column: 0 }));
  return [...inlined, { function: s.function, file: s.file ?? '', line: s.line ?? 0, column: s.column ?? 0 }];
}

describe.each(FIXTURES)('%s PDB against llvm-pdbutil and llvm-symbolizer', (name) => {
  let fixture: PdbFixture;
  let dump: OracleDump;
  let pdb: PdbFileReader;

  beforeAll(async () => {
    fixture = pdbFixtures()[name];
    dump = pdbutilDump(fixture.pdb);
    const opened = await openPdbFile(fixture.pdb);
    if (!opened.ok) throw new Error(opened.error);
    pdb = opened.value;
  });
  afterAll(() => pdb?.close());

  it('reads the identity, modules and section headers llvm-pdbutil reads', () => {
    expect(pdb.identity.guid).toBe(dump.guid);
    expect(pdb.identity.age).toBe(dump.age);
    expect(pdb.identity.signature).toBe(dump.signature);
    expect(pdb.identity.debugId).toBe(dump.guid.replace(/-/g, '') + dump.age.toString(16).toUpperCase());
    expect(pdb.modules.map((m) => ({ index: m.index, name: m.name, objectName: m.objectName, stream: m.symbolStream }))).toEqual(dump.modules);
    expect(pdb.sections.map((s) => ({ name: s.name, rva: s.rva, size: s.size }))).toEqual(dump.sections);
    expect(pdb.problems()).toEqual([]);
  });

  it('lists the public symbols llvm-pdbutil lists, in address order', async () => {
    const publics = await pdb.publics();
    if (!publics.ok) throw new Error(publics.error);
    const key = (p: { section: number; offset: number; name: string }): string => `${p.section}:${p.offset}:${p.name}`;
    const ours = publics.value.map((p) => ({ name: p.name, section: p.section, offset: p.offset, isFunction: p.isFunction }));
    expect([...ours].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([...dump.publics].sort((a, b) => key(a).localeCompare(key(b))));
    for (let i = 1; i < ours.length; i++) {
      const a = ours[i - 1]!;
      const b = ours[i]!;
      expect(a.section < b.section || (a.section === b.section && a.offset <= b.offset)).toBe(true);
    }
    for (const p of publics.value) if (p.rva !== null) expect(p.rva).toBe(dump.sections[p.section - 1]!.rva + p.offset);
    expect(publics.value.length).toBeGreaterThan(0);
  });

  it('finds every procedure and line-table entry llvm-pdbutil finds', async () => {
    for (const m of dump.modules) {
      const functions = await pdb.functions(m.index);
      const lines = await pdb.lines(m.index);
      if (!functions.ok || !lines.ok) throw new Error('listing failed');
      const procs = dump.procs
        .filter((p) => p.module === m.index)
        .map((p) => ({ name: p.name, rva: dump.sections[p.section - 1]!.rva + p.offset, length: p.length }))
        .sort((a, b) => a.rva - b.rva);
      expect(functions.value).toEqual(procs);
      const key = (l: { rva: number; line: number; file: string | null }): string => `${l.rva.toString(16).padStart(8, '0')}:${l.line}:${l.file}`;
      const expected = dump.lines.filter((l) => l.module === m.index).map((l) => key({ rva: dump.sections[l.section - 1]!.rva + l.offset, line: l.line, file: l.file }));
      expect(lines.value.map(key).sort()).toEqual(expected.sort());
    }
    if (name !== 'gcc-publics') expect(dump.procs.length).toBeGreaterThan(3);
  });

  it('symbolizes every interesting address as llvm-symbolizer does', async () => {
    const exec = pdb.sections.filter((s) => s.characteristics & IMAGE_SCN_MEM_EXECUTE);
    const addresses = addressesOf(dump, (rva) => exec.some((s) => rva >= s.rva && rva < s.rva + s.size));
    const oracle = llvmSymbolize(fixture.exe, addresses);
    const mismatches: string[] = [];
    let inlinedSeen = 0;
    let llvm14InlineLines = 0;
    let llvm14MultiFile = 0;
    const rvaOf = (p: OracleProc): number => dump.sections[p.section - 1]!.rva + p.offset;
    for (let i = 0; i < addresses.length; i++) {
      const rva = addresses[i]!;
      const ours = await pdb.symbolize(rva);
      inlinedSeen += ours?.inlined.length ?? 0;
      const want = oracle[i]!.map((f) => ({ ...f, function: normalizeName(f.function) }));
      const got = asFrames(ours).map((f, k, all) => ({ ...f, function: normalizeName(f.function), column: k === all.length - 1 ? f.column : want[k]?.column ?? 0 }));
      const proc = dump.procs.find((p) => rva >= rvaOf(p) && rva < rvaOf(p) + p.length);
      for (let k = 0; k < got.length - 1 && proc; k++) {
        const expected = pdbutilInlineLine(dump, proc, got[k]!.function, rva - rvaOf(proc));
        if (expected === null) mismatches.push(`0x${rva.toString(16)}: llvm-pdbutil has no single inline site for ${got[k]!.function}`);
        else if (got[k]!.line !== expected) mismatches.push(`0x${rva.toString(16)}: ${got[k]!.function} at line ${got[k]!.line}, llvm-pdbutil's annotations say ${expected}`);
        if (want[k] && want[k]!.line !== got[k]!.line) llvm14InlineLines++;
        if (want[k]) want[k] = { ...want[k]!, line: got[k]!.line };
      }
      const where = pdb.sections.findIndex((sec) => rva >= sec.rva && rva < sec.rva + sec.size);
      const multi = where >= 0 && want.length > 0 ? multiFileContribution(dump, where + 1, rva - pdb.sections[where]!.rva) : null;
      if (multi) {
        const expected = pdbutilLineAt(multi, rva - pdb.sections[where]!.rva);
        const outer = want.length - 1;
        if (want[outer]!.line !== expected.line || want[outer]!.file !== expected.file) llvm14MultiFile++;
        want[outer] = { ...want[outer]!, ...expected };
      }
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        mismatches.push(`0x${rva.toString(16)}: ours ${JSON.stringify(got)} llvm ${JSON.stringify(want)}`);
      }
    }
    // The known llvm-symbolizer 14 defect shows up in the optimized fixtures; keep it visible.
    if (name === 'msvc-x64') expect(llvm14InlineLines).toBeGreaterThan(0);
    if (name === 'msvc-x86') expect(llvm14MultiFile).toBeGreaterThan(0);
    expect(mismatches).toEqual([]);
    expect(addresses.length).toBeGreaterThan(100);
    if (name.startsWith('msvc')) expect(inlinedSeen).toBeGreaterThan(20);
    expect(pdb.problems()).toEqual([]);
  });
});
