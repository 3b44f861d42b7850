/**
 * Every real dump in ../shared/fixtures/minidump, with values worked out from the files (wer-formats
 * §4 layouts, cross-checked with an independent parse) and from their documented origin.
 */
import { readFileSync } from 'node:fs';
import type { MinidumpSummary } from '../../../../shared/minidump-model';
import { readMinidump } from '../../../../electron/main/core/minidump/read-minidump';
import { fixtureFiles, fixturePath } from '../../../support/fixtures';

const dump = (name: string): string => fixturePath('minidump', name);

async function read(name: string, options?: Parameters<typeof readMinidump>[1]): Promise<MinidumpSummary> {
  const r = await readMinidump(dump(name), options);
  if (!r.ok) throw new Error(`${name}: ${r.error}`);
  return r.value;
}

function moduleNamed(s: MinidumpSummary, name: string) {
  const m = s.modules.find((x) => x.name === name);
  if (!m) throw new Error(`no module ${name}`);
  return m;
}

function register(s: MinidumpSummary, name: string): string | undefined {
  return s.crashContext?.registers.find((r) => r.name === name)?.value;
}

test('the fixture folder holds the twelve dumps this file covers', () => {
  expect(fixtureFiles('minidump')).toHaveLength(12);
});

describe('JonJon565-WERC824.tmp - Copy.dmp (real WER triage dump, MoAppCrash)', () => {
  const name = 'JonJon565-WERC824.tmp - Copy.dmp';

  test('system, process and dump facts', async () => {
    const s = await read(name);
    expect(s.arch).toBe('amd64');
    expect(s.os).toMatchObject({ platform: 'Windows', version: '10.0.19045', build: '19045', platformId: 2 });
    expect(s.cpu?.count).toBe(4);
    expect(s.processId).toBe(8468);
    expect(s.miscInfoVersion).toBe(5);
    expect(s.processCreateTime).toBe('2024-01-26T23:13:07.000Z');
    expect(s.buildString).toBe('19041.1.amd64fre.vb_release.191206-1406');
    expect(s.dumpWriter).toBe('dbgcore.amd64,10.0.19041.3636');
    expect(s.dumpType.flags).toBe('0x1205a4');
    expect(s.dumpType.names).toEqual([
      'WithHandleData', 'WithUnloadedModules', 'FilterModulePaths', 'WithProcessThreadData',
      'WithoutOptionalData', 'IgnoreInaccessibleMemory', 'FilterTriage',
    ]);
    // 15 directory entries, 5 of them unused padding.
    expect(s.streams.map((x) => x.name)).toEqual([
      'ThreadList', 'ModuleList', 'UnloadedModuleList', 'MemoryList', 'Exception', 'SystemInfo', 'MiscInfo',
      'HandleData', 'SystemMemoryInfo', 'ProcessVmCounters',
    ]);
    expect(s.problems).toEqual([]);
  });

  test('stowed exception in KERNELBASE.dll +0x12db22', async () => {
    const s = await read(name);
    expect(s.exception).toMatchObject({
      code: '0xc000027b',
      name: 'STATUS_STOWED_EXCEPTION',
      address: '0x7ffd1ddcdb22',
      threadId: 10980,
      module: 'KERNELBASE.dll',
      offset: '0x12db22',
      access: null,
      target: null,
      flags: 1,
      parameters: ['0x22411d810e0', '0x1'],
      instructionPointer: '0x7ffd1ddcdb22',
    });
    expect(s.crashContext).toMatchObject({ kind: 'amd64', size: 1232 });
    expect(register(s, 'rsp')).toBe('0x766f0fcbf0');
    expect(s.stack[0]).toEqual({ address: '0x7ffd1ddcdb22', module: 'KERNELBASE.dll', offset: '0x12db22', trust: 'context' });
    expect(s.stack.slice(1).every((f) => f.trust === 'scan' && f.module !== null)).toBe(true);
  });

  test('94 modules, file names only (FilterModulePaths), CodeView stripped (RVA 0)', async () => {
    const s = await read(name);
    expect(s.modules).toHaveLength(94);
    expect(s.modules[0]).toEqual({
      name: 'PurpleWinStore.exe',
      path: 'PurpleWinStore.exe',
      base: '0x7ff73f950000',
      size: 0x58d000,
      version: null,
      timestamp: 0x55f30334,
      debugFile: null,
      debugId: null,
      codeId: '55F3033458d000',
      cvKind: 'absent',
    });
    expect(moduleNamed(s, 'ntdll.dll').version).toBe('10.0.19041.3636');
    expect(moduleNamed(s, 'KERNELBASE.dll')).toMatchObject({ base: '0x7ffd1dca0000', size: 0x2f6000, version: '10.0.19041.3930' });
    expect(moduleNamed(s, 'combase.dll').timestamp).toBe(0x613e7d3d);
    expect(s.modules[93]?.name).toBe('profext.dll');
    expect(s.modules.every((m) => m.path === m.name && m.cvKind === 'absent')).toBe(true);
  });

  test('threads, unloaded modules, memory and handle counts (40-byte descriptors)', async () => {
    const s = await read(name);
    expect(s.threads).toHaveLength(13);
    expect(s.threads[0]).toMatchObject({ id: 10980, stackStart: '0x766f0fcbf0', stackSize: 13328, contextSize: 1232 });
    expect(s.unloadedModules).toEqual([{ name: 'resourcepolicyclient.dll', base: '0x7ffd1b5e0000', size: 0x14000, timestamp: 471633798 }]);
    expect(s.memory).toEqual({ listRanges: 106, list64Ranges: 0, bytes: 155264 });
    expect(s.handles?.total).toBe(441);
    expect(s.handles?.descriptorSize).toBe(40);
    const counts = Object.fromEntries(s.handles!.byType.map((h) => [h.type, h.count]));
    expect(counts).toMatchObject({ '(unnamed)': 201, Event: 65, WaitCompletionPacket: 32, Key: 24, 'ALPC Port': 20, Thread: 14, Process: 1 });
  });

  test("differs from its Report.wer signature (WER blamed combase.dll after analysing the stowed exception)", async () => {
    const text = readFileSync(fixturePath('reportwer', 'JonJon565-JohnsDDLs.Report.wer')).toString('utf16le');
    const module = /Sig\[4\]\.Value=(.*)/.exec(text)?.[1]?.trim() ?? null;
    const offset = /Sig\[8\]\.Value=(.*)/.exec(text)?.[1]?.trim() ?? null;
    expect([module, offset]).toEqual(['combase.dll', '000000000001ccfa']);
    const s = await read(name, { signature: { module, offset } });
    expect(s.signatureCheck).toEqual({
      kind: 'differ',
      dump: { module: 'KERNELBASE.dll', offset: '0x12db22' },
      report: { module: 'combase.dll', offset: '0x1ccfa' },
      message: "the dump's exception is at KERNELBASE.dll +0x12db22; the report's signature blames combase.dll +0x1ccfa",
    });
  });
});

