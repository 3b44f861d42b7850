/**
 * Small dumps whose saved stack holds a known call chain through the images of
 * kernel-walk-images.ts. The stack is laid out here, word by word, from what each function's
 * prolog pushes and allocates (see the assembly), so the expected frames come from the
 * construction, never from the walker.
 */
import type { KernelFrame } from '../../shared/kernel-dump-model';
import type { TriageDriverSpec, TriageDumpSpec } from './kernel-triage-builder';
import type { Arm64KernelWalkImages, KernelImageName, KernelWalkImages } from './kernel-walk-images';

/** Driver bases (x64 kernel space); the three imaged drivers, the HAL and two drivers without images. */
export const WALK_BASES = {
  'ntoskrnl.exe': 0xfffff80412000000n,
  'hal.dll': 0xfffff80411a00000n,
  'kdrv_a.sys': 0xfffff80470000000n,
  'kdrv_b.sys': 0xfffff80471000000n,
  'noimg.sys': 0xfffff80472000000n,
  'stale.sys': 0xfffff80473000000n,
} as const;

/** The saved stack's first address (the crash context's rsp). */
export const WALK_STACK = 0xffffd2811f2a7000n;

/** Junk that lies in no driver and is no stack address (saved registers, locals). */
const JUNK = 0x5151n;

/** a_mid's return address: into the driver without an image, its caller. */
export const NOIMG_RETURN = WALK_BASES['noimg.sys'] + 0x1234n;
/** A leftover return address into a driver without an image: the plain scan's first non-kernel driver. */
export const STALE_VALUE = WALK_BASES['stale.sys'] + 0x2345n;

/** The chain's parts: the dump spec and the frames a correct unwinder finds. */
export interface WalkCase {
  readonly spec: TriageDumpSpec;
  /** The frames in order: address, driver, offset, how each is found. */
  readonly frames: readonly KernelFrame[];
  /** Every saved stack value that lies in a driver, in stack order (what the plain scan lists after frame 0). */
  readonly driverValues: readonly bigint[];
}

/** Overrides of a driver entry (a wrong timestamp or size for the refusal tests). */
export type DriverOverrides = Partial<Record<KernelImageName, Partial<Pick<TriageDriverSpec, 'timestamp' | 'size'>>>>;

/** The driver list: paths as Windows records them, the imaged drivers' timestamps and sizes from the built files. */
export function walkDrivers(images: KernelWalkImages, overrides: DriverOverrides = {}): TriageDriverSpec[] {
  const imaged = (name: KernelImageName, path: string): TriageDriverSpec => ({
    path,
    base: WALK_BASES[name],
    size: overrides[name]?.size ?? images[name].sizeOfImage,
    timestamp: overrides[name]?.timestamp ?? images[name].timestamp,
  });
  return [
    imaged('ntoskrnl.exe', '\\SystemRoot\\system32\\ntoskrnl.exe'),
    { path: '\\SystemRoot\\system32\\hal.dll', base: WALK_BASES['hal.dll'], size: 0x6000, timestamp: 0x1234abcd },
    imaged('kdrv_a.sys', '\\SystemRoot\\System32\\drivers\\kdrv_a.sys'),
    imaged('kdrv_b.sys', '\\SystemRoot\\System32\\drivers\\kdrv_b.sys'),
    { path: '\\SystemRoot\\System32\\drivers\\noimg.sys', base: WALK_BASES['noimg.sys'], size: 0x10000, timestamp: 0x5a5a0001 },
    { path: '\\SystemRoot\\System32\\drivers\\stale.sys', base: WALK_BASES['stale.sys'], size: 0x8000, timestamp: 0x5a5a0002 },
  ];
}

/** The address of an exported label. */
export function labelAddress(images: KernelWalkImages, name: KernelImageName, label: string): bigint {
  const rva = images[name].labels[label];
  if (rva === undefined) throw new Error(`${name} has no label ${label}`);
  return WALK_BASES[name] + BigInt(rva);
}

