/** Edge cases and malformed input, each built with the writer and then bent on purpose. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createBufferSource, openFileSource } from '../../../../electron/main/core/minidump/byte-source';
import { openDump } from '../../../../electron/main/core/minidump/dump-reader';
import { MemoryReader, parseMemoryLists } from '../../../../electron/main/core/minidump/memory-reader';
import type { MinidumpSpec } from '../../../../electron/main/core/minidump/minidump-spec';
import { readMinidump, readMinidumpFrom } from '../../../../electron/main/core/minidump/read-minidump';
import { StreamType } from '../../../../electron/main/core/minidump/stream-types';
import { buildMinidump, writeMinidump, writeMinidumpFile } from '../../../../electron/main/core/minidump/write-minidump';
import { makeTempDir, patchU32, peekU32, removeTempDir, stackWords, streamAt, summaryOf } from '../../../support/minidump-builder';

const MOD = { name: 'app.exe', base: 0x400000, size: 0x10000, version: '1.0.0.0', pdb: 'app.pdb' };

function crashSpec(extra: Partial<MinidumpSpec> = {}): MinidumpSpec {
  return {
    arch: 'x86',
    exception: { code: 0xc0000005, address: 0x401000, params: [0, 0x10], threadId: 5 },
    modules: [MOD],
    threads: [{ id: 5, stack: { start: 0x12f000, bytes: stackWords('x86', [0, 0x402000, 0]) }, context: { sp: 0x12f000 } }],
    ...extra,
  };
}

describe('not a minidump / broken header', () => {
  test.each([
    ['empty', new Uint8Array(0), 'too small to be a minidump (0 bytes)'],
    ['text', new TextEncoder().encode('{"hello": "world", "padding": "....................."}'), 'not a minidump (signature 7b 22 68 65, expected 4d 44 4d 50 "MDMP")'],
  ])('%s', async (_, bytes, error) => {
    await expect(readMinidumpFrom(createBufferSource(bytes))).resolves.toEqual({ ok: false, error });
  });

  test('wrong version', async () => {
    const bytes = writeMinidump({});
    patchU32(bytes, 4, 0x1234);
    await expect(readMinidumpFrom(createBufferSource(bytes))).resolves.toEqual({ ok: false, error: 'unsupported minidump version 0x1234 (expected 0xa793)' });
  });

  test('directory past the end of the file', async () => {
    const bytes = writeMinidump({});
    patchU32(bytes, 12, bytes.length + 100);
    const r = await readMinidumpFrom(createBufferSource(bytes));
    expect(r).toEqual({ ok: false, error: 'corrupt minidump: the stream directory is empty or lies past the end of the file' });
  });

  test('every stream out of bounds', async () => {
    const { bytes, streams } = buildMinidump({});
    streams.forEach((_, i) => patchU32(bytes, 32 + i * 12 + 8, 0x7fffffff));
    await expect(readMinidumpFrom(createBufferSource(bytes))).resolves.toEqual({ ok: false, error: 'corrupt minidump: no stream lies inside the file' });
  });

  test('a missing file and a folder give one-line errors, never a throw', async () => {
    await expect(readMinidump('/definitely/not/here.dmp')).resolves.toEqual({ ok: false, error: 'cannot open the file: no such file' });
    const dir = await makeTempDir();
    try {
      const r = await readMinidump(dir);
      expect(r.ok).toBe(false);
    } finally {
      await removeTempDir(dir);
    }
  });
});

describe('list streams', () => {
  test('4 bytes of padding after the count (8 + n·size) are accepted for Thread/Module/Memory lists', async () => {
    const s = await summaryOf(writeMinidump(crashSpec({ padListCounts: true })));
    expect(s.problems).toEqual([]);
    expect(s.modules.map((m) => m.name)).toEqual(['app.exe']);
    expect(s.threads.map((t) => t.id)).toEqual([5]);
    expect(s.memory.listRanges).toBe(1);
    expect(s.stack.map((f) => f.trust)).toEqual(['context', 'scan']);
  });

  test('a module count far larger than the stream is clamped, with a problem', async () => {
    const { bytes, streams } = buildMinidump(crashSpec());
    patchU32(bytes, streamAt(streams, StreamType.moduleList).rva, 0xffffffff);
    const s = await summaryOf(bytes);
    expect(s.modules).toHaveLength(1);
    expect(s.problems).toContain('ModuleList: 4294967295 entries declared but the stream holds 1');
  });

  test('a stream size past EOF drops that stream only', async () => {
    const { bytes, streams } = buildMinidump(crashSpec());
    const i = streams.findIndex((s) => s.type === StreamType.threadList);
    patchU32(bytes, 32 + i * 12 + 4, 0x10000000);
    const s = await summaryOf(bytes);
    expect(s.threads).toEqual([]);
    expect(s.modules).toHaveLength(1);
    expect(s.problems[0]).toMatch(/^ThreadList stream: 268435456 bytes at offset \d+ lie outside the \d+-byte file$/);
  });

  test('a module name RVA past EOF keeps the module with a placeholder name', async () => {
    const { bytes, streams } = buildMinidump(crashSpec());
    patchU32(bytes, streamAt(streams, StreamType.moduleList).rva + 4 + 20, 0xfffffff0);
    const s = await summaryOf(bytes);
    expect(s.modules[0]?.name).toBe('(module at 0x400000)');
    expect(s.problems).toContain('ModuleList: 1 module name(s) lie outside the file');
  });

  test('a huge MINIDUMP_STRING length is clamped to the file', async () => {
    const { bytes, streams } = buildMinidump(crashSpec());
    const nameRva = peekU32(bytes, streamAt(streams, StreamType.moduleList).rva + 4 + 20);
    patchU32(bytes, nameRva, 0xfffffffe);
    const s = await summaryOf(bytes);
    expect(s.modules[0]?.name.startsWith('app.exe')).toBe(true);
  });

  test('bogus memory range RVAs are ignored with a problem', async () => {
    const { bytes, streams } = buildMinidump(crashSpec());
    patchU32(bytes, streamAt(streams, StreamType.memoryList).rva + 4 + 12, 0xfffffff0);
    const s = await summaryOf(bytes);
    expect(s.problems).toContain('memory: 1 range(s) point outside the file and were ignored');
  });
});

describe('CodeView records', () => {
  test('RVA 0 with a size (WER triage) means absent: nothing is read from offset 0', async () => {
    const s = await summaryOf(writeMinidump(crashSpec({ modules: [{ ...MOD, strippedCv: true }] })));
    expect(s.modules[0]).toMatchObject({ cvKind: 'absent', debugFile: null, debugId: null });
  });

  test('an unknown CodeView signature is reported as unknown', async () => {
    const { bytes, streams } = buildMinidump(crashSpec());
    const cvRva = peekU32(bytes, streamAt(streams, StreamType.moduleList).rva + 4 + 80);
    patchU32(bytes, cvRva, 0x12345678);
    const s = await summaryOf(bytes);
    expect(s.modules[0]).toMatchObject({ cvKind: 'unknown', debugId: null });
  });
});

describe('exception and contexts', () => {
  test('more than 15 parameters declared: only 15 are read, with a problem', async () => {
    const { bytes, streams } = buildMinidump(crashSpec());
    patchU32(bytes, streamAt(streams, StreamType.exception).rva + 32, 1000);
    const s = await summaryOf(bytes);
    expect(s.exception?.parameters).toHaveLength(15);
    expect(s.problems).toContain('Exception: NumberParameters 1000 exceeds 15');
  });

  test('a context too short for its CPU leaves the exception without registers or stack', async () => {
    const { bytes, streams } = buildMinidump(crashSpec());
    patchU32(bytes, streamAt(streams, StreamType.exception).rva + 160, 100);
    const s = await summaryOf(bytes);
    expect(s.exception?.module).toBe('app.exe');
    expect(s.crashContext).toBeNull();
    expect(s.stack).toEqual([]);
    expect(s.problems).toContain('exception: x86 context is 100 bytes, too short (needs 204)');
  });

  test('XSAVE-sized contexts (longer than the classic record) parse from their start', async () => {
    const s = await summaryOf(writeMinidump(crashSpec({ arch: 'amd64', threads: [{ id: 5, context: { size: 1407 } }] })));
    expect(s.crashContext).toMatchObject({ kind: 'amd64', size: 1407 });
    expect(s.threads[0]?.contextSize).toBe(1407);
  });

  test('without SystemInfo the arch comes from the context CPU flags', async () => {
    for (const arch of ['x86', 'amd64', 'arm64'] as const) {
      const s = await summaryOf(writeMinidump(crashSpec({ arch, omitStreams: [StreamType.systemInfo] })));
      expect([s.arch, s.os.platform]).toEqual([arch, 'unknown']);
      expect(s.problems).toContain('SystemInfo stream missing: OS and CPU are unknown');
    }
  });

  test('an exception in no module says so, and an access kind other than 0/1/8 stays unknown', async () => {
    const s = await summaryOf(writeMinidump(crashSpec({ exception: { code: 0xc0000005, address: 0x1234, params: [5, 0x99], threadId: 5 } })));
    expect(s.exception).toMatchObject({ module: null, offset: null, access: null, target: '0x99' });
  });
});

describe('Memory64List', () => {
  test('a thread stack with RVA 0 is found by address in Memory64List', async () => {
    const spec = crashSpec({ threads: [{ id: 5, stack: { start: 0x12f000, bytes: stackWords('x86', [0, 0x402000, 0]), inMemory64: true }, context: { sp: 0x12f000 } }] });
    const s = await summaryOf(writeMinidump(spec));
    expect(s.memory).toMatchObject({ listRanges: 0, list64Ranges: 1 });
    expect(s.stack).toEqual([
      { address: '0x401000', module: 'app.exe', offset: '0x1000', trust: 'context' },
      { address: '0x402000', module: 'app.exe', offset: '0x2000', trust: 'scan' },
    ]);
  });

  test('range data past 4 GiB in a sparse file: offsets are 64-bit and the stack reads back', async () => {
    const dir = await makeTempDir();
    try {
      const path = join(dir, 'memory.hdmp');
      const stackStart = 0x7f0000000n;
      const words = stackWords('amd64', [0n, 0n, 0x7ff600001234n, 0n]);
      const spec: MinidumpSpec = {
        arch: 'amd64',
        flags: 0x2, // WithFullMemory
        exception: { code: 0x80000003, address: 0x7ff600001000n, threadId: 9 },
        modules: [{ name: 'heap.exe', base: 0x7ff600000000n, size: 0x10000 }],
        threads: [{ id: 9, stack: { start: stackStart, bytes: words, inMemory64: true }, context: { sp: stackStart } }],
        // A 4 GiB heap range first, so the stack's bytes land beyond offset 2^32.
        memory64: { ranges: [{ address: 0x200000000n, size: 0x100000000n, bytes: new Uint8Array([0xaa]) }] },
      };
      const { size } = await writeMinidumpFile(path, spec);
      expect(size).toBeGreaterThan(0x100000000n);
      const r = await readMinidump(path);
      if (!r.ok) throw new Error(r.error);
      expect(r.value.memory).toEqual({ listRanges: 0, list64Ranges: 2, bytes: 0x100000000 + words.length });
      expect(r.value.stack).toEqual([
        { address: '0x7ff600001000', module: 'heap.exe', offset: '0x1000', trust: 'context' },
        { address: '0x7ff600001234', module: 'heap.exe', offset: '0x1234', trust: 'scan' },
      ]);
      // And the raw bytes: the memory reader finds the stack at its 64-bit file offset.
      const file = await openFileSource(path);
      try {
        const reader = await openDump(file, []);
        if (typeof reader === 'string') throw new Error(reader);
        const memory = new MemoryReader(reader, (await parseMemoryLists(reader, [])).ranges);
        const range = memory.find(stackStart);
        expect(range?.fileOffset).toBeGreaterThan(0x100000000n);
        expect(await memory.read(stackStart, words.length)).toEqual(words);
        expect(await memory.read(0x200000000n, 2)).toEqual(new Uint8Array([0xaa, 0]));
      } finally {
        await file.close();
      }
    } finally {
      await removeTempDir(dir);
    }
  }, 30_000);

  test('a Memory64List count larger than the stream is clamped', async () => {
    const { bytes, streams } = buildMinidump({ memory64: { ranges: [{ address: 0x1000, size: 16 }] } });
    patchU32(bytes, streamAt(streams, StreamType.memory64List).rva, 0xffffff);
    const s = await summaryOf(bytes);
    expect(s.memory.list64Ranges).toBe(1);
    expect(s.problems).toContain('Memory64List: 16777215 ranges declared, 1 read');
  });
});

test('a dump written to disk reads the same as from memory', async () => {
  const dir = await makeTempDir();
  try {
    const bytes = writeMinidump(crashSpec());
    const path = join(dir, 'x.dmp');
    await writeFile(path, bytes);
    const fromFile = await readMinidump(path);
    const fromMemory = await readMinidumpFrom(createBufferSource(bytes));
    expect(fromFile).toEqual(fromMemory);
  } finally {
    await removeTempDir(dir);
  }
});
