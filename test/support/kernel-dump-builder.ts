/**
 * Synthetic kernel dump headers (DUMP_HEADER64 "PAGEDU64" / DUMP_HEADER32 "PAGEDUMP") for tests.
 * The offsets are written out here independently of the parser, from the public layouts, so a
 * wrong offset on either side makes the round-trip tests fail.
 */
import { open } from 'node:fs/promises';

/** Fields of a header to build; everything has a realistic default. */
export interface KernelHeaderSpec {
  /** 64 → "PAGEDU64" (8 KiB header), 32 → "PAGEDUMP" (4 KiB header). Default 64. */
  readonly bits?: 32 | 64;
  /** Overrides the 8 magic bytes (hostile tests); must be 8 ASCII characters. */
  readonly magic?: string;
  /** MajorVersion (0xf free, 0xc checked). Default 0xf. */
  readonly majorVersion?: number;
  /** MinorVersion = Windows build. Default 19045. */
  readonly minorVersion?: number;
  readonly directoryTableBase?: bigint;
  readonly pfnDataBase?: bigint;
  readonly psLoadedModuleList?: bigint;
  readonly psActiveProcessHead?: bigint;
  /** Default 0x8664 for 64-bit headers, 0x14c for 32-bit. */
  readonly machineImageType?: number;
  /** Default 8. */
  readonly numberProcessors?: number;
  /** Default 0xd1. */
  readonly bugCheckCode?: number;
  /** Default [0, 0, 0, 0]; truncated to 32 bits in a 32-bit header. */
  readonly bugCheckParameters?: readonly [bigint, bigint, bigint, bigint];
  /** DumpType; omitted → the field keeps the "PAGE" fill pattern. */
  readonly dumpType?: number;
  /** SystemTime; omitted → "PAGE" fill. */
  readonly systemTime?: Date;
  /** SystemUpTime in 100-ns ticks; omitted → "PAGE" fill. */
  readonly systemUpTime?: bigint;
  /** DUMP_FILE_ATTRIBUTES (bit 4: LiveDumpGeneratedDump); omitted → "PAGE" fill. */
  readonly attributes?: number;
}

/** Offsets of DUMP_HEADER64 (win32metadata / volatility / kdmp-parser agree). */
export const HEADER64_OFFSETS = {
  size: 0x2000,
  directoryTableBase: 0x10,
  pfnDataBase: 0x18,
  psLoadedModuleList: 0x20,
  psActiveProcessHead: 0x28,
  machineImageType: 0x30,
  numberProcessors: 0x34,
  bugCheckCode: 0x38,
  bugCheckParameters: [0x40, 0x48, 0x50, 0x58],
  dumpType: 0xf98,
  systemTime: 0xfa8,
  systemUpTime: 0x1030,
  // MiniDumpFields … WriterStatus (5 ULONGs), Unused1, KdSecondaryVersion, Unused[2], then Attributes.
  attributes: 0x1050,
} as const;

/** Offsets of DUMP_HEADER32. */
export const HEADER32_OFFSETS = {
  size: 0x1000,
  directoryTableBase: 0x10,
  pfnDataBase: 0x14,
  psLoadedModuleList: 0x18,
  psActiveProcessHead: 0x1c,
  machineImageType: 0x20,
  numberProcessors: 0x24,
  bugCheckCode: 0x28,
  bugCheckParameters: [0x2c, 0x30, 0x34, 0x38],
  dumpType: 0xf88,
  systemUpTime: 0xfb8,
  systemTime: 0xfc0,
  // After the 700-byte memory block at 0x64, CONTEXT (1200 bytes), EXCEPTION_RECORD32 (80) and the 128-byte comment.
  attributes: 0x8a0,
} as const;

/** FILETIME (100 ns since 1601-01-01 UTC) of a date. */
export function fileTimeOf(date: Date): bigint {
  return (BigInt(date.getTime()) + 11_644_473_600_000n) * 10_000n;
}

/** Builds just the header bytes (4 or 8 KiB), pre-filled with "PAGE" as Windows does. */
export function buildKernelHeader(spec: KernelHeaderSpec = {}): Uint8Array {
  const bits = spec.bits ?? 64;
  const o = bits === 64 ? HEADER64_OFFSETS : HEADER32_OFFSETS;
  const out = new Uint8Array(o.size);
  const fill = new TextEncoder().encode('PAGE');
  for (let i = 0; i < out.length; i += 4) out.set(fill, i);
  const dv = new DataView(out.buffer);
  const u32 = (at: number, v: number): void => dv.setUint32(at, v >>> 0, true);
  const ptr = (at: number, v: bigint): void => {
    if (bits === 64) dv.setBigUint64(at, BigInt.asUintN(64, v), true);
    else dv.setUint32(at, Number(BigInt.asUintN(32, v)), true);
  };

  out.set(new TextEncoder().encode(spec.magic ?? (bits === 64 ? 'PAGEDU64' : 'PAGEDUMP')).subarray(0, 8), 0);
  u32(8, spec.majorVersion ?? 0xf);
  u32(0xc, spec.minorVersion ?? 19045);
  ptr(o.directoryTableBase, spec.directoryTableBase ?? 0x1ad000n);
  ptr(o.pfnDataBase, spec.pfnDataBase ?? (bits === 64 ? 0xfffffa8000000000n : 0x84000000n));
  ptr(o.psLoadedModuleList, spec.psLoadedModuleList ?? (bits === 64 ? 0xfffff8025e22a2d0n : 0x8055a420n));
  ptr(o.psActiveProcessHead, spec.psActiveProcessHead ?? (bits === 64 ? 0xfffff8025e21f6a0n : 0x8055b158n));
  u32(o.machineImageType, spec.machineImageType ?? (bits === 64 ? 0x8664 : 0x14c));
  u32(o.numberProcessors, spec.numberProcessors ?? 8);
  u32(o.bugCheckCode, spec.bugCheckCode ?? 0xd1);
  // The 64-bit header pads BugCheckCode to 8 bytes; Windows zeroes the padding.
  if (bits === 64) u32(o.bugCheckCode + 4, 0);
  const params = spec.bugCheckParameters ?? [0n, 0n, 0n, 0n];
  o.bugCheckParameters.forEach((at, i) => ptr(at, params[i] ?? 0n));
  if (spec.dumpType !== undefined) u32(o.dumpType, spec.dumpType);
  if (spec.systemTime) dv.setBigUint64(o.systemTime, fileTimeOf(spec.systemTime), true);
  if (spec.systemUpTime !== undefined) dv.setBigUint64(o.systemUpTime, spec.systemUpTime, true);
  if (spec.attributes !== undefined) u32(o.attributes, spec.attributes);
  return out;
}

/**
 * Writes a kernel dump file: the header, then (when `size` is larger) a hole up to `size` bytes,
 * so a multi-GB dump costs no disk space on file systems with sparse files.
 */
export async function writeKernelDump(path: string, spec: KernelHeaderSpec = {}, size?: number): Promise<void> {
  const header = buildKernelHeader(spec);
  const fh = await open(path, 'w');
  try {
    await fh.write(header, 0, header.length, 0);
    if (size !== undefined && size > header.length) await fh.truncate(size);
  } finally {
    await fh.close();
  }
}