/** A frame as the reader shows it. */
export function frame(address: bigint, module: string | null, trust: KernelFrame['trust']): KernelFrame {
  const base = module ? WALK_BASES[module as keyof typeof WALK_BASES] : undefined;
  return { address: `0x${address.toString(16)}`, module, offset: base === undefined ? null : `0x${(address - base).toString(16)}`, trust };
}

/**
 * The crash: nt_bugcheck (frame 0, in the kernel) ← a_mid in kdrv_a.sys ← noimg.sys (no image)
 * ← b_top in kdrv_b.sys ← nt_dispatch, whose return address 0 ends the thread. nt_bugcheck's
 * locals hold a stale value in stale.sys and a valid-looking return address into b_top; the
 * stack between noimg.sys's frame and b_top's return address holds values the validated scan
 * must reject (a header address, code not after a call, a driver offset below 0x200).
 */
export function walkCase(images: KernelWalkImages, overrides: DriverOverrides = {}): WalkCase {
  const at = (name: KernelImageName, label: string): bigint => labelAddress(images, name, label);
  const bTopRet = at('kdrv_b.sys', 'b_top_ret');
  const aMidRet = at('kdrv_a.sys', 'a_mid_ret');
  const ntDispatchRet = at('ntoskrnl.exe', 'nt_dispatch_ret');
  const words: bigint[] = [
    // nt_bugcheck: 0x30 of locals (sub $0x30), saved rbx (push), then its return address.
    JUNK, STALE_VALUE, JUNK, bTopRet, JUNK, JUNK,
    JUNK,
    aMidRet,
    // a_mid: 0x20 of locals, saved rsi, return address into the driver without an image.
    JUNK, JUNK, JUNK, JUNK,
    JUNK,
    NOIMG_RETURN,
    // noimg.sys's frame (unknown layout): values the validated scan rejects, then b_top's return address.
    7n, WALK_BASES['stale.sys'] + 0x100n, WALK_BASES['kdrv_b.sys'] + 0x40n, at('kdrv_a.sys', 'a_other_body'),
    bTopRet,
    // b_top: 0x20 of locals, saved rbp, return address into nt_dispatch.
    JUNK, JUNK, JUNK, JUNK,
    JUNK,
    ntDispatchRet,
    // nt_dispatch: 0x28 of locals, then a zero return address (the thread's first function).
    JUNK, JUNK, JUNK, JUNK, JUNK,
    0n,
    0n, 0n,
  ];
  const drivers = walkDrivers(images, overrides);
  const inDriver = (v: bigint): boolean => drivers.some((d) => v >= d.base && v < d.base + BigInt(d.size));
  const spec: TriageDumpSpec = {
    minorVersion: 22631,
    numberProcessors: 4,
    systemTime: new Date('2025-03-04T05:06:07.000Z'),
    systemUpTime: 7200n * 10_000_000n,
    bugCheckCode: 0x3b,
    bugCheckParameters: [0xc0000005n, at('ntoskrnl.exe', 'nt_bugcheck_body'), WALK_STACK - 0x1000n, 0n],
    ip: at('ntoskrnl.exe', 'nt_bugcheck_body'),
    sp: WALK_STACK,
    drivers,
    stack: words,
  };
  return {
    spec,
    frames: [
      frame(at('ntoskrnl.exe', 'nt_bugcheck_body'), 'ntoskrnl.exe', 'context'),
      frame(aMidRet, 'kdrv_a.sys', 'cfi'),
      frame(NOIMG_RETURN, 'noimg.sys', 'cfi'),
      frame(bTopRet, 'kdrv_b.sys', 'scan'),
      frame(ntDispatchRet, 'ntoskrnl.exe', 'cfi'),
    ],
    driverValues: words.filter(inDriver),
  };
}

/** b_top calling itself `count` times: each frame 0x20 of locals, saved rbp, return address to b_top_ret. */
export function recursionCase(images: KernelWalkImages, count: number): TriageDumpSpec {
  const ret = labelAddress(images, 'kdrv_b.sys', 'b_top_ret');
  const words: bigint[] = [];
  for (let i = 0; i < count; i++) words.push(JUNK, JUNK, JUNK, JUNK, JUNK, ret);
  return { ...walkCase(images).spec, ip: ret, stack: words };
}

