/**
 * Reads a kernel dump: the header always (one read of 8 KiB, whatever the file's size); for a
 * small memory (triage) dump also its parts, read in one positional read of at most 16 MiB
 * (small dumps are a few hundred KiB to a few MiB): crash context and address, drivers, unloaded
 * drivers, the saved stack and the driver at fault; for complete and bitmap dumps the same facts
 * through page reads (full-dump.ts). Never throws; odd parts become problems.
 */
import type { KernelDumpSummary, KernelException } from '../../../../shared/kernel-dump-model';
import { err, ok, type Result } from '../../../../shared/result';
import { ByteView, hex, hex32, messageOf } from '../minidump/binary';
import { type ByteSource, createCachedSource, MAX_READ_BYTES, withFileSource } from '../minidump/byte-source';
import { type CpuContext, parseContext } from '../minidump/context';
import { causedBy } from './caused-by';
import { DriverIndex } from './driver-index';
import { readMemoryFacts } from './full-dump';
import { KERNEL_DUMP_PROBE_BYTES, parseKernelHeader } from './kernel-header';
import { DUMP_TYPE_TRIAGE, type HeaderLayout } from './kernel-layout';
import { kernelStack, type KernelStackWalker } from './kernel-stack';
import { parseDrivers, parseUnloadedDrivers } from './triage-drivers';
import { parseTriageHeader, type Region } from './triage-header';

/** Options of the kernel dump reader. */
export interface ReadKernelDumpOptions {
  /** A real unwinder for the crashing thread; the stack scan is used without one (or when it gives up). */
  readonly walkStack?: KernelStackWalker;
}

/** "PAGE" as a little-endian u32: what unwritten header fields hold. */
const FILL = 0x45474150;

/** The CONTEXT at `region`, or null when it was never written or has no recognisable layout. */
function contextAt(bytes: Uint8Array, region: Region, summary: KernelDumpSummary, problems: string[]): CpuContext | null {
  const view = new ByteView(bytes);
  // ContextFlags (at 0x30 on x64, 0 elsewhere) still holding the fill: no context was written.
  const flags = region.offset + (summary.arch === 'amd64' ? 0x30 : 0);
  if (!view.has(flags, 4) || view.u32(flags) === FILL) return null;
  const parsed = parseContext(bytes.subarray(region.offset, region.offset + region.length), summary.arch);
  if (typeof parsed === 'string') {
    problems.push(`the crash context could not be read: ${parsed}`);
    return null;
  }
  return parsed.ip === 0n && parsed.sp === 0n ? null : parsed;
}

/** The header's exception record (code and address), or null when it holds the fill. */
function exceptionAt(bytes: Uint8Array, offset: number, bits: 32 | 64): KernelException | null {
  const view = new ByteView(bytes);
  if (!view.has(offset, 0x18)) return null;
  const code = view.u32(offset);
  if (code === FILL) return null;
  const address = bits === 64 ? view.u64(offset + 0x10) : BigInt(view.u32(offset + 0xc));
  return { code: hex32(code), address: hex(address) };
}

/** The bug-check parameters back as numbers (they were formatted from the header). */
function parameterValues(summary: KernelDumpSummary): bigint[] {
  return summary.bugCheck.parameters.map((p) => BigInt(p));
}

/** Adds the small dump's parts to a header summary. */
function withTriage(bytes: Uint8Array, summary: KernelDumpSummary, layout: HeaderLayout, options: ReadKernelDumpOptions, problems: string[]): KernelDumpSummary {
  const triage = parseTriageHeader(bytes, layout, summary.fileSize, problems);
  const contextRegion = triage?.context ?? { offset: layout.contextRecord, length: layout.contextSize };
  const context = contextAt(bytes, contextRegion, summary, problems);
  const exception = exceptionAt(bytes, triage?.exception?.offset ?? layout.exceptionRecord, layout.bits);
  if (!triage) return { ...summary, ...crashFacts(context), exception };

  const drivers = parseDrivers(bytes, triage, layout.bits, problems);
  const unloaded = parseUnloadedDrivers(bytes, triage, layout.bits, problems);
  const driverIndex = new DriverIndex(drivers);
  const stackBytes = triage.stack ? bytes.subarray(triage.stack.offset, triage.stack.offset + triage.stack.length) : null;
  const stack = context
    ? kernelStack(
        { context, stack: stackBytes ? { base: triage.topOfStack, bytes: stackBytes } : null, drivers: driverIndex, pointerSize: layout.bits === 64 ? 8 : 4 },
        options.walkStack,
      )
    : [];
  const blame = causedBy({
    crashAddress: context?.ip ?? null,
    stack,
    bugCheckCode: Number(BigInt(summary.bugCheck.code)),
    parameters: parameterValues(summary),
    drivers: driverIndex,
    unloaded: new DriverIndex(unloaded),
  });
  return {
    ...summary,
    ...crashFacts(context),
    exception,
    causedBy: blame,
    drivers: drivers.map((d) => d.info),
    unloadedDrivers: unloaded.map((u) => u.info),
    stack,
    triage: triage.summary,
  };
}

