/**
 * The few facts of a user-mode minidump a crash record needs (system info, process id and start
 * time, the exception, the main and faulting modules), read synchronously with a handful of small
 * positional reads: header, directory, four small streams and two module names. A full-memory
 * dump of many GB costs the same few KB; no memory list is scanned and no stack is walked.
 * Synchronous because scans read records synchronously between time slices (see
 * readReportSummaries). Layouts: ../shared/docs/wer-formats.md §4; the field helpers are the
 * minidump reader's own.
 */
import type { MinidumpArch } from '../../../../shared/minidump-model';
import { ByteView, baseName, cutAtNul, messageOf, unixTimeIso, utf16le } from '../minidump/binary';
import { HEADER_SIZE, MAX_STREAMS, MAX_STRING_BYTES, MINIDUMP_SIGNATURE, parseHeader } from '../minidump/dump-reader';
import { listLayout } from '../minidump/list-layout';
import { fixedFileVersion, MAX_MODULES } from '../minidump/parse-modules';
import { archFromCode } from '../minidump/parse-system-info';
import { StreamType, streamTypeName } from '../minidump/stream-types';

/** Random-access bytes read synchronously; a short result means the range runs past the end. */
export interface SyncByteSource {
  readonly size: number;
  read(offset: number, length: number): Uint8Array;
}

/** A module as the record needs it. */
export interface DumpModule {
  readonly name: string;
  readonly path: string | null;
  readonly base: bigint;
  readonly size: number;
  /** VS_FIXEDFILEINFO file version `a.b.c.d`, or null when the dump has none. */
  readonly version: string | null;
  /** PE TimeDateStamp. */
  readonly timestamp: number;
}

/** The exception stream's crash, located in the module list. */
export interface DumpCrash {
  readonly code: number;
  /** ExceptionAddress, masked to the process's pointer width. */
  readonly address: bigint;
  /** The module holding the address, or null ("unknown" in WER's words). */
  readonly module: DumpModule | null;
}

/** What readDumpFacts found; every part may be missing, with a problem saying why. */
export interface DumpFacts {
  readonly arch: MinidumpArch | null;
  /** `major.minor.build` from SystemInfo. */
  readonly osVersion: string | null;
  readonly osBuild: number | null;
  readonly processId: number | null;
  /** MiscInfo ProcessCreateTime (whole seconds), ISO-8601 UTC. */
  readonly processCreateTime: string | null;
  /** The header's TimeDateStamp: when the dump was written. */
  readonly dumpTime: string | null;
  /** The process's image: the first module of the list. */
  readonly mainModule: DumpModule | null;
  readonly crash: DumpCrash | null;
  readonly problems: readonly string[];
}

/** Size of one MINIDUMP_MODULE entry. */
const MODULE_SIZE = 108;
/** Largest stream read for the fixed-layout streams (SystemInfo 56, MiscInfo ≤ 1364, Exception 168). */
const SMALL_STREAM_CAP = 4096;

/** Whether the bytes are a minidump's signature ("MDMP"). */
export function hasMinidumpSignature(head: Uint8Array): boolean {
  return head.length >= 4 && new ByteView(head).u32(0) === MINIDUMP_SIGNATURE;
}

interface Stream {
  readonly rva: number;
  readonly size: number;
}

/** Reads a stream whole, or its first `cap` bytes (with a problem); null when absent or unreadable. */
function readStream(source: SyncByteSource, streams: ReadonlyMap<number, Stream>, type: number, cap: number, problems: string[]): ByteView | null {
  const s = streams.get(type);
  if (!s) return null;
  const size = Math.min(s.size, cap);
  if (size < s.size) problems.push(`${streamTypeName(type)}: only the first ${cap} of ${s.size} bytes are read`);
  const bytes = source.read(s.rva, size);
  return bytes.length === size ? new ByteView(bytes) : null;
}

/** A MINIDUMP_STRING (u32 byte length + UTF-16LE) at `rva`; null when absent or outside the file. */
function readString(source: SyncByteSource, rva: number): string | null {
  if (rva <= 0 || rva + 4 > source.size) return null;
  const head = new ByteView(source.read(rva, 4));
  if (head.length < 4) return null;
  const length = Math.min(head.u32(0), MAX_STRING_BYTES, source.size - rva - 4);
  return cutAtNul(utf16le(source.read(rva + 4, length)));
}

/** The directory's first entry of each stream type that lies inside the file. */
function readDirectory(source: SyncByteSource, count: number, rva: number, problems: string[]): Map<number, Stream> {
  const fits = Math.max(0, Math.floor((source.size - rva) / 12));
  const n = Math.min(count, fits, MAX_STREAMS);
  if (n < count) problems.push(`directory: ${count} streams declared, ${n} fit in the file`);
  const dir = new ByteView(source.read(rva, n * 12));
  const streams = new Map<number, Stream>();
  for (let i = 0; dir.has(i * 12, 12); i++) {
    const type = dir.u32(i * 12);
    const size = dir.u32(i * 12 + 4);
    const at = dir.u32(i * 12 + 8);
    if (type === StreamType.unused || size === 0 || streams.has(type)) continue;
    if (at < HEADER_SIZE || at + size > source.size) {
      problems.push(`${streamTypeName(type)} stream: ${size} bytes at offset ${at} lie outside the ${source.size}-byte file`);
      continue;
    }
    streams.set(type, { rva: at, size });
  }
  return streams;
}