describe('breakpad-minidump2.dmp (x86 Windows XP SP2)', () => {
  test('c0000005 write at test_app.exe +0x429e, 13 modules with RSDS ids', async () => {
    const s = await read('breakpad-minidump2.dmp');
    expect(s.arch).toBe('x86');
    expect(s.os).toMatchObject({ platform: 'Windows', version: '5.1.2600', csdVersion: 'Service Pack 2' });
    expect(s.cpu).toMatchObject({ count: 1, vendor: 'GenuineIntel' });
    expect(s.processId).toBe(3932);
    expect(s.miscInfoVersion).toBe(1);
    expect(s.processCreateTime).toBe('2007-02-14T19:13:55.000Z');
    expect(s.exception).toMatchObject({
      code: '0xc0000005',
      address: '0x40429e',
      threadId: 3060,
      module: 'test_app.exe',
      offset: '0x429e',
      access: 'write',
      target: '0x45',
      accessSource: 'exception-record',
      crashAddress: '0x45',
    });
    expect(s.modules).toHaveLength(13);
    expect(s.modules[0]).toEqual({
      name: 'test_app.exe',
      path: 'c:\\test_app.exe',
      base: '0x400000',
      size: 0x2d000,
      version: null,
      timestamp: 0x45d35f6c,
      debugFile: 'c:\\test_app.pdb',
      debugId: '5A9832E5287241C1838ED98914E9B7FF1',
      codeId: '45D35F6C2d000',
      cvKind: 'RSDS',
    });
    expect(moduleNamed(s, 'ntdll.dll')).toMatchObject({ version: '5.1.2600.2180', debugFile: 'ntdll.pdb', debugId: '36515FB5D04345E491F672FA2E2878C02' });
    expect(moduleNamed(s, 'kernel32.dll')).toMatchObject({ version: '5.1.2600.2945', debugId: 'BCE8785C57B44245A669896B6A19B9542' });
    expect(s.modules.every((m) => m.cvKind === 'RSDS')).toBe(true);
    expect(s.threads.map((t) => [t.id, t.stackStart, t.stackSize])).toEqual([[3060, '0x12f31c', 3300], [4544, '0x97f6e8', 2328]]);
    expect(s.streams.map((x) => x.name)).toContain('BreakpadInfo');
  });

  test('EBP chain: three frame-pointer frames (test_app.exe twice, kernel32.dll), then the all-zero frame record ends the walk', async () => {
    const s = await read('breakpad-minidump2.dmp');
    expect(register(s, 'eip')).toBe('0x40429e');
    expect(register(s, 'esp')).toBe('0x12fe84');
    expect(register(s, 'ebp')).toBe('0x12fe88');
    expect(s.stack).toEqual([
      { address: '0x40429e', module: 'test_app.exe', offset: '0x429e', trust: 'context' },
      { address: '0x404200', module: 'test_app.exe', offset: '0x4200', trust: 'frame-pointer' },
      { address: '0x4053ec', module: 'test_app.exe', offset: '0x53ec', trust: 'frame-pointer' },
      { address: '0x7c816fd7', module: 'kernel32.dll', offset: '0x16fd7', trust: 'frame-pointer' },
    ]);
  });
});

