/**
 * A kernel dump as label/value rows: the dump section of a report's summary (bundle Markdown/HTML,
 * "Copy as ticket text") for a BlueScreen report's dump or a Minidump store record. Pure.
 */
import { bugCheckParameterMeanings } from './codes';
import type { KernelDriverFile, KernelDumpSummary } from './kernel-dump-model';
import type { SummaryRow, SummarySection } from './report-summary';

/** Stack frames a summary lists (the panel and `dump --json` have them all). */
const SUMMARY_FRAMES = 12;

function rows(pairs: readonly (readonly [string, string | null])[]): SummaryRow[] {
  return pairs.filter((p): p is readonly [string, string] => p[1] !== null && p[1] !== '').map(([label, value]) => ({ label, value }));
}

/** The "Caused by" line: driver +offset and the rule that chose it. */
export function causedByText(s: KernelDumpSummary): string | null {
  const c = s.causedBy;
  if (!c) return null;
  return `${c.driver} +${c.offset}${c.unloaded ? ' (unloaded)' : ''} — ${c.detail}`;
}

/** "Acme Filter (Acme Corp, Acme Suite 1.2.3.4)": the installed driver's version resource. */
export function driverFileText(f: KernelDriverFile): string {
  const who = [f.company, f.product, f.version].filter(Boolean).join(', ');
  return `${f.description ?? f.path}${who ? ` (${who})` : ''}`;
}

/**
 * The rows of a kernel dump: bug check, parameters with their meaning, driver at fault (with its
 * installed file's version facts when known), crash address, machine, stack.
 */
export function kernelDumpSection(file: string, s: KernelDumpSummary, driverFile: KernelDriverFile | null = null): SummarySection {
  const b = s.bugCheck;
  const meanings = bugCheckParameterMeanings(b.code);
  const frames = s.stack.slice(0, SUMMARY_FRAMES).map((f, i): readonly [string, string] => [
    `Frame ${i}`,
    `${f.module ? `${f.module} +${f.offset ?? '?'}` : f.address} [${f.trust}]`,
  ]);
  return {
    title: `Kernel dump (${file})`,
    rows: rows([
      ['Bug check', `${b.code}${b.name ? ` ${b.name}` : ''}`],
      ['Meaning', b.summary],
      ...b.parameters.map((p, i): readonly [string, string] => [`Parameter ${i + 1}`, meanings ? `${p} (${meanings[i]})` : p]),
      ['Caused by', causedByText(s)],
      ['Driver file', driverFile ? driverFileText(driverFile) : null],
      ['Crash address', s.crashAddress],
      ['Dump type', s.dumpType ? s.dumpType.name : null],
      ['Dump time', s.systemTime],
      ['Windows build', s.osBuild === null ? null : String(s.osBuild)],
      ['Architecture', s.arch],
      ['Processors', s.processors === null ? null : String(s.processors)],
      ['Drivers', s.drivers.length > 0 ? String(s.drivers.length) : null],
      ...frames,
      ...s.problems.map((p): readonly [string, string] => ['Problem', p]),
    ]),
  };
}
