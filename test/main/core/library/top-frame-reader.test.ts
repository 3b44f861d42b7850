/**
 * Top frames of native crashes, read from real dumps (top-frame-crashes.ts: one clang + lld
 * program crashed under Wine four ways, dumps by Wine's dbghelp). The names' truth is lldb-14's
 * backtrace of the same dump (and, for the crash inside msvcrt where lldb stops, the program's
 * source: only via_msvcrt calls strlen). Records are the CrashDumps records the scan makes.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { readCrashDumpRecord } from '../../../../electron/main/core/localdumps/crash-dump-record';
import { ReportLibrary } from '../../../../electron/main/core/library/report-library';
import { BackgroundReader } from '../../../../electron/main/core/library/background-reader';
import { isSystemModulePath, topFrameRead, withTopFrame, withTopFramesAll, type TopFrameSymbolPath } from '../../../../electron/main/core/library/top-frame-reader';
import { parseSymbolPath } from '../../../../electron/main/core/symbols/symbol-path';
import { runScan } from '../../../../electron/cli/commands/scan';
import type { Problem } from '../../../../shared/problem-model';
import { groupProblems } from '../../../../shared/problems';
import type { WerReport } from '../../../../shared/report-model';
import { pdbIdentity } from '../../../support/pe-readobj';
import { captureIo } from '../../../support/capture-io';
import { startSymbolServer } from '../../../support/symbol-server';
import { buildTopFrameFixtures, type TopFrameFixtures } from '../../../support/top-frame-crashes';

jest.setTimeout(400_000);

describe('top frames of native crashes', () => {
  let fx: TopFrameFixtures;
  let work: string;
  let records: WerReport[];
  let symbolPath: TopFrameSymbolPath;

  /** lldb's name of the first frame in the program (as WinDbg labels it: module without `.exe`). */
  const lldbTop = (kind: number): string => {
    const frame = fx.crashes.find((c) => c.kind === kind)!.lldb.find((f) => f.module === 'topframe.exe' && f.function);
    return `topframe!${frame!.function}`;
  };
  const record = (kind: number): WerReport => records.find((r) => basename(r.folder) === `topframe.exe.${kind}.dmp`)!;

  beforeAll(async () => {
    fx = await buildTopFrameFixtures();
    work = mkdtempSync(join(tmpdir(), 'wer-top-frame-'));
    const dumps = join(work, 'CrashDumps');
    mkdirSync(dumps);
    for (const c of fx.crashes) copyFileSync(c.dump, join(dumps, basename(c.dump)));
    records = fx.crashes.map((c) => readCrashDumpRecord(join(dumps, basename(c.dump)), dumps));
    // Images by code id from the store, the PDB from the build folder.
    symbolPath = { elements: parseSymbolPath(`${fx.store};${fx.dir}`).elements, defaultCache: join(work, 'cache') };
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('lldb and the records agree on the construction: kinds 1 and 2 fault in crash_here at two offsets', () => {
    expect([1, 2, 3].map((k) => fx.crashes.find((c) => c.kind === k)!.lldb[0]!.function)).toEqual(['crash_here', 'crash_here', 'crash_elsewhere']);
    expect(record(1).fields.module).toBe('topframe.exe');
    expect(record(2).fields.module).toBe('topframe.exe');
    expect(record(1).fields.exceptionOffset).not.toBe(record(2).fields.exceptionOffset);
    expect(record(4).fields.module).toBe('msvcrt.dll');
  });

  it('two crashes at different offsets of one function are one problem keyed by its frame', async () => {
    const named = await withTopFramesAll(records, symbolPath);
    expect(named.slice(0, 3).map((r) => r.fields.topFrame)).toEqual([lldbTop(1), lldbTop(2), lldbTop(3)]);
    const problems = groupProblems(named.slice(0, 3));
    expect(problems).toHaveLength(2);
    const here = problems.find((p) => p.topFrame === 'topframe!crash_here')!;
    expect(here).toMatchObject({ keyedBy: 'frame', count: 2, offset: null, exceptionCode: 'c0000005', title: expect.stringContaining('crashed in topframe!crash_here') });
    // The signature keys stay listed, so triage made before the frame was known still applies.
    expect(here.keys.filter((k) => !k.startsWith('frame|'))).toHaveLength(2);
    expect(problems.find((p) => p !== here)).toMatchObject({ keyedBy: 'frame', topFrame: 'topframe!crash_elsewhere', count: 1 });
  });

  it('a crash inside msvcrt is charged to the program\u2019s caller (Windows\u2019 own modules are skipped)', async () => {
    // lldb stops in msvcrt; the source says only via_msvcrt calls strlen.
    expect((await withTopFrame(record(4), symbolPath)).fields.topFrame).toBe('topframe!via_msvcrt');
    expect(isSystemModulePath('C:\\windows\\system32\\msvcrt.dll')).toBe(true);
    expect(isSystemModulePath('\\\\?\\D:\\Windows\\SysWOW64\\ntdll.dll')).toBe(true);
    expect(isSystemModulePath('C:\\Program Files\\WindowsApps\\app.exe')).toBe(false);
    expect(isSystemModulePath('Z:\\tmp\\windows\\app.exe')).toBe(false);
  });

  it('without symbols the records keep their signature keys: two problems for the two offsets', async () => {
    const plain = await withTopFramesAll(records.slice(0, 2), null);
    expect(plain.map((r, i) => r === records[i])).toEqual([true, true]);
    const problems = groupProblems(plain);
    expect(problems.map((p) => [p.keyedBy, p.topFrame, p.count])).toEqual([
      ['signature', null, 1],
      ['signature', null, 1],
    ]);
  });

  it('a configured symbol server is never contacted: only its cache is searched', async () => {
    const root = join(work, 'server');
    mkdirSync(root);
    const server = await startSymbolServer(root);
    try {
      const cache = join(work, 'srv-cache');
      const path: TopFrameSymbolPath = { elements: parseSymbolPath(`srv*${cache}*${server.url}`).elements, defaultCache: join(work, 'default-cache') };
      // A fresh dump path each time: answers are remembered per dump file and symbol path.
      const copy = (name: string): WerReport => {
        const dir = join(work, name);
        mkdirSync(dir);
        copyFileSync(fx.crashes[0]!.dump, join(dir, 'topframe.exe.1.dmp'));
        return readCrashDumpRecord(join(dir, 'topframe.exe.1.dmp'), dir);
      };
      expect((await withTopFrame(copy('empty-cache'), path)).fields.topFrame).toBeUndefined();
      // The cache filled as a download would: the image by code id, the PDB by GUID + age.
      const image = readdirOne(join(fx.store, 'topframe.exe'));
      mkdirSync(join(cache, 'topframe.exe', image), { recursive: true });
      copyFileSync(fx.exe, join(cache, 'topframe.exe', image, 'topframe.exe'));
      const id = pdbIdentity(fx.pdb);
      const pdbDir = join(cache, 'topframe.pdb', `${id.guid.replace(/-/g, '')}${id.age.toString(16).toUpperCase()}`);
      mkdirSync(pdbDir, { recursive: true });
      copyFileSync(fx.pdb, join(pdbDir, 'topframe.pdb'));
      expect((await withTopFrame(copy('filled-cache'), path)).fields.topFrame).toBe(lldbTop(1));
      expect(server.requests).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('a corrupt or truncated dump leaves the record as it was', async () => {
    const dir = join(work, 'corrupt');
    mkdirSync(dir);
    const bytes = readFileSync(fx.crashes[0]!.dump);
    const cases = [bytes.subarray(0, 4096), Buffer.concat([bytes.subarray(0, 32), Buffer.alloc(bytes.length - 32, 0xff)])];
    for (const [i, data] of cases.entries()) {
      // The record is the good dump's, the file on disk is then damaged.
      const file = join(dir, `topframe.exe.${10 + i}.dmp`);
      copyFileSync(fx.crashes[0]!.dump, file);
      const before = readCrashDumpRecord(file, dir);
      writeFileSync(file, data);
      expect(await withTopFrame(before, symbolPath)).toBe(before);
    }
    const handed: WerReport[] = [];
    const reader = new BackgroundReader(topFrameRead(async () => symbolPath), (r) => handed.push(r));
    reader.add(readCrashDumpRecord(join(dir, 'topframe.exe.10.dmp'), dir), null);
    await reader.idle();
    expect(handed).toEqual([]);
  });

  it('scan --group --symbols keys the crashes by their top frame; without a symbol path, by signature', async () => {
    const dumps = join(work, 'cli', 'CrashDumps');
    mkdirSync(dumps, { recursive: true });
    for (const c of fx.crashes.slice(0, 2)) copyFileSync(c.dump, join(dumps, basename(c.dump)));
    const group = async (extra: string[]): Promise<Problem[]> => {
      const io = captureIo();
      // An empty data folder and environment: no settings, no _NT_SYMBOL_PATH.
      const code = await runScan([dumps], { format: 'json', group: true, ...(extra.length ? { symbols: extra[0] } : {}), dataDir: join(work, 'cli', 'data'), env: {} }, io, { defaultLocations: async () => [] });
      expect(code).toBe(0);
      return JSON.parse(io.stdout()) as Problem[];
    };
    const framed = await group([`${fx.store};${fx.dir}`]);
    expect(framed.map((p) => [p.keyedBy, p.topFrame, p.count])).toEqual([['frame', lldbTop(1), 2]]);
    const plain = await group([]);
    expect(plain.map((p) => [p.keyedBy, p.count])).toEqual([['signature', 1], ['signature', 1]]);
  });

  it('the library fills the top frame in the background and keeps it in the report cache', async () => {
    const dumps = join(work, 'library', 'CrashDumps');
    mkdirSync(dumps, { recursive: true });
    for (const c of fx.crashes.slice(0, 2)) copyFileSync(c.dump, join(dumps, basename(c.dump)));
    const cacheFile = join(work, 'library', 'cache.json');
    const locations = [{ path: dumps, scope: 'extra' as const, label: 'dumps' }];
    let asked = 0;
    const symbols = async (): Promise<TopFrameSymbolPath> => {
      asked++;
      return symbolPath;
    };
    const first = new ReportLibrary({ locations, cacheFile, watch: false, topFrameSymbols: symbols });
    await first.start();
    await first.whenTopFramesRead();
    expect(first.reports().map((r) => r.fields.topFrame)).toEqual([lldbTop(1), lldbTop(1)]);
    expect(groupProblems(first.reports()).map((p) => [p.keyedBy, p.count])).toEqual([['frame', 2]]);
    await first.close();
    expect(asked).toBe(2);

    const second = new ReportLibrary({ locations, cacheFile, watch: false, topFrameSymbols: symbols });
    const info = await second.start();
    await second.whenTopFramesRead();
    expect(info.fromCache).toBe(2);
    expect(second.reports().map((r) => r.fields.topFrame)).toEqual([lldbTop(1), lldbTop(1)]);
    expect(asked).toBe(2);
    await second.close();
  });
});

/** The one entry of a store folder (`name/<code id>`). */
function readdirOne(dir: string): string {
  const entries = readdirSync(dir);
  expect(entries).toHaveLength(1);
  return entries[0]!;
}
