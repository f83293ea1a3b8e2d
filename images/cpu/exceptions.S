@ exceptions: exception entry and return with low vectors (ARM ARM A2.6): undefined instruction,
@ SWI from ARM and from Thumb, BKPT (prefetch abort), and a data abort (alignment fault with
@ SCTLR.A set). Each handler records the CPSR, LR and SPSR it was entered with; the checks
@ compare them with the ARM ARM (mode, I set, F kept, T clear, LR = address + 4 / + 2 / + 8) and
@ the DFSR/FAR. Returns use MOVS pc, lr; LDM ^ from the stack; and SUBS pc, lr, #8 to retry.
@
@ High vectors (SCTLR.V = 1, ARM ARM A2.6 and B2.4): with the MMU on, section 0xFFF00000 maps the
@ first megabyte of RAM, so the vector page 0xFFFF0000 is physical 0x000F0000, where a second
@ vector table points at handlers that also record which vector they came through (r7 = vector
@ offset). An undefined instruction, a SWI and a data abort (section translation fault) must go
@ through it: low vectors (still installed at 0) leave r7 alone. Memory used: translation table
@ at 0x00080000, high vector page at 0x000F0000 (both above the image).

        .include "common.inc"

        .equ L1, 0x00080000
        .equ HIVEC_PA, 0x000f0000

@ Point vector n (0..7) at handler: the INIT vectors load pc from 0x20 + 4n.
        .macro VECTOR n, handler
        ldr r0, =\handler
        mov r1, #(0x20 + 4 * \n)
        str r0, [r1]
        .endm

        .section .text.start, "ax"
        .arm
        .global _start
_start:
        INIT
        VECTOR 1, h_record                 @ undefined instruction
        VECTOR 2, h_swi                    @ SWI
        VECTOR 3, h_record                 @ prefetch abort
        VECTOR 4, h_dabt                   @ data abort

@ --- undefined instruction --------------------------------------------------------------------
        msr cpsr_c, #(MODE_SVC | PSR_F)    @ I clear, F set: entry must set I and keep F
        SETF F_Z | F_C
und_insn:
        .word 0xe7f000f0                   @ architecturally undefined
        mov r7, #0                         @ (the return lands here)
        CHECK r5, und_insn + 4, und_lr
        CHECK r4, MODE_UND | PSR_I | PSR_F | PSR_Z | PSR_C, und_cpsr
        CHECK r6, MODE_SVC | PSR_F | PSR_Z | PSR_C, und_spsr

@ --- SWI from ARM, returning with LDM ^ ----------------------------------------------------------
        msr cpsr_c, #(MODE_SVC | PSR_I | PSR_F)
        SETF F_N
swi_insn:
        swi 0x42
        CHECK r5, swi_insn + 4, swi_lr
        CHECK r4, MODE_SVC | PSR_I | PSR_F | PSR_N, swi_cpsr
        CHECK r6, MODE_SVC | PSR_I | PSR_F | PSR_N, swi_spsr

@ --- SWI from Thumb: LR = address + 2, SPSR.T set, return to Thumb ------------------------------
        ldr r0, =thumb_swi + 1
        SETF 0
        bx r0
        .thumb
thumb_swi:
        swi 0x12
        ldr r0, =after_thumb
        bx r0
        .balign 4
        .ltorg
        .arm
after_thumb:
        CHECK r5, thumb_swi + 2, thumb_swi_lr
        CHECK r6, MODE_SVC | PSR_I | PSR_F | PSR_T, thumb_swi_spsr
        CHECK r4, MODE_SVC | PSR_I | PSR_F, thumb_swi_cpsr_arm_state

@ --- BKPT: prefetch abort, LR = address + 4 ----------------------------------------------------
        SETF F_V
bkpt_insn:
        bkpt 0x1234
        CHECK r5, bkpt_insn + 4, bkpt_lr
        CHECK r4, MODE_ABT | PSR_I | PSR_F | PSR_V, bkpt_cpsr
        CHECK r6, MODE_SVC | PSR_I | PSR_F | PSR_V, bkpt_spsr

@ --- data abort: alignment fault, retried with SUBS pc, lr, #8 ----------------------------------
        mrc p15, 0, r0, c1, c0, 0
        orr r0, r0, #2                     @ SCTLR.A
        mcr p15, 0, r0, c1, c0, 0
        ldr r1, =adata + 2
        mov r9, #0
        SETF 0
dabt_insn:
        ldr r2, [r1]                       @ faults; the handler aligns r1 and retries
        mrc p15, 0, r0, c1, c0, 0
        bic r0, r0, #2
        mcr p15, 0, r0, c1, c0, 0
        CHECK r9, 1, dabt_taken_once
        CHECK r5, dabt_insn + 8, dabt_lr
        CHECK r4, MODE_ABT | PSR_I | PSR_F, dabt_cpsr_mode
        CHECK r2, 0xc0ffee00, dabt_retried_load
        CHECK r10, adata + 2, dabt_far
        and r11, r11, #0xd                 @ status 0b00x1: alignment (bit 1 may be either)
        CHECK r11, 1, dabt_dfsr_alignment

@ --- high vectors ------------------------------------------------------------------------------
        ldr r0, =L1                        @ translation table: all faults but two sections
        add r1, r0, #0x4000
        mov r2, #0
