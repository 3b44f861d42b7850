import type { ModuleSpec } from '../minidump/minidump-spec';
import { writeMinidump } from '../minidump/write-minidump';
import type { SampleDump } from './sample-catalog';

const STACK_BASE = 0x000000a1b2c00000n;
const STACK_BYTES = 4096;
/** Where the stack pointer is at the fault, from the stack's low end. */
const SP_OFFSET = 0x100n;
/** WER triage dumps: FilterTriage | IgnoreInaccessibleMemory | WithoutOptionalData | ... */
const WER_TRIAGE_FLAGS = 0x1205a4;

function stackWith(words: readonly bigint[]): Uint8Array {
  const bytes = new Uint8Array(STACK_BYTES);
  const view = new DataView(bytes.buffer);
  // Return addresses a little apart, with plain data words between them, as on a real stack.
  words.forEach((w, i) => view.setBigUint64(Number(SP_OFFSET) + 24 + i * 48, w, true));
  return bytes;
}

/**
 * A small, valid amd64 minidump for a sample report: the crashing module at the offset the
 * report's signature names, a few system modules, one thread whose stack holds return addresses
 * into them (so the scanned stack shows frames), and the exception record.
 */
export function sampleDumpBytes(dump: SampleDump): Uint8Array {
  const app: ModuleSpec = { name: dump.appImage, base: 0x7ff6a1200000n, size: 0x2c0000, version: '1.0.0.0', pdb: dump.appImage.replace(/\.exe$/i, '.pdb') };
  const system: ModuleSpec[] = [
    { name: 'ntdll.dll', base: 0x7ffb3c8f0000n, size: 0x1f8000, version: '10.0.19041.3636', pdb: 'ntdll.pdb' },
    { name: 'KERNELBASE.dll', base: 0x7ffb3a310000n, size: 0x2f6000, version: '10.0.19041.3636', pdb: 'kernelbase.pdb' },
    { name: 'kernel32.dll', base: 0x7ffb3b6a0000n, size: 0xbd000, version: '10.0.19041.3636', pdb: 'kernel32.pdb' },
    { name: 'ucrtbase.dll', base: 0x7ffb3a010000n, size: 0x100000, version: '10.0.19041.3636', pdb: 'ucrtbase.pdb' },
  ];
  const known = [app, ...system].find((m) => m.name.toLowerCase() === dump.module.toLowerCase());
  const faulting: ModuleSpec =
    known ?? { name: dump.module, base: 0x7ffb20000000n, size: 0x1000000, version: dump.moduleVersion, pdb: dump.module.replace(/\.dll$/i, '.pdb') };
  const modules = known ? [app, ...system] : [app, faulting, ...system];
  const faultAddress = BigInt(faulting.base) + BigInt(dump.offset);
  const threadId = 0x1f40 + (dump.pid % 97);
  const sp = STACK_BASE + SP_OFFSET;
  const returnAddresses = [
    BigInt(app.base) + 0x1a2b4n,
    BigInt(app.base) + 0x3c10n,
    0x7ffb3b6a0000n + 0x17034n, // kernel32!BaseThreadInitThunk
    0x7ffb3c8f0000n + 0x52651n, // ntdll!RtlUserThreadStart
  ];
  return writeMinidump({
    arch: 'amd64',
    flags: WER_TRIAGE_FLAGS,
    timestamp: Math.floor(dump.timeMs / 1000),
    processId: dump.pid,
    processCreateTime: Math.floor(dump.timeMs / 1000) - 3600,
    modules,
    threads: [{ id: threadId, stack: { start: STACK_BASE, bytes: stackWith(returnAddresses) }, context: { ip: faultAddress, sp } }],
    exception: {
      code: dump.exceptionCode,
      address: faultAddress,
      threadId,
      params: dump.access ? [dump.access.kind, dump.access.target] : dump.exceptionCode === 0xc0000409 ? [7] : [],
      context: { ip: faultAddress, sp },
    },
  });
}