function crashFacts(context: CpuContext | null): Pick<KernelDumpSummary, 'crashAddress' | 'stackPointer'> {
  return { crashAddress: context ? hex(context.ip) : null, stackPointer: context ? hex(context.sp) : null };
}

/**
 * Parses a kernel dump from its first bytes (all of a small dump, or at least the header of a
 * big one); `fileSize` is the whole file's size. Errors only when the header is not a kernel
 * dump header; everything after it degrades to problems.
 */
export function parseKernelDump(bytes: Uint8Array, fileSize: number, options: ReadKernelDumpOptions = {}): Result<KernelDumpSummary, string> {
  const header = parseKernelHeader(bytes, fileSize);
  if (!header.ok) return header;
  const { summary, layout } = header.value;
  const problems = [...summary.problems];
  try {
    const full =
      summary.dumpType?.value === DUMP_TYPE_TRIAGE
        ? withTriage(bytes, summary, layout, options, problems)
        : {
            ...summary,
            ...crashFacts(contextAt(bytes, { offset: layout.contextRecord, length: layout.contextSize }, summary, problems)),
            exception: exceptionAt(bytes, layout.exceptionRecord, layout.bits),
          };
    return ok({ ...full, problems });
  } catch (error) {
    // Every read is bounds-checked above; this keeps a missed case from escaping as a throw.
    problems.push(`the dump's contents could not be read: ${messageOf(error)}`);
    return ok({ ...summary, problems });
  }
}

/**
 * Reads a kernel dump from any ByteSource; never throws. A small dump is read whole (up to the
 * read cap); a complete or bitmap dump is read by pages: its driver list, stack and culprit.
 */
export async function readKernelDumpFrom(source: ByteSource, options: ReadKernelDumpOptions = {}): Promise<Result<KernelDumpSummary, string>> {
  try {
    const size = Number(source.size);
    const head = await source.read(0n, KERNEL_DUMP_PROBE_BYTES);
    const header = parseKernelHeader(head, size);
    if (!header.ok) return header;
    if (header.value.summary.dumpType?.value === DUMP_TYPE_TRIAGE) {
      // Parts beyond the read cap become problems.
      return parseKernelDump(await source.read(0n, Math.min(size, MAX_READ_BYTES)), size, options);
    }
    const parsed = parseKernelDump(head, size, options);
    if (!parsed.ok) return parsed;
    const problems = [...parsed.value.problems];
    const { layout } = header.value;
    const context = contextAt(head, { offset: layout.contextRecord, length: layout.contextSize }, parsed.value, []);
    const facts = await readMemoryFacts(createCachedSource(source), head, parsed.value, layout, context, options.walkStack, problems).catch(
      (error: unknown) => {
        problems.push(`the dump's memory could not be read: ${messageOf(error)}`);
        return null;
      },
    );
    return ok({ ...parsed.value, ...(facts ?? {}), problems });
  } catch (error) {
    return err(`could not read the kernel dump: ${messageOf(error)}`);
  }
}

/** Opens a kernel dump file read-only and reads it; the handle is always closed. */
export async function readKernelDump(path: string, options: ReadKernelDumpOptions = {}): Promise<Result<KernelDumpSummary, string>> {
  return withFileSource(path, (source) => readKernelDumpFrom(source, options));
}
