@ psr: status registers (ARM ARM A2.5, A4.1.38-39): MRS of CPSR and SPSR, MSR with each field mask
@ (f, s, x, c) from immediates and registers, mode changes into every privileged mode, the banked
@ registers of every mode (r13_x and r14_x; r8_fiq-r12_fiq), the SPSR of every exception mode,
@ User mode (MSR cannot change the control field there, only the flags) and the SPSR a SWI saves.

        .include "common.inc"

@ Set r8-r14 to base+8 .. base+14 in the current mode.
        .macro FILL base
        .irp r, 8, 9, 10, 11, 12, 13, 14
        ldr r\r, =(\base + \r)
        .endr
        .endm

@ Copy r8-r14 of the current mode to memory at dest (r0 holds dest; r0 is not banked).
        .macro SAVE dest
        ldr r0, =\dest
        stmia r0, {r8-r14}
        .endm

@ Check a PSR value on the bits ARMv5TE defines (NZCVQ, I F T, mode); QEMU sets the ARMv6 A bit
@ (bit 8, reserved on ARMv5) at reset, and the reserved bits read as unpredictable values.
        .macro CHECK_PSR reg, val, name
        bic \reg, \reg, #0x07000000
        bic \reg, \reg, #0x00ff0000
        bic \reg, \reg, #0x0000ff00
        CHECK \reg, \val, \name
        .endm

        .section .text.start, "ax"
        .arm
        .global _start
_start:
        INIT
        ldr r0, =saved_sp
        str sp, [r0]

@ --- MRS/MSR fields ---------------------------------------------------------------------------
        SETF 0
        mrs r0, cpsr
        CHECK_PSR r0, MODE_SVC | PSR_I | PSR_F, cpsr_after_init
        msr cpsr_f, #(PSR_N | PSR_V)
        mrs r0, cpsr
        CHECK_PSR r0, PSR_N | PSR_V | MODE_SVC | PSR_I | PSR_F, msr_f_imm
        ldr r1, =(PSR_Z | PSR_C | PSR_Q | 0x00ffff00 | MODE_SVC | PSR_F)
        msr cpsr_f, r1                  @ flags only: mode and mask bits untouched
        mrs r0, cpsr
        and r0, r0, #0xff000000
        CHECK r0, PSR_Z | PSR_C | PSR_Q, msr_f_reg_flags_and_q
        mrs r0, cpsr
        and r0, r0, #0xff
        CHECK r0, MODE_SVC | PSR_I | PSR_F, msr_f_reg_keeps_control
        msr cpsr_c, #(MODE_SVC | PSR_I) @ control only: flags untouched
        mrs r0, cpsr
        CHECK_PSR r0, PSR_Z | PSR_C | PSR_Q | MODE_SVC | PSR_I, msr_c_imm
        ldr r1, =(PSR_N | MODE_SVC | PSR_I | PSR_F)
        msr cpsr_fc, r1
        mrs r0, cpsr
        CHECK_PSR r0, PSR_N | MODE_SVC | PSR_I | PSR_F, msr_fc_reg

@ --- SPSR fields ------------------------------------------------------------------------------
        ldr r1, =0xf80000d1             @ NZCVQ, I F, FIQ mode
        msr spsr_cxsf, r1
        mrs r0, spsr
        CHECK_PSR r0, 0xf80000d1, spsr_all_fields
        ldr r1, =0x00000010
        msr spsr_c, r1
        mrs r0, spsr
        CHECK_PSR r0, 0xf8000010, spsr_c_only
        msr spsr_f, #PSR_V
        mrs r0, spsr
        CHECK_PSR r0, PSR_V | 0x10, spsr_f_only
        POOL

