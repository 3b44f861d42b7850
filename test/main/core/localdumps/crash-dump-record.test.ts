/**
 * CrashDumps records of real LocalDumps dumps written by dbghelp under Wine. The truth is what
 * the crashing program printed about itself before writing the dump (pid, creation time,
 * exception code and address, the faulting module's base, path, PE timestamp and version), the
 * versions its resource scripts set, and the PE headers of the built files.
 */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, win32 } from 'node:path';
import { fdSource, readCrashDumpRecord } from '../../../../electron/main/core/localdumps/crash-dump-record';
import { readDumpFacts, type SyncByteSource } from '../../../../electron/main/core/localdumps/dump-facts';
import {
  buildCrashyFixtures,
  CRASHY_DLL_VERSION,
  CRASHY_EXE_VERSION,
  CRASHY_RAISED_CODE,
  type CrashyCrash,
  type CrashyFixtures,
  filetimeUnixSeconds,
  withMiscInfo,
} from '../../../support/localdumps-crashes';
import { peIdentity } from '../../../support/walk-dumps';

const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');

describe('readCrashDumpRecord over real LocalDumps dumps (dbghelp under Wine)', () => {
  let fx: CrashyFixtures;
  let work: string;
  const crash = (mode: CrashyCrash['mode'], dumpType = 0): CrashyCrash => fx.crashes.find((c) => c.mode === mode && c.dumpType === dumpType)!;

  beforeAll(async () => {
    fx = await buildCrashyFixtures();
    work = mkdtempSync(join(tmpdir(), 'wer-localdumps-record-'));
  }, 400_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each(['app', 'lib', 'raise'] as const)('gives the APPCRASH signature WER would write for a %s crash', (mode) => {
    const c = crash(mode);
    const exe = peIdentity(fx.exe);
    const record = readCrashDumpRecord(c.dump, join(c.dump, '..'));
    expect(record.problems).toEqual([]);
    expect(record.store).toBe('CrashDumps');
    expect(record.eventType).toBe('APPCRASH');
    expect(record.reportType).toBe(2);
    expect(record.fields).toEqual({
      application: c.image,
      applicationVersion: CRASHY_EXE_VERSION,
      applicationTimestamp: hex8(exe.timestamp),
      module: win32.basename(c.module.path),
      moduleVersion: c.module.version,
      moduleTimestamp: hex8(c.module.timestamp),
      exceptionCode: hex8(c.code),
      // A 64-bit process: 16 hex digits, the address relative to the module's base.
      exceptionOffset: (c.address - c.module.base).toString(16).padStart(16, '0'),
    });
    expect(record.signature.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(record.appName).toBe(c.image);
    expect(record.appPath).toBe(c.exe);
  });

  it('names the module each mode crashed in, as the program built it', () => {
    expect(readCrashDumpRecord(crash('app').dump, null).fields.module).toBe('crashy.exe');
    const lib = readCrashDumpRecord(crash('lib').dump, null);
    expect([lib.fields.module, lib.fields.moduleVersion, lib.fields.moduleTimestamp]).toEqual(['crashy-lib.dll', CRASHY_DLL_VERSION, hex8(peIdentity(fx.dll).timestamp)]);
    expect(readCrashDumpRecord(crash('raise').dump, null).fields.exceptionCode).toBe(hex8(CRASHY_RAISED_CODE));
  });

  it('carries the pid, the dump time, the OS and the dump itself as attachment, source and change stamp', () => {
    const c = crash('app');
    const record = readCrashDumpRecord(c.dump, null);
    const stat = statSync(c.dump);
    expect(record.process).toEqual({ pid: c.pid, startTime: null });
    // Written after the process started and before the file was last touched.
    const written = Date.parse(record.eventTime ?? '');
    expect(written).toBeGreaterThanOrEqual(filetimeUnixSeconds(c.created) * 1000);
    expect(written).toBeLessThanOrEqual(stat.mtimeMs + 1000);
    expect(record.os?.architecture).toBe('X64');
    expect(record.os?.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(record.attachments).toEqual([{ file: `${c.image}.${c.pid}.dmp`, size: stat.size, kind: 'minidump', cabName: null }]);
    expect(record.sources).toEqual([{ kind: 'dump', path: c.dump, size: stat.size }]);
    expect([record.reportWerSize, record.reportWerMtimeMs]).toEqual([stat.size, stat.mtimeMs]);
    expect(record.folder).toBe(c.dump);
    expect(record.id).toMatch(/^[0-9a-f]{32}$/);
    expect(readCrashDumpRecord(c.dump, null).id).toBe(record.id);
    expect(readCrashDumpRecord(crash('lib').dump, null).id).not.toBe(record.id);
  });

  it('takes the start time from MiscInfo when the dump has it (as Windows writes it), and the pid from the name when not', () => {
    const c = crash('app');
    const seconds = filetimeUnixSeconds(c.created);
    const withTime = join(work, `${c.image}.${c.pid}.dmp`);
    writeFileSync(withTime, withMiscInfo(readFileSync(c.dump), seconds));
    expect(readCrashDumpRecord(withTime, work).process).toEqual({ pid: c.pid, startTime: new Date(seconds * 1000).toISOString() });
    const noPid = join(work, 'crashy.exe.4242.dmp');
    writeFileSync(noPid, withMiscInfo(readFileSync(c.dump), null, false));
    expect(readCrashDumpRecord(noPid, work).process).toEqual({ pid: 4242, startTime: null });
  });

  it('reads a full-memory dump lazily: a few KB of ~100 MB, the same facts as the normal dump', () => {
    const full = crash('app', 2);
    const size = statSync(full.dump).size;
    expect(size).toBeGreaterThan(50 * 1024 * 1024);
    const fd = openSync(full.dump, 'r');
    let bytes = 0;
    let reads = 0;
    try {
      const inner = fdSource(fd, size);
      const counting: SyncByteSource = {
        size,
        read(offset, length) {
          const b = inner.read(offset, length);
          bytes += b.length;
          reads += 1;
          return b;
        },
      };
      const facts = readDumpFacts(counting);
      expect(typeof facts).not.toBe('string');
    } finally {
      closeSync(fd);
    }
    expect(bytes).toBeLessThan(64 * 1024);
    expect(reads).toBeLessThan(20);
    const record = readCrashDumpRecord(full.dump, null);
    expect(record.problems).toEqual([]);
    expect(record.fields.exceptionOffset).toBe((full.address - full.module.base).toString(16).padStart(16, '0'));
    expect(record.fields.module).toBe(full.image);
  });

  it('keeps a record with problems for a truncated dump, named from its file', () => {
    const c = crash('lib');
    const bytes = readFileSync(c.dump);
    const cut = join(work, 'libcrash.exe.77.dmp');
    writeFileSync(cut, bytes.subarray(0, 2048));
    const record = readCrashDumpRecord(cut, work);
    expect(record.store).toBe('CrashDumps');
    expect(record.eventType).toBe('APPCRASH');
    expect(record.fields.application).toBe('libcrash.exe');
    expect(record.process?.pid).toBe(77);
    expect(record.problems.length).toBeGreaterThan(0);
    const tiny = join(work, 'tiny.exe.5.dmp');
    writeFileSync(tiny, bytes.subarray(0, 10));
    expect(readCrashDumpRecord(tiny, work).problems).toEqual(['The dump could not be read: too small to be a minidump (10 bytes).']);
  });

  it('survives 300 damaged copies of a real dump without throwing', () => {
    const bytes = readFileSync(crash('app').dump);
    const path = join(work, 'fuzz.exe.1.dmp');
    let seed = 12345;
    const next = (): number => (seed = (seed * 1103515245 + 12345) >>> 0);
    for (let i = 0; i < 300; i++) {
      const copy = Uint8Array.from(bytes.subarray(0, 8192));
      for (let k = 0; k < 1 + (i % 16); k++) copy[next() % copy.length] = next() & 0xff;
      writeFileSync(path, copy);
      const record = readCrashDumpRecord(path, work);
      expect(record.store).toBe('CrashDumps');
      expect(record.signature.length === 0 || record.signature[0]!.index === 0).toBe(true);
    }
  });

  it('says why a dump cannot be read: gone, or a folder', () => {
    expect(readCrashDumpRecord(join(work, 'gone.exe.1.dmp'), work).problems).toEqual(['The dump could not be read: it no longer exists.']);
    expect(readCrashDumpRecord(work, null).problems).toEqual(['The dump could not be read: it is a folder, not a file.']);
  });
});