interface RawModule {
  readonly base: bigint;
  readonly size: number;
  readonly timestamp: number;
  readonly nameRva: number;
  readonly version: string | null;
}

function rawModules(v: ByteView, problems: string[]): RawModule[] {
  const { first, count } = listLayout(v, MODULE_SIZE, MAX_MODULES, 'ModuleList', problems);
  const out: RawModule[] = [];
  for (let i = 0; i < count; i++) {
    const o = first + i * MODULE_SIZE;
    out.push({ base: v.u64(o), size: v.u32(o + 8), timestamp: v.u32(o + 16), nameRva: v.u32(o + 20), version: fixedFileVersion(v, o + 24) });
  }
  return out;
}

/** Names a raw module (its path read only now: two names per dump, not hundreds). */
function named(source: SyncByteSource, m: RawModule): DumpModule {
  const path = readString(source, m.nameRva);
  return { name: path ? baseName(path) : `(module at 0x${m.base.toString(16)})`, path: path || null, base: m.base, size: m.size, version: m.version, timestamp: m.timestamp };
}

const EMPTY: Omit<DumpFacts, 'problems'> = {
  arch: null,
  osVersion: null,
  osBuild: null,
  processId: null,
  processCreateTime: null,
  dumpTime: null,
  mainModule: null,
  crash: null,
};

/**
 * Reads a dump's facts. Never throws on bad bytes (only the source's own I/O errors pass
 * through): a file that is not a minidump gives an error string; a damaged one gives what could
 * be read and problems for the rest.
 */
export function readDumpFacts(source: SyncByteSource): DumpFacts | string {
  const header = parseHeader(source.read(0, HEADER_SIZE));
  if (typeof header === 'string') return header;
  const problems: string[] = [];
  const facts: { -readonly [K in keyof typeof EMPTY]: (typeof EMPTY)[K] } = { ...EMPTY, dumpTime: unixTimeIso(header.timeDateStamp) };
  if (header.directoryRva < HEADER_SIZE) return `corrupt minidump: stream directory at offset ${header.directoryRva} overlaps the ${HEADER_SIZE}-byte header`;
  const streams = readDirectory(source, header.streamCount, header.directoryRva, problems);
  if (streams.size === 0) return 'corrupt minidump: no stream lies inside the file';
  // Each part on its own: a damaged stream costs its facts, never the others.
  const part = (what: string, run: () => void): void => {
    try {
      run();
    } catch (e) {
      problems.push(`${what}: ${messageOf(e)}`);
    }
  };
  part('SystemInfo', () => {
    const v = readStream(source, streams, StreamType.systemInfo, SMALL_STREAM_CAP, problems);
    if (!v) return void problems.push('SystemInfo stream missing: OS and CPU are unknown');
    facts.arch = archFromCode(v.u16(0));
    facts.osVersion = `${v.u32(8)}.${v.u32(12)}.${v.u32(16)}`;
    facts.osBuild = v.u32(16);
  });
  part('MiscInfo', () => {
    const v = readStream(source, streams, StreamType.miscInfo, SMALL_STREAM_CAP, problems);
    if (!v) return;
    const flags = v.u32(4);
    // Flags1 bit 0: ProcessId valid; bit 1: process times valid (Wine's dbghelp sets only bit 0).
    if (flags & 1) facts.processId = v.u32(8);
    if (flags & 2) facts.processCreateTime = unixTimeIso(v.u32(12));
  });
  let modules: RawModule[] = [];
  part('ModuleList', () => {
    const v = readStream(source, streams, StreamType.moduleList, 8 + MAX_MODULES * MODULE_SIZE, problems);
    modules = v ? rawModules(v, problems) : [];
    if (modules.length === 0) problems.push('ModuleList stream missing or empty: the application and faulting module are unknown');
    else facts.mainModule = named(source, modules[0]!);
  });
  part('Exception', () => {
    const v = readStream(source, streams, StreamType.exception, SMALL_STREAM_CAP, problems);
    if (!v) return void problems.push('Exception stream missing: the dump does not say how the process crashed');
    const narrow = facts.arch === 'x86' || facts.arch === 'arm';
    const address = narrow ? v.u64(24) & 0xffffffffn : v.u64(24);
    const hit = modules.find((m) => address >= m.base && address < m.base + BigInt(m.size));
    facts.crash = { code: v.u32(8), address, module: hit ? (hit === modules[0] ? facts.mainModule : named(source, hit)) : null };
  });
  return { ...facts, problems };
}
