@ exceptions: exception entry and return with low vectors (ARM ARM A2.6): undefined instruction,
@ SWI from ARM and from Thumb, BKPT (prefetch abort), and a data abort (alignment fault with
@ SCTLR.A set). Each handler records the CPSR, LR and SPSR it was entered with; the checks
@ compare them with the ARM ARM (mode, I set, F kept, T clear, LR = address + 4 / + 2 / + 8) and
@ the DFSR/FAR. Returns use MOVS pc, lr; LDM ^ from the stack; and SUBS pc, lr, #8 to retry.

        .include "common.inc"

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

        .data
        .balign 4
adata:  .word 0xc0ffee00
