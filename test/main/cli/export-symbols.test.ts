/**
 * `export` names the minidump frames in the bundle's summaries through the symbol path, as
 * `dump` and `show` do: `--symbols PATH`, else _NT_SYMBOL_PATH, else the saved Settings path.
 * The report's dump is a real crash of a clang + lld program under Wine (walk-fixtures.ts, dump
 * without CodeView records: images come from the store by code id, their PDBs from the build
 * folder). Names come from lldb-14's backtrace of the same dump, and llvm-symbolizer agrees.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExport, type ExportOptions } from '../../../electron/cli/commands/export';
import { openSettingsStore } from '../../../electron/main/core/app/settings-store';
import { captureIo } from '../../support/capture-io';
import { llvmSymbolize } from '../../support/pdb-llvm-oracle';
import { writeSeededReport } from '../../support/seeded-report';
import { unzipNames, unzipText } from '../../support/unzip';
import { buildWalkFixtures, parseLldbFrames, type LldbFrame, type WalkFixtures } from '../../support/walk-fixtures';

jest.setTimeout(180_000);

describe('export names the summary frames through the symbol path', () => {
  let fx: WalkFixtures;
  let work: string;
  let folder: string;
  /** lldb's first frames in the crashing exe, as the summaries label them (`app-omit!leaf_fault`). */
  let lldbFrames: LldbFrame[];
  const ctx = { defaultLocations: async () => [] };
  const base = { redact: false, includeHeapDumps: false, noDumps: false };

  beforeAll(async () => {
    fx = await buildWalkFixtures();
    work = mkdtempSync(join(tmpdir(), 'wer-export-symbols-'));
    folder = (await writeSeededReport(join(work, 'WER', 'ReportArchive'), 3)).folder;
    const dump = fx.crashes['clang-omit-fp'].dump;
    cpSync(dump, join(folder, 'WER1A2B.tmp.mdmp'));
    lldbFrames = parseLldbFrames(readFileSync(`${dump}.lldb.txt`, 'utf8')).filter((f) => f.module === 'app-omit.exe' && f.function).slice(0, 3);
    expect(lldbFrames.length).toBe(3);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  async function exportZip(name: string, options: Partial<ExportOptions>): Promise<{ md: string; html: string; names: string[] }> {
    const out = join(work, `${name}.zip`);
    const io = captureIo();
    const code = await runExport([folder], { ...base, out, dataDir: join(work, `data-${name}`), env: {}, ...options }, io, ctx);
    expect({ code, errors: io.stderr().split('\n').filter((l) => l.startsWith('error')) }).toEqual({ code: 0, errors: [] });
    return { md: unzipText(out, 'summary.md'), html: unzipText(out, 'summary.html'), names: unzipNames(out) };
  }

  function expectNamed(bundle: { md: string; html: string; names: string[] }): void {
    for (const f of lldbFrames) {
      expect(bundle.md).toContain(`app-omit!${f.function!.replace(/_/g, '\\_')}`);
      expect(bundle.html).toContain(`app-omit!${f.function}`);
    }
    expect(bundle.names.some((n) => /\.pdb$/i.test(n))).toBe(false);
  }

  it('the peers agree on the names: llvm-symbolizer says what lldb says at the same return addresses', () => {
    const exe = join(fx.dir, 'app-omit.exe');
    // lldb prints absolute addresses (frames after #0 are return addresses): less the PE32+ ImageBase.
    const bytes = readFileSync(exe);
    const imageBase = bytes.readBigUInt64LE(bytes.readUInt32LE(0x3c) + 24 + 24);
    const rvas = lldbFrames.map((f, i) => Number(f.address - imageBase) - (i === 0 ? 0 : 1));
    expect(llvmSymbolize(exe, rvas).map((s) => s[0]!.function)).toEqual(lldbFrames.map((f) => f.function));
  });

  it('--symbols PATH names them in summary.md and summary.html', async () => {
    expectNamed(await exportZip('flag', { symbols: `${fx.store};${fx.dir}` }));
  });

  it('without --symbols, _NT_SYMBOL_PATH names them', async () => {
    expectNamed(await exportZip('env', { env: { _NT_SYMBOL_PATH: `${fx.store};${fx.dir}` } }));
  });

  it('without --symbols or environment, the Settings symbol path names them', async () => {
    const dataDir = join(work, 'data-settings');
    const saved = await (await openSettingsStore(join(dataDir, 'settings.json'))).update({ symbolPath: `${fx.store};${fx.dir}` });
    expect(saved.ok).toBe(true);
    expectNamed(await exportZip('settings', { dataDir }));
  });

  it('with no symbol path the frames keep module+offset', async () => {
    const bundle = await exportZip('none', {});
    expect(bundle.md).toMatch(/Frame 0 \| app-omit\.exe \+0x[0-9a-f]+ /);
    for (const f of lldbFrames) expect(bundle.md).not.toContain(`app-omit!${f.function!.replace(/_/g, '\\_')}`);
  });
});
