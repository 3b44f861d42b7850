/**
 * What the memory-dump tests compare: our reader's crash facts of a complete or bitmap kernel
 * dump, and the same facts from the independent Python reader (kernel_memory_reader.py, written
 * from the layouts, not from our code).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { readKernelDump } from '../../electron/main/core/kernel/read-kernel-dump';
import type { KernelDumpSummary } from '../../shared/kernel-dump-model';

/** The Python reader's facts of a dump file. */
export function oracle(file: string): unknown {
  const script = join(__dirname, 'kernel_memory_reader.py');
  return JSON.parse(execFileSync('python3', [script, file], { encoding: 'utf8', timeout: 60_000 }));
}

/** Our summary cut to the facts the Python reader prints. */
export function facts(s: KernelDumpSummary): unknown {
  return {
    crashAddress: s.crashAddress,
    drivers: s.drivers,
    stack: s.stack.map(({ address, module, offset }) => ({ address, module, offset })),
    causedBy: s.causedBy && { driver: s.causedBy.driver, address: s.causedBy.address, offset: s.causedBy.offset, reason: s.causedBy.reason },
  };
}

/** Our reader's summary of a dump file; throws its error. */
export async function read(file: string): Promise<KernelDumpSummary> {
  const r = await readKernelDump(file);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}
