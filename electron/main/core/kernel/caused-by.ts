/**
 * The driver at fault ("Caused By Driver"), with BlueScreenView's logic made explicit and each
 * rule named in `reason`:
 * 1. `crash-address`: the crash address (the context's instruction pointer) lies in a driver
 *    other than the kernel and the HAL;
 * 2. `stack`: else the first stack frame that lies in such a driver;
 * 3. `parameter`: else the bug-check parameter documented as a code address (see
 *    bugcheck-driver-parameters.ts) lies in a driver, loaded or unloaded;
 * 4. `kernel`: else the kernel module that holds the crash address (nothing else implicated).
 */
import type { KernelCausedBy, KernelFrame } from '../../../../shared/kernel-dump-model';
import { hex } from '../minidump/binary';
import { driverParameterOf } from './bugcheck-driver-parameters';
import { type DriverIndex, isKernelModule } from './driver-index';

/** What the rules look at. */
export interface CausedByInput {
  readonly crashAddress: bigint | null;
  readonly stack: readonly KernelFrame[];
  readonly bugCheckCode: number;
  readonly parameters: readonly bigint[];
  readonly drivers: DriverIndex;
  readonly unloaded: DriverIndex;
}

// Stops someone asked for (bug check 0, MANUALLY_INITIATED_CRASH, the power-button hold, a live
// system dump, the black-screen hotkey, the debugger's 0xDEADDEAD): the rules still name where
// it happened, but the detail says no driver is at fault.
const ON_PURPOSE: ReadonlySet<number> = new Set([0x0, 0xe2, 0x1c8, 0x161, 0x21c8, 0xdeaddead]);

/** Applies the rules in order; null when no rule names a driver. */
export function causedBy(input: CausedByInput): KernelCausedBy | null {
  const found = applyRules(input);
  const base = (input.bugCheckCode & 0xf0000000) === 0x10000000 ? input.bugCheckCode & 0x0fffffff : input.bugCheckCode;
  if (!found || !ON_PURPOSE.has(base >>> 0)) return found;
  return { ...found, detail: `${found.detail}; this stop was triggered on purpose, so no driver is at fault` };
}

function applyRules(input: CausedByInput): KernelCausedBy | null {
  const { crashAddress, drivers } = input;
  const atCrash = crashAddress === null ? null : drivers.find(crashAddress);
  if (crashAddress !== null && atCrash && !isKernelModule(atCrash.name)) {
    return blame(atCrash.name, crashAddress, atCrash.offset, 'crash-address', 'the crash address lies in this driver', false);
  }
  // Frame 0 is the context's own frame, already judged above.
  const index = input.stack.findIndex((f, i) => i > 0 && f.module !== null && !isKernelModule(f.module));
  const frame = index > 0 ? input.stack[index] : undefined;
  if (frame?.module && frame.offset) {
    const detail = `the first driver other than the kernel on the stack (frame ${index}, ${frame.trust === 'scan' ? 'found by scanning' : 'unwound'})`;
    return { driver: frame.module, address: frame.address, offset: frame.offset, reason: 'stack', detail, unloaded: false };
  }
  const documented = driverParameterOf(input.bugCheckCode);
  const value = documented ? input.parameters[documented.parameter - 1] : undefined;
  if (documented && value !== undefined && value !== 0n) {
    const detail = `parameter ${documented.parameter} of this bug check is ${documented.meaning}`;
    const loaded = drivers.find(value);
    if (loaded && !isKernelModule(loaded.name)) return blame(loaded.name, value, loaded.offset, 'parameter', detail, false);
    const gone = loaded ? null : input.unloaded.find(value);
    if (gone) return blame(gone.name, value, gone.offset, 'parameter', `${detail}; the driver had been unloaded`, true);
  }
  if (crashAddress !== null && atCrash) {
    return blame(atCrash.name, crashAddress, atCrash.offset, 'kernel', 'no other driver is implicated: the crash address lies in the kernel itself', false);
  }
  return null;
}

function blame(driver: string, address: bigint, offset: bigint, reason: KernelCausedBy['reason'], detail: string, unloaded: boolean): KernelCausedBy {
  return { driver, address: hex(address), offset: hex(offset), reason, detail, unloaded };
}