/**
 * The arm64 crash: nt_bugcheck (frame 0) ← a_mid in kdrv_a.sys ← noimg.sys (no image) ←
 * nt_dispatch, whose frame record holds a zero return address. Each function's frame record
 * {caller's x29, return address} sits at its sp and x29 points at it (see the assembly), so
 * noimg.sys's frame is left by the frame-pointer chain. nt_bugcheck's locals, below its record,
 * hold a stale value: the first driver value the plain scan meets.
 */
export function arm64WalkCase(images: Arm64KernelWalkImages): WalkCase {
  const at = (name: keyof Arm64KernelWalkImages, label: string): bigint => {
    const rva = images[name].labels[label];
    if (rva === undefined) throw new Error(`${name} has no label ${label}`);
    return WALK_BASES[name] + BigInt(rva);
  };
  const S = WALK_STACK;
  // Frame records: a_mid's at S+48, noimg.sys's at S+80 (16 bytes: just its record), nt_dispatch's at S+96.
  const words: bigint[] = [
    // nt_bugcheck: 32 bytes of locals (sub sp, sp, #32) below its record {a_mid's x29, return into a_mid}.
    STALE_VALUE, JUNK, JUNK, JUNK, S + 48n, at('kdrv_a.sys', 'a_mid_ret'),
    // a_mid (32 bytes): {noimg.sys's x29, return into noimg.sys}, locals.
    S + 80n, NOIMG_RETURN, JUNK, JUNK,
    // noimg.sys: {nt_dispatch's x29, return into nt_dispatch}.
    S + 96n, at('ntoskrnl.exe', 'nt_dispatch_ret'),
    // nt_dispatch: {0, 0}: the thread's first frame.
    0n, 0n,
    0n, 0n,
  ];
  const imaged = (name: keyof Arm64KernelWalkImages, path: string): TriageDriverSpec => ({ path, base: WALK_BASES[name], size: images[name].sizeOfImage, timestamp: images[name].timestamp });
  const drivers: TriageDriverSpec[] = [
    imaged('ntoskrnl.exe', '\\SystemRoot\\system32\\ntoskrnl.exe'),
    { path: '\\SystemRoot\\system32\\hal.dll', base: WALK_BASES['hal.dll'], size: 0x6000, timestamp: 0x1234abcd },
    imaged('kdrv_a.sys', '\\SystemRoot\\System32\\drivers\\kdrv_a.sys'),
    { path: '\\SystemRoot\\System32\\drivers\\noimg.sys', base: WALK_BASES['noimg.sys'], size: 0x10000, timestamp: 0x5a5a0001 },
    { path: '\\SystemRoot\\System32\\drivers\\stale.sys', base: WALK_BASES['stale.sys'], size: 0x8000, timestamp: 0x5a5a0002 },
  ];
  const inDriver = (v: bigint): boolean => drivers.some((d) => v >= d.base && v < d.base + BigInt(d.size));
  const ip = at('ntoskrnl.exe', 'nt_bugcheck_body');
  return {
    spec: {
      machineImageType: 0xaa64,
      minorVersion: 22631,
      numberProcessors: 8,
      systemTime: new Date('2025-03-04T05:06:07.000Z'),
      systemUpTime: 7200n * 10_000_000n,
      bugCheckCode: 0x3b,
      bugCheckParameters: [0xc0000005n, ip, S - 0x1000n, 0n],
      ip,
      sp: S,
      // x29 points at nt_bugcheck's record; lr still holds the return into a_mid from its call.
      registers: { fp: S + 32n, lr: at('kdrv_a.sys', 'a_mid_ret') },
      drivers,
      stack: words,
    },
    frames: [
      frame(ip, 'ntoskrnl.exe', 'context'),
      frame(at('kdrv_a.sys', 'a_mid_ret'), 'kdrv_a.sys', 'cfi'),
      frame(NOIMG_RETURN, 'noimg.sys', 'cfi'),
      frame(at('ntoskrnl.exe', 'nt_dispatch_ret'), 'ntoskrnl.exe', 'frame-pointer'),
    ],
    driverValues: words.filter(inDriver),
  };
}
