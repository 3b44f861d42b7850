import { readFileSync } from 'node:fs';
import { createBufferSource } from '../../../../electron/main/core/minidump/byte-source';
import { writeMinidump } from '../../../../electron/main/core/minidump/write-minidump';
import { openFrameTables, type FrameDataRecord } from '../../../../electron/main/core/pdb/frame-data';
import { openPdbFile } from '../../../../electron/main/core/pdb/open-pdb';
import { openPdbContext } from '../../../../electron/main/core/pdb/pdb-context';
import type { PdbFileReader } from '../../../../electron/main/core/pdb/pdb-types';
import { followsCall } from '../../../../electron/main/core/unwind/call-site';
import { readThreadStack, type ThreadStackOptions } from '../../../../electron/main/core/unwind/thread-stack';
import { stackWords } from '../../../support/minidump-builder';
import { mappedLayout } from '../../../support/pe-layout';
import { peIdentity } from '../../../support/walk-dumps';
import { callReturns, x86WalkImage } from '../../../support/walk-x86-image';

const BASE = 0x10000000;
const STACK = 0x12e000;

interface Layout {
  readonly words: number[];
  readonly eip: number;
  readonly expected: number[];
  readonly decoy: number;
}

describe('x86 walk over a real clang-14 i686 image and its FrameData', () => {
  const built = x86WalkImage();
  const mapped = mappedLayout(built.dll);
  let pdb: PdbFileReader;
  let layout: Layout;

  beforeAll(async () => {
    const opened = await openPdbFile(built.pdb);
    if (!opened.ok) throw new Error(opened.error);
    pdb = opened.value;
    const publics = await pdb.publics();
    if (!publics.ok) throw new Error(publics.error);
    const rva = (name: string): number => publics.value.find((p) => p.name.replace(/^_/, '') === name)!.rva!;
    const tables = await openFrameTables(await openPdbContext(createBufferSource(readFileSync(built.pdb))));
    // The body record of a function: its last prolog step, whose sizes hold from there on.
    // A function's body record: its last prolog step (clang writes one record per push, a byte apart).
    const body = (start: number): FrameDataRecord => tables.frameData.filter((r) => r.rvaStart >= start && r.rvaStart < start + 0x20).pop()!;
    const [leaf, mid, top] = [rva('leaf'), rva('mid'), rva('top')];
    const midRet = callReturns(mapped, mid, mid + body(mid).codeSize + 0x40, leaf)[0]!;
    const topRet = callReturns(mapped, top, top + body(top).codeSize + 0x40, mid)[0]!;
    expect(midRet && topRet).toBeTruthy();
    const frame = (r: FrameDataRecord, filler: number): number[] => new Array<number>((r.localSize + r.savedRegsSize) / 4).fill(filler);
    const words = [
      ...frame(body(leaf), 0x11),
      BASE + midRet,
      STACK + 0x400, 8, // leaf's arguments
      ...frame(body(mid), 0x22),
      BASE + topRet,
      5, // mid's arguments
      2,
      ...frame(body(top), 0x33),
      0x77000000, // top's caller: outside any module
      ...new Array<number>(48).fill(0),
    ];
    words[0] = BASE + leaf; // a decoy word in leaf's locals: in the module, not after a call
    expect(followsCall(mapped.subarray(leaf - 7, leaf))).toBe(false);
    layout = { words, eip: BASE + body(leaf).rvaStart, expected: [BASE + body(leaf).rvaStart, BASE + midRet, BASE + topRet], decoy: BASE + leaf };
  });

  afterAll(() => pdb.close());

  async function walk(placement: 'in-memory' | 'local-path', options: ThreadStackOptions): Promise<{ ips: number[]; trust: string[]; problems: readonly string[] }> {
    const id = peIdentity(built.dll);
    const bytes = writeMinidump({
      arch: 'x86',
      modules: [{ name: placement === 'local-path' ? built.dll : 'x86walk.dll', base: BigInt(BASE), size: id.size, timestamp: id.timestamp }],
      threads: [{ id: 7, stack: { start: BigInt(STACK), bytes: stackWords('x86', layout.words.map(BigInt)) }, context: { ip: BigInt(layout.eip), sp: BigInt(STACK), fp: 0n } }],
      exception: { code: 0xc0000005, address: BigInt(layout.eip), threadId: 7, params: [0, 0] },
      ...(placement === 'in-memory' ? { memory: [{ address: BigInt(BASE), bytes: mapped }] } : {}),
    });
    const r = await readThreadStack(createBufferSource(bytes), 7, options);
    if (!r.ok) throw new Error(r.error);
    return { ips: r.value.frames.map((f) => Number(f.address)), trust: r.value.frames.map((f) => f.trust), problems: r.value.problems };
  }

  it('unwinds every ebp-less frame with the PDB programs (.raSearch past pushed arguments)', async () => {
    const r = await walk('in-memory', { frameInfo: (_m, rva) => pdb.frameInfo(rva) });
    expect(r.ips).toEqual(layout.expected);
    expect(r.trust).toEqual(['context', 'cfi', 'cfi']);
  });

  it.each(['in-memory', 'local-path'] as const)('without a PDB, scans past a decoy to the return after a call (image %s)', async (placement) => {
    const r = await walk(placement, {});
    expect(r.ips.slice(0, 3)).toEqual(layout.expected);
    expect(r.trust.slice(0, 3)).toEqual(['context', 'scan', 'scan']);
    expect(r.ips).not.toContain(layout.decoy);
  });
});
