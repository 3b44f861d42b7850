/**
 * Which page walk reads a full or bitmap dump's kernel memory: x64 and arm64 four-level tables
 * in a 64-bit header, x86 two-level (non-PAE) or three-level (PAE) tables in a 32-bit header, as
 * the header's PaeEnabled byte says. Every other machine, or a machine in the wrong header
 * flavour, is not walked (one problem says why).
 */
import type { KernelDumpSummary } from '../../../../shared/kernel-dump-model';
import { arm64VirtualMemory } from './arm64-paging';
import type { HeaderLayout } from './kernel-layout';
import type { PhysicalMemory } from './physical-memory';
import { amd64VirtualMemory, type VirtualMemory } from './virtual-memory';
import { x86PaeVirtualMemory, x86VirtualMemory } from './x86-paging';

/** Builds the kernel's virtual memory over a dump's physical pages. */
export type AddressSpace = (physical: PhysicalMemory) => VirtualMemory;

/**
 * The page walk for this dump (`head`: the header's bytes), or null with a problem when its
 * machine or paging mode is not walked.
 */
export function addressSpaceOf(summary: KernelDumpSummary, layout: HeaderLayout, head: Uint8Array, problems: string[]): AddressSpace | null {
  const base = BigInt(summary.directoryTableBase);
  if (summary.arch === 'amd64' && layout.bits === 64) return (physical) => amd64VirtualMemory(physical, base);
  if (summary.arch === 'arm64' && layout.bits === 64) return (physical) => arm64VirtualMemory(physical, base);
  if (summary.arch === 'x86' && layout.bits === 32 && layout.paeEnabled !== null) {
    const pae = head[layout.paeEnabled];
    if (pae === 0) return (physical) => x86VirtualMemory(physical, base);
    if (pae === 1) return (physical) => x86PaeVirtualMemory(physical, base);
    problems.push(`PaeEnabled is ${pae ?? 'missing'} (expected 0 or 1), so the paging mode is unknown; drivers and stack are not read`);
    return null;
  }
  problems.push(`drivers and stack are not read from ${summary.arch} complete or bitmap dumps with a ${layout.bits}-bit header (x64, arm64 and x86 only)`);
  return null;
}
