@ thumb: every Thumb instruction format of ARMv5TE (ARM ARM A6, A7): shifts by immediate, ADD/SUB
@ register and 3-bit immediate, MOV/CMP/ADD/SUB 8-bit immediate, the sixteen register ALU ops,
@ high-register ADD/CMP/MOV, BX and BLX register, PC-relative load, register-offset and
@ immediate-offset loads and stores of words, bytes, halfwords and signed values, SP-relative
@ loads and stores, ADD to PC/SP, SP adjustment, PUSH/POP (with LR and PC; POP {pc} interworks),
@ LDMIA/STMIA, conditional and unconditional branches, the BL pair and BLX immediate.
@ Flags are read through a small ARM routine reached with BLX (which preserves them).

        .include "common.inc"

@ r6 = NZCV (through ARM code; BLX and BX leave the flags alone), then check it.
        .macro TFLAGS nzcv, name
        blx arm_nzcv
        TCHECK r6, \nzcv, \name
        .endm

@ Thumb: set NZCV from a 4-bit value (through ARM code).
        .macro TSETF nzcv
        movs r6, #(\nzcv)
        blx arm_setf
        .endm

        .section .text.start, "ax"
        .arm
        .global _start
_start:
        INIT
        ldr r0, =thumb_tests + 1
        bx r0

arm_nzcv:                               @ r6 = NZCV
        mrs r6, cpsr
        mov r6, r6, lsr #28
        bx lr
arm_setf:                               @ NZCV = r6[3:0]
        mov r6, r6, lsl #28
        msr cpsr_f, r6
        bx lr
arm_mark:                               @ r5 = 0xa5, to show an ARM callee ran
        mov r5, #0xa5
        bx lr

        .thumb
        .balign 4
thumb_tests:
@ --- format 1: shift by immediate -------------------------------------------------------------
        ldr r0, =0x80000001
        TSETF 0
        lsls r1, r0, #1
        TFLAGS F_C, t_lsl_imm_flags
        TCHECK r1, 2, t_lsl_imm
        TSETF F_C
        lsls r1, r0, #0                 @ (encoded as MOVS: C unchanged)
        TFLAGS F_N | F_C, t_lsl0_flags
        TSETF 0
        lsrs r1, r0, #32                @ LSR #32: 0, C = bit 31
        TFLAGS F_Z | F_C, t_lsr32_flags
        TCHECK r1, 0, t_lsr32
        TSETF 0
        asrs r1, r0, #1
        TFLAGS F_N | F_C, t_asr_imm_flags
        TCHECK r1, 0xc0000000, t_asr_imm
        asrs r1, r0, #32
        TCHECK r1, 0xffffffff, t_asr32

@ --- format 2: add/subtract register and 3-bit immediate ---------------------------------------
        movs r0, #5
        movs r1, #7
        adds r2, r0, r1
        TCHECK r2, 12, t_add_reg
        subs r2, r0, r1
        TFLAGS F_N, t_sub_reg_flags
        TCHECK r2, 0xfffffffe, t_sub_reg
        adds r2, r0, #7
        TCHECK r2, 12, t_add_imm3
        subs r2, r0, #5
        TFLAGS F_Z | F_C, t_sub_imm3_flags

@ --- format 3: MOV/CMP/ADD/SUB 8-bit immediate -------------------------------------------------
        movs r3, #255
        TCHECK r3, 255, t_mov_imm8
        adds r3, #1
        TCHECK r3, 256, t_add_imm8
        subs r3, #200
        TCHECK r3, 56, t_sub_imm8
        cmp r3, #56
        TFLAGS F_Z | F_C, t_cmp_imm8_flags
        movs r3, #0
        TFLAGS F_Z | F_C, t_mov_imm8_keeps_c
        b 1f
        .ltorg
1:

