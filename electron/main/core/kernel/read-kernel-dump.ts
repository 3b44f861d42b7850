/**
 * Reads a kernel dump: the header always (one read of 8 KiB, whatever the file's size); for a
 * small memory (triage) dump also its parts, read in one positional read of at most 16 MiB
 * (small dumps are a few hundred KiB to a few MiB): crash context and address, drivers, unloaded
 * drivers, the saved stack (unwound with the drivers' images where the symbol path or this
 * machine has them, else scanned: kernel-walk.ts) and the driver at fault; for complete and bitmap
 * dumps the same facts through page reads (full-dump.ts). Never throws; odd parts become problems.
 */
import type { KernelDumpSummary, KernelException, KernelFrame } from '../../../../shared/kernel-dump-model';
import { err, ok, type Result } from '../../../../shared/result';
import { ByteView, hex, hex32, messageOf } from '../minidump/binary';
import { type ByteSource, createCachedSource, MAX_READ_BYTES, withFileSource } from '../minidump/byte-source';
import { type CpuContext, parseContext } from '../minidump/context';
import { causedBy, type CausedByInput } from './caused-by';
import { DriverIndex } from './driver-index';
import { readMemoryFacts } from './full-dump';
import { KERNEL_DUMP_PROBE_BYTES, parseKernelHeader } from './kernel-header';
import { DUMP_TYPE_TRIAGE, type HeaderLayout } from './kernel-layout';
import { kernelStack, type KernelStackInput, type KernelStackWalker, scanKernelStack } from './kernel-stack';
import { createKernelWalker, type KernelImageSources } from './kernel-walk';
import { parseDrivers, parseUnloadedDrivers } from './triage-drivers';
import { parseTriageHeader, type Region } from './triage-header';

