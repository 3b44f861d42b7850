/**
 * Checks a BlueScreen / LiveKernelEvent report's signature (Sig code and parameters) against the
 * kernel dump attached to it: a dump from another crash is a real risk (Windows keeps a few old
 * ones in C:\Windows\Minidump, and a report can list the wrong one).
 */
import { describeBugCheck } from '../../../../shared/codes';
import type { KernelDumpSummary } from '../../../../shared/kernel-dump-model';
import type { SemanticFields } from '../../../../shared/sig-fields';

const PARAMETER_FIELDS = ['bugCheckParameter1', 'bugCheckParameter2', 'bugCheckParameter3', 'bugCheckParameter4'] as const;

/** A hex value as a bigint, or null when it is not hex. */
function hexValue(text: string): bigint | null {
  const m = /^(?:0x)?([0-9a-f]{1,16})$/i.exec(text.trim());
  return m?.[1] ? BigInt(`0x${m[1]}`) : null;
}

/**
 * One sentence when the report's bug check or parameters differ from the dump's, else null.
 * Fields the report does not carry are not compared; 0x1000007E and 0x7E are the same stop, and
 * a 32-bit dump's parameters are compared on their 32 bits (reports may write them sign-extended).
 */
export function checkBugCheck(fields: SemanticFields, dump: KernelDumpSummary): string | null {
  const differences: string[] = [];
  if (fields.bugCheckCode !== undefined) {
    const report = describeBugCheck(fields.bugCheckCode);
    const fromDump = describeBugCheck(dump.bugCheck.code);
    if (!report.valid || report.baseCode !== fromDump.baseCode) differences.push(`bug check ${fields.bugCheckCode} vs ${dump.bugCheck.code}`);
  }
  const mask = dump.is64Bit ? (1n << 64n) - 1n : 0xffffffffn;
  PARAMETER_FIELDS.forEach((field, i) => {
    const written = fields[field];
    const inDump = dump.bugCheck.parameters[i];
    if (written === undefined || inDump === undefined) return;
    const value = hexValue(written);
    if (value === null || (value & mask) !== (BigInt(inDump) & mask)) differences.push(`parameter ${i + 1} ${written} vs ${inDump}`);
  });
  if (differences.length === 0) return null;
  return `The report's signature does not match its kernel dump (report vs dump: ${differences.join('; ')}); the dump may be from another crash.`;
}
