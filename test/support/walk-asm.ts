import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { llvmTool } from './llvm-tools';

/**
 * Hand-written x64 functions for the unwinder's unit tests. Every prolog instruction has its
 * .seh_* directive, so clang writes the unwind codes exactly as the instructions do; labels mark
 * the body and each epilog so tests can put ip anywhere. The tests model what each instruction
 * does to registers and memory from this source, never from our unwinder.
 */
export const WALK_UNWIND_S = String.raw`
    .text
    .globl big_frame
    .seh_proc big_frame
big_frame:
    pushq %rbp
    .seh_pushreg %rbp
    pushq %rbx
    .seh_pushreg %rbx
    pushq %r12
    .seh_pushreg %r12
    subq $0x1000, %rsp
    .seh_stackalloc 0x1000
    subq $0x100000, %rsp
    .seh_stackalloc 0x100000
    subq $0x28, %rsp
    .seh_stackalloc 0x28
    leaq 0x20(%rsp), %rbp
    .seh_setframe %rbp, 0x20
    movq %rsi, 0x40(%rsp)
    .seh_savereg %rsi, 0x40
    movq %rdi, 0x80000(%rsp)
    .seh_savereg %rdi, 0x80000
    movaps %xmm6, 0x50(%rsp)
    .seh_savexmm %xmm6, 0x50
    .seh_endprologue
    .globl big_frame_body
big_frame_body:
    subq $0x40, %rsp
    nop
    .globl big_frame_epilog
big_frame_epilog:
    leaq 0x101008(%rbp), %rsp
    popq %r12
    popq %rbx
    popq %rbp
    retq
    .seh_endproc

    .globl small
    .seh_proc small
small:
    pushq %rbx
    .seh_pushreg %rbx
    subq $0x28, %rsp
    .seh_stackalloc 0x28
    .seh_endprologue
    .globl small_body
small_body:
    nop
    .globl small_epilog
small_epilog:
    addq $0x28, %rsp
    popq %rbx
    jmp big_frame
    .seh_endproc

    .globl jumpy
    .seh_proc jumpy
jumpy:
    pushq %r15
    .seh_pushreg %r15
    subq $0x800, %rsp
    .seh_stackalloc 0x800
    .seh_endprologue
    nop
    .globl jumpy_epilog
jumpy_epilog:
    addq $0x800, %rsp
    jmp 1f
    int3
1:  popq %r15
    jmpq *iat_slot(%rip)
    .seh_endproc

    .globl mf_code
    .seh_proc mf_code
mf_code:
    .seh_pushframe @code
    pushq %rax
    .seh_pushreg %rax
    .seh_endprologue
    .globl mf_code_body
mf_code_body:
    nop
    retq
    .seh_endproc

    .globl mf_plain
    .seh_proc mf_plain
mf_plain:
    .seh_pushframe
    .seh_endprologue
    .globl mf_plain_body
mf_plain_body:
    nop
    retq
    .seh_endproc

    .globl chained
    .seh_proc chained
chained:
    pushq %rbx
    .seh_pushreg %rbx
    subq $0x20, %rsp
    .seh_stackalloc 0x20
    .seh_endprologue
    nop
    .seh_startchained
    pushq %rsi
    .seh_pushreg %rsi
    .seh_endprologue
    .globl chained_body
chained_body:
    nop
    .seh_endchained
    addq $0x20, %rsp
    popq %rbx
    retq
    .seh_endproc

    .globl leaf
leaf:
    movl (%rcx), %eax
    .globl leaf_ret
leaf_ret:
    retq

    .globl caller
    .seh_proc caller
caller:
    subq $0x28, %rsp
    .seh_stackalloc 0x28
    .seh_endprologue
    callq leaf
    .globl caller_ret
caller_ret:
    nop
    callq *%rax
    .globl caller_ret_reg
caller_ret_reg:
    callq *0x10(%rbx)
    .globl caller_ret_disp8
caller_ret_disp8:
    callq *iat_slot(%rip)
    .globl caller_ret_rip
caller_ret_rip:
    callq *0x1000(%rbx,%rcx,8)
    .globl caller_ret_sib32
caller_ret_sib32:
    callq *(%r11)
    .globl caller_ret_mem
caller_ret_mem:
    nop
    .globl caller_no_call
caller_no_call:
    nop
    addq $0x28, %rsp
    retq
    .seh_endproc

    .data
iat_slot:
    .quad 0
`;

/** Labels exported from the DLL (their RVAs come from its export table). */
export const WALK_LABELS = [
  'big_frame', 'big_frame_body', 'big_frame_epilog', 'small', 'small_body', 'small_epilog', 'jumpy', 'jumpy_epilog',
  'mf_code', 'mf_code_body', 'mf_plain', 'mf_plain_body', 'chained', 'chained_body', 'leaf', 'leaf_ret', 'caller',
  'caller_ret', 'caller_ret_reg', 'caller_ret_disp8', 'caller_ret_rip', 'caller_ret_sib32', 'caller_ret_mem', 'caller_no_call',
] as const;

/** Assembles and links walk-unwind.dll once per source version; returns its path. */
export function buildWalkUnwindDll(): string {
  const key = createHash('sha256').update(WALK_UNWIND_S).update(WALK_LABELS.join()).digest('hex').slice(0, 16);
  const root = join(tmpdir(), 'wer-walk-asm');
  const dir = join(root, key);
  const dll = join(dir, 'walk-unwind.dll');
  if (existsSync(join(dir, 'done'))) return dll;
  mkdirSync(root, { recursive: true });
  const staging = mkdtempSync(join(root, 'build-'));
  try {
    writeFileSync(join(staging, 'walk.s'), WALK_UNWIND_S);
    const run = (tool: string, args: string[]): void => void execFileSync(llvmTool(tool), args, { cwd: staging, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    run('clang', ['--target=x86_64-w64-mingw32', '-c', '-o', 'walk.o', 'walk.s']);
    run('lld-link', ['/dll', '/noentry', '/nodefaultlib', '/machine:x64', ...WALK_LABELS.map((l) => `/export:${l}`), 'walk.o', '/out:walk-unwind.dll']);
    writeFileSync(join(staging, 'done'), new Date().toISOString());
    try {
      renameSync(staging, dir);
    } catch {
      if (!existsSync(join(dir, 'done'))) throw new Error(`cannot place the walk fixtures in ${dir}`);
    }
  } finally {
    if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
  }
  return dll;
}
