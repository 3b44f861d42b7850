/**
 * Any thread of a dump walked and named on request, directly and through the WerApi service
 * (`getThreadStack`), plus `openInEditor`'s checks. The dump is built here: a crashing thread and a
 * second thread stopped in walk-unwind.dll (clang/lld-built, no PDB: names come from its exports),
 * recorded at its path on this machine (the dump opened where it was written).
 * The truth is the dump's construction (the return addresses pushed) and llvm-readobj (the DLL's
 * export RVAs and .pdata function ranges).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAppCore, type AppCore } from '../../../../electron/main/core/app/app-core';
import { writeMinidump } from '../../../../electron/main/core/minidump/write-minidump';
import { readSymbolizedThread } from '../../../../electron/main/core/symbolize/thread-symbols';
import { stackWords } from '../../../support/minidump-builder';
import { oracleExportRvas } from '../../../support/pe-oracle';
import { oracleX64Unwind } from '../../../support/pe-oracle-unwind';
import { buildStore } from '../../../support/store-builder';
import { buildWalkUnwindDll } from '../../../support/walk-asm';
import { callerChainSpec, WALK_DLL_BASE, WALK_STACK } from '../../../support/walk-dumps';

jest.setTimeout(60_000);

const CRASHING = 5;
const OTHER = 9;

let dll: string;
let labels: Record<string, number>;
let root: string;
let dumpFile: string;
/** Return addresses of the other thread, innermost first (as pushed by callerChainSpec). */
let otherFrames: bigint[];

/** What the exports say a frame is: the nearest export at or below the lookup RVA, inside the .pdata function holding it. */
function expectedName(address: bigint, caller: boolean): { function: string; functionOffset: string } | null {
  const rva = Number(address - WALK_DLL_BASE);
  const lookup = caller ? rva - 1 : rva;
  const fn = oracleX64Unwind(dll).find((f) => Number(f.start - WALK_DLL_BASE) <= lookup && lookup < Number(f.end - WALK_DLL_BASE));
  const below = [...oracleExportRvas(dll).values()].filter((e) => e.rva <= lookup).sort((a, b) => b.rva - a.rva)[0];
  if (!below || (fn && below.rva < Number(fn.start - WALK_DLL_BASE))) return null;
  return { function: below.name, functionOffset: `0x${(rva - below.rva).toString(16)}` };
}

beforeAll(async () => {
  dll = buildWalkUnwindDll();
  labels = Object.fromEntries([...oracleExportRvas(dll).values()].map((e) => [e.name, e.rva]));
  const { spec, frames } = callerChainSpec(dll, labels, 2, 'local-path');
  otherFrames = frames;
  const walked = spec.threads![0]!;
  // The crashing thread stopped at `leaf` with a stack of zeros; the other thread is the caller chain.
  const crashIp = WALK_DLL_BASE + BigInt(labels.leaf!);
  const crashStack = WALK_STACK + 0x10000n;
  const dump = writeMinidump({
    ...spec,
    threads: [
      { id: CRASHING, stack: { start: crashStack, bytes: stackWords('amd64', new Array<bigint>(16).fill(0n)) }, context: { ip: crashIp, sp: crashStack, fp: 0, regs: {} } },
      { ...walked, id: OTHER },
    ],
    exception: { code: 0xc0000005, address: crashIp, threadId: CRASHING, params: [0, 0] },
  });
  root = await mkdtemp(join(tmpdir(), 'wer-thread-symbols-'));
  dumpFile = join(root, 'two-threads.dmp');
  await writeFile(dumpFile, dump);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('walking and naming any thread of a dump', () => {
  it('walks a thread that did not crash from its own context, and names its frames from the exports', async () => {
    const r = await readSymbolizedThread(dumpFile, OTHER, null);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.threadId).toBe(OTHER);
    expect(r.value.frames.map((f) => f.address)).toEqual(otherFrames.map((a) => `0x${a.toString(16)}`));
    expect(r.value.frames.map((f) => f.trust)).toEqual(['context', 'cfi', 'cfi']);
    const expected = otherFrames.map((a, i) => expectedName(a, i > 0));
    expect(r.value.frames.map((f) => (f.function === null ? null : { function: f.function, functionOffset: f.functionOffset }))).toEqual(expected);
    expect(expected.every((e) => e !== null)).toBe(true);
    expect(expected.slice(1).map((e) => e!.function)).toEqual(['caller', 'caller']);
    // At least the innermost frame sits exactly on an export.
    expect(r.value.frames[0]).toMatchObject({ function: 'small_body', functionOffset: '0x0', nameSource: 'export', file: null, line: null, inlined: [] });
  });

  it('the crashing thread walks from the exception context', async () => {
    const r = await readSymbolizedThread(dumpFile, CRASHING, null);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.frames[0]).toMatchObject({ address: `0x${(WALK_DLL_BASE + BigInt(labels.leaf!)).toString(16)}`, trust: 'context', function: 'leaf', functionOffset: '0x0' });
  });

  it('says so for a thread the dump does not have, and for a file that is not a dump', async () => {
    expect(await readSymbolizedThread(dumpFile, 77, null)).toEqual({ ok: false, error: 'Thread 77 could not be walked: the dump has no thread 77.' });
    const junk = join(root, 'junk.dmp');
    await writeFile(junk, Buffer.from('not a minidump at all'));
    const r = await readSymbolizedThread(junk, OTHER, null);
    expect(r.ok).toBe(false);
    expect(await readSymbolizedThread(join(root, 'gone.dmp'), OTHER, null)).toEqual({ ok: false, error: 'Thread 9 could not be walked: cannot open the file: no such file.' });
  });
});