test('breakpad-minidump_32bit_crash_addr.dmp: sign-extended AV target is masked to 0x45', async () => {
  const s = await read('breakpad-minidump_32bit_crash_addr.dmp');
  expect(s.exception?.parameters).toEqual(['0x1', '0xffffffff00000045']);
  expect(s.exception).toMatchObject({ access: 'write', target: '0x45', module: 'test_app.exe', offset: '0x429e' });
});

test('breakpad-exec_av_on_stack.dmp: execute AV in no module, first module frame kernel32', async () => {
  const s = await read('breakpad-exec_av_on_stack.dmp');
  expect(s.arch).toBe('x86');
  expect(s.os.version).toBe('6.1.7600');
  expect(s.processId).toBe(7488);
  expect(s.miscInfoVersion).toBe(3);
  expect(s.exception).toMatchObject({
    code: '0xc0000005',
    address: '0x3df944',
    threadId: 6920,
    module: null,
    offset: null,
    access: 'execute',
    target: '0x3df944',
    firstFrameInModule: { module: 'kernel32.dll', offset: '0x13677' },
  });
  // The faulting address is inside the crashing thread's own stack range.
  expect(s.threads[0]).toMatchObject({ id: 6920, stackStart: '0x3df288', stackSize: 3448 });
  expect(s.stack[0]).toEqual({ address: '0x3df944', module: null, offset: null, trust: 'context' });
  expect(s.modules).toHaveLength(26);
  // Age 0xc: the debug id ends in "C".
  expect(moduleNamed(s, 'crashme1.exe').debugId).toBe('6FCC021B58CD46E0A795C03AEFE4DF81C');
});

test('breakpad-write_av_non_canonical.dmp: GP fault reported as read of -1; the instruction (mov [rax+rcx], imm32) is a write', async () => {
  const s = await read('breakpad-write_av_non_canonical.dmp');
  expect(s.arch).toBe('amd64');
  expect(s.os.version).toBe('10.0.19042');
  expect(s.processId).toBe(22856);
  expect(s.exception).toMatchObject({
    code: '0xc0000005',
    address: '0x7ff738721331',
    module: 'crash.exe',
    offset: '0x1331',
    parameters: ['0x0', '0xffffffffffffffff'],
    access: 'write',
    accessSource: 'instruction',
    target: '0xffffffffffffffff',
  });
  expect(s.modules).toHaveLength(15);
  expect(s.threads).toHaveLength(2);
  expect(s.problems).toHaveLength(1);
});

describe('tiny-exe-with-cet-xsave dumps (no exception stream, XSAVE-extended contexts)', () => {
  test('x64: 1407-byte context, handles with 32-byte descriptors, unloaded shcore.dll', async () => {
    const s = await read('breakpad-tiny-exe-with-cet-xsave.dmp');
    expect(s.arch).toBe('amd64');
    expect(s.os).toMatchObject({ platform: 'Windows', version: '10.0.22000', csdVersion: '282' });
    expect(s.exception).toBeNull();
    expect(s.stack).toEqual([]);
    expect(s.threads).toEqual([
      { id: 1468, stackStart: '0xcbc82f8000', stackSize: 32768, teb: '0xcbc80b9000', contextSize: 1407, instructionPointer: '0x7ff9111e39e4' },
    ]);
    expect(s.modules).toHaveLength(25);
    expect(s.buildString).toBe('Windows NT 10.0.22000.282');
    expect(s.dumpWriter).toBe('crashpad.amd64,0.8.0,win');
    expect(s.dumpType.names).toEqual(['WithAvxXStateContext']);
    expect(s.unloadedModules.map((m) => m.name)).toEqual(['shcore.dll']);
    expect(s.handles).toMatchObject({ total: 147, descriptorSize: 32 });
    expect(s.handles?.byType.slice(0, 3)).toEqual([{ type: '(unnamed)', count: 46 }, { type: 'Section', count: 31 }, { type: 'Event', count: 18 }]);
    expect(s.streams.map((x) => x.name)).toContain('MemoryInfoList');
  });

  test('x86 (WOW64 on Win11): three 1147-byte contexts, instruction pointers in ntdll', async () => {
    const s = await read('breakpad-tiny-exe-with-cet-xsave-x86.dmp');
    expect(s.arch).toBe('x86');
    expect(s.os.version).toBe('10.0.22631');
    expect(s.exception).toBeNull();
    expect(s.threads.map((t) => [t.id, t.contextSize, t.instructionPointer])).toEqual([
      [59444, 1147, '0x7707768c'],
      [159156, 1147, '0x7707852c'],
      [96548, 1147, '0x7707852c'],
    ]);
    expect(s.modules).toHaveLength(19);
    expect(moduleNamed(s, 'wow64cpu.dll')).toMatchObject({ cvKind: 'absent', version: '10.0.22621.2506' });
    expect(s.processId).toBe(79528);
  });
});

