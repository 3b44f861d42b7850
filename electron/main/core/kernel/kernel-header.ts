/**
 * Kernel dump headers: the bug-check dumps Windows writes to C:\Windows\Minidump\*.dmp and
 * C:\Windows\MEMORY.DMP, and live kernel dumps (C:\Windows\LiveKernelReports). They are not MDMP
 * files: they start with DUMP_HEADER64 ("PAGEDU64") or DUMP_HEADER32 ("PAGEDUMP"). This file
 * parses the header bytes only (at most 8 KiB); read-kernel-dump.ts adds the small dump's parts.
 *
 * Offsets were checked against two independent public layouts: the Windows SDK metadata
 * (win32metadata DUMP_HEADER64 / DUMP_HEADER32) and volatility's crash vtypes; kdmp-parser's
 * static_asserts agree for the 64-bit header.
 */
import { describeBugCheck } from '../../../../shared/codes';
import type { KernelBugCheck, KernelDumpSummary } from '../../../../shared/kernel-dump-model';
import type { MinidumpArch } from '../../../../shared/minidump-model';
import { err, ok, type Result } from '../../../../shared/result';
import { ByteView, fileTimeIso, hex, hex32, messageOf } from '../minidump/binary';
import { type HeaderLayout, LAYOUT32, LAYOUT64 } from './kernel-layout';

/** Bytes read from the start of a file to parse a kernel dump header (the 64-bit header's size). */
export const KERNEL_DUMP_PROBE_BYTES = 0x2000;

/** "PAGE" as a little-endian u32: the Signature of both headers. */
const SIGNATURE_PAGE = 0x45474150;
/** "DU64": ValidDump of a 64-bit header. */
const VALID_DU64 = 0x34365544;
/** "DUMP": ValidDump of a 32-bit header. */
const VALID_DUMP = 0x504d5544;
// Windows fills the header with "PAGE" before writing it, so a field still holding the pattern
// was never written (rather than holding a strange value).
const FILL64 = 0x4547415045474150n;

/** IMAGE_FILE_MACHINE_* values a kernel dump can carry. */
const MACHINES: ReadonlyMap<number, MinidumpArch> = new Map<number, MinidumpArch>([
  [0x14c, 'x86'],
  [0x1c4, 'arm'],
  [0x8664, 'amd64'],
  [0xaa64, 'arm64'],
]);

/**
 * DumpType values: Microsoft's DUMP_TYPE enum (DUMP_TYPE_FULL 1, _SUMMARY 2, _HEADER 3, _TRIAGE 4,
 * _BITMAP_FULL 5, _BITMAP_KERNEL 6, _AUTOMATIC 7), plus the 2022+ RDMP kinds kdmp-parser documents.
 */
const DUMP_TYPES: ReadonlyMap<number, string> = new Map([
  [1, 'complete memory (full)'],
  [2, 'kernel memory (summary)'],
  [3, 'header only'],
  [4, 'small memory (triage)'],
  [5, 'complete memory (bitmap)'],
  [6, 'kernel memory (bitmap)'],
  [7, 'automatic memory'],
  [8, 'kernel memory (RDMP)'],
  [9, 'kernel and user memory (RDMP)'],
  [10, 'complete memory (RDMP)'],
]);

const MAJOR_FREE = 0xf;
const MAJOR_CHECKED = 0xc;
// Windows supports at most 2048 logical processors; leave headroom, but 0 or millions is garbage.
const MAX_PROCESSORS = 4096;
// NT builds run from 511 (NT 3.1 betas) to the high 20 000s today; 5 digits leaves headroom.
const MAX_BUILD = 99_999;
// Uptime beyond a century means the field holds something else.
const MAX_UPTIME_SECONDS = 100 * 365 * 24 * 3600;

