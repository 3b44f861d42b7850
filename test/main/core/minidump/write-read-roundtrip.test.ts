/** The writer produces dumps the reader parses fully, for every stream and each architecture. */
import type { MinidumpSpec, WriterArch } from '../../../../electron/main/core/minidump/minidump-spec';
import { StreamType } from '../../../../electron/main/core/minidump/stream-types';
import { buildMinidump, writeMinidump } from '../../../../electron/main/core/minidump/write-minidump';
import { stackWords, summaryOf, triageSpec } from '../../../support/minidump-builder';

const APP_BASE = { x86: 0x400000n, amd64: 0x7ff600000000n, arm64: 0x7ff600000000n } as const;
const DLL_BASE = { x86: 0x77000000n, amd64: 0x7ffd00000000n, arm64: 0x7ffd00000000n } as const;
const STACK = { x86: 0x12f000n, amd64: 0x7f0000000n, arm64: 0x7f0000000n } as const;

/** A dump with every stream the reader knows; the stack has one frame record pointing into ntdll. */
function fullSpec(arch: WriterArch): MinidumpSpec {
  const ptr = arch === 'x86' ? 4n : 8n;
  const app = APP_BASE[arch];
  const dll = DLL_BASE[arch];
  const sp = STACK[arch];
  const fp = sp + 4n * ptr;
  // Words from sp: four locals, then the frame record {saved fp, return address}, then a zero record.
  const words = [1n, 2n, 3n, 4n, fp + 4n * ptr, dll + 0x1234n, 0n, 0n, 0n, 0n, 0n, 0n];
  return {
    arch,
    os: { major: 10, minor: 0, build: 22631, csd: 'Service Pack 9' },
    cpuCount: 8,
    timestamp: 1_700_000_000,
    flags: 0x1205a4,
    processId: 777,
    processCreateTime: 1_699_999_000,
    buildString: '22621.1.amd64fre.ni_release.220506-1250',
    dumpWriter: 'test-writer,1.2',
    exception: { code: 0xc0000005, address: app + 0x1010n, params: [1, 0x18], threadId: 42 },
    modules: [
      { name: 'C:\\Apps\\App.exe', base: app, size: 0x20000, version: '1.2.3.4', timestamp: 0x5f000000, pdb: { file: 'C:\\build\\App.pdb', guid: '0123456789ABCDEF0011223344556677', age: 3 } },
      { name: 'C:\\Windows\\System32\\ntdll.dll', base: dll, size: 0x1f0000, version: '10.0.22621.2506', timestamp: 0x12345678, pdb: { kind: 'NB10', file: 'ntdll.pdb', signature: 0x3a2b1c0d, age: 2 } },
    ],
    threads: [
      { id: 42, name: 'worker', teb: 0x1000, stack: { start: sp, bytes: stackWords(arch, words) }, context: { sp, fp, regs: arch === 'x86' ? { eax: 7 } : arch === 'amd64' ? { rax: 7 } : { x0: 7 } }, startAddress: app + 0x500n, createTime: 1_699_999_500 },
      { id: 43, stack: { start: sp + 0x10000n, bytes: new Uint8Array(64) }, context: { ip: dll + 0x10n } },
    ],
    memory: [{ address: 0x10000, bytes: new Uint8Array([1, 2, 3, 4]) }],
    memory64: { ranges: [{ address: 0x20000000n, size: 0x1000, bytes: new Uint8Array([9, 9]) }] },
    unloadedModules: [{ name: 'C:\\old\\gone.dll', base: 0x50000000, size: 0x3000, timestamp: 99 }],
    handles: { descriptorSize: 40, entries: [{ type: 'Event' }, { type: 'Event' }, { type: 'File' }, { type: null }] },
    comments: { w: 'wide comment', a: 'ansi comment' },
    threadInfo: true,
  };
}