test('breakpad-thread_name_list.dmp: ThreadNames stream, read AV in allocer32.exe', async () => {
  const s = await read('breakpad-thread_name_list.dmp');
  expect(s.arch).toBe('x86');
  expect(s.os.version).toBe('10.0.17763');
  expect(s.threads.map((t) => [t.id, t.name])).toEqual([
    [6564, 'main thread'], [3296, undefined], [3164, undefined], [11960, undefined], [8820, 'sleep thread'], [10976, 'overflow thread'],
  ]);
  expect('name' in s.threads[1]!).toBe(false);
  expect(s.exception).toMatchObject({ threadId: 10976, access: 'read', target: '0xf1004', module: 'allocer32.exe', offset: '0x15fd' });
  expect(s.modules).toHaveLength(17);
  expect(moduleNamed(s, 'allocer32.exe').cvKind).toBe('absent');
  expect(moduleNamed(s, 'heob32.exe')).toMatchObject({ version: '3.2.0.99', debugFile: null, debugId: '90A03C4AEE96F06E09EFD04B43D7996D1' });
});

describe('non-Windows crashpad dumps parse with their platform named', () => {
  test('iOS simulator (0x8102): 354 modules, thread names, exception without an NTSTATUS name', async () => {
    const s = await read('breakpad-minidump_crashpad_annotation.dmp');
    expect(s.arch).toBe('amd64');
    expect(s.os).toMatchObject({ platform: 'iOS', version: '16.2.0', build: '22C65', platformId: 0x8102 });
    expect(s.processId).toBe(54806);
    expect(s.buildString).toBe('16.2.0 22C65; iOS Simulator (iPhone15,3)');
    expect(s.modules).toHaveLength(354);
    expect(s.threads).toHaveLength(7);
    expect(s.threads.filter((t) => t.name).map((t) => t.name)).toEqual(['com.apple.uikit.eventfetch-thread']);
    expect(s.exception).toMatchObject({ code: '0x43506e78', name: null, module: 'ios_crash_xcuitests', offset: '0x6bc34' });
    expect(s.streams.map((x) => x.name)).toContain('CrashpadInfo');
  });

  test('macOS (0x8101): 10.15.7 build 19H114', async () => {
    const s = await read('rust-minidump-simple-crashpad.dmp');
    expect(s.os).toMatchObject({ platform: 'macOS', version: '10.15.7', build: '19H114' });
    expect(s.processId).toBe(56685);
    expect(s.modules).toHaveLength(40);
    expect(s.modules[0]).toMatchObject({ name: 'crashy', path: '/Users/ted/src/crashy', debugId: 'EF1091E381DA369B9039EA1591D07E0B0' });
    expect(s.exception).toMatchObject({ code: '0x00000000', name: null, module: 'libsystem_kernel.dylib', offset: '0x733a', parameters: ['0xa', '0x6000000', '0x0'] });
    expect(s.threads.map((t) => t.id)).toEqual([927532]);
    expect(s.stack[1]).toEqual({ address: '0x7fff6f39a808', module: 'libsystem_c.dylib', offset: '0x7f808', trust: 'frame-pointer' });
  });
});

describe('malformed fuzzer dumps give a clear error through the Result', () => {
  test.each([
    ['rust-minidump-invalid-range.dmp', 'corrupt minidump: stream directory at offset 2 overlaps the 32-byte header'],
    ['rust-minidump-invalid-record-count.dmp', 'corrupt minidump: stream directory at offset 30 overlaps the 32-byte header'],
  ])('%s', async (file, message) => {
    await expect(readMinidump(dump(file))).resolves.toEqual({ ok: false, error: message });
  });
});
