import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeArm64Packed } from '../../../../electron/main/core/pe/arm64-function-table';
import type { Arm64UnwindCode } from '../../../../electron/main/core/pe/arm64-unwind-codes';
import { locateRva } from '../../../../electron/main/core/pe/rva-map';
import { packedArm64Prolog } from '../../../../electron/main/core/unwind/arm64-packed';
import { llvmTool } from '../../../support/llvm-tools';
import { withImage } from '../../../support/pe-layout';
import { mulberry32 } from '../../../support/prng';
import { buildWalkArm64Dll } from '../../../support/walk-arm64-asm';

/**
 * The packed form's canonical prolog against LLVM's: llvm-readobj --unwind prints the prolog a
 * packed .pdata word stands for. Copies of the arm64 walk DLL get seeded random packed words in
 * every .pdata entry; our expansion, printed the same way, must match readobj's line for line.
 */
const x = (r: number): string => (r === 30 ? 'lr' : `x${r}`);
const at = (o: number, pre: boolean): string => (pre ? `[sp, #-${o}]!` : `[sp, #${o}]`);

/** One of our codes as llvm-readobj prints the instruction; the homed-parameter stores as `H`. */
function render(c: Arm64UnwindCode): string {
  switch (c.kind) {
    case 'save-regp':
    case 'save-regp-x':
      return `stp ${x(c.register)}, ${x(c.register + 1)}, ${at(c.offset, c.kind.endsWith('-x'))}`;
    case 'save-reg':
    case 'save-reg-x':
      return `str ${x(c.register)}, ${at(c.offset, c.kind.endsWith('-x'))}`;
    case 'save-lrpair':
      return `stp ${x(c.register)}, lr, ${at(c.offset, false)}`;
    case 'save-fregp':
    case 'save-fregp-x':
      return `stp d${c.register}, d${c.register + 1}, ${at(c.offset, c.kind.endsWith('-x'))}`;
    case 'save-freg':
    case 'save-freg-x':
      return `str d${c.register}, ${at(c.offset, c.kind.endsWith('-x'))}`;
    case 'save-fplr':
    case 'save-fplr-x':
      return `stp x29, lr, ${at(c.offset, c.kind.endsWith('-x'))}`;
    case 'set-fp':
      return 'mov x29, sp';
    case 'alloc-s':
      return 'H!';
    case 'alloc-m':
    case 'alloc-l':
      return `sub sp, sp, #${c.size}`;
    case 'nop':
      return 'H';
    case 'pac-sign-lr':
      return 'pacibsp';
    default:
      return c.kind;
  }
}

/** readobj's prolog lines per function begin address, the stores of x0–x7 as `H` / `H!`. */
function readobjPrologs(file: string): Map<number, string[]> {
  const out = execFileSync(llvmTool('llvm-readobj'), ['--unwind', file], { encoding: 'utf8', maxBuffer: 16 << 20 });
  const map = new Map<number, string[]>();
  for (const block of out.split('RuntimeFunction {').slice(1)) {
    const fn = /Function: (?:\w+ )?\(?0x([0-9A-F]+)/i.exec(block);
    const prolog = /Prologue \[\n([\s\S]*?)\n\s*\]/.exec(block);
    if (!fn || !prolog || !/Fragment:/.test(block)) continue;
    const lines = prolog[1]!.split('\n').map((l) => l.trim()).filter((l) => l !== 'end');
    map.set(Number(BigInt(`0x${fn[1]}`) - 0x180000000n), lines.map((l) => (/^stp x[0246], x[1357], /.test(l) ? (l.endsWith('!') ? 'H!' : 'H') : l)));
  }
  return map;
}

it('expands 200 seeded packed words exactly as llvm-readobj does', async () => {
  const dll = buildWalkArm64Dll();
  let pdata = { offset: 0, count: 0 };
  await withImage(dll, 'file', async (image) => {
    const dir = image.headers.optional.dataDirectories[3]!;
    pdata = { offset: locateRva(image.headers, dir.rva)!.offset, count: dir.size / 8 };
  });
  const rnd = mulberry32(0x9ac4ed);
  const dir = mkdtempSync(join(tmpdir(), 'wer-arm64-packed-'));
  let compared = 0;
  try {
    while (compared < 200) {
      const bytes = new Uint8Array(readFileSync(dll));
      const dv = new DataView(bytes.buffer);
      const words = new Map<number, number>();
      for (let i = 0; i < pdata.count; i++) {
        const begin = dv.getUint32(pdata.offset + i * 8, true);
        if (begin === 0) continue;
        // CR=1 with RegI=1 has no documented prolog; CR=2 (pacibsp) is newer than LLVM 14's printer.
        let f: { regF: number; regI: number; h: number; cr: number; frame: number };
        do f = { regF: rnd.int(8), regI: rnd.int(11), h: rnd.int(2), cr: rnd.pick([0, 1, 3]), frame: 1 + rnd.int(511) };
        while ((f.cr === 1 && f.regI === 1) || f.frame * 16 < (((8 * f.regI + (f.cr === 1 ? 8 : 0) + (f.regF ? 8 * (f.regF + 1) : 0) + 64 * f.h + 15) & ~15) + (f.cr === 3 ? 16 : 0)));
        // H with nothing else saved pre-decrements in a way LLVM 14 does not print.
        if (f.h && f.regI === 0 && f.regF === 0 && f.cr !== 1) f.regI = 2;
        const word = (1 | (4 << 2) | (f.regF << 13) | (f.regI << 16) | (f.h << 20) | (f.cr << 21) | (f.frame << 23)) >>> 0;
        dv.setUint32(pdata.offset + i * 8 + 4, word, true);
        words.set(begin, word);
      }
      const file = join(dir, `packed-${compared}.dll`);
      writeFileSync(file, bytes);
      const theirs = readobjPrologs(file);
      expect(theirs.size).toBeGreaterThanOrEqual(words.size);
      for (const [begin, word] of words) {
        const ours = packedArm64Prolog(decodeArm64Packed(word)).map(render);
        expect({ word: word.toString(16), prolog: ours }).toEqual({ word: word.toString(16), prolog: theirs.get(begin) });
        compared++;
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
