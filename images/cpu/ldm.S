@ ldm: load and store multiple (ARM ARM A5.4, A4.1.20-22, A4.1.97-98): the four addressing modes
@ IA IB DA DB for LDM and STM with and without writeback (lowest register at the lowest address),
@ a base register in the list (STM stores the original base when it is the lowest register; LDM
@ without writeback loads it), the user-bank forms (STM ^ and LDM ^ without PC, from SVC mode) and
@ exception return with LDM ^ including PC (CPSR := SPSR).

        .include "common.inc"

        .section .text.start, "ax"
        .arm
        .global _start
_start:
        INIT

@ --- the four modes ---------------------------------------------------------------------------
        ldr r0, =words + 16             @ words[i] = 0x100 + i
        ldmia r0, {r1-r3}
        CHECK r1, 0x104, ldmia_first
        CHECK r3, 0x106, ldmia_last
        CHECK r0, words + 16, ldmia_no_writeback
        ldmib r0, {r1-r3}
        CHECK r1, 0x105, ldmib_first
        CHECK r3, 0x107, ldmib_last
        ldmda r0, {r1-r3}
        CHECK r1, 0x102, ldmda_first
        CHECK r3, 0x104, ldmda_last
        ldmdb r0, {r1-r3}
        CHECK r1, 0x101, ldmdb_first
        CHECK r3, 0x103, ldmdb_last
        ldmia r0!, {r1, r2}
        CHECK r0, words + 24, ldmia_writeback
        ldmib r0!, {r1, r2}
        CHECK r0, words + 32, ldmib_writeback
        CHECK r2, 0x108, ldmib_writeback_last
        ldmda r0!, {r1, r2, r3}
        CHECK r0, words + 20, ldmda_writeback
        CHECK r1, 0x106, ldmda_writeback_first
        ldmdb r0!, {r1, r2, r3, r4, r5}
        CHECK r0, words, ldmdb_writeback
        CHECK r1, 0x100, ldmdb_writeback_first
        CHECK r5, 0x104, ldmdb_writeback_last
        @ registers need not be contiguous; addresses follow register numbers
        ldmia r0, {r1, r5, r9}
        CHECK r1, 0x100, ldm_order_low
        CHECK r5, 0x101, ldm_order_mid
        CHECK r9, 0x102, ldm_order_high

        ldr r0, =scratch + 16
        mov r1, #1
        mov r2, #2
        mov r3, #3
        stmia r0, {r1-r3}
        CHECK_MEM scratch + 16, 1, stmia_first
        CHECK_MEM scratch + 24, 3, stmia_last
        stmib r0, {r1-r3}
        CHECK_MEM scratch + 20, 1, stmib_first
        CHECK_MEM scratch + 28, 3, stmib_last
        stmda r0, {r1-r3}
        CHECK_MEM scratch + 8, 1, stmda_first
        CHECK_MEM scratch + 16, 3, stmda_last
        stmdb r0, {r1-r3}
        CHECK_MEM scratch + 4, 1, stmdb_first
        CHECK_MEM scratch + 12, 3, stmdb_last
        stmdb r0!, {r1-r3}
        CHECK r0, scratch + 4, stmdb_writeback
        stmia r0!, {r1}
        CHECK r0, scratch + 8, stmia_writeback
        stmib r0!, {r1, r2}
        CHECK r0, scratch + 16, stmib_writeback
        stmda r0!, {r3}
        CHECK r0, scratch + 12, stmda_writeback
        POOL