/** Space-separated hex bytes, as the minidump errors show signatures. */
function hexBytes(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** Printable ASCII of 4 magic bytes, or null when any byte is not printable. */
function asciiOf(bytes: Uint8Array): string | null {
  return Array.from(bytes).every((b) => b >= 0x20 && b < 0x7f) ? String.fromCharCode(...bytes) : null;
}

/** Whether bytes start with the kernel dump Signature "PAGE" (what readDumpFile sniffs). */
export function hasKernelDumpSignature(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && new ByteView(bytes).u32(0) === SIGNATURE_PAGE;
}

/** The header layout named by Signature + ValidDump, or an error message. */
function layoutOf(bytes: Uint8Array): HeaderLayout | string {
  if (bytes.length < 8) {
    return bytes.length >= 4 && hasKernelDumpSignature(bytes)
      ? `truncated kernel dump: the file is only ${bytes.length} bytes long`
      : `not a kernel dump (the file is only ${bytes.length} bytes long)`;
  }
  const view = new ByteView(bytes);
  if (view.u32(0) !== SIGNATURE_PAGE) {
    return `not a kernel dump (signature ${hexBytes(bytes.subarray(0, 4))}, expected 50 41 47 45 "PAGE")`;
  }
  const valid = view.u32(4);
  if (valid === VALID_DU64) return LAYOUT64;
  if (valid === VALID_DUMP) return LAYOUT32;
  if (valid === SIGNATURE_PAGE) {
    return 'incomplete kernel dump: the header still holds the "PAGE" fill pattern (Windows did not finish writing this dump)';
  }
  const magic = bytes.subarray(4, 8);
  const text = asciiOf(magic);
  return `not a kernel dump (signature "PAGE" followed by ${hexBytes(magic)}${text ? ` "${text}"` : ''}, expected "DU64" or "DUMP")`;
}

/** Reads a pointer-sized field. */
function pointerAt(view: ByteView, layout: HeaderLayout, offset: number): bigint {
  return layout.bits === 64 ? view.u64(offset) : BigInt(view.u32(offset));
}

/** Whether a field still holds the "PAGE" fill pattern (was never written). */
function isFill(value: bigint | number, bits: 32 | 64): boolean {
  return bits === 64 ? value === FILL64 : value === SIGNATURE_PAGE;
}

/** DUMP_FILE_ATTRIBUTES.LiveDumpGeneratedDump: Windows wrote this dump while it kept running. */
const LIVE_DUMP_ATTRIBUTE = 0x10;

/** Whether the header's Attributes say live dump (a field still holding the fill says nothing). */
function liveByAttributes(view: ByteView, layout: HeaderLayout): boolean {
  const attributes = view.u32(layout.attributes);
  return attributes !== SIGNATURE_PAGE && (attributes & LIVE_DUMP_ATTRIBUTE) !== 0;
}

function bugCheckOf(view: ByteView, layout: HeaderLayout, problems: string[]): KernelBugCheck {
  const code = view.u32(layout.bugCheckCode);
  if (code === SIGNATURE_PAGE) problems.push('the bug check code was not recorded (the field holds the "PAGE" fill pattern)');
  const step = layout.bits / 8;
  const p = [0, 1, 2, 3].map((i) => hex(pointerAt(view, layout, layout.bugCheckParameter1 + i * step)));
  const d = describeBugCheck(code);
  return {
    code: hex32(code),
    // describeBugCheck(number) is always valid; the fallback only satisfies the type.
    baseCode: d.valid ? `0x${d.baseCode}` : hex32(code),
    name: d.name,
    summary: d.summary,
    // Codes used for both live dumps and real stops (0x124, …) are live only by the attribute.
    liveDump: d.liveDump || liveByAttributes(view, layout),
    parameters: [p[0] ?? '0x0', p[1] ?? '0x0', p[2] ?? '0x0', p[3] ?? '0x0'],
  };
}

function dumpTypeOf(view: ByteView, layout: HeaderLayout, problems: string[]): KernelDumpSummary['dumpType'] {
  const value = view.u32(layout.dumpType);
  if (value === SIGNATURE_PAGE || value === 0) return null;
  const name = DUMP_TYPES.get(value);
  if (name) return { value, name };
  problems.push(`unknown dump type ${value}`);
  return { value, name: `unknown (${value})` };
}

function systemTimeOf(view: ByteView, layout: HeaderLayout, problems: string[]): string | null {
  const raw = view.u64(layout.systemTime);
  if (raw === 0n || isFill(raw, 64)) return null;
  const iso = fileTimeIso(raw);
  if (!iso) problems.push(`the dump time ${hex(raw)} is not a valid date`);
  return iso;
}

function upTimeOf(view: ByteView, layout: HeaderLayout, problems: string[]): number | null {
  const raw = view.u64(layout.systemUpTime);
  if (raw === 0n || isFill(raw, 64)) return null;
  // 100-ns ticks (interrupt time), like every other NT duration.
  const seconds = raw / 10_000_000n;
  if (seconds > BigInt(MAX_UPTIME_SECONDS)) {
    problems.push(`the system up time ${hex(raw)} is implausible`);
    return null;
  }
  return Number(seconds);
}

/**
 * Parses a kernel dump header from the file's first bytes (at least the header: 4 KiB for
 * "PAGEDUMP", 8 KiB for "PAGEDU64"). `fileSize` is the whole file's size. Never throws:
 * wrong magic, a truncated header or a header with several absurd values is an error.
 */
export function parseKernelDumpHeader(bytes: Uint8Array, fileSize: number): Result<KernelDumpSummary, string> {
  const parsed = parseKernelHeader(bytes, fileSize);
  return parsed.ok ? ok(parsed.value.summary) : parsed;
}

/** A parsed header: the summary (crash facts still empty) and the layout it was read with. */
export interface ParsedKernelHeader {
  readonly summary: KernelDumpSummary;
  readonly layout: HeaderLayout;
}

/** Like parseKernelDumpHeader, also returning the header layout (what the triage reader needs). */
export function parseKernelHeader(bytes: Uint8Array, fileSize: number): Result<ParsedKernelHeader, string> {
  const layout = layoutOf(bytes);
  if (typeof layout === 'string') return err(layout);
  if (bytes.length < layout.headerSize) {
    return err(`truncated kernel dump: the file ends inside the ${layout.bits}-bit dump header (${bytes.length} of ${layout.headerSize} bytes)`);
  }
  try {
    const summary = summarize(new ByteView(bytes), layout, fileSize);
    return summary.ok ? ok({ summary: summary.value, layout }) : summary;
  } catch (error) {
    // ByteView is bounds-checked and the length was checked above; this is a safety net only.
    return err(`could not read the kernel dump header: ${messageOf(error)}`);
  }
}

function summarize(view: ByteView, layout: HeaderLayout, fileSize: number): Result<KernelDumpSummary, string> {
  const problems: string[] = [];
  const major = view.u32(8);
  const minor = view.u32(0xc);
  const machine = view.u32(layout.machineImageType);
  const cpus = view.u32(layout.numberProcessors);

  const kernelFlavor = major === MAJOR_FREE ? 'free' : major === MAJOR_CHECKED ? 'checked' : null;
  const arch = MACHINES.get(machine) ?? 'other';
  const processors = cpus >= 1 && cpus <= MAX_PROCESSORS ? cpus : null;
  // One odd field is reported; several at once mean the bytes after the magic are not a header.
  const odd = [
    kernelFlavor === null ? `MajorVersion ${hex(major)} (expected 0xf free or 0xc checked)` : null,
    arch === 'other' ? `MachineImageType ${hex(machine)} is not a known machine` : null,
    processors === null ? `NumberProcessors ${cpus} is implausible` : null,
  ].filter((x): x is string => x !== null);
  if (odd.length >= 2) return err(`corrupt kernel dump header: ${odd.join('; ')}`);
  problems.push(...odd);

  if ((arch === 'x86' || arch === 'arm') && layout.bits === 64) problems.push(`a 32-bit machine (${arch}) in a 64-bit dump header`);
  if ((arch === 'amd64' || arch === 'arm64') && layout.bits === 32) problems.push(`a 64-bit machine (${arch}) in a 32-bit dump header`);
  const osBuild = minor >= 1 && minor <= MAX_BUILD ? minor : null;
  if (osBuild === null) problems.push(`MinorVersion ${minor} is not a Windows build number`);

  const bugCheck = bugCheckOf(view, layout, problems);
  const dumpType = dumpTypeOf(view, layout, problems);
  const systemTime = systemTimeOf(view, layout, problems);
  const systemUpTimeSeconds = upTimeOf(view, layout, problems);
  if (fileSize <= layout.headerSize) problems.push('the file holds only the dump header (no memory pages)');

  return ok({
    kind: 'kernel',
    arch,
    machineType: hex(machine),
    is64Bit: layout.bits === 64,
    osBuild,
    kernelFlavor,
    bugCheck,
    processors,
    dumpType,
    systemTime,
    systemUpTimeSeconds,
    directoryTableBase: hex(pointerAt(view, layout, layout.directoryTableBase)),
    pfnDataBase: hex(pointerAt(view, layout, layout.pfnDataBase)),
    psLoadedModuleList: hex(pointerAt(view, layout, layout.psLoadedModuleList)),
    psActiveProcessHead: hex(pointerAt(view, layout, layout.psActiveProcessHead)),
    fileSize,
    crashAddress: null,
    stackPointer: null,
    exception: null,
    causedBy: null,
    drivers: [],
    unloadedDrivers: [],
    stack: [],
    triage: null,
    problems,
  });
}