@ --- banked registers of every mode ------------------------------------------------------------
        MODE MODE_FIQ
        FILL 0xf0000000
        MODE MODE_IRQ
        FILL 0x10000000
        MODE MODE_ABT
        FILL 0xa0000000
        MODE MODE_UND
        FILL 0xb0000000
        MODE MODE_SYS
        FILL 0x50000000
        MODE MODE_SVC
        FILL 0xc0000000
        @ now read every bank back
        MODE MODE_FIQ
        SAVE banks + 0 * 28
        MODE MODE_IRQ
        SAVE banks + 1 * 28
        MODE MODE_ABT
        SAVE banks + 2 * 28
        MODE MODE_UND
        SAVE banks + 3 * 28
        MODE MODE_SYS
        SAVE banks + 4 * 28
        MODE MODE_SVC
        SAVE banks + 5 * 28
        ldr r2, =saved_sp               @ restore SVC's stack
        ldr sp, [r2]
        @ FIQ has its own r8-r14
        CHECK_MEM banks + 0 * 28 + 0,  0xf0000008, fiq_r8
        CHECK_MEM banks + 0 * 28 + 4,  0xf0000009, fiq_r9
        CHECK_MEM banks + 0 * 28 + 8,  0xf000000a, fiq_r10
        CHECK_MEM banks + 0 * 28 + 12, 0xf000000b, fiq_r11
        CHECK_MEM banks + 0 * 28 + 16, 0xf000000c, fiq_r12
        CHECK_MEM banks + 0 * 28 + 20, 0xf000000d, fiq_r13
        CHECK_MEM banks + 0 * 28 + 24, 0xf000000e, fiq_r14
        @ r8-r12 are shared by every other mode: the last writer (SVC) wins
        CHECK_MEM banks + 1 * 28 + 0,  0xc0000008, irq_r8_shared
        CHECK_MEM banks + 1 * 28 + 16, 0xc000000c, irq_r12_shared
        CHECK_MEM banks + 4 * 28 + 8,  0xc000000a, sys_r10_shared
        @ r13 and r14 are banked per mode; System shares User's
        CHECK_MEM banks + 1 * 28 + 20, 0x1000000d, irq_r13
        CHECK_MEM banks + 1 * 28 + 24, 0x1000000e, irq_r14
        CHECK_MEM banks + 2 * 28 + 20, 0xa000000d, abt_r13
        CHECK_MEM banks + 2 * 28 + 24, 0xa000000e, abt_r14
        CHECK_MEM banks + 3 * 28 + 20, 0xb000000d, und_r13
        CHECK_MEM banks + 3 * 28 + 24, 0xb000000e, und_r14
        CHECK_MEM banks + 4 * 28 + 20, 0x5000000d, sys_r13
        CHECK_MEM banks + 4 * 28 + 24, 0x5000000e, sys_r14
        CHECK_MEM banks + 5 * 28 + 20, 0xc000000d, svc_r13
        CHECK_MEM banks + 5 * 28 + 24, 0xc000000e, svc_r14
        POOL

@ --- SPSR of every exception mode --------------------------------------------------------------
        .irp m, MODE_FIQ, MODE_IRQ, MODE_ABT, MODE_UND, MODE_SVC
        MODE \m
        ldr r1, =(((\m & 0xf) << 28) | PSR_F | MODE_USR)
        msr spsr_cxsf, r1
        .endr
        .irp m, MODE_FIQ, MODE_IRQ, MODE_ABT, MODE_UND, MODE_SVC
        MODE \m
        mrs r0, spsr
        MODE MODE_SVC
        CHECK r0, ((\m & 0xf) << 28) | PSR_F | MODE_USR, spsr_bank_\m
        .endr

@ --- User mode --------------------------------------------------------------------------------
        mov r1, #0x28                   @ the SWI vector (0x08) loads its target from 0x28
        adr r2, swi_handler
        str r2, [r1]
        MODE MODE_SYS
        ldr sp, =0x0000beef
        MODE MODE_SVC
        SETF 0
        msr cpsr_c, #(MODE_USR)         @ enter User mode, interrupts enabled
        mrs r4, cpsr
        msr cpsr_c, #(MODE_SVC | PSR_I) @ ignored in User mode
        mrs r5, cpsr
        msr cpsr_f, #(PSR_Z | PSR_V)    @ flags are writable in User mode
        mrs r6, cpsr
        mov r7, sp
        swi 0x42                        @ back to SVC through the handler
swi_return:
        mrs r0, cpsr
        and r0, r0, #0xff
        CHECK r0, MODE_SVC | PSR_I, swi_entry_mode
        CHECK_PSR r4, MODE_USR, user_cpsr
        CHECK_PSR r5, MODE_USR, user_msr_c_ignored
        CHECK_PSR r6, PSR_Z | PSR_V | MODE_USR, user_msr_f
        CHECK r7, 0x0000beef, user_sp_is_system_sp
        mrs r0, spsr
        CHECK_PSR r0, PSR_Z | PSR_V | MODE_USR, swi_spsr
        CHECK lr, swi_return, swi_lr

        PASS psr

swi_handler:                            @ stays in SVC mode and continues after the SWI
        bx lr
        .ltorg

        .bss
        .balign 4
banks:  .space 6 * 28
saved_sp:
        .space 4
