/**
 * x86 FrameData on the normal read path: `dump --json --symbols` over an i686 dump whose module
 * has a PDB on the symbol path walks with that PDB's FrameData programs and names the frames
 * from the same, once-opened PDB. The module is a real clang-14 + lld-14 i686 DLL built with
 * -fomit-frame-pointer (lld writes a FRAMEDATA record per prolog step); the dump comes from our
 * minidump writer (i686 programs cannot run under this machine's 64-bit-only Wine).
 * Truth: frame sizes from `llvm-pdbutil dump --fpo`, function starts from its publics, return
 * addresses from the `E8 rel32` calls in the image bytes, names from llvm-symbolizer, and the
 * whole backtrace (addresses, functions, lines) from lldb-14 (LLDB_USE_NATIVE_PDB_READER), which
 * unwinds the same dump with the same image and PDB.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDump } from '../../../../electron/cli/commands/dump';
import { readMinidump } from '../../../../electron/main/core/minidump/read-minidump';
import { writeMinidump } from '../../../../electron/main/core/minidump/write-minidump';
import * as openPdb from '../../../../electron/main/core/pdb/open-pdb';
import type { MinidumpFrame } from '../../../../shared/minidump-model';
import type { FrameSymbolFields, ModuleSymbolState } from '../../../../shared/symbol-model';
import { captureIo } from '../../../support/capture-io';
import { stackWords } from '../../../support/minidump-builder';
import { llvmSymbolize, pdbutilDump } from '../../../support/pdb-llvm-oracle';
import { mappedLayout } from '../../../support/pe-layout';
import { pdbIdentity, runLlvm } from '../../../support/pe-readobj';
import { peIdentity } from '../../../support/walk-dumps';
import { callReturns, x86WalkImage } from '../../../support/walk-x86-image';

const BASE = 0x10000000;
const STACK = 0x12e000;

/** One row of llvm-pdbutil's "New FPO Data" table. */
interface PdbutilFrame {
  readonly rva: number;
  readonly codeSize: number;
  readonly locals: number;
  readonly params: number;
  readonly savedRegs: number;
  readonly program: string;
}

function pdbutilFrameData(pdb: string): PdbutilFrame[] {
  const text = runLlvm('llvm-pdbutil', ['dump', '--fpo', pdb]);
  return [...text.matchAll(/^([0-9A-F]{8}) \|\s*(\d+) \|\s*(\d+) \|\s*(\d+) \|\s*\d+ \|\s*\d+ \|\s*(\d+) \|[^|]*\|[^|]*\|[^|]*\| (.*)$/gm)].map((m) => ({
    rva: parseInt(m[1]!, 16),
    codeSize: Number(m[2]),
    locals: Number(m[3]),
    params: Number(m[4]),
    savedRegs: Number(m[5]),
    program: m[6]!.trim(),
  }));
}

type Frame = MinidumpFrame & FrameSymbolFields;

/** A frame of lldb's backtrace. */
interface LldbFrame {
  readonly address: bigint;
  readonly function: string;
  readonly line: number;
}

/**
 * lldb-14's backtrace of `dump`, run next to the module's image and PDB (where it looks for them).
 * Its i686 frames print arguments: `frame #1: 0x10001117 x86walk.dll`mid(a=<unavailable>, …) at walk.c:3`.
 */
