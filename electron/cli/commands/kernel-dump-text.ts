/**
 * Text of a kernel dump for `dump` (and later `show`): what BlueScreenView's columns answer
 * first (bug check, caused by, crash address), then the machine, the drivers with the culprit
 * marked, unloaded drivers and the stack.
 */
import type { KernelDumpSummary, KernelDriver } from '../../../shared/kernel-dump-model';

/** Drivers listed by name in the text view (the driver at fault is always added). */
const TOP_DRIVERS = 10;

/** "1 d 02:03:04" from seconds (uptime as debuggers print it). */
function durationText(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const rest = seconds % 86400;
  const hms = [Math.floor(rest / 3600), Math.floor((rest % 3600) / 60), rest % 60].map((n) => String(n).padStart(2, '0')).join(':');
  return d > 0 ? `${d} d ${hms}` : hms;
}

/** Stack frames listed in the text view (the JSON has them all). */
const TOP_FRAMES = 20;

/** A driver's TimeDateStamp as hex: since reproducible builds it is a hash as often as a date. */
function stampText(timestamp: number): string {
  return `0x${timestamp.toString(16).padStart(8, '0')}`;
}

function driverLines(s: KernelDumpSummary): string[] {
  if (s.drivers.length === 0) return [];
  const lines = [`Drivers: ${s.drivers.length} (load order)`];
  const shown: KernelDriver[] = s.drivers.slice(0, TOP_DRIVERS);
  const culprit = s.causedBy && !s.causedBy.unloaded ? s.drivers.find((d) => d.name === s.causedBy?.driver) : undefined;
  if (culprit && !shown.includes(culprit)) shown.push(culprit);
  for (const d of shown) {
    const mark = d === culprit ? '  <- caused by' : '';
    lines.push(`  ${d.name.padEnd(28)} ${d.base.padStart(18)}  ${`0x${d.size.toString(16)}`.padStart(10)}  ${stampText(d.timestamp)}${mark}`);
  }
  if (s.drivers.length > shown.length) lines.push(`  … ${s.drivers.length - shown.length} more`);
  return lines;
}

function stackLines(s: KernelDumpSummary): string[] {
  if (s.stack.length === 0) return [];
  const scanned = s.stack.some((f) => f.trust === 'scan');
  const unwound = s.stack.some((f) => f.trust === 'cfi');
  const notes = [scanned ? 'scanned frames may be spurious' : null, unwound ? "cfi frames come from the drivers' unwind data" : null].filter((n) => n !== null);
  const lines = [`Stack${notes.length > 0 ? ` (no symbols; ${notes.join(', ')})` : ''}:`];
  s.stack.slice(0, TOP_FRAMES).forEach((f, i) => {
    const where = f.module ? `${f.module} +${f.offset}` : '(in no driver)';
    lines.push(`  #${String(i).padEnd(3)} ${f.address.padStart(18)}  ${where}  [${f.trust}]`);
  });
  if (s.stack.length > TOP_FRAMES) lines.push(`  … ${s.stack.length - TOP_FRAMES} more (dump --json lists them all)`);
  return lines;
}

function crashLines(s: KernelDumpSummary): string[] {
  const lines: string[] = [];
  const c = s.causedBy;
  if (c) lines.push(`Caused by: ${c.driver}${c.unloaded ? ' (unloaded)' : ''} +${c.offset} (${c.address}) — ${c.detail}`);
  else if (s.drivers.length > 0) lines.push('Caused by: no driver could be named');
  if (s.crashAddress) {
    const at = s.stack[0]?.module ? ` (${s.stack[0].module} +${s.stack[0].offset})` : '';
    lines.push(`Crash address: ${s.crashAddress}${at}`);
  }
  return lines;
}

/** The text lines of a kernel dump summary (no trailing newlines), shaped like formatDumpSection. */
export function formatKernelDumpSection(s: KernelDumpSummary): string[] {
  const b = s.bugCheck;
  // The 0x1000xxxx "with parameters" form names the same stop as its base code.
  const variant = b.baseCode !== b.code ? ` (same stop as ${b.baseCode})` : '';
  const lines = [`Bug check: ${b.code}${b.name ? ` ${b.name}` : ''}${variant}${b.liveDump ? ' — live dump, Windows kept running' : ''}`];
  lines.push(`  ${b.summary}`);
  b.parameters.forEach((p, i) => lines.push(`  Parameter ${i + 1}: ${p}`));
  lines.push(...crashLines(s));
  const flavor = s.kernelFlavor ? ` (${s.kernelFlavor} build)` : '';
  lines.push(`OS build: ${s.osBuild ?? 'unknown'}${flavor}`);
  lines.push(`Arch: ${s.arch} (machine ${s.machineType}, ${s.is64Bit ? '64' : '32'}-bit dump header)`);
  lines.push(`Processors: ${s.processors ?? 'unknown'}`);
  lines.push(`Dump type: ${s.dumpType?.name ?? 'not recorded'}`);
  lines.push(`Dump time: ${s.systemTime ?? 'not recorded'}`);
  if (s.systemUpTimeSeconds !== null) lines.push(`System up time: ${durationText(s.systemUpTimeSeconds)}`);
  if (s.triage) {
    const t = s.triage;
    lines.push(`Small dump: ${t.sizeOfDump} bytes written, ${t.complete ? 'complete' : 'INCOMPLETE'}; ${t.stackBytes} stack bytes, ${t.dataBlocks} data blocks`);
  }
  lines.push(...driverLines(s));
  if (s.unloadedDrivers.length > 0) lines.push(`Unloaded drivers: ${s.unloadedDrivers.map((u) => u.name).join(', ')}`);
  lines.push(...stackLines(s));
  if (s.problems.length > 0) {
    lines.push('Problems:');
    for (const p of s.problems) lines.push(`  - ${p}`);
  }
  return lines;
}
