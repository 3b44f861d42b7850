/**
 * Runs the independent Python reader (kernel_triage_reader.py) on a file, and maps our
 * KernelDumpSummary to the same shape so a test can compare the two with one toEqual.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { KernelDumpSummary } from '../../shared/kernel-dump-model';

/** What the Python reader prints (the facts both readers must agree on). */
export interface OracleFacts {
  readonly arch: string;
  readonly is64Bit: boolean;
  readonly parameters: readonly string[];
  readonly crashAddress: string | null;
  readonly stackPointer: string | null;
  readonly exception: { readonly code: string; readonly address: string } | null;
  readonly sizeOfDump: number;
  readonly validOffset: number;
  readonly complete: boolean;
  readonly drivers: readonly { name: string; path: string; base: string; size: number; timestamp: number }[];
  readonly unloadedDrivers: readonly { name: string; base: string; size: number }[];
  readonly stack: readonly { address: string; module: string | null; offset: string | null }[];
  readonly causedBy: { driver: string; address: string; offset: string; reason: string } | null;
}

/** The Python reader's facts for a file (python3 must be on PATH). */
export function oracleFacts(file: string): OracleFacts & { readonly bugCheckCode: number; readonly dumpType: number } {
  const script = join(__dirname, 'kernel_triage_reader.py');
  return JSON.parse(execFileSync('python3', [script, file], { encoding: 'utf8', timeout: 60_000 })) as OracleFacts & {
    bugCheckCode: number;
    dumpType: number;
  };
}

/** Our summary in the oracle's shape. */
export function factsOf(s: KernelDumpSummary): OracleFacts {
  return {
    arch: s.arch,
    is64Bit: s.is64Bit,
    parameters: s.bugCheck.parameters,
    crashAddress: s.crashAddress,
    stackPointer: s.stackPointer,
    exception: s.exception,
    sizeOfDump: s.triage?.sizeOfDump ?? -1,
    validOffset: s.triage?.validOffset ?? -1,
    complete: s.triage?.complete ?? false,
    drivers: s.drivers.map((d) => ({ ...d })),
    unloadedDrivers: s.unloadedDrivers.map((u) => ({ ...u })),
    stack: s.stack.map(({ address, module, offset }) => ({ address, module, offset })),
    causedBy: s.causedBy && { driver: s.causedBy.driver, address: s.causedBy.address, offset: s.causedBy.offset, reason: s.causedBy.reason },
  };
}

/** The oracle's facts without the two fields factsOf does not carry. */
export function comparable(o: ReturnType<typeof oracleFacts>): OracleFacts {
  const { bugCheckCode: _code, dumpType: _type, ...rest } = o;
  return rest;
}