describe('the getThreadStack and openInEditor calls', () => {
  let core: AppCore;
  let reportId = '';
  const handed: string[] = [];

  beforeAll(async () => {
    const built = await buildStore(join(root, 'store'), 2);
    const folder = built[0]!.folder;
    await writeFile(join(folder, 'WER1.tmp.mdmp'), await import('node:fs/promises').then((fs) => fs.readFile(dumpFile)));
    await mkdir(join(root, 'data'), { recursive: true });
    await writeFile(join(root, 'data', 'settings.json'), JSON.stringify({ version: 1, useDefaultStores: false, extraStores: [join(root, 'store')] }));
    core = await openAppCore({ dataDir: join(root, 'data'), shell: { mode: 'desktop', openEditorLink: async (url) => (handed.push(url), '') }, env: {} });
    const list = await core.calls.listReports();
    if (!list.ok) throw new Error(list.error);
    reportId = list.value.reports.find((r) => r.folder === folder)!.id;
  });
  afterAll(async () => {
    await core.close();
  });

  it('walks a thread of a report’s minidump on request', async () => {
    const r = await core.calls.getThreadStack(reportId, OTHER);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.frames.map((f) => f.address)).toEqual(otherFrames.map((a) => `0x${a.toString(16)}`));
    expect(r.value.frames[0]!.function).toBe('small_body');
    expect(await core.calls.getThreadStack('gone', OTHER)).toMatchObject({ ok: false, error: expect.stringMatching(/no longer in the library/) });
  });

  it('hands only vscode:// links of files that exist here to the OS', async () => {
    const source = join(root, 'my file#1.c');
    await writeFile(source, 'int main(void) { return 0; }\n');
    expect(await core.calls.openInEditor(source, 1)).toEqual({ ok: true, value: undefined });
    expect(handed).toEqual([`vscode://file/${source.slice(1).replace(/ /g, '%20').replace('#', '%23')}:1`]);
    expect(await core.calls.openInEditor(join(root, 'gone.c'), 3)).toMatchObject({ ok: false, error: expect.stringContaining('is not on this machine') });
    expect(await core.calls.openInEditor('src/relative.c', 3)).toMatchObject({ ok: false, error: expect.stringContaining('not a path on this machine') });
    expect(await core.calls.openInEditor(root, 3)).toMatchObject({ ok: false, error: expect.stringContaining('not a regular file') });
    expect(handed).toHaveLength(1);
  });
});
