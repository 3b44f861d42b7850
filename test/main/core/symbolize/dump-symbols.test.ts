/**
 * A dump module's symbols: its PDB found by the dump's debug id or by the id in its image (found
 * by code id), a PDB of another build refused, and export names (bounded by the .pdata function)
 * when there is no PDB. Images and PDBs are built by clang-14/lld-14; the truth comes from
 * llvm-readobj (ids, exports, unwind table), llvm-pdbutil (the PDB id) and llvm-symbolizer.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { dumpSymbols, type DumpSymbols } from '../../../../electron/main/core/symbolize/dump-symbols';
import type { SymbolModule } from '../../../../electron/main/core/symbolize/module-symbols';
import { symbolizeDump } from '../../../../electron/main/core/symbolize/symbolize-dump';
import type { MinidumpSummary } from '../../../../shared/minidump-model';
import { frameLabel } from '../../../../shared/symbol-model';
import { breakpadDump } from '../../../renderer/support/detail-factory';
import { createSymbolLocator } from '../../../../electron/main/core/symbols/symbol-locator';
import { parseSymbolPath } from '../../../../electron/main/core/symbols/symbol-path';
import { pdbFixtures } from '../../../support/pdb-builder';
import { llvmSymbolize, normalizeName } from '../../../support/pdb-llvm-oracle';
import { buildPeFixtures, type PeFixtures } from '../../../support/pe-builder';
import { oracleExportRvas, oracleHeaders } from '../../../support/pe-oracle';
import { oracleX64Unwind } from '../../../support/pe-oracle-unwind';
import { pdbIdentity } from '../../../support/pe-readobj';

jest.setTimeout(60_000);

interface Built {
  readonly dll: string;
  readonly codeId: string;
  readonly debugId: string;
  readonly imageBase: bigint;
  /** Export name → RVA. */
  readonly exports: ReadonlyMap<string, number>;
}

/** Code id, debug id, image base and exports of an image as the LLVM tools read them. */
function describeImage(image: string, pdb: string): Built {
  const headers = oracleHeaders(image);
  const timestamp = headers.timeDateStamp.toString(16).toUpperCase().padStart(8, '0');
  const id = pdbIdentity(pdb);
  return {
    dll: image,
    codeId: `${timestamp}${Number(headers.optional.sizeOfImage).toString(16)}`,
    debugId: `${id.guid.replace(/-/g, '')}${id.age.toString(16).toUpperCase()}`,
    imageBase: headers.optional.imageBase as bigint,
    exports: new Map([...oracleExportRvas(image).values()].map((e) => [e.name, e.rva])),
  };
}

