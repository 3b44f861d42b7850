/**
 * x64 assembler sources of the PE test images (see pe-builder.ts): clang's integrated assembler
 * turns the .seh_* directives into .pdata/.xdata, so each opcode appears exactly as written.
 */

/** x64 assembler: one function per UNWIND_CODE opcode family, a handler with data, and a chained entry. */
export const X64_UNWIND_S = String.raw`
    .text
    .globl all_ops
    .def all_ops; .scl 2; .type 32; .endef
    .seh_proc all_ops
all_ops:
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
    movaps %xmm7, 0x100000(%rsp)
    .seh_savexmm %xmm7, 0x100000
    .seh_endprologue
    nop
    ret
    .seh_endproc

    .globl machframe
    .def machframe; .scl 2; .type 32; .endef
    .seh_proc machframe
machframe:
    .seh_pushframe @code
    pushq %rax
    .seh_pushreg %rax
    .seh_endprologue
    ret
    .seh_endproc

    .globl machframe_plain
    .def machframe_plain; .scl 2; .type 32; .endef
    .seh_proc machframe_plain
machframe_plain:
    .seh_pushframe
    .seh_endprologue
    ret
    .seh_endproc

    .globl with_handler
    .def with_handler; .scl 2; .type 32; .endef
    .seh_proc with_handler
with_handler:
    .seh_handler my_handler, @unwind, @except
    subq $40, %rsp
    .seh_stackalloc 40
    .seh_endprologue
    addq $40, %rsp
    ret
    .seh_handlerdata
    .long 0x12345678
    .long 0xcafef00d
    .text
    .seh_endproc

    .globl my_handler
    .def my_handler; .scl 2; .type 32; .endef
my_handler:
    ret

    .globl chained
    .def chained; .scl 2; .type 32; .endef
    .seh_proc chained
chained:
    pushq %rbx
    .seh_pushreg %rbx
    .seh_endprologue
    nop
    .seh_startchained
    pushq %rsi
    .seh_pushreg %rsi
    .seh_endprologue
    nop
    .seh_endchained
    popq %rbx
    ret
    .seh_endproc
`;

/**
 * Version-2 UNWIND_INFO written byte by byte (no assembler of this LLVM emits it, and llvm-readobj
 * 14 crashes on it). Encoding per LLVM's "Win x64 Unwind V2" dumper notes: the first UOP_Epilog
 * (op 6) has CodeOffset = epilog size and OpInfo bit 0 = "an epilog ends the function"; later
 * ones hold a 12-bit offset from the function end (OpInfo << 8 | CodeOffset), 0 = padding.
 */
export const X64_UNWIND_V2_S = String.raw`
    .text
    .globl v2_epilog
    .def v2_epilog; .scl 2; .type 32; .endef
v2_epilog:
    pushq %rbx
    nop
    popq %rbx
    retq
    nop
    popq %rbx
    retq
v2_epilog_end:
    .section .xdata,"dr"
    .p2align 2
v2_info:
    .byte 0x02, 1, 4, 0
    .byte 2, 0x16
    .byte 5, 0x06
    .byte 0, 0x06
    .byte 1, 0x30
    .section .pdata,"dr"
    .p2align 2
    .rva v2_epilog
    .rva v2_epilog_end
    .rva v2_info
`;

/** The V2 record above, as the test expects it decoded (from the bytes, not from our parser). */
export const X64_V2_EXPECTED = {
  prologSize: 1,
  slotCount: 4,
  epilogSize: 2,
  atEnd: true,
  epilogOffsetFromEnd: 5,
  push: { prologOffset: 1, register: 3 },
} as const;
