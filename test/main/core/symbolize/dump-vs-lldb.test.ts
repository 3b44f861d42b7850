/**
 * The end-to-end check: `dump --json --symbols` on a crash of a program built here (clang
 * + lld, crashed under Wine, dump written by dbghelp without CodeView records) names every frame
 * with the function and line lldb-14 gives (LLDB_USE_NATIVE_PDB_READER) and llvm-symbolizer
 * agrees, whether the symbols come from the build folder or from an HTTP symbol server that holds
 * the images by code id and the PDBs compressed (`.pd_`, made by gcab).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { runDump } from '../../../../electron/cli/commands/dump';
import { runShow } from '../../../../electron/cli/commands/show';
import { openAppCore } from '../../../../electron/main/core/app/app-core';
import type { ReportDetail } from '../../../../shared/report-detail';
import { writeSeededReport } from '../../../support/seeded-report';
import { planBundle } from '../../../../electron/main/core/export/bundle-plan';
import { writeBundle } from '../../../../electron/main/core/export/bundle-writer';
import { createSymbolLocator } from '../../../../electron/main/core/symbols/symbol-locator';
import { parseSymbolPath } from '../../../../electron/main/core/symbols/symbol-path';
import { unzipNames, unzipText } from '../../../support/unzip';
import type { MinidumpModule } from '../../../../shared/minidump-model';
import type { FrameSymbolFields, ModuleSymbolState } from '../../../../shared/symbol-model';
import { captureIo } from '../../../support/capture-io';
import { llvmSymbolize } from '../../../support/pdb-llvm-oracle';
import { pdbIdentity } from '../../../support/pe-readobj';
import { putCompressed } from '../../../support/symbol-files';
import { startSymbolServer } from '../../../support/symbol-server';
import { buildWalkFixtures, parseLldbFrames, type WalkFixtures } from '../../../support/walk-fixtures';


jest.setTimeout(180_000);

interface Frame extends FrameSymbolFields {
  readonly address: string;
  readonly module: string | null;
  readonly offset: string | null;
}

async function dumpJson(dump: string, symbols: string, dataDir: string): Promise<{ stack: Frame[]; modules: (MinidumpModule & { symbols: ModuleSymbolState | null })[] }> {
  const io = captureIo();
  const code = await runDump(dump, { json: true, symbols, dataDir }, io);
  expect({ code, stderr: io.stderr() }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(io.stdout());
}

describe('dump --symbols names every frame as lldb does', () => {
  let fx: WalkFixtures;
  let work: string;
  beforeAll(async () => {
    fx = await buildWalkFixtures();
  });
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'wer-dump-lldb-'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  /** Every frame lldb names, compared with ours; returns how many were compared. */
  function compareWithLldb(dumpFile: string, stack: readonly Frame[]): number {
    const lldb = parseLldbFrames(readFileSync(`${dumpFile}.lldb.txt`, 'utf8'));
    let compared = 0;
    for (const [i, expected] of lldb.entries()) {
      const ours = stack[i]!;
      expect(BigInt(ours.address)).toBe(expected.address);
      if (!expected.function) continue;
      expect({ frame: i, function: ours.function, file: ours.file && basename(ours.file.replace(/\\/g, '/')), line: ours.line }).toEqual({
        frame: i,
        function: expected.function,
        file: expected.file,
        line: expected.line,
      });
      compared++;
    }
    return compared;
  }

  it.each(['clang-omit-fp', 'clang-keep-fp'] as const)('%s: symbols from the build folder', async (variant) => {
    const crash = fx.crashes[variant];
    const { stack, modules } = await dumpJson(crash.dump, `${fx.store};${fx.dir}`, join(work, 'data'));
    expect(compareWithLldb(crash.dump, stack)).toBeGreaterThanOrEqual(10);
    // llvm-symbolizer agrees on the exe's frames (callers at return address - 1).
    const exe = modules.find((m) => m.name.endsWith('.exe'))!;
    const own = stack.map((f, i) => ({ f, i })).filter(({ f }) => f.module === exe.name && f.function);
    const oracle = llvmSymbolize(join(fx.dir, exe.name), own.map(({ f, i }) => Number(BigInt(f.offset!)) - (i > 0 ? 1 : 0)));
    // llvm-symbolizer says line 0 where there is none (CRT functions known only by their public symbol).
    own.forEach(({ f }, k) => expect([f.function, f.line]).toEqual([oracle[k]![0]!.function, oracle[k]![0]!.line || null]));
    expect(exe.symbols).toEqual({ status: 'loaded', file: join(fx.dir, exe.name.replace(/\.exe$/, '.pdb')), message: null });
  });

  it('symbols from an HTTP symbol server: images by code id, PDBs as MSZIP .pd_', async () => {
    const crash = fx.crashes['clang-omit-fp'];
    const root = join(work, 'server');
    cpSync(fx.store, root, { recursive: true });
    for (const pdb of ['app-omit.pdb', 'walk-lib.pdb']) {
      const id = pdbIdentity(join(fx.dir, pdb));
      putCompressed(root, [pdb, `${id.guid.replace(/-/g, '')}${id.age.toString(16).toUpperCase()}`], pdb, readFileSync(join(fx.dir, pdb)));
    }
    const server = await startSymbolServer(root);
    try {
      const cache = join(work, 'cache');
      const { stack, modules } = await dumpJson(crash.dump, `srv*${cache}*${server.url}`, join(work, 'data'));
      expect(compareWithLldb(crash.dump, stack)).toBeGreaterThanOrEqual(10);
      expect(server.requests.some((r) => r.endsWith('/app-omit.pd_'))).toBe(true);
      expect(modules.find((m) => m.name === 'app-omit.exe')!.symbols).toMatchObject({ status: 'loaded', file: expect.stringContaining(cache) });
    } finally {
      await server.close();
    }
  });

  it('a PDB of another build in the folder is refused: mismatched, and the frames keep no line', async () => {
    const crash = fx.crashes['clang-omit-fp'];
    const folder = join(work, 'wrong');
    cpSync(join(fx.dir, 'app-fp.pdb'), join(folder, 'app-omit.pdb'));
    const { stack, modules } = await dumpJson(crash.dump, `${fx.store};${folder}`, join(work, 'data'));
    expect(modules.find((m) => m.name === 'app-omit.exe')!.symbols).toMatchObject({ status: 'mismatched', file: join(folder, 'app-omit.pdb') });
    expect(stack.filter((f) => f.module === 'app-omit.exe').every((f) => f.line === null)).toBe(true);
  });

  it('a report with the dump as its minidump: show --symbols and the app\u2019s detail (Settings symbol path) name the frames', async () => {
    const crash = fx.crashes['clang-omit-fp'];
    const store = join(work, 'WER', 'ReportArchive');
    const { folder } = await writeSeededReport(store, 3);
    cpSync(crash.dump, join(folder, 'WER1A2B.tmp.mdmp'));
    const symbolPath = `${fx.store};${fx.dir}`;
    const frameNames = (detail: ReportDetail) => {
      const content = detail.minidump?.content;
      if (!content?.ok) throw new Error('no minidump summary');
      return (content.value.stack as readonly Partial<FrameSymbolFields>[]).slice(0, 3).map((f) => f.function);
    };
    const expected = parseLldbFrames(readFileSync(`${crash.dump}.lldb.txt`, 'utf8')).slice(0, 3).map((f) => f.function);

    const io = captureIo();
    expect(await runShow(folder, { json: true, stores: [], symbols: symbolPath, dataDir: join(work, 'data') }, io, { defaultLocations: async () => [] })).toBe(0);
    expect(frameNames(JSON.parse(io.stdout()) as ReportDetail)).toEqual(expected);

    // A ticket bundle's summary names them too (the PDBs stay out of the bundle).
    const locator = createSymbolLocator({ elements: parseSymbolPath(symbolPath).elements, defaultCache: join(work, 'cache') });
    const zip = join(work, 'ticket.zip');
    const written = await writeBundle(await planBundle([folder]), zip, { symbols: locator });
    locator.close();
    expect(written.ok).toBe(true);
    expect(unzipText(zip, 'summary.md')).toContain(`app-omit!${expected[0]!.replace(/_/g, '\\_')}`);
    expect(unzipNames(zip).some((n) => n.endsWith('.pdb'))).toBe(false);

    const dataDir = join(work, 'app-data');
    const core = await openAppCore({ dataDir, locations: [{ path: join(work, 'WER'), scope: 'extra', label: 'test' }], shell: { mode: 'browser' }, env: {} });
    try {
      expect((await core.calls.updateSettings({ symbolPath })).ok).toBe(true);
      const report = core.host.library().reports()[0]!;
      const detail = await core.calls.getReport(report.id);
      if (!detail.ok) throw new Error(detail.error);
      expect(frameNames(detail.value)).toEqual(expected);
    } finally {
      await core.close();
    }
  });
});
