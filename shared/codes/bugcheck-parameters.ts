/**
 * What the four parameters of the common bug checks mean, per stop code, from Microsoft's bug
 * check reference (learn.microsoft.com, "Bug Check 0x…: NAME", Parameters table), shortened to
 * one phrase each. Codes not listed get no meanings (the panel then shows the values only); the
 * 0x10000000 "with parameters" forms use their base code's entry.
 */
import { parseCode32 } from './code-format';

/** Meanings of parameters 1–4. */
export type ParameterMeanings = readonly [string, string, string, string];

const RESERVED = 'Reserved';
const IRQL: ParameterMeanings = ['Memory address referenced', 'IRQL at the time of the reference', 'Access: 0 read, 1 write, 8 execute', 'Address of the instruction that referenced the memory'];
const EXCEPTION: ParameterMeanings = ['Exception code that was not handled', 'Address where the exception occurred', 'Exception record (or its first parameter)', 'Context record (or the exception\u2019s second parameter)'];
const TDR: ParameterMeanings = ['The TDR recovery context', 'A pointer into the responsible display driver', 'Error code of the last failed operation', 'Internal context data'];

const PARAMETERS: Readonly<Record<number, ParameterMeanings>> = {
  0x0a: IRQL,
  0x19: ['Type of pool violation (decides the others)', 'Depends on parameter 1', 'Depends on parameter 1', 'Depends on parameter 1'],
  0x1a: ['Sub-type of the memory management violation (decides the others)', 'Depends on parameter 1', 'Depends on parameter 1', 'Depends on parameter 1'],
  0x1e: ['Exception code that was not handled', 'Address where the exception occurred', 'First parameter of the exception', 'Second parameter of the exception'],
  0x3b: ['Exception code that caused the stop', 'Address of the instruction that caused the exception', 'Address of the exception\u2019s context record', RESERVED],
  0x50: ['Memory address referenced', 'Access: 0 read, 2 write, 10 execute', 'Address of the instruction that referenced the memory (if known)', 'Type of page fault'],
  0x7e: EXCEPTION,
  0x7f: ['Trap number (8 double fault, 0 divide error, …)', RESERVED, RESERVED, RESERVED],
  0x8e: ['Exception code that was not handled', 'Address where the exception occurred', 'Address of the trap frame', RESERVED],
  0x9f: ['Type of power failure (3: a device blocked a power IRP too long)', 'Physical device object', 'Depends on parameter 1', 'The blocked IRP (type 3)'],
  0xbe: ['Virtual address of the attempted write', 'Contents of the page table entry', RESERVED, RESERVED],
  0xc2: ['Type of pool violation (decides the others)', 'Depends on parameter 1', 'Depends on parameter 1', 'Depends on parameter 1'],
  0xc4: ['The Driver Verifier rule that was violated (decides the others)', 'Depends on parameter 1', 'Depends on parameter 1', 'Depends on parameter 1'],
  0xc5: ['Memory address referenced', 'IRQL at the time of the reference', 'Access: 0 read, 1 write', 'Address of the instruction that referenced the memory'],
  0xce: ['Memory address referenced', 'Access: 0 read, 1 write', 'Address that referenced the memory (in the unloaded driver)', RESERVED],
  0xd1: IRQL,
  0xea: ['The stuck thread', 'The DEFERRED_WATCHDOG object', 'Name of the offending driver', 'Times the watchdog fired'],
  0xef: ['The process object that died', '0: a process died, 1: a thread died', 'Depends on parameter 2', 'Depends on parameter 2'],
  0xfc: ['Virtual address of the attempted execute', 'Contents of the page table entry', RESERVED, RESERVED],
  0x101: ['Clock interrupt time-out, in ticks', RESERVED, 'Processor control block (PRCB) of the processor that did not respond', RESERVED],
  0x116: TDR,
  0x117: TDR,
  0x124: ['Type of hardware error source (0: machine check)', 'The WHEA_ERROR_RECORD describing the error', 'High 32 bits of MCi_STATUS (machine checks)', 'Low 32 bits of MCi_STATUS (machine checks)'],
  0x133: ['0: one DPC ran too long, 1: DPCs ran too long in total', 'Time the DPC ran, in ticks (type 0)', 'Time allowed, in ticks (type 0)', 'Internal data (type 1: the watchdog data)'],
  0x139: ['Type of corruption (fast-fail code: 3 = a corrupted LIST_ENTRY)', 'Address of the trap frame', 'Address of the exception record', RESERVED],
  0x141: TDR,
};

/** The meanings of a bug check's four parameters, or null when the code is not in the table. */
export function bugCheckParameterMeanings(code: string | number): ParameterMeanings | null {
  const value = parseCode32(code);
  if (value === null) return null;
  const base = (value & 0xf0000000) === 0x10000000 ? value & 0x0fffffff : value;
  return PARAMETERS[base] ?? null;
}
