/** Stack walking without symbols: context frame, frame-pointer chain, scanning, limits. */
import type { CpuContext } from '../../../../electron/main/core/minidump/context';
import { ModuleIndex } from '../../../../electron/main/core/minidump/module-index';
import type { ParsedModule } from '../../../../electron/main/core/minidump/parse-modules';
import { MAX_FRAMES, walkStack } from '../../../../electron/main/core/minidump/stack-walk';
import { writeMinidump } from '../../../../electron/main/core/minidump/write-minidump';
import { stackWords, summaryOf } from '../../../support/minidump-builder';

function mod(name: string, base: bigint, size: number): ParsedModule {
  return {
    base,
    end: base + BigInt(size),
    model: { name, path: name, base: `0x${base.toString(16)}`, size, version: null, timestamp: 0, debugFile: null, debugId: null, codeId: '', cvKind: 'absent' },
  };
}

const modules = new ModuleIndex([mod('a.exe', 0x400000n, 0x10000), mod('b.dll', 0x10000000n, 0x10000)]);

function ctx(kind: CpuContext['kind'], ip: bigint, sp: bigint, fp: bigint, lr: bigint | null = null): CpuContext {
  return { kind, size: 0, ip, sp, fp, lr, registers: [] };
}

test('x86: frame-pointer chain, then the all-zero record ends the walk', () => {
  const base = 0x1000n;
  // 0x1000: locals; 0x1008: {0x1010, b.dll+0x100}; 0x1010: {0, 0}
  const stack = { base, bytes: stackWords('x86', [1, 2, 0x1010, 0x10000100, 0, 0, 0x400500]) };
  const frames = walkStack(ctx('x86', 0x400100n, 0x1000n, 0x1008n), stack, modules);
  expect(frames).toEqual([
    { address: '0x400100', module: 'a.exe', offset: '0x100', trust: 'context' },
    { address: '0x10000100', module: 'b.dll', offset: '0x100', trust: 'frame-pointer' },
  ]);
});

test('amd64: no usable frame pointer → scanning, skipping words that point at module headers', () => {
  const base = 0x7f0000000n;
  const stack = { base, bytes: stackWords('amd64', [0x12345, 0x400000, 0x400010, 0x10000200, 7, 0x400800]) };
  const frames = walkStack(ctx('amd64', 0x10000010n, base, 1n), stack, modules);
  expect(frames.map((f) => [f.address, f.trust])).toEqual([
    ['0x10000010', 'context'],
    ['0x10000200', 'scan'],
    ['0x400800', 'scan'],
  ]);
});

test('scan recovers the saved frame pointer that sits right below a return address', () => {
  const base = 0x2000n;
  // sp=0x2000: [0x2010 (saved fp), a.exe+0x300], then at 0x2010 a frame record {0, b.dll+0x400}… ending in zeros.
  const stack = { base, bytes: stackWords('x86', [0x2010, 0x400300, 0, 0, 0x2020, 0x10000400, 0, 0, 0, 0]) };
  const frames = walkStack(ctx('x86', 0x400010n, base, 0n), stack, modules);
  expect(frames.map((f) => [f.address, f.trust])).toEqual([
    ['0x400010', 'context'],
    ['0x400300', 'scan'],
    ['0x10000400', 'frame-pointer'],
  ]);
});

test('arm64 leaf: the link register gives the caller when there is no frame record', () => {
  const base = 0x8000n;
  const stack = { base, bytes: stackWords('arm64', [0, 0, 0, 0]) };
  const frames = walkStack(ctx('arm64', 0x400020n, base, 0n, 0x10000800n), stack, modules);
  expect(frames.map((f) => [f.address, f.trust])).toEqual([
    ['0x400020', 'context'],
    ['0x10000800', 'frame-pointer'],
  ]);
});

test('no stack memory: only the context frame; an IP in no module is labelled plainly', () => {
  expect(walkStack(ctx('x86', 0x99n, 0x1000n, 0n), null, modules)).toEqual([{ address: '0x99', module: null, offset: null, trust: 'context' }]);
});

test('the walk is capped in length even when the stack is full of return addresses', () => {
  const base = 0x100000n;
  const stack = { base, bytes: stackWords('amd64', Array.from({ length: 5000 }, (_, i) => 0x400400 + i)) };
  expect(walkStack(ctx('amd64', 0x400000n, base, 0n), stack, modules)).toHaveLength(MAX_FRAMES);
  expect(walkStack(ctx('amd64', 0x400000n, base, 0n), stack, modules, 5)).toHaveLength(5);
});

test('a frame-pointer cycle cannot loop: the caller fp must lie above the current one', () => {
  const base = 0x3000n;
  const stack = { base, bytes: stackWords('x86', [0x3000, 0x400600]) };
  const frames = walkStack(ctx('x86', 0x400010n, base, base), stack, modules);
  expect(frames.length).toBeLessThanOrEqual(3);
});

test('end to end through a written dump: ARM64 frame records', async () => {
  const sp = 0x7f0000000n;
  const fp = sp + 0x10n;
  const bytes = writeMinidump({
    arch: 'arm64',
    exception: { code: 0xc0000005, address: 0x400100, params: [0, 0], threadId: 1 },
    modules: [{ name: 'a.exe', base: 0x400000, size: 0x10000 }, { name: 'b.dll', base: 0x10000000, size: 0x10000 }],
    threads: [{ id: 1, stack: { start: sp, bytes: stackWords('arm64', [0, 0, fp + 0x10n, 0x10000300, 0, 0]) }, context: { sp, fp } }],
  });
  const s = await summaryOf(bytes);
  expect(s.stack).toEqual([
    { address: '0x400100', module: 'a.exe', offset: '0x100', trust: 'context' },
    { address: '0x10000300', module: 'b.dll', offset: '0x300', trust: 'frame-pointer' },
  ]);
  expect(s.exception).toMatchObject({ access: 'read', target: '0x0' });
});