1:      str r2, [r0], #4
        cmp r0, r1
        blo 1b
        ldr r0, =L1
        ldr r1, =0x00000412                @ VA 0: identity section, AP 01, domain 0
        str r1, [r0]
        ldr r2, =L1 + (0xfff << 2)
        str r1, [r2]                       @ VA 0xFFF00000: the same megabyte
        ldr r0, =HIVEC_PA                  @ vector table at 0xFFFF0000: ldr pc, [pc, #24] x 8
        ldr r1, =0xe59ff018
        mov r2, #8
2:      str r1, [r0], #4
        subs r2, r2, #1
        bne 2b
        ldr r3, =high_handlers
        mov r2, #8
3:      ldr r1, [r3], #4
        str r1, [r0], #4
        subs r2, r2, #1
        bne 3b
        ldr r0, =L1
        mcr p15, 0, r0, c2, c0, 0          @ TTBR
        mov r0, #1
        mcr p15, 0, r0, c3, c0, 0          @ DACR: domain 0 client
        mov r0, #0
        mcr p15, 0, r0, c8, c7, 0
        mrc p15, 0, r0, c1, c0, 0
        orr r0, r0, #1                     @ M
        orr r0, r0, #0x2000                @ V
        mcr p15, 0, r0, c1, c0, 0
        mrc p15, 0, r0, c1, c0, 0
        and r0, r0, #0x2000
        CHECK r0, 0x2000, sctlr_v_set
        ldr r0, =0xffff0000
        ldr r1, [r0]
        CHECK r1, 0xe59ff018, high_vector_page_mapped
        ldr r1, [r0, #0x30]
        CHECK r1, hv_dabt, high_vector_table_entry

        msr cpsr_c, #(MODE_SVC | PSR_F)    @ I clear, F set
        SETF F_N | F_V
        mov r7, #0
hv_und_insn:
        .word 0xe7f000f0
        CHECK r7, 0x04, hv_und_through_0xffff0004
        CHECK r5, hv_und_insn + 4, hv_und_lr
        CHECK r4, MODE_UND | PSR_I | PSR_F | PSR_N | PSR_V, hv_und_cpsr
        CHECK r6, MODE_SVC | PSR_F | PSR_N | PSR_V, hv_und_spsr

        msr cpsr_c, #(MODE_SVC | PSR_I | PSR_F)
        SETF F_C
        mov r7, #0
hv_swi_insn:
        swi 0x99
        CHECK r7, 0x08, hv_swi_through_0xffff0008
        CHECK r5, hv_swi_insn + 4, hv_swi_lr
        CHECK r4, MODE_SVC | PSR_I | PSR_F | PSR_C, hv_swi_cpsr
        CHECK r6, MODE_SVC | PSR_I | PSR_F | PSR_C, hv_swi_spsr

        SETF F_Z
        mov r7, #0
        mov r9, #0
        ldr r1, =0x70000040                @ no first-level entry: section translation fault
hv_dabt_insn:
        ldr r2, [r1]
        CHECK r9, 1, hv_dabt_taken_once
        CHECK r7, 0x10, hv_dabt_through_0xffff0010
        CHECK r5, hv_dabt_insn + 8, hv_dabt_lr
        CHECK r4, MODE_ABT | PSR_I | PSR_F | PSR_Z, hv_dabt_cpsr
        CHECK r6, MODE_SVC | PSR_I | PSR_F | PSR_Z, hv_dabt_spsr
        and r11, r11, #0xf
        CHECK r11, 0x5, hv_dabt_dfsr_section_translation
        CHECK r10, 0x70000040, hv_dabt_far

        mrc p15, 0, r0, c1, c0, 0          @ back to low vectors, MMU off
        bic r0, r0, #1
        bic r0, r0, #0x2000
        mcr p15, 0, r0, c1, c0, 0
        mov r7, #0
        .word 0xe7f000f0                   @ through the low vector again: r7 stays 0
        CHECK r7, 0, low_vectors_again

        PASS exceptions

@ --- handlers ---------------------------------------------------------------------------------
h_record:                                  @ r4 = CPSR, r5 = LR, r6 = SPSR; skip the instruction
        mrs r4, cpsr
        mov r5, lr
        mrs r6, spsr
        bic r4, r4, #0x100                 @ (QEMU sets the ARMv6 A bit, reserved on ARMv5)
        bic r6, r6, #0x100
        movs pc, lr
h_swi:
        stmfd sp!, {r0-r3, lr}
        mrs r4, cpsr
        mov r5, lr
        mrs r6, spsr
        bic r4, r4, #0x100                 @ (QEMU sets the ARMv6 A bit, reserved on ARMv5)
        bic r6, r6, #0x100
        ldmfd sp!, {r0-r3, pc}^
h_dabt:
        mrs r4, cpsr
        mov r5, lr
        mrc p15, 0, r10, c6, c0, 0         @ FAR
        mrc p15, 0, r11, c5, c0, 0         @ DFSR
        add r9, r9, #1
        bic r4, r4, #0x100
        bic r1, r1, #3
        subs pc, lr, #8
        .ltorg

@ --- high-vector handlers: r7 = the vector offset, then as the low ones -------------------------
high_handlers:
        .word hv_unexpected, hv_und, hv_swi, hv_unexpected
        .word hv_dabt, hv_unexpected, hv_unexpected, hv_unexpected
hv_und:
        mov r7, #0x04
        b h_record
hv_swi:
        mov r7, #0x08
        b h_swi
hv_dabt:                                   @ r4 = CPSR, r5 = LR, r6 = SPSR, r10 = FAR, r11 = DFSR
        mov r7, #0x10
        mrs r4, cpsr
        mov r5, lr
        mrs r6, spsr
        mrc p15, 0, r10, c6, c0, 0
        mrc p15, 0, r11, c5, c0, 0
        add r9, r9, #1
        bic r4, r4, #0x100                 @ (QEMU sets the ARMv6 A bit, reserved on ARMv5)
        bic r6, r6, #0x100
        subs pc, lr, #4                    @ skip the faulting load
hv_unexpected:
        FAIL "unexpected exception through the high vectors"
        .ltorg

        .data
        .balign 4
adata:  .word 0xc0ffee00
