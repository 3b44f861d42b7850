import type { MinidumpModule, MinidumpUnloadedModule } from '../../../../shared/minidump-model';
import { ByteView, baseName, hex } from './binary';
import type { DumpReader } from './dump-reader';
import { listLayout } from './list-layout';
import { parseCodeViewRecord } from '../pe/codeview';
import { StreamType } from './stream-types';

/** Most modules read from a module list. */
export const MAX_MODULES = 10_000;
const MODULE_SIZE = 108;
/** Largest CodeView record read (24-byte RSDS header + a long PDB path). */
const MAX_CV_BYTES = 4096;
/** Breakpad's ELF build-id CodeView signature ("BpEL"). */
const BPEL = 0x4270454c;
const VS_FFI_SIGNATURE = 0xfeef04bd;

/** A module with its numeric range kept for lookups. */
export interface ParsedModule {
  readonly base: bigint;
  readonly end: bigint;
  readonly model: MinidumpModule;
}

const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0').toUpperCase());

function hexUpper(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX_BYTE[b]!;
  return out;
}

/** Formats a GUID's first three fields (little-endian) + 8 bytes as 32 upper-case hex digits. */
function guidHex(v: ByteView, at: number): string {
  const d1 = v.u32(at).toString(16).padStart(8, '0');
  const d2 = v.u16(at + 4).toString(16).padStart(4, '0');
  const d3 = v.u16(at + 6).toString(16).padStart(4, '0');
  return (d1 + d2 + d3).toUpperCase() + hexUpper(v.bytes.subarray(at + 8, at + 16));
}

/** Debug file (as written) / id from a CodeView record (RSDS, NB10 or Breakpad ELF build id). */
export function parseCodeView(bytes: Uint8Array): Pick<MinidumpModule, 'debugFile' | 'debugId' | 'cvKind'> {
  const record = parseCodeViewRecord(bytes);
  if (record.kind === 'rsds') return { debugFile: record.pdbPath || null, debugId: record.debugId, cvKind: 'RSDS' };
  if (record.kind === 'nb10') return { debugFile: record.pdbPath || null, debugId: record.debugId, cvKind: 'NB10' };
  const v = new ByteView(bytes);
  if (record.signature === BPEL && v.has(0, 20)) {
    // Breakpad turns the first 16 bytes of the build id into a GUID-shaped id with age 0.
    return { debugFile: null, debugId: guidHex(v, 4) + '0', cvKind: 'ELF' };
  }
  return { debugFile: null, debugId: null, cvKind: 'unknown' };
}

/** `a.b.c.d` from VS_FIXEDFILEINFO, or null when the signature is absent. */
export function fixedFileVersion(v: ByteView, at: number): string | null {
  if (!v.has(at, 52) || v.u32(at) !== VS_FFI_SIGNATURE) return null;
  const ms = v.u32(at + 8);
  const ls = v.u32(at + 12);
  return `${ms >>> 16}.${ms & 0xffff}.${ls >>> 16}.${ls & 0xffff}`;
}

/** Parses ModuleList (4) with names, versions and CodeView records; sorted by nothing (file order). */
export async function parseModuleList(reader: DumpReader, problems: string[]): Promise<ParsedModule[]> {
  const v = await reader.stream(StreamType.moduleList, 8 + MAX_MODULES * MODULE_SIZE);
  if (!v) return [];
  const { first, count } = listLayout(v, MODULE_SIZE, MAX_MODULES, 'ModuleList', problems);
  const modules: ParsedModule[] = [];
  let missingNames = 0;
  for (let i = 0; i < count; i++) {
    const o = first + i * MODULE_SIZE;
    const base = v.u64(o);
    const size = v.u32(o + 8);
    const timestamp = v.u32(o + 16);
    const path = await reader.string(v.u32(o + 20));
    if (path === null) missingNames++;
    const name = path ? baseName(path) : `(module at ${hex(base)})`;
    const cvSize = v.u32(o + 76);
    const cvRva = v.u32(o + 80);
    // RVA 0 means absent even when a size is given (WER triage dumps strip the record).
    const cvBytes = cvRva !== 0 && cvSize > 0 ? await reader.bytes(cvRva, Math.min(cvSize, MAX_CV_BYTES), MAX_CV_BYTES) : null;
    const cv = cvBytes ? parseCodeView(cvBytes) : { debugFile: null, debugId: null, cvKind: 'absent' as const };
    modules.push({
      base,
      end: base + BigInt(size),
      model: {
        name,
        path: path ?? name,
        base: hex(base),
        size,
        version: fixedFileVersion(v, o + 24),
        timestamp,
        ...cv,
        codeId: timestamp.toString(16).padStart(8, '0').toUpperCase() + size.toString(16),
      },
    });
  }
  if (missingNames > 0) problems.push(`ModuleList: ${missingNames} module name(s) lie outside the file`);
  return modules;
}

/** Parses UnloadedModuleList (14), using the header's own header/entry sizes. */
export async function parseUnloadedModules(reader: DumpReader, problems: string[]): Promise<MinidumpUnloadedModule[]> {
  const v = await reader.stream(StreamType.unloadedModuleList, 12 + MAX_MODULES * 64);
  if (!v) return [];
  if (v.length < 12) {
    problems.push(`UnloadedModuleList: ${v.length} bytes, too short for its header`);
    return [];
  }
  const headerSize = v.u32(0);
  const entrySize = v.u32(4);
  const declared = v.u32(8);
  if (headerSize < 12 || entrySize < 24 || headerSize > v.length) {
    problems.push(`UnloadedModuleList: unexpected header (${headerSize}) or entry size (${entrySize})`);
    return [];
  }
  const count = Math.min(declared, Math.floor((v.length - headerSize) / entrySize), MAX_MODULES);
  if (count < declared) problems.push(`UnloadedModuleList: ${declared} entries declared, ${count} read`);
  const out: MinidumpUnloadedModule[] = [];
  for (let i = 0; i < count; i++) {
    const o = headerSize + i * entrySize;
    const base = v.u64(o);
    const path = await reader.string(v.u32(o + 20));
    out.push({ name: path ? baseName(path) : `(module at ${hex(base)})`, base: hex(base), size: v.u32(o + 8), timestamp: v.u32(o + 16) });
  }
  return out;
}
