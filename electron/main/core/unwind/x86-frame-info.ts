import type { PdbFrameInfo } from '../pdb/frame-data';
import { runX86Program, type ReadU32 } from './x86-program';

/** The x86 registers a walk tracks (32-bit values as numbers). */
export interface X86Registers {
  readonly eip: number;
  readonly esp: number;
  readonly ebp: number;
  readonly ebx: number;
  readonly esi: number;
  readonly edi: number;
}

/** Memory and return-address validation for one frame-data step. */
export interface FrameInfoAccess {
  readonly read: ReadU32;
  readonly plausibleReturn: (address: number) => Promise<boolean>;
}

/** The caller's registers, or why the record could not unwind this frame. */
export type FrameInfoStep = { readonly kind: 'ok'; readonly regs: X86Registers } | { readonly kind: 'failed'; readonly problem: string };

/** Words searched from .raSearchStart for the return address (stack realignment, odd pushes). */
const RA_SEARCH_WORDS = 16;
const CALLEE_SAVED = ['ebp', 'ebx', 'esi', 'edi'] as const;

/**
 * Where the return address is: the first validated return address at or above `start` (the
 * frame's locals and saved registers above esp), as Breakpad's .raSearch does.
 */
async function searchReturn(start: number, access: FrameInfoAccess): Promise<number | null> {
  for (let i = 0; i < RA_SEARCH_WORDS; i++) {
    const at = start + i * 4;
    const word = await access.read(at);
    if (word === null) return null;
    if (word !== 0 && (await access.plausibleReturn(word))) return at;
  }
  return null;
}

/** The program of a record without one: return address above locals and saved registers, or the ebp frame. */
function syntheticProgram(info: PdbFrameInfo): string {
  if (info.kind === 'fpo' && info.usesBp) return '$T0 $ebp = $eip $T0 4 + ^ = $esp $T0 8 + = $ebp $T0 ^ =';
  return '$T0 .raSearch = $eip $T0 ^ = $esp $T0 4 + =';
}

/**
 * Unwinds one frame with its FrameData program (or an old FPO record's sizes): runs the program
 * with the callee's registers, .raSearch/.raSearchStart, $L and $P; the caller gets $eip and $esp
 * from it and the other registers it assigns, keeping the callee-saved ones it does not.
 */
export async function unwindByFrameInfo(info: PdbFrameInfo, regs: X86Registers, access: FrameInfoAccess): Promise<FrameInfoStep> {
  const program = info.kind === 'frame-data' && info.program ? info.program : syntheticProgram(info);
  const saved = info.kind === 'frame-data' ? info.savedRegsSize : info.savedRegs * 4;
  const raStart = (regs.esp + info.localSize + saved) >>> 0;
  const inputs = new Map<string, number>([
    ['$eip', regs.eip],
    ['$esp', regs.esp],
    ['$ebp', regs.ebp],
    ['$ebx', regs.ebx],
    ['$esi', regs.esi],
    ['$edi', regs.edi],
    ['.raSearchStart', raStart],
    ['$L', info.localSize],
    ['$P', info.paramsSize],
    ['.cbLocals', info.localSize],
    ['.cbParams', info.paramsSize],
    ['.cbSavedRegs', saved],
  ]);
  if (program.includes('.raSearch')) {
    const ra = await searchReturn(raStart, access);
    if (ra === null) return { kind: 'failed', problem: 'no return address above the frame' };
    inputs.set('.raSearch', ra).set('.raSearchStart', ra);
  }
  const run = await runX86Program(program, inputs, access.read);
  if (run.kind === 'failed') return run;
  const eip = run.assigned.get('$eip');
  const esp = run.assigned.get('$esp');
  if (eip === undefined || esp === undefined) return { kind: 'failed', problem: 'the program sets no $eip or $esp' };
  const next = { ...regs, eip, esp };
  for (const r of CALLEE_SAVED) {
    const v = run.assigned.get(`$${r}`);
    if (v !== undefined) next[r] = v;
  }
  return { kind: 'ok', regs: next };
}