@ --- format 4: register ALU operations ----------------------------------------------------------
        ldr r0, =0xff00ff00
        ldr r1, =0x0ff00ff0
        movs r2, r0
        ands r2, r1
        TCHECK r2, 0x0f000f00, t_and
        movs r2, r0
        eors r2, r1
        TCHECK r2, 0xf0f0f0f0, t_eor
        movs r2, r0
        orrs r2, r1
        TCHECK r2, 0xfff0fff0, t_orr
        movs r2, r0
        bics r2, r1
        TCHECK r2, 0xf000f000, t_bic
        mvns r2, r0
        TCHECK r2, 0x00ff00ff, t_mvn
        movs r3, #4
        movs r2, r0
        lsls r2, r3
        TCHECK r2, 0xf00ff000, t_lsl_reg
        movs r2, r0
        lsrs r2, r3
        TCHECK r2, 0x0ff00ff0, t_lsr_reg
        movs r2, r0
        asrs r2, r3
        TCHECK r2, 0xfff00ff0, t_asr_reg
        movs r2, r0
        rors r2, r3
        TCHECK r2, 0x0ff00ff0, t_ror_reg
        movs r3, #32
        movs r2, r0
        TSETF 0
        lsls r2, r3                     @ by 32: 0, C = bit 0
        TFLAGS F_Z, t_lsl_reg32_flags
        movs r3, #0
        movs r2, r0
        TSETF F_C
        rors r2, r3                     @ by 0: unchanged, C unchanged
        TFLAGS F_N | F_C, t_ror_reg0_flags
        movs r2, #10
        movs r3, #5
        TSETF F_C
        adcs r2, r3
        TCHECK r2, 16, t_adc
        TSETF 0
        sbcs r2, r3
        TCHECK r2, 10, t_sbc
        rsbs r2, r3, #0                 @ NEG
        TCHECK r2, 0xfffffffb, t_neg
        TSETF F_V
        tst r2, r3                      @ 0xfffffffb & 5 = 1: N Z clear, C V kept
        TFLAGS F_V, t_tst_flags
        cmp r3, r2                      @ 5 - 0xfffffffb: borrow, no overflow
        TFLAGS 0, t_cmp_reg_flags
        cmn r3, r2                      @ 5 + -5 = 0 with carry out
        TFLAGS F_Z | F_C, t_cmn_flags
        movs r2, #7
        ldr r3, =0x10000001
        muls r2, r3, r2
        TCHECK r2, 0x70000007, t_mul
        b 2f
        .ltorg
2:

@ --- format 5: high registers, BX, BLX ---------------------------------------------------------
        ldr r0, =0x11111111
        mov r8, r0
        movs r1, #0x22
        add r8, r1                      @ high + low, flags untouched
        mov r2, r8
        TCHECK r2, 0x11111133, t_add_hi
        mov r9, r8
        add r9, r9                      @ high + high
        mov r2, r9
        TCHECK r2, 0x22222266, t_add_hi_hi
        cmp r8, r9
        TFLAGS F_N, t_cmp_hi_flags
        .balign 4
3:      mov r3, pc                      @ PC reads as this instruction's address + 4
        subs r3, #4
        TCHECK r3, 3b, t_mov_from_pc
        movs r5, #0
        ldr r0, =arm_mark
        blx r0                          @ BLX register to ARM code, back with BX lr
        TCHECK r5, 0xa5, t_blx_reg_to_arm
        ldr r0, =5f + 1
        movs r5, #0
        bx r0                           @ BX to Thumb code
        movs r5, #1
5:      adds r5, #0xaa
        TCHECK r5, 0xaa, t_bx_thumb
        ldr r0, =6f
        bx r0                           @ BX to ARM code
        b 7f
        .arm
        .balign 4
6:      mov r5, #0xbb
        ldr r0, =7f + 1
        bx r0
        .ltorg
        .thumb
7:      TCHECK r5, 0xbb, t_bx_arm_and_back
        b 8f
        .ltorg
8:

@ --- format 6: PC-relative load; format 12: ADD Rd, PC/SP ---------------------------------------
        ldr r0, 9f                      @ base is (address + 4) & ~3
        TCHECK r0, 0xfeedf00d, t_ldr_pc_relative
        adr r1, 9f                      @ ADD Rd, PC, #imm
        ldr r0, =9f
        subs r1, r1, r0
        TCHECK r1, 0, t_add_pc_imm
        mov r1, sp
        add r0, sp, #16                 @ ADD Rd, SP, #imm
        subs r0, r0, r1
        TCHECK r0, 16, t_add_sp_imm
        b 10f
        .balign 4
9:      .word 0xfeedf00d
10:

@ --- formats 7-10: register and immediate offsets ---------------------------------------------
        ldr r0, =tbuf
        movs r1, #4
        ldr r2, [r0, r1]
        TCHECK r2, 0x07060504, t_ldr_reg
        ldrb r2, [r0, r1]
        TCHECK r2, 0x04, t_ldrb_reg
        ldrh r2, [r0, r1]
        TCHECK r2, 0x0504, t_ldrh_reg
        movs r1, #0x10
        ldrsb r2, [r0, r1]
        TCHECK r2, 0xffffff90, t_ldrsb_reg
        ldrsh r2, [r0, r1]
        TCHECK r2, 0xffff9190, t_ldrsh_reg
        ldr r2, [r0, #8]
        TCHECK r2, 0x0b0a0908, t_ldr_imm
        ldrb r2, [r0, #31]
        TCHECK r2, 0x9f, t_ldrb_imm
        ldrh r2, [r0, #6]
        TCHECK r2, 0x0706, t_ldrh_imm
        ldr r3, =0xa1b2c3d4
        movs r1, #0x20
        str r3, [r0, r1]
        adds r4, r0, r1                 @ r4 = tbuf + 0x20
        strb r3, [r4, #4]
        movs r1, #0x25
        strb r3, [r0, r1]
        strh r3, [r4, #6]
        ldr r2, [r4]
        TCHECK r2, 0xa1b2c3d4, t_str_reg
        ldr r2, [r4, #4]
        TCHECK r2, 0xc3d4d4d4, t_strb_strh
        movs r1, #0x28
        strh r3, [r0, r1]
        str r3, [r4, #12]
        ldrh r2, [r4, #8]
        TCHECK r2, 0xc3d4, t_strh_reg
        ldr r2, [r4, #12]
        TCHECK r2, 0xa1b2c3d4, t_str_imm
        b 11f
        .ltorg
11:

@ --- format 11: SP-relative; format 13: SP adjustment; format 14: PUSH/POP ----------------------
        mov r4, sp
        sub sp, #16
        mov r2, sp
        subs r2, r4, r2
        TCHECK r2, 16, t_sub_sp
        ldr r3, =0x51525354
        str r3, [sp, #12]
        ldr r2, [sp, #12]
        TCHECK r2, 0x51525354, t_sp_relative
        subs r4, #4
        ldr r2, [r4]
        TCHECK r2, 0x51525354, t_str_sp_address
        add sp, #16
        movs r0, #1
        movs r1, #2
        movs r2, #3
        mov r4, sp
        push {r0-r2, lr}
        mov r3, sp
        subs r3, r4, r3
        TCHECK r3, 16, t_push_sp
        ldr r3, [sp]
        TCHECK r3, 1, t_push_lowest_first
        movs r0, #0
        movs r1, #0
        pop {r0, r1}
        TCHECK r1, 2, t_pop
        add sp, #8
        @ POP {pc}: back to Thumb (bit 0 set), then to ARM (bit 0 clear, ARMv5 interworking)
        ldr r0, =12f + 1
        push {r0}
        pop {pc}
        movs r5, #1
12:     ldr r0, =13f
        push {r0}
        pop {pc}
        .arm
        .balign 4
13:     mrs r5, cpsr
        and r5, r5, #PSR_T
        CHECK r5, 0, t_pop_pc_to_arm
        ldr r0, =14f + 1
        bx r0
        .ltorg
        .thumb
14:
        @ BL pair: LR = next instruction | 1
        bl 15f
16:     b 17f
15:     mov r2, lr
        ldr r3, =16b + 1
        cmp r2, r3
        beq 18f
        movs r2, #0
18:     TCHECK r2, 16b + 1, t_bl_lr
        bx lr                           @ BX lr returns to Thumb code
17:     movs r5, #0
        blx arm_mark                    @ BLX immediate to ARM code
        TCHECK r5, 0xa5, t_blx_imm_to_arm
        b 19f
        .ltorg
19:

@ --- format 15: LDMIA/STMIA; formats 16/18: branches ----------------------------------------------
        ldr r0, =tbuf + 0x30
        movs r1, #0x11
        movs r2, #0x22
        movs r3, #0x33
        stmia r0!, {r1-r3}
        ldr r4, =tbuf + 0x3c
        subs r4, r0, r4
        TCHECK r4, 0, t_stmia_writeback
        subs r0, #12
        movs r1, #0
        movs r3, #0
        ldmia r0!, {r1, r3}
        TCHECK r1, 0x11, t_ldmia_first
        TCHECK r3, 0x22, t_ldmia_second
        ldr r4, =tbuf + 0x38
        subs r4, r0, r4
        TCHECK r4, 0, t_ldmia_writeback
        movs r2, #1
        TSETF F_Z
        bne 20f
        beq 21f
20:     movs r2, #0x55
21:     TCHECK r2, 1, t_bcond
        movs r2, #0
        TSETF F_N
        bmi 22f
        movs r2, #0x10                  @ not reached
22:     TSETF F_V | F_Z
        bhi 23f                         @ C clear: not taken
        bvc 23f                         @ V set: not taken
        bls 24f                         @ Z set: taken
23:     adds r2, #0x20
24:     TCHECK r2, 0, t_bcond_mi_hi_vc_ls
        movs r2, #0
        b 25f
        movs r2, #1
25:     TCHECK r2, 0, t_b_unconditional

        ldr r0, =26f
        bx r0
        .arm
        .balign 4
26:     PASS thumb
        .ltorg

        .data
        .balign 4
tbuf:   .byte 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f
        .byte 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f
        .space 32