@ --- base register in the list ----------------------------------------------------------------
        ldr r0, =scratch
        stmia r0!, {r0, r1}             @ base lowest in the list: the original base is stored
        CHECK_MEM scratch, scratch, stm_base_lowest_stores_original
        CHECK r0, scratch + 8, stm_base_lowest_writeback
        ldr r1, =scratch + 32
        str r1, [r1, #4]
        mov r2, #0x77
        str r2, [r1]
        ldmia r1, {r0, r1}              @ base loaded (no writeback)
        CHECK r0, 0x77, ldm_base_in_list_other
        CHECK r1, scratch + 32, ldm_base_in_list_loaded
        ldr r2, =scratch + 40
        mov r3, #0x88
        str r3, [r2]
        mov r3, #0x99
        str r3, [r2, #4]
        ldmia r2, {r2, r3}              @ base first in the list, loaded
        CHECK r2, 0x88, ldm_base_first_loaded
        CHECK r3, 0x99, ldm_base_first_next
        POOL

@ --- user-bank transfers from SVC mode --------------------------------------------------------
        MODE MODE_SYS
        ldr sp, =0x5555aaaa             @ User/System r13 and r14
        ldr lr, =0x6666bbbb
        MODE MODE_SVC
        ldr r0, =scratch + 64
        stmia r0, {r13, r14}^           @ stores the User registers, not SVC's
        CHECK_MEM scratch + 64, 0x5555aaaa, stm_user_sp
        CHECK_MEM scratch + 68, 0x6666bbbb, stm_user_lr
        ldr r0, =scratch + 64
        ldr r1, =0x1234abcd
        ldr r2, =0x4321dcba
        stmia r0, {r1, r2}
        mov r4, sp
        ldmia r0, {r13, r14}^           @ loads the User registers; SVC's are untouched
        nop                             @ (no banked access right after LDM ^, A4.1.22)
        sub r5, sp, r4
        CHECK r5, 0, ldm_user_keeps_svc_sp
        MODE MODE_SYS
        mov r5, sp
        mov r6, lr
        MODE MODE_SVC
        CHECK r5, 0x1234abcd, ldm_user_sp
        CHECK r6, 0x4321dcba, ldm_user_lr
        @ FIQ mode: ^ reaches the User r8-r14, not the FIQ bank
        MODE MODE_FIQ
        mov r8, #0xf8
        mov r9, #0xf9
        ldr r0, =scratch + 80
        mov r1, #0x18
        mov r2, #0x19
        MODE MODE_SVC
        mov r8, #0x18
        mov r9, #0x19
        MODE MODE_FIQ
        stmia r0, {r8, r9}^
        nop
        CHECK r8, 0xf8, stm_user_fiq_keeps_r8
        MODE MODE_SVC
        CHECK_MEM scratch + 80, 0x18, stm_user_from_fiq_r8
        CHECK_MEM scratch + 84, 0x19, stm_user_from_fiq_r9
        POOL

@ --- exception return with LDM ^ --------------------------------------------------------------
        ldr r0, =scratch + 96
        mov r1, #0x42
        adr r2, 1f
        stmia r0, {r1, r2}
        ldr r3, =(MODE_SYS | PSR_I | PSR_F | PSR_Z | PSR_C)
        msr spsr_cxsf, r3
        mov r2, #0
        ldmia r0, {r2, pc}^             @ r2 <- [r0], pc <- [r0 + 4], CPSR <- SPSR_svc
        FAIL ldm_exception_return_fell_through
1:      mrs r4, cpsr
        CHECK r4, MODE_SYS | PSR_I | PSR_F | PSR_Z | PSR_C, ldm_exception_return_cpsr
        CHECK r2, 0x42, ldm_exception_return_loads
        MODE MODE_SVC
        @ LDM with PC but without ^ leaves the CPSR alone
        ldr r0, =scratch + 96
        adr r2, 2f
        str r2, [r0, #4]
        ldmia r0, {r1, pc}
2:      mrs r4, cpsr
        and r4, r4, #0xff
        CHECK r4, MODE_SVC | PSR_I | PSR_F, ldm_pc_keeps_cpsr

        PASS ldm
        .ltorg

        .data
        .balign 8
words:  .word 0x100, 0x101, 0x102, 0x103, 0x104, 0x105, 0x106, 0x107, 0x108, 0x109
        .bss
        .balign 8
scratch:
        .space 128