describe.each(['x86', 'amd64', 'arm64'] as const)('%s dump round trip', (arch) => {
  test('every stream parses back', async () => {
    const s = await summaryOf(writeMinidump(fullSpec(arch)));
    const app = APP_BASE[arch];
    const dll = DLL_BASE[arch];
    expect(s.problems).toEqual([]);
    expect(s.arch).toBe(arch);
    expect(s.os).toMatchObject({ platform: 'Windows', version: '10.0.22631', build: '22631', csdVersion: 'Service Pack 9' });
    expect(s.cpu).toMatchObject({ count: 8, vendor: arch === 'x86' ? 'GenuineIntel' : null });
    expect(s.processId).toBe(777);
    expect(s.miscInfoVersion).toBe(5);
    expect(s.processCreateTime).toBe(new Date(1_699_999_000_000).toISOString());
    expect(s.buildString).toBe('22621.1.amd64fre.ni_release.220506-1250');
    expect(s.dumpWriter).toBe('test-writer,1.2');
    expect(s.dumpTime).toBe(new Date(1_700_000_000_000).toISOString());
    expect(s.dumpType.flags).toBe('0x1205a4');

    expect(s.exception).toMatchObject({
      code: '0xc0000005',
      name: 'STATUS_ACCESS_VIOLATION',
      address: '0x' + (app + 0x1010n).toString(16),
      threadId: 42,
      module: 'App.exe',
      offset: '0x1010',
      access: 'write',
      target: '0x18',
    });
    expect(s.crashContext?.kind).toBe(arch);
    const r0 = arch === 'x86' ? 'eax' : arch === 'amd64' ? 'rax' : 'x0';
    expect(s.crashContext?.registers.find((r) => r.name === r0)?.value).toBe('0x7');

    expect(s.modules).toEqual([
      {
        name: 'App.exe', path: 'C:\\Apps\\App.exe', base: '0x' + app.toString(16), size: 0x20000, version: '1.2.3.4', timestamp: 0x5f000000,
        debugFile: 'C:\\build\\App.pdb', debugId: '0123456789ABCDEF00112233445566773', codeId: '5F00000020000', cvKind: 'RSDS',
      },
      {
        name: 'ntdll.dll', path: 'C:\\Windows\\System32\\ntdll.dll', base: '0x' + dll.toString(16), size: 0x1f0000, version: '10.0.22621.2506', timestamp: 0x12345678,
        debugFile: 'ntdll.pdb', debugId: '3A2B1C0D2', codeId: '123456781f0000', cvKind: 'NB10',
      },
    ]);
    expect(s.threads).toEqual([
      expect.objectContaining({ id: 42, name: 'worker', teb: '0x1000', stackStart: '0x' + STACK[arch].toString(16), stackSize: 12 * (arch === 'x86' ? 4 : 8), startAddress: '0x' + (app + 0x500n).toString(16), createTime: new Date(1_699_999_500_000).toISOString() }),
      expect.objectContaining({ id: 43, instructionPointer: '0x' + (dll + 0x10n).toString(16) }),
    ]);
    expect('name' in s.threads[1]!).toBe(false);
    expect(s.unloadedModules).toEqual([{ name: 'gone.dll', base: '0x50000000', size: 0x3000, timestamp: 99 }]);
    expect(s.handles).toEqual({ total: 4, descriptorSize: 40, byType: [{ type: 'Event', count: 2 }, { type: '(unnamed)', count: 1 }, { type: 'File', count: 1 }] });
    expect(s.comments).toEqual(['wide comment', 'ansi comment']);
    // Two thread stacks + one extra range in MemoryList; one range in Memory64List.
    expect(s.memory).toEqual({ listRanges: 3, list64Ranges: 1, bytes: 12 * (arch === 'x86' ? 4 : 8) + 64 + 4 + 0x1000 });

    expect(s.stack).toEqual([
      { address: '0x' + (app + 0x1010n).toString(16), module: 'App.exe', offset: '0x1010', trust: 'context' },
      { address: '0x' + (dll + 0x1234n).toString(16), module: 'ntdll.dll', offset: '0x1234', trust: 'frame-pointer' },
    ]);
  });
});

test('the summary is plain data: JSON and structured clone keep it whole', async () => {
  const s = await summaryOf(writeMinidump(fullSpec('amd64')));
  expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  expect(structuredClone(s)).toEqual(s);
});

test('defaults: an empty spec is a valid amd64 Windows dump without exception', async () => {
  const s = await summaryOf(writeMinidump({}));
  expect(s).toMatchObject({ arch: 'amd64', exception: null, modules: [], stack: [], problems: [] });
  expect(s.threads).toHaveLength(1);
  expect(s.os.version).toBe('10.0.19045');
});

test('MiscInfo versions 1–5 are written and recognised by size', async () => {
  for (const v of [1, 2, 3, 4, 5] as const) {
    const s = await summaryOf(writeMinidump({ miscInfoVersion: v, processId: 9, buildString: 'b' }));
    expect([s.miscInfoVersion, s.processId, s.buildString]).toEqual([v, 9, v >= 4 ? 'b' : null]);
  }
  const none = await summaryOf(writeMinidump({ miscInfoVersion: 0 }));
  expect([none.miscInfoVersion, none.processId]).toEqual([null, null]);
});

test('a triage-sized spec is 100–200 KB and parses without problems', async () => {
  const { bytes, streams } = buildMinidump(triageSpec(7));
  expect(bytes.length).toBeGreaterThan(100_000);
  expect(bytes.length).toBeLessThan(200_000);
  expect(streams.map((s) => s.type)).toContain(StreamType.handleData);
  const s = await summaryOf(bytes);
  expect(s.problems).toEqual([]);
  expect(s.exception?.module).not.toBeNull();
  expect(s.stack.length).toBeGreaterThan(1);
});
