/**
 * ARM64 assembler source of the PE test images (see pe-builder.ts): LLVM packs the canonical
 * shapes into .pdata words and writes the rest as .xdata records.
 */

/** ARM64 assembler: packed-form functions (LLVM packs these shapes), a handler, 34 epilogs (extended header), rarer codes. */
export const ARM64_UNWIND_S = String.raw`
    .text
    .globl packed_regs
    .p2align 2
packed_regs:
    .seh_proc packed_regs
    stp x19, x20, [sp, #-144]!
    .seh_save_r19r20_x 144
    stp x21, x22, [sp, #16]
    .seh_save_regp x21, 16
    stp x23, x24, [sp, #32]
    .seh_save_next
    stp x25, x26, [sp, #48]
    .seh_save_next
    stp x27, x28, [sp, #64]
    .seh_save_next
    stp d8,  d9,  [sp, #80]
    .seh_save_fregp d8, 80
    stp d10, d11, [sp, #96]
    .seh_save_fregp d10, 96
    stp d12, d13, [sp, #112]
    .seh_save_fregp d12, 112
    stp d14, d15, [sp, #128]
    .seh_save_fregp d14, 128
    sub sp,  sp,  #16
    .seh_stackalloc 16
    .seh_endprologue
    nop
    .seh_startepilogue
    add sp,  sp,  #16
    .seh_stackalloc 16
    ldp d14, d15, [sp, #128]
    .seh_save_fregp d14, 128
    ldp d12, d13, [sp, #112]
    .seh_save_fregp d12, 112
    ldp d10, d11, [sp, #96]
    .seh_save_fregp d10, 96
    ldp d8,  d9,  [sp, #80]
    .seh_save_fregp d8, 80
    ldp x27, x28, [sp, #64]
    .seh_save_next
    ldp x25, x26, [sp, #48]
    .seh_save_next
    ldp x23, x24, [sp, #32]
    .seh_save_next
    ldp x21, x22, [sp, #16]
    .seh_save_next
    ldp x19, x20, [sp], #144
    .seh_save_regp_x x19, 144
    .seh_endepilogue
    ret
    .seh_endproc

    .globl packed_fp
    .p2align 2
packed_fp:
    .seh_proc packed_fp
    stp x19, x20, [sp, #-16]!
    .seh_save_r19r20_x 16
    stp x29, lr,  [sp, #-32]!
    .seh_save_fplr_x 32
    mov x29, sp
    .seh_set_fp
    .seh_endprologue
    nop
    .seh_startepilogue
    mov sp,  x29
    .seh_set_fp
    ldp x29, lr,  [sp], #32
    .seh_save_fplr_x 32
    ldp x19, x20, [sp], #16
    .seh_save_r19r20_x 16
    .seh_endepilogue
    ret
    .seh_endproc

    .globl packed_lr
    .p2align 2
packed_lr:
    .seh_proc packed_lr
    str lr, [sp, #-16]!
    .seh_save_reg_x lr, 16
    sub sp, sp, #16
    .seh_stackalloc 16
    .seh_endprologue
    nop
    .seh_startepilogue
    add sp, sp, #16
    .seh_stackalloc 16
    ldr lr, [sp], #16
    .seh_save_reg_x lr, 16
    .seh_endepilogue
    ret
    .seh_endproc

    .globl with_handler
    .p2align 2
with_handler:
    .seh_proc with_handler
    stp x29, x30, [sp, #-16]!
    .seh_save_fplr_x 16
    mov x29, sp
    .seh_set_fp
    .seh_endprologue
    nop
    .seh_startepilogue
    ldp x29, x30, [sp], #16
    .seh_save_fplr_x 16
    .seh_endepilogue
    ret
    .seh_handler arm_handler, @except
    .seh_handlerdata
    .long 0x11223344
    .text
    .seh_endproc

    .globl arm_handler
    .p2align 2
arm_handler:
    ret

    .globl many_epilogs
    .p2align 2
many_epilogs:
    .seh_proc many_epilogs
    sub sp, sp, #16
    .seh_stackalloc 16
    str x19, [sp, #8]
    .seh_save_reg x19, 8
    .seh_endprologue
    .rept 33
    cbz x0, 1f
    .seh_startepilogue
    ldr x19, [sp, #8]
    .seh_save_reg x19, 8
    add sp, sp, #16
    .seh_stackalloc 16
    .seh_endepilogue
    ret
1:
    .endr
    .seh_startepilogue
    ldr x19, [sp, #8]
    .seh_save_reg x19, 8
    add sp, sp, #16
    .seh_stackalloc 16
    .seh_endepilogue
    ret
    .seh_endproc

    .globl odd_ops
    .p2align 2
odd_ops:
    .seh_proc odd_ops
    stp x19, x20, [sp, #-64]!
    .seh_save_r19r20_x 64
    stp x21, x22, [sp, #16]
    .seh_save_next
    stp x25, x26, [sp, #32]
    .seh_save_regp x25, 32
    str d8, [sp, #-16]!
    .seh_save_freg_x d8, 16
    stp d10, d11, [sp, #-32]!
    .seh_save_fregp_x d10, 32
    str d12, [sp, #8]
    .seh_save_freg d12, 8
    str x22, [sp, #-16]!
    .seh_save_reg_x x22, 16
    stp x23, x24, [sp, #-32]!
    .seh_save_regp_x x23, 32
    stp x21, lr, [sp, #-16]!
    .seh_save_lrpair x21, 0
    stp x29, x30, [sp, #8]
    .seh_save_fplr 8
    nop
    .seh_stackalloc 20000
    nop
    .seh_stackalloc 1040
    add x29, sp, #16
    .seh_add_fp 16
    nop
    .seh_nop
    nop
    .seh_trap_frame
    nop
    .seh_pushframe
    nop
    .seh_context
    nop
    .seh_clear_unwound_to_call
    .seh_endprologue
    ret
    .seh_endproc
`;
