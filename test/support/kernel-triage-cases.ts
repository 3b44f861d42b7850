/**
 * Small dumps the kernel tests build: each one exercises one "caused by" rule. Addresses are made
 * up but shaped like real ones (x64 kernel space 0xfffff8…, x86 kernel space above 0x80000000).
 */
import type { TriageDriverSpec, TriageDumpSpec } from './kernel-triage-builder';

const NT = 0xfffff80412000000n;
const HAL = 0xfffff80411a00000n;
const ACME = 0xfffff80470000000n;
const NETFOO = 0xfffff80471000000n;
const STACK = 0xffffd2811f2a7000n;

/** The x64 machine's drivers (kernel, HAL, two third-party drivers). */
export const X64_DRIVERS: readonly TriageDriverSpec[] = [
  { path: '\\SystemRoot\\system32\\ntoskrnl.exe', base: NT, size: 0x1046000, timestamp: 0x5f1c2a3b },
  { path: '\\SystemRoot\\system32\\hal.dll', base: HAL, size: 0x6000, timestamp: 0x1234abcd },
  { path: '\\SystemRoot\\System32\\drivers\\acme.sys', base: ACME, size: 0x20000, timestamp: 0x65a0b1c2 },
  { path: '\\SystemRoot\\System32\\drivers\\netfoo.sys', base: NETFOO, size: 0x48000, timestamp: 0x60000001 },
];

const common = {
  minorVersion: 22631,
  numberProcessors: 4,
  systemTime: new Date('2024-05-06T07:08:09.000Z'),
  systemUpTime: 3600n * 10_000_000n,
  drivers: X64_DRIVERS,
  sp: STACK,
} as const;

/** Only kernel and HAL values (and junk) on the stack: the stack rule finds nothing. */
const KERNEL_ONLY_STACK = [NT + 0x3f1a0n, 0n, 0xdeadbeefn, HAL + 0x120n, NT + 0x401000n, STACK + 0x80n];

/** 0xD1 with the crash address inside acme.sys. */
export const ACME_CRASH: TriageDumpSpec = {
  ...common,
  bugCheckCode: 0xd1,
  bugCheckParameters: [0x10n, 0x2n, 0x0n, ACME + 0x12345n],
  ip: ACME + 0x12345n,
  stack: [NT + 0x3f1a0n, ACME + 0x1100n, 0x7n, NETFOO + 0x2222n, NT + 0x401000n],
  unloaded: [{ name: 'MSKSSRV.sys', start: 0xfffff80480000000n, end: 0xfffff80480011000n }],
  dataBlocks: [{ va: 0xfffff80412345000n, bytes: new Uint8Array(64).fill(0xab) }],
};

/** 0x3B with the crash address in the kernel and netfoo.sys the first other driver on the stack. */
export const KERNEL_CRASH_STACK: TriageDumpSpec = {
  ...common,
  bugCheckCode: 0x3b,
  bugCheckParameters: [0xc0000005n, NT + 0x5000n, 0xffffd2811f2a6000n, 0n],
  ip: NT + 0x5000n,
  stack: [NT + 0x3f1a0n, HAL + 0x10n, 0x1234n, NETFOO + 0x2222n, ACME + 0x1100n],
};

/** 0xD1 where only parameter 4 (the address that referenced memory) lies in acme.sys. */
export const PARAMETER_ONLY: TriageDumpSpec = {
  ...common,
  bugCheckCode: 0xd1,
  bugCheckParameters: [0x0n, 0x2n, 0x0n, ACME + 0x4242n],
  ip: NT + 0x3f1a0n,
  stack: KERNEL_ONLY_STACK,
};

/** 0xCE where parameter 3 lies in a driver that has been unloaded. */
export const UNLOADED_PARAMETER: TriageDumpSpec = {
  ...common,
  bugCheckCode: 0xce,
  bugCheckParameters: [0xfffff80480001000n, 0x10n, 0xfffff80480001234n, 0x0n],
  ip: NT + 0x3f1a0n,
  stack: KERNEL_ONLY_STACK,
  unloaded: [
    { name: 'MSKSSRV.sys', start: 0xfffff80481000000n, end: 0xfffff80481011000n },
    { name: 'oldfilt.sys', start: 0xfffff80480000000n, end: 0xfffff80480010000n },
  ],
};

/** A 32-bit (PAGEDUMP) XP-era small dump: 0x1000007E, the driver named by parameter 2. */
export const XP_PARAMETER: TriageDumpSpec = {
  bits: 32,
  minorVersion: 2600,
  numberProcessors: 1,
  bugCheckCode: 0x1000007e,
  bugCheckParameters: [0xc0000005n, 0xf7a01234n, 0xf78aeb3cn, 0xf78ae838n],
  ip: 0x804e3c2an,
  sp: 0xf78ae000n,
  drivers: [
    { path: '\\WINDOWS\\system32\\ntkrnlpa.exe', base: 0x804d7000n, size: 0x1f8000, timestamp: 0x41108004 },
    { path: '\\WINDOWS\\system32\\hal.dll', base: 0x806d0000n, size: 0x20380, timestamp: 0x41107b1a },
    { path: '\\SystemRoot\\system32\\DRIVERS\\usbfoo.sys', base: 0xf7a00000n, size: 0x8000, timestamp: 0x3b7d8419 },
  ],
  stack: [0x804e3c00n, 0x12n, 0x806d1234n, 0xf78ae100n],
  unloaded: [{ name: 'Sfloppy.SYS', start: 0xf8a00000n, end: 0xf8a03000n }],
};