function lldbBacktrace(dump: string, dir: string): LldbFrame[] {
  const out = execFileSync('lldb-14', ['-b', '-o', `target create --core ${dump}`, '-o', 'thread backtrace'], {
    cwd: dir,
    env: { ...process.env, LLDB_USE_NATIVE_PDB_READER: '1' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (!/frame #0/.test(out)) throw new Error(`lldb-14 gave no backtrace for ${dump} (apt-get install lldb-14):\n${out}`);
  return [...out.matchAll(/frame #\d+: 0x([0-9a-f]+) \S+`(\w+)(?:\(.*\))? at [^:\s]+:(\d+)/g)].map((m) => ({ address: BigInt(`0x${m[1]}`), function: m[2]!, line: Number(m[3]) }));
}

interface Case {
  readonly dump: string;
  readonly store: string;
  /** The true frames: leaf's pc, then the returns into mid and top. */
  readonly expected: readonly number[];
  /** What llvm-symbolizer names at each frame's lookup RVA (callers at return address − 1). */
  readonly names: readonly string[];
  /** A stale return address into top, left in leaf's locals and in the registers ebp points at. */
  readonly stale: number;
  /** lldb-14's backtrace of the dump. */
  readonly lldb: readonly LldbFrame[];
}

describe('x86 FrameData from the PDB on the dump → walk → symbolize path', () => {
  const built = x86WalkImage();
  let work: string;
  let fx: Case;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'wer-x86-fd-'));
    const frames = pdbutilFrameData(built.pdb);
    const oracle = pdbutilDump(built.pdb);
    const rvaOf = (name: string): number => {
      const p = oracle.publics.find((x) => x.name === `_${name}`)!;
      return oracle.sections[p.section - 1]!.rva + p.offset;
    };
    // A function's body record: the last prolog step, whose sizes hold from there on.
    const body = (start: number): PdbutilFrame => frames.filter((r) => r.rva >= start && r.rva < start + 0x20).pop()!;
    const [leaf, mid, top] = [rvaOf('leaf'), rvaOf('mid'), rvaOf('top')];
    const [leafBody, midBody, topBody] = [body(leaf), body(mid), body(top)];
    // The frames are ebp-less: without FrameData nothing says where their return addresses are.
    expect([leafBody, midBody, topBody].every((r) => r.program.includes('.raSearch') && !r.program.includes('$ebp $T0 4 + ^'))).toBe(true);
    const mapped = mappedLayout(built.dll);
    const midRet = callReturns(mapped, mid, mid + midBody.codeSize + 0x40, leaf)[0]!;
    const topRet = callReturns(mapped, top, top + topBody.codeSize + 0x40, mid)[0]!;
    expect(midRet && topRet).toBeTruthy();

    const stale = BASE + topRet;
    const fill = (r: PdbutilFrame, value: number): number[] => new Array<number>((r.locals + r.savedRegs) / 4).fill(value);
    // leaf's locals and saved registers (esi, edi, ebx, ebp from its prolog): a stale return
    // address into top, and in esi/edi a record [saved ebp, return] the ebp register points at.
    const leafFrame = fill(leafBody, 0x11);
    leafFrame[0] = stale;
    leafFrame[1] = STACK + 0x80;
    leafFrame[2] = stale;
    const words = [
      ...leafFrame,
      BASE + midRet,
      STACK + 0x400, 8, // leaf's arguments
      ...fill(midBody, 0x22),
      BASE + topRet,
      5, // mid's argument
      ...fill(topBody, 0x33),
      0x77000000, // top's caller: outside any module
      ...new Array<number>(48).fill(0),
    ];
    expect(words.length * 4).toBeGreaterThan(0x88);
    const eip = BASE + leafBody.rva;
    const id = peIdentity(built.dll);
    // lldb finds the module's image and PDB next to the dump.
    const dump = join(work, 'x86.dmp');
    copyFileSync(built.dll, join(work, 'x86walk.dll'));
    copyFileSync(built.pdb, join(work, 'x86walk.pdb'));
    writeFileSync(
      dump,
      writeMinidump({
        arch: 'x86',
        modules: [{ name: 'C:\\app\\x86walk.dll', base: BigInt(BASE), size: id.size, timestamp: id.timestamp }],
        threads: [{ id: 7, stack: { start: BigInt(STACK), bytes: stackWords('x86', words.map(BigInt)) }, context: { ip: BigInt(eip), sp: BigInt(STACK), fp: BigInt(STACK + 4) } }],
        exception: { code: 0xc0000005, address: BigInt(eip), threadId: 7, params: [0, 0] },
      }),
    );
    // The symbol store: the image by code id, the PDB by debug id (symstore's layout).
    const store = join(work, 'store');
    const codeId = `${id.timestamp.toString(16).toUpperCase().padStart(8, '0')}${id.size.toString(16)}`;
    const pdbId = pdbIdentity(built.pdb);
    for (const [file, folder] of [[built.dll, `x86walk.dll/${codeId}`], [built.pdb, `x86walk.pdb/${pdbId.guid.replace(/-/g, '')}${pdbId.age.toString(16).toUpperCase()}`]] as const) {
      mkdirSync(join(store, folder), { recursive: true });
      copyFileSync(file, join(store, folder, file.slice(file.lastIndexOf('/') + 1)));
    }
    const lookups = [leafBody.rva, midRet - 1, topRet - 1];
    const names = llvmSymbolize(built.dll, lookups).map((f) => f[0]!.function);
    fx = { dump, store, expected: [eip, BASE + midRet, BASE + topRet], names, stale, lldb: lldbBacktrace(dump, work) };
  });

  afterAll(() => rmSync(work, { recursive: true, force: true }));
  afterEach(() => jest.restoreAllMocks());

  it('without the PDB, the ebp chain leads to a stale frame and mid is lost', async () => {
    const r = await readMinidump(fx.dump, { images: { locator: null, localFiles: false } });
    if (!r.ok) throw new Error(r.error);
    const ips = r.value.stack.map((f) => Number(f.address));
    expect(ips.slice(0, 2)).toEqual([fx.expected[0], fx.stale]);
    expect(ips).not.toContain(fx.expected[1]);
  });

  it('dump --symbols walks every frame with the FrameData programs and names it, opening the PDB once', async () => {
    const opens = jest.spyOn(openPdb, 'openPdbFile');
    const io = captureIo();
    const code = await runDump(fx.dump, { json: true, symbols: fx.store, dataDir: join(work, 'data') }, io);
    expect({ code, stderr: io.stderr() }).toEqual({ code: 0, stderr: '' });
    const out = JSON.parse(io.stdout()) as { stack: Frame[]; modules: { symbols: ModuleSymbolState | null }[] };
    expect(out.stack.map((f) => Number(f.address))).toEqual(fx.expected);
    expect(out.stack.map((f) => f.trust)).toEqual(['context', 'cfi', 'cfi']);
    expect(out.stack.map((f) => f.function)).toEqual(fx.names);
    expect(fx.names).toEqual(['leaf', 'mid', 'top']);
    // lldb unwinds the same dump to the same frames, names and lines.
    expect(out.stack.map((f) => ({ address: BigInt(f.address), function: f.function, line: f.line }))).toEqual(
      fx.lldb.map((f) => ({ address: f.address, function: f.function, line: f.line })),
    );
    expect(out.modules[0]!.symbols?.status).toBe('loaded');
    expect(opens).toHaveBeenCalledTimes(1);
  });
});
