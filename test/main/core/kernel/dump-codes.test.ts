/**
 * The names the kernel dump header gives: Microsoft's DUMP_TYPE enum, bug check 0 (no crash),
 * and the live-dump codes of Microsoft's Kernel Live Dump Code Reference.
 */
import { parseKernelDumpHeader } from '../../../../electron/main/core/kernel/kernel-header';
import type { KernelDumpSummary } from '../../../../shared/kernel-dump-model';
import { buildKernelHeader, type KernelHeaderSpec } from '../../../support/kernel-dump-builder';

function parsed(spec: KernelHeaderSpec): KernelDumpSummary {
  const r = parseKernelDumpHeader(buildKernelHeader(spec), 1 << 20);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('dump types and bug check codes', () => {
  test('DumpType names follow DUMP_TYPE: 5 bitmap full, 6 bitmap kernel, 7 automatic', () => {
    expect(parsed({ dumpType: 1 }).dumpType?.name).toBe('complete memory (full)');
    expect(parsed({ dumpType: 4 }).dumpType?.name).toBe('small memory (triage)');
    expect(parsed({ dumpType: 5 }).dumpType?.name).toBe('complete memory (bitmap)');
    expect(parsed({ dumpType: 6 }).dumpType?.name).toBe('kernel memory (bitmap)');
    expect(parsed({ dumpType: 7 }).dumpType?.name).toBe('automatic memory');
  });

  test('bug check 0 is no crash: a dump taken on purpose', () => {
    const b = parsed({ bugCheckCode: 0 }).bugCheck;
    expect(b.summary).toMatch(/^No crash: .*on purpose/);
    expect(b.summary).not.toMatch(/not in our table/);
  });

  test.each([
    [0x161, 'LIVE_SYSTEM_DUMP'],
    [0x1b0, 'VIDEO_MINIPORT_FAILED_LIVEDUMP'],
    [0x1cc, 'EXRESOURCE_TIMEOUT_LIVEDUMP'],
    [0x15c, 'PDC_WATCHDOG_TIMEOUT_LIVEDUMP'],
  ])('live-dump code 0x%s is %s and a live dump', (code, name) => {
    expect(parsed({ bugCheckCode: code, dumpType: 6 }).bugCheck).toMatchObject({ name, liveDump: true });
  });

  test('codes used for both (0x124) and real stops (0xd1) are not live dumps by code', () => {
    expect(parsed({ bugCheckCode: 0x124 }).bugCheck.liveDump).toBe(false);
    expect(parsed({ bugCheckCode: 0xd1 }).bugCheck.liveDump).toBe(false);
  });

  test.each([64, 32] as const)('a %i-bit header with the LiveDumpGeneratedDump attribute (bit 4) is a live dump, whatever its code', (bits) => {
    expect(parsed({ bits, bugCheckCode: 0x124, attributes: 0x10 }).bugCheck.liveDump).toBe(true);
    expect(parsed({ bits, bugCheckCode: 0x124, attributes: 0x10 | 0x1 | 0x8 }).bugCheck.liveDump).toBe(true);
    // Other attributes (HiberCrash, KernelGeneratedTriageDump) are not a live dump.
    expect(parsed({ bits, bugCheckCode: 0x124, attributes: 0x9 }).bugCheck.liveDump).toBe(false);
    // A header that never set the field keeps the "PAGE" fill, whose bit 4 happens to be set: not live.
    expect(parsed({ bits, bugCheckCode: 0x124 }).bugCheck.liveDump).toBe(false);
  });

});
