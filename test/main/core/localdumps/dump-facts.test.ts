/**
 * The crash facts and APPCRASH signature of dumps built from a spec (the project's minidump
 * writer): the truth is the spec itself. Covers what the Wine dumps cannot: 32-bit processes,
 * a crash outside every module, dumps without an exception or module list, MiscInfo with a start
 * time, and a sparse multi-GB full-memory dump read lazily.
 */
import { closeSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appCrashSignature, crashDumpRecord, fdSource, readCrashDumpRecord } from '../../../../electron/main/core/localdumps/crash-dump-record';
import { type DumpFacts, readDumpFacts, type SyncByteSource } from '../../../../electron/main/core/localdumps/dump-facts';
import type { MinidumpSpec } from '../../../../electron/main/core/minidump/minidump-spec';
import { writeMinidump, writeMinidumpFile } from '../../../../electron/main/core/minidump/write-minidump';

function bufferSource(bytes: Uint8Array): SyncByteSource & { bytesRead: number } {
  const source = {
    size: bytes.length,
    bytesRead: 0,
    read(offset: number, length: number): Uint8Array {
      const b = bytes.slice(offset, Math.min(bytes.length, offset + length));
      source.bytesRead += b.length;
      return b;
    },
  };
  return source;
}

function factsOf(spec: MinidumpSpec): DumpFacts {
  const facts = readDumpFacts(bufferSource(writeMinidump(spec)));
  if (typeof facts === 'string') throw new Error(facts);
  return facts;
}

const APP = { name: 'C:\\Program Files\\Acme\\acme.exe', base: 0x400000, size: 0x20000, version: '1.2.3.4', timestamp: 0x5f00aa01 };
const DLL = { name: 'C:\\Windows\\SysWOW64\\ntdll.dll', base: 0x77000000, size: 0x180000, version: '10.0.19041.3636', timestamp: 0x0a1b2c3d };

describe('readDumpFacts and appCrashSignature', () => {
  it('writes a 32-bit crash as WER does: 8-digit offset inside the module, versions and timestamps', () => {
    const facts = factsOf({ arch: 'x86', modules: [APP, DLL], exception: { code: 0xc0000409, address: 0x77001234 }, processId: 9001, processCreateTime: 1_700_000_123, timestamp: 1_700_000_200 });
    expect(appCrashSignature(facts, null).map((s) => s.value)).toEqual(['acme.exe', '1.2.3.4', '5f00aa01', 'ntdll.dll', '10.0.19041.3636', '0a1b2c3d', 'c0000409', '00001234']);
    expect([facts.processId, facts.processCreateTime, facts.dumpTime]).toEqual([9001, '2023-11-14T22:15:23.000Z', '2023-11-14T22:16:40.000Z']);
    expect(facts.problems).toEqual([]);
  });

  it('names a crash outside every module "unknown" with the address as offset (64-bit: 16 digits)', () => {
    const facts = factsOf({ arch: 'amd64', modules: [{ ...APP, version: undefined }], exception: { code: 0xc0000005, address: 0xdeadbeef0n } });
    expect(appCrashSignature(facts, null).map((s) => s.value)).toEqual(['acme.exe', '0.0.0.0', '5f00aa01', 'unknown', '0.0.0.0', '00000000', 'c0000005', '0000000deadbeef0']);
  });

  it('keeps only the application without an exception stream, and says so', () => {
    const facts = factsOf({ modules: [APP], omitStreams: [6] });
    expect(appCrashSignature(facts, null).map((s) => s.index)).toEqual([0, 1, 2]);
    expect(facts.problems).toEqual(['Exception stream missing: the dump does not say how the process crashed']);
  });

  it('falls back to the file name without a module list', () => {
    const facts = factsOf({ omitStreams: [4], exception: { code: 0x80000003, address: 0x1000 } });
    const record = crashDumpRecord('/d/tool.exe.12.dmp', '/d', facts, { size: 1, mtimeMs: 0 });
    expect([record.fields.application, record.fields.module, record.process?.pid]).toEqual(['tool.exe', 'unknown', 4242]);
    expect(facts.problems).toContain('ModuleList stream missing or empty: the application and faulting module are unknown');
  });

  it('is not fooled by a file that is not a minidump', () => {
    expect(readDumpFacts(bufferSource(new TextEncoder().encode('PAGEDU64'.padEnd(64, '\0'))))).toMatch(/^not a minidump/);
  });

  it('reads a sparse 6 GB full-memory dump with a few small reads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wer-localdumps-sparse-'));
    try {
      const path = join(dir, 'big.exe.314.dmp');
      await writeMinidumpFile(path, {
        modules: [APP, DLL],
        exception: { code: 0xc0000005, address: 0x400100 },
        memory64: { ranges: [{ address: 0x10000000n, size: 3n * 1024n ** 3n }, { address: 0x200000000n, size: 3n * 1024n ** 3n }] },
      });
      const size = statSync(path).size;
      expect(size).toBeGreaterThan(6 * 1024 ** 3);
      const fd = openSync(path, 'r');
      let bytes = 0;
      try {
        const inner = fdSource(fd, size);
        const facts = readDumpFacts({ size, read: (o, l) => { const b = inner.read(o, l); bytes += b.length; return b; } });
        expect(typeof facts === 'string' ? facts : facts.crash?.module?.name).toBe('acme.exe');
      } finally {
        closeSync(fd);
      }
      expect(bytes).toBeLessThan(16 * 1024);
      expect(readCrashDumpRecord(path, dir).fields.exceptionOffset).toBe('0000000000000100');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
