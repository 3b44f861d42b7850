/** Crash analysis helpers: signature agreement, pointer masking, instruction access, module lookup. */
import type { MinidumpException } from '../../../../shared/minidump-model';
import { checkSignatureAgreement, toPointer } from '../../../../electron/main/core/minidump/crash-analysis';
import { classifyInstructionAccess } from '../../../../electron/main/core/minidump/instruction-access';
import { ModuleIndex } from '../../../../electron/main/core/minidump/module-index';
import type { ParsedModule } from '../../../../electron/main/core/minidump/parse-modules';
import { writeMinidump } from '../../../../electron/main/core/minidump/write-minidump';
import { summaryOf } from '../../../support/minidump-builder';

const exception = (module: string | null, offset: string | null): MinidumpException => ({
  code: '0xc0000005', name: null, address: '0x1', threadId: 1, module, offset, access: null, target: null, accessSource: null,
  flags: 0, parameters: [], crashAddress: '0x1', instructionPointer: null, firstFrameInModule: null,
});

describe('checkSignatureAgreement', () => {
  test('agrees on module (case-insensitive) and offset (WER zero-padded hex)', () => {
    expect(checkSignatureAgreement(exception('KERNELBASE.dll', '0x12db22'), { module: 'kernelbase.dll', offset: '000000000012db22' })).toEqual({
      kind: 'agree', module: 'KERNELBASE.dll', offset: '0x12db22',
    });
  });

  test('differs, with both sides', () => {
    const r = checkSignatureAgreement(exception(null, null), { module: 'unknown', offset: 0x10 });
    expect(r).toEqual({
      kind: 'differ',
      dump: { module: null, offset: null },
      report: { module: 'unknown', offset: '0x10' },
      message: "the dump's exception is at 0x1 (in no module); the report's signature blames unknown +0x10",
    });
  });

  test('unknown without an exception or a report module', () => {
    expect(checkSignatureAgreement(null, { module: 'a', offset: '1' }).kind).toBe('unknown');
    expect(checkSignatureAgreement(exception('a', '0x1'), { module: null, offset: '1' }).kind).toBe('unknown');
  });

  test('through readMinidump options on a written dump', async () => {
    const bytes = writeMinidump({ exception: { code: 0xc0000409, address: 0x7ff610002000n }, modules: [{ name: 'ucrtbase.dll', base: 0x7ff610000000n, size: 0x100000 }] });
    const s = await summaryOf(bytes, { signature: { module: 'ucrtbase.dll', offset: '0000000000002000' } });
    expect(s.signatureCheck).toEqual({ kind: 'agree', module: 'ucrtbase.dll', offset: '0x2000' });
    expect(s.exception?.name).toBe('STATUS_STACK_BUFFER_OVERRUN');
  });

  test('the exception-name lookup is injectable (shared/codes will plug in here)', async () => {
    const bytes = writeMinidump({ exception: { code: 0xdeadbeef, address: 0x10 } });
    const s = await summaryOf(bytes, { exceptionName: (code) => (code === 0xdeadbeef ? 'MY_CODE' : null) });
    expect(s.exception?.name).toBe('MY_CODE');
  });
});

test('toPointer masks sign-extended values on 32-bit architectures only', () => {
  expect(toPointer(0xffffffff00000045n, 'x86')).toBe(0x45n);
  expect(toPointer(0xffffffff00000045n, 'arm')).toBe(0x45n);
  expect(toPointer(0xffffffff00000045n, 'amd64')).toBe(0xffffffff00000045n);
});

describe('classifyInstructionAccess', () => {
  test.each([
    ['48c7040841414141', 'write'], // mov qword [rax+rcx], 0x41414141 (write_av_non_canonical.dmp)
    ['c70005000000', 'write'], // mov dword [rax], 5
    ['488908', 'write'], // mov [rax], rcx
    ['488b08', 'read'], // mov rcx, [rax]
    ['f0480108', 'write'], // lock add [rax], rcx
    ['483908', 'read'], // cmp [rax], rcx
    ['0f1100', 'write'], // movups [rax], xmm0
    ['0f1000', 'read'], // movups xmm0, [rax]
    ['4889c8', null], // mov rax, rcx (register form)
    ['ff10', null], // call [rax]: not classified
    ['', null],
  ])('%s → %s', (hex, kind) => {
    expect(classifyInstructionAccess(Uint8Array.from(Buffer.from(hex, 'hex')), true)).toBe(kind);
  });
});

test('ModuleIndex: binary search over unsorted input, half-open ranges, overlaps tolerated', () => {
  const m = (name: string, base: bigint, size: number): ParsedModule => ({
    base, end: base + BigInt(size),
    model: { name, path: name, base: '', size, version: null, timestamp: 0, debugFile: null, debugId: null, codeId: '', cvKind: 'absent' },
  });
  const index = new ModuleIndex([m('c', 0x3000n, 0x1000), m('a', 0x1000n, 0x1000), m('big', 0x800n, 0x4000), m('empty', 0x9000n, 0)]);
  expect(index.find(0x1000n)?.module.model.name).toBe('a');
  expect(index.find(0x1fffn)?.offset).toBe(0xfffn);
  expect(index.find(0x2000n)?.module.model.name).toBe('big');
  expect(index.find(0x4800n)).toBeNull();
  expect(index.find(0x9000n)).toBeNull();
  expect(index.find(0n)).toBeNull();
});