describe('dump module symbols', () => {
  let fixtures: PeFixtures;
  let built: Built;
  let work: string;
  let opened: DumpSymbols[];

  beforeAll(() => {
    fixtures = buildPeFixtures();
    built = describeImage(fixtures.lib64, fixtures.lib64Pdb);
  });
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'wer-dump-symbols-'));
    opened = [];
  });
  afterEach(async () => {
    await Promise.all(opened.map((s) => s.close()));
    rmSync(work, { recursive: true, force: true });
  });

  /** A symbol store (`name/ID/name`) holding the DLL by code id and its PDB by debug id. */
  function store(withPdb: boolean): string {
    const root = join(work, 'store');
    const put = (file: string, id: string, as = basename(file)) => {
      mkdirSync(join(root, as, id), { recursive: true });
      copyFileSync(file, join(root, as, id, as));
    };
    put(built.dll, built.codeId);
    if (withPdb) put(fixtures.lib64Pdb, built.debugId);
    return root;
  }

  function open(symbolPath: string | null, exists: (path: string) => boolean = () => false): DumpSymbols {
    const locator = symbolPath === null ? null : createSymbolLocator({ elements: parseSymbolPath(symbolPath).elements, defaultCache: join(work, 'cache') });
    const symbols = dumpSymbols({ locator, exists });
    opened.push(symbols);
    return symbols;
  }

  const module = (overrides: Partial<SymbolModule> = {}): SymbolModule => ({
    name: 'lib64.dll',
    path: 'C:\\Program Files\\Contoso\\lib64.dll',
    codeId: built.codeId,
    debugFile: null,
    debugId: null,
    ...overrides,
  });

  it('loads the PDB named by the dump\u2019s CodeView record and names addresses as llvm-symbolizer does', async () => {
    // The C++ fixture of the PDB tests: line tables, namespaces, inlining.
    const { exe, pdb } = pdbFixtures()['msvc-x64'];
    const app = describeImage(exe, pdb);
    const root = join(work, 'app-store');
    mkdirSync(join(root, basename(pdb), app.debugId), { recursive: true });
    copyFileSync(pdb, join(root, basename(pdb), app.debugId, basename(pdb)));
    const symbols = open(root).of({ name: basename(exe), path: `C:\\app\\${basename(exe)}`, codeId: app.codeId, debugFile: `C:\\build\\${basename(pdb)}`, debugId: app.debugId });
    expect(await symbols.info()).toEqual({ status: 'loaded', file: expect.stringContaining(app.debugId), message: null });
    const rvas = oracleX64Unwind(exe).map((f) => Number(f.start - app.imageBase) + 1);
    const oracle = llvmSymbolize(exe, rvas);
    let compared = 0;
    for (const [i, rva] of rvas.entries()) {
      const expected = oracle[i]!;
      if (expected.length === 0) continue;
      const frame = await symbols.symbolize(rva);
      // llvm-symbolizer lists inlined frames innermost first, then the function itself.
      const outer = expected[expected.length - 1]!;
      expect(frame).toMatchObject({ line: outer.line, source: 'pdb', functionOffset: 1 });
      expect(normalizeName(frame!.function)).toBe(normalizeName(outer.function));
      expect(frame!.inlined.map((f) => normalizeName(f.function))).toEqual(expected.slice(0, -1).map((f) => normalizeName(f.function)));
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(3);
  });

  it('without a CodeView record: finds the image by code id, then the PDB by the id inside it', async () => {
    const symbols = open(store(true)).of(module());
    expect((await symbols.info()).status).toBe('loaded');
    expect(await symbols.symbolize(built.exports.get('add')!)).toMatchObject({ function: 'add', functionOffset: 0, source: 'pdb' });
  });

  it('refuses a PDB of another build with the same name, and names from exports instead', async () => {
    const folder = join(work, 'build-output');
    mkdirSync(folder);
    copyFileSync(fixtures.app64Pdb, join(folder, 'lib64.pdb'));
    const symbols = open(`${store(false)};${folder}`).of(module());
    const info = await symbols.info();
    expect(info.status).toBe('mismatched');
    expect(info.file).toBe(join(folder, 'lib64.pdb'));
    const other = pdbIdentity(fixtures.app64Pdb);
    expect(info.message).toContain(`the module needs ${built.debugId}`);
    expect(info.message).toContain(other.guid.replace(/-/g, ''));
    expect(await symbols.symbolize(built.exports.get('add')! + 2)).toEqual({
      function: 'add', functionOffset: 2, file: null, line: null, inlined: [], source: 'export',
    });
  });

  it('with no symbol path: the module\u2019s own file (same code id) names exports, never across another function', async () => {
    const symbols = open(null, (path) => path === built.dll).of(module({ path: built.dll }));
    expect(await symbols.info()).toEqual({ status: 'missing', file: null, message: expect.stringContaining('No symbol path is set') });
    expect(await symbols.symbolize(built.exports.get('floaty')! + 3)).toMatchObject({ function: 'floaty', functionOffset: 3, source: 'export' });
    // A function that is not exported (`sink` is static) but lies above an export stays unnamed.
    const exported = new Set(built.exports.values());
    const lowest = Math.min(...exported);
    const unexported = oracleX64Unwind(built.dll)
      .map((f) => Number(f.start - built.imageBase))
      .filter((start) => !exported.has(start) && start > lowest);
    expect(unexported.length).toBeGreaterThan(0);
    for (const start of unexported) expect(await symbols.symbolize(start + 1)).toBeNull();
  });

  it('a module without CodeView record or image has no PDB id, and says why', async () => {
    const symbols = open(store(true)).of(module({ codeId: null }));
    expect(await symbols.info()).toEqual({ status: 'missing', file: null, message: expect.stringMatching(/^No PDB id: the dump has no CodeView record for lib64\.dll/) });
  });

  it('an image on the symbol path with another code id is not used', async () => {
    const symbols = open(store(true)).of(module({ codeId: '0000000010000' }));
    expect((await symbols.info()).status).toBe('missing');
  });

  it('names a dump summary\u2019s stack: callers at return address \u2212 1, offsets from the return address', async () => {
    const base = 0x180000000n;
    const at = (rva: number) => `0x${(base + BigInt(rva)).toString(16)}`;
    const add = built.exports.get('add')!;
    const bigFrame = built.exports.get('big_frame')!;
    const lib = { ...breakpadDump().modules[0]!, name: 'lib64.dll', path: built.dll, base: at(0), size: 0x100000, codeId: built.codeId, debugFile: null, debugId: null };
    const other = { ...lib, name: 'other.dll', path: 'C:\\other.dll', base: '0x10000000', codeId: '00000000001000' };
    const summary: MinidumpSummary = {
      ...breakpadDump(),
      modules: [other, lib],
      exception: null,
      stack: [
        { address: at(add + 2), module: 'lib64.dll', offset: `0x${(add + 2).toString(16)}`, trust: 'context' },
        // A return address just past a call: named from the byte before it.
        { address: at(bigFrame + 5), module: 'lib64.dll', offset: `0x${(bigFrame + 5).toString(16)}`, trust: 'scan' },
        { address: '0x7000', module: null, offset: null, trust: 'scan' },
      ],
    };
    const symbols = open(store(true));
    const named = await symbolizeDump(summary, symbols);
    expect(named.stack.map((f) => [f.function, f.functionOffset, f.nameSource])).toEqual([
      ['add', '0x2', 'pdb'],
      ['big_frame', '0x5', 'pdb'],
      [null, null, null],
    ]);
    expect(named.stack.map((f) => f.address)).toEqual(summary.stack.map((f) => f.address));
    // Only modules with frames are looked up.
    expect(named.moduleSymbols).toEqual([null, { status: 'loaded', file: expect.stringContaining(built.debugId), message: null }]);
    const caller = named.stack[1]!;
    expect(frameLabel(caller)).toBe(caller.file ? `lib64!big_frame+0x5 [${caller.file} @ ${caller.line}]` : 'lib64!big_frame+0x5');
    expect(frameLabel({ ...caller, function: null, file: null })).toBe(`lib64+${caller.offset}`);
    expect(frameLabel(named.stack[2]!)).toBe('0x7000');
  });
});