/** Options of the kernel dump reader. */
export interface ReadKernelDumpOptions {
  /** Another stack walker; the default unwinds with the drivers' images (kernel-walk.ts), else scans. */
  readonly walkStack?: KernelStackWalker;
  /** Where the default walker looks for driver images (symbol path, this machine's driver files). */
  readonly images?: KernelImageSources;
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

/** A small dump read up to its stack: the summary so far, what the stack walk gets, what the blame rules get. */
interface TriageParts {
  readonly summary: KernelDumpSummary;
  readonly stack: KernelStackInput | null;
  readonly blame: Omit<CausedByInput, 'stack'> | null;
}

/** Reads the small dump's parts; the stack and the driver at fault are added by withStack. */
function triageParts(bytes: Uint8Array, summary: KernelDumpSummary, layout: HeaderLayout, problems: string[]): TriageParts {
  const triage = parseTriageHeader(bytes, layout, summary.fileSize, problems);
  const contextRegion = triage?.context ?? { offset: layout.contextRecord, length: layout.contextSize };
  const context = contextAt(bytes, contextRegion, summary, problems);
  const exception = exceptionAt(bytes, triage?.exception?.offset ?? layout.exceptionRecord, layout.bits);
  if (!triage) return { summary: { ...summary, ...crashFacts(context), exception }, stack: null, blame: null };

  const drivers = parseDrivers(bytes, triage, layout.bits, problems);
  const unloaded = parseUnloadedDrivers(bytes, triage, layout.bits, problems);
  const driverIndex = new DriverIndex(drivers);
  const stackBytes = triage.stack ? bytes.subarray(triage.stack.offset, triage.stack.offset + triage.stack.length) : null;
  const stack: KernelStackInput | null = context
    ? {
        context,
        stack: stackBytes ? { base: triage.topOfStack, bytes: stackBytes } : null,
        drivers: driverIndex,
        driverList: drivers,
        pointerSize: layout.bits === 64 ? 8 : 4,
      }
    : null;
  const blame = {
    crashAddress: context?.ip ?? null,
    bugCheckCode: Number(BigInt(summary.bugCheck.code)),
    parameters: parameterValues(summary),
    drivers: driverIndex,
    unloaded: new DriverIndex(unloaded),
  };
  return {
    summary: {
      ...summary,
      ...crashFacts(context),
      exception,
      drivers: drivers.map((d) => d.info),
      unloadedDrivers: unloaded.map((u) => u.info),
      triage: triage.summary,
    },
    stack,
    blame,
  };
}

/** The summary with its stack and the driver at fault (chosen from that stack). */
function withStack(parts: TriageParts, stack: readonly KernelFrame[]): KernelDumpSummary {
  if (!parts.blame) return parts.summary;
  return { ...parts.summary, causedBy: causedBy({ ...parts.blame, stack }), stack };
}

function crashFacts(context: CpuContext | null): Pick<KernelDumpSummary, 'crashAddress' | 'stackPointer'> {
  return { crashAddress: context ? hex(context.ip) : null, stackPointer: context ? hex(context.sp) : null };
}

/** A parsed header with its parts: a small dump's, or (other dump types) the finished summary. */
type Parsed = { readonly parts: TriageParts; readonly problems: string[] };

/** Parses everything but the stack; errors only when the header is not a kernel dump header. */
function parseParts(bytes: Uint8Array, fileSize: number): Result<Parsed, string> {
  const header = parseKernelHeader(bytes, fileSize);
  if (!header.ok) return header;
  const { summary, layout } = header.value;
  const problems = [...summary.problems];
  try {
    if (summary.dumpType?.value === DUMP_TYPE_TRIAGE) return ok({ parts: triageParts(bytes, summary, layout, problems), problems });
    const context = contextAt(bytes, { offset: layout.contextRecord, length: layout.contextSize }, summary, problems);
    const full = { ...summary, ...crashFacts(context), exception: exceptionAt(bytes, layout.exceptionRecord, layout.bits) };
    return ok({ parts: { summary: full, stack: null, blame: null }, problems });
  } catch (error) {
    // Every read is bounds-checked above; this keeps a missed case from escaping as a throw.
    problems.push(`the dump's contents could not be read: ${messageOf(error)}`);
    return ok({ parts: { summary, stack: null, blame: null }, problems });
  }
}

/**
 * The finished summary of parsed parts with the stack `stackOf` gives and the driver at fault
 * chosen from it. A failure there becomes a problem; the rest is kept.
 */
function finish(parsed: Parsed, stackOf: (input: KernelStackInput) => readonly KernelFrame[]): KernelDumpSummary {
  const { parts, problems } = parsed;
  try {
    return { ...withStack(parts, parts.stack ? stackOf(parts.stack) : []), problems };
  } catch (error) {
    problems.push(`the crashing thread's stack could not be read: ${messageOf(error)}`);
    return { ...parts.summary, problems };
  }
}

/**
 * Parses a kernel dump from its first bytes (all of a small dump, or at least the header of a
 * big one); `fileSize` is the whole file's size. The stack is scanned (unwinding needs the
 * drivers' images: readKernelDumpFrom). Errors only when the header is not a kernel dump
 * header; everything after it degrades to problems.
 */
export function parseKernelDump(bytes: Uint8Array, fileSize: number): Result<KernelDumpSummary, string> {
  const parsed = parseParts(bytes, fileSize);
  return parsed.ok ? ok(finish(parsed.value, scanKernelStack)) : parsed;
}

/** Parses a kernel dump's first bytes and walks its stack with the options' walker (see parseKernelDump). */
async function parseKernelDumpWalked(bytes: Uint8Array, fileSize: number, options: ReadKernelDumpOptions): Promise<Result<KernelDumpSummary, string>> {
  const parsed = parseParts(bytes, fileSize);
  if (!parsed.ok) return parsed;
  const input = parsed.value.parts.stack;
  const walker = options.walkStack ?? createKernelWalker(options.images ?? {}, parsed.value.problems);
  // kernelStack fails only where its scan fails: finish then scans again and turns that into a problem.
  const walked = input ? await kernelStack(input, walker).catch(() => null) : null;
  return ok(finish(parsed.value, (i) => walked ?? scanKernelStack(i)));
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
      return await parseKernelDumpWalked(await source.read(0n, Math.min(size, MAX_READ_BYTES)), size, options);
    }
    const parsed = parseKernelDump(head, size);
    if (!parsed.ok) return parsed;
    const problems = [...parsed.value.problems];
    const { layout } = header.value;
    const context = contextAt(head, { offset: layout.contextRecord, length: layout.contextSize }, parsed.value, []);
    const walker = options.walkStack ?? createKernelWalker(options.images ?? {}, problems);
    const facts = await readMemoryFacts(createCachedSource(source), head, parsed.value, layout, context, walker, problems).catch(
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
