@ branch: condition codes (all fifteen conditions against all sixteen NZCV values), B and BL
@ (forward, backward, link value), BX to ARM and to Thumb, BLX immediate (ARM to Thumb, both
@ halfword alignments) and BLX register, and ARMv5 interworking loads: LDR pc and LDM {pc} switch
@ to Thumb when bit 0 of the loaded value is set (ARM ARM A4.1.23, A4.1.20).

        .include "common.inc"

        .section .text.start, "ax"
        .arm
        .global _start
_start:
        INIT

@ --- condition codes --------------------------------------------------------------------------
        adr r4, cond_table
        mov r5, #0                      @ NZCV
1:      mov r6, r5, lsl #28
        msr cpsr_f, r6
        mov r2, #0
        orreq r2, r2, #1 << 0
        orrne r2, r2, #1 << 1
        orrcs r2, r2, #1 << 2
        orrcc r2, r2, #1 << 3
        orrmi r2, r2, #1 << 4
        orrpl r2, r2, #1 << 5
        orrvs r2, r2, #1 << 6
        orrvc r2, r2, #1 << 7
        orrhi r2, r2, #1 << 8
        orrls r2, r2, #1 << 9
        orrge r2, r2, #1 << 10
        orrlt r2, r2, #1 << 11
        orrgt r2, r2, #1 << 12
        orrle r2, r2, #1 << 13
        orral r2, r2, #1 << 14
        ldr r3, [r4, r5, lsl #2]
        cmp r2, r3
        beq 2f
        mov r3, r5                      @ report: got = passing conditions, want = NZCV
        adr r1, cond_name
        b check_failed
2:      add r5, r5, #1
        cmp r5, #16
        blo 1b
        b branches
cond_name:
        .asciz "conditions (got = mask of passing EQ..AL, want = NZCV)"
        .balign 4
cond_table:                             @ bit i: condition i passes (EQ NE CS CC MI PL VS VC HI
        .word 0x56aa, 0x6a6a, 0x55a6, 0x6966, 0x66a9, 0x6a69, 0x66a5, 0x6a65  @ LS GE LT GT LE AL)
        .word 0x6a9a, 0x565a, 0x6996, 0x5556, 0x6a99, 0x6659, 0x6a95, 0x6655

@ --- B and BL ---------------------------------------------------------------------------------
branches:
        mov r2, #0
        b 3f
        mov r2, #1
4:      add r2, r2, #0x10               @ reached backwards from 3
        b 5f
3:      add r2, r2, #0x100
        b 4b
5:      CHECK r2, 0x110, b_forward_backward
        SETF F_Z
        bne 6f
        beq 7f
6:      FAIL b_condition
7:      bl 8f
bl_return:
        b 9f
8:      adr r3, bl_return
        cmp lr, r3
        beq 10f
        mov r2, lr
        adr r1, bl_lr_name
        b check_failed
bl_lr_name:
        .asciz "bl_link_value"
        .balign 4
10:     bx lr
9:      SETF 0
        bleq 6b                         @ conditional BL not taken: LR unchanged
        mov r2, lr
        adr r3, bl_return
        sub r2, r2, r3
        CHECK r2, 0, bl_not_taken_keeps_lr
        POOL

@ --- BX and BLX -------------------------------------------------------------------------------
        adr r0, arm_func
        mov r2, #0
        adr lr, 11f
        bx r0                           @ BX to ARM code
11:     CHECK r2, 0xa1, bx_arm
        ldr r0, =thumb_func + 1
        mov r2, #0
        adr lr, 12f
        bx r0                           @ BX to Thumb code, returns with BX lr
12:     CHECK r2, 0x71, bx_thumb
        mrs r3, cpsr
        and r3, r3, #PSR_T
        CHECK r3, 0, bx_back_to_arm
        mov r2, #0
        blx thumb_func                  @ BLX immediate: target on a word boundary
13:     CHECK r2, 0x71, blx_imm
        mov r2, #0
        blx thumb_func_half             @ BLX immediate: target on a halfword boundary (H = 1)
        CHECK r2, 0x72, blx_imm_halfword
        ldr r0, =thumb_func_lr + 1
        blx r0                          @ BLX register: LR = next instruction (ARM, bit 0 clear)
blx_reg_return:
        CHECK r2, blx_reg_return, blx_reg_lr
        POOL

@ --- interworking loads -----------------------------------------------------------------------
        ldr r5, =thumb_target
        adr lr, 14f
        mov r2, #0
        ldr pc, [r5]                    @ bit 0 set: continue in Thumb state
14:     CHECK r2, 0x71, ldr_pc_to_thumb
        ldr r5, =thumb_target
        adr lr, 15f
        mov r2, #0
        ldmia r5, {pc}                  @ LDM loading PC interworks the same way
15:     CHECK r2, 0x71, ldm_pc_to_thumb
        ldr r5, =arm_target
        adr lr, 16f
        mov r2, #0
        ldr pc, [r5]                    @ bit 0 clear: stays in ARM state
16:     CHECK r2, 0xa1, ldr_pc_to_arm
        mrs r3, cpsr
        and r3, r3, #PSR_T
        CHECK r3, 0, ldr_pc_to_arm_state
        PASS branch
        .ltorg

thumb_target:
        .word thumb_func + 1
arm_target:
        .word arm_func

@ --- callees ----------------------------------------------------------------------------------
arm_func:
        mov r2, #0xa1
        bx lr

        .thumb
        .balign 4
thumb_func:
        movs r2, #0x71
        bx lr
        .balign 4
        nop
thumb_func_half:                        @ at a word address + 2
        movs r2, #0x72
        bx lr
        .balign 4
thumb_func_lr:                          @ r2 = the LR it was called with
        mov r2, lr
        bx lr
        .arm
