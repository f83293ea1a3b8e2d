@ alu: data-processing instructions (ARM ARM A3.4, A5.1): all sixteen opcodes with their flag
@ results, the immediate shifter operand and its carry-out, shifts by immediate (LSL #0, LSR #32,
@ ASR #32, ROR, RRX) and by register (0, 1..31, 32, more than 32, only the bottom byte counts),
@ and reading the PC as an operand (+8).

        .include "common.inc"

        .section .text.start, "ax"
        .arm
        .global _start
_start:
        INIT

@ --- the sixteen opcodes ---------------------------------------------------------------------
        ldr r0, =0xf0f0ff00
        ldr r1, =0x0ff0f0f0
        SETF 0
        ands r2, r0, r1
        CHECK_FLAGS 0, and_flags
        CHECK r2, 0x00f0f000, and
        SETF F_C | F_V
        eors r2, r0, r1
        CHECK_FLAGS F_N | F_C | F_V, eor_flags_keep_cv
        CHECK r2, 0xff000ff0, eor
        SETF 0
        orrs r2, r0, r1
        CHECK_FLAGS F_N, orr_flags
        CHECK r2, 0xfff0fff0, orr
        SETF F_Z
        bics r2, r0, r1
        CHECK_FLAGS F_N, bic_flags
        CHECK r2, 0xf0000f00, bic
        SETF 0
        movs r2, #0
        CHECK_FLAGS F_Z, mov_zero_flags
        SETF 0
        mvns r2, r0                     @ register operand, LSL #0: C unchanged
        CHECK_FLAGS 0, mvn_flags
        CHECK r2, 0x0f0f00ff, mvn

        mov r0, #5
        mov r1, #7
        SETF 0
        subs r2, r0, r1                 @ 5 - 7 = -2: borrow, so C clear
        CHECK_FLAGS F_N, sub_borrow_flags
        CHECK r2, 0xfffffffe, sub_borrow
        subs r2, r1, r0                 @ 7 - 5 = 2: no borrow, C set
        CHECK_FLAGS F_C, sub_flags
        CHECK r2, 2, sub
        rsbs r2, r0, r1                 @ 7 - 5
        CHECK_FLAGS F_C, rsb_flags
        CHECK r2, 2, rsb
        rsbs r2, r0, #0                 @ negate: 0 - 5
        CHECK_FLAGS F_N, rsb_neg_flags
        CHECK r2, 0xfffffffb, rsb_neg
        ldr r0, =0x7fffffff
        adds r2, r0, #1                 @ signed overflow
        CHECK_FLAGS F_N | F_V, add_overflow_flags
        CHECK r2, 0x80000000, add_overflow
        mvn r0, #0
        adds r2, r0, #1                 @ unsigned carry out, zero
        CHECK_FLAGS F_Z | F_C, add_carry_flags
        CHECK r2, 0, add_carry
        ldr r0, =0x80000000
        subs r2, r0, #1                 @ signed overflow going down
        CHECK_FLAGS F_C | F_V, sub_overflow_flags
        CHECK r2, 0x7fffffff, sub_overflow

        mov r0, #10
        SETF F_C
        adcs r2, r0, #5
        CHECK_FLAGS 0, adc_carry_in_flags
        CHECK r2, 16, adc_carry_in
        mvn r0, #0
        SETF F_C
        adcs r2, r0, #0                 @ 0xffffffff + 0 + 1 = 0, carry out
        CHECK_FLAGS F_Z | F_C, adc_wrap_flags
        CHECK r2, 0, adc_wrap
        ldr r0, =0x7fffffff
        SETF F_C
        adcs r2, r0, #0
        CHECK_FLAGS F_N | F_V, adc_overflow_flags
        CHECK r2, 0x80000000, adc_overflow
        mov r0, #10
        SETF 0
        sbcs r2, r0, #3                 @ 10 - 3 - NOT(C) = 6
        CHECK_FLAGS F_C, sbc_borrow_in_flags
        CHECK r2, 6, sbc_borrow_in
        SETF F_C
        sbcs r2, r0, #10                @ 10 - 10 - 0 = 0
        CHECK_FLAGS F_Z | F_C, sbc_zero_flags
        CHECK r2, 0, sbc_zero
        mov r0, #0
        SETF 0
        sbcs r2, r0, #0                 @ 0 - 0 - 1 = -1, borrow
        CHECK_FLAGS F_N, sbc_minus_one_flags
        CHECK r2, 0xffffffff, sbc_minus_one
        mov r0, #3
        SETF 0
        rscs r2, r0, #10                @ 10 - 3 - 1 = 6
        CHECK_FLAGS F_C, rsc_flags
        CHECK r2, 6, rsc
        SETF F_C
        rscs r2, r0, #3
        CHECK_FLAGS F_Z | F_C, rsc_zero_flags
        CHECK r2, 0, rsc_zero

        mov r0, #0xff
        SETF F_V
        tst r0, #0x100
        CHECK_FLAGS F_Z | F_V, tst_flags
        SETF 0
        tst r0, #0x80000000             @ rotated immediate: C = bit 31 of the immediate
        CHECK_FLAGS F_Z | F_C, tst_rot_imm_carry
        SETF F_C
        teq r0, #0xff
        CHECK_FLAGS F_Z | F_C, teq_flags
        mvn r1, #0
        SETF F_C
        teq r1, #0xff                   @ rotate 0: C unchanged
        CHECK_FLAGS F_N | F_C, teq_neg_flags
        SETF 0
        cmp r0, #0xff
        CHECK_FLAGS F_Z | F_C, cmp_equal
        cmp r0, #0x100
        CHECK_FLAGS F_N, cmp_less
        ldr r1, =0x80000000
        cmp r1, #1
        CHECK_FLAGS F_C | F_V, cmp_overflow
        mvn r1, #0
        cmn r1, #1
        CHECK_FLAGS F_Z | F_C, cmn_flags
        ldr r1, =0x7fffffff
        cmn r1, #1
        CHECK_FLAGS F_N | F_V, cmn_overflow
        @ test instructions do not write a register
        mov r2, #0x55
        cmp r2, #0x55
        CHECK r2, 0x55, cmp_no_write
        @ conditional execution: a failed condition changes nothing
        mov r2, #1
        SETF F_Z
        movne r2, #2
        addsne r2, r2, #0x80000000
        CHECK_FLAGS F_Z, cond_false_keeps_flags
        CHECK r2, 1, cond_false
        @ MOV with S and rotated immediate sets C from bit 31
        SETF 0
        movs r2, #0xc0000000
        CHECK_FLAGS F_N | F_C, mov_rot_imm_carry
        SETF F_C
        movs r2, #0x3f0                 @ 0x3f ror 28: rotation non-zero, so C = bit 31 = 0
        CHECK_FLAGS 0, mov_rot_imm_clears_c

        POOL

@ --- shifts by immediate ----------------------------------------------------------------------
        ldr r0, =0x80000001
        SETF F_C
        movs r2, r0, lsl #0             @ LSL #0: operand unchanged, C unchanged
        CHECK_FLAGS F_N | F_C, lsl0_flags
        CHECK r2, 0x80000001, lsl0
        SETF 0
        movs r2, r0, lsl #1             @ C = bit 31
        CHECK_FLAGS F_C, lsl1_flags
        CHECK r2, 2, lsl1
        SETF 0
        movs r2, r0, lsl #31
        CHECK_FLAGS F_N, lsl31_flags
        CHECK r2, 0x80000000, lsl31
        SETF 0
        movs r2, r0, lsr #1             @ C = bit 0
        CHECK_FLAGS F_C, lsr1_flags
        CHECK r2, 0x40000000, lsr1
        SETF 0
        movs r2, r0, lsr #32            @ encoded as LSR #0: result 0, C = bit 31
        CHECK_FLAGS F_Z | F_C, lsr32_flags
        CHECK r2, 0, lsr32
        SETF 0
        movs r2, r0, asr #1
        CHECK_FLAGS F_N | F_C, asr1_flags
        CHECK r2, 0xc0000000, asr1
        SETF 0
        movs r2, r0, asr #32            @ encoded as ASR #0: all sign bits, C = bit 31
        CHECK_FLAGS F_N | F_C, asr32_flags
        CHECK r2, 0xffffffff, asr32
        ldr r1, =0x40000000
        SETF F_C
        movs r2, r1, asr #32
        CHECK_FLAGS F_Z, asr32_positive_flags
        CHECK r2, 0, asr32_positive
        SETF 0
        movs r2, r0, ror #4
        CHECK_FLAGS 0, ror4_flags
        CHECK r2, 0x18000000, ror4
        SETF 0
        movs r2, r0, ror #1
        CHECK_FLAGS F_N | F_C, ror1_flags
        CHECK r2, 0xc0000000, ror1
        SETF F_C
        movs r2, r0, rrx                @ encoded as ROR #0: C into bit 31, bit 0 into C
        CHECK_FLAGS F_N | F_C, rrx_c_in_flags
        CHECK r2, 0xc0000000, rrx_c_in
        SETF 0
        movs r2, r0, rrx
        CHECK_FLAGS F_C, rrx_no_c_flags
        CHECK r2, 0x40000000, rrx_no_c
        mov r1, #2
        SETF F_C
        adc r2, r1, r1, rrx             @ without S: the shifter carry is not written
        CHECK_FLAGS F_C, rrx_no_s_flags
        CHECK r2, 0x80000004, rrx_no_s          @ 2 + (C<<31 | 1) + C
        @ arithmetic takes C from the ALU, not the shifter
        mov r1, #1
        SETF 0
        adds r2, r1, r0, lsl #1         @ shifter carry would be 1; the adder carry is 0
        CHECK_FLAGS 0, add_shift_carry_from_alu
        CHECK r2, 3, add_shift

        POOL

@ --- shifts by register -----------------------------------------------------------------------
        ldr r0, =0x80000001
        mov r3, #0
        SETF F_C
        movs r2, r0, lsl r3             @ by 0: unchanged, C unchanged
        CHECK_FLAGS F_N | F_C, lsl_r0_flags
        CHECK r2, 0x80000001, lsl_r0
        SETF 0
        movs r2, r0, lsr r3
        CHECK_FLAGS F_N, lsr_r0_flags
        CHECK r2, 0x80000001, lsr_r0
        SETF F_C
        movs r2, r0, asr r3
        CHECK_FLAGS F_N | F_C, asr_r0_flags
        SETF 0
        movs r2, r0, ror r3
        CHECK_FLAGS F_N, ror_r0_flags
        CHECK r2, 0x80000001, ror_r0
        mov r3, #32
        SETF 0
        movs r2, r0, lsl r3             @ LSL 32: 0, C = bit 0
        CHECK_FLAGS F_Z | F_C, lsl_r32_flags
        CHECK r2, 0, lsl_r32
        SETF 0
        movs r2, r0, lsr r3             @ LSR 32: 0, C = bit 31
        CHECK_FLAGS F_Z | F_C, lsr_r32_flags
        CHECK r2, 0, lsr_r32
        SETF 0
        movs r2, r0, asr r3             @ ASR 32: sign, C = bit 31
        CHECK_FLAGS F_N | F_C, asr_r32_flags
        CHECK r2, 0xffffffff, asr_r32
        SETF 0
        movs r2, r0, ror r3             @ ROR 32: unchanged, C = bit 31
        CHECK_FLAGS F_N | F_C, ror_r32_flags
        CHECK r2, 0x80000001, ror_r32
        mov r3, #33
        SETF F_C
        movs r2, r0, lsl r3             @ LSL > 32: 0, C = 0
        CHECK_FLAGS F_Z, lsl_r33_flags
        CHECK r2, 0, lsl_r33
        SETF F_C
        movs r2, r0, lsr r3             @ LSR > 32: 0, C = 0
        CHECK_FLAGS F_Z, lsr_r33_flags
        CHECK r2, 0, lsr_r33
        mov r3, #200
        SETF 0
        movs r2, r0, asr r3             @ ASR >= 32: sign, C = bit 31
        CHECK_FLAGS F_N | F_C, asr_r200_flags
        CHECK r2, 0xffffffff, asr_r200
        mov r3, #36
        SETF F_C
        movs r2, r0, ror r3             @ ROR 36 = ROR 4, C = bit 3 of the operand
        CHECK_FLAGS 0, ror_r36_flags
        CHECK r2, 0x18000000, ror_r36
        ldr r3, =0xffffff01             @ only Rs[7:0] is used: shift by 1
        SETF 0
        movs r2, r0, lsl r3
        CHECK_FLAGS F_C, lsl_rs_low_byte_flags
        CHECK r2, 2, lsl_rs_low_byte
        mov r3, #64
        ldr r4, =0x00000008
        SETF F_C
        movs r2, r4, ror r3             @ ROR by a non-zero multiple of 32: C = bit 31 (0 here)
        CHECK_FLAGS 0, ror_r64_flags
        CHECK r2, 8, ror_r64
        mov r3, #4
        ldr r4, =0x0000000f
        SETF 0
        movs r2, r4, lsr r3
        CHECK_FLAGS F_Z | F_C, lsr_r4_flags
        CHECK r2, 0, lsr_r4

        POOL

@ --- the PC as an operand ---------------------------------------------------------------------
        mov r0, #0
        adr r5, 1f
1:      add r2, pc, r0                  @ PC reads as the instruction address + 8
        sub r2, r2, r5
        CHECK r2, 8, pc_operand
        adr r5, 3f
3:      mov r2, pc
        sub r2, r2, r5
        CHECK r2, 8, mov_from_pc
        @ writing the PC with a data-processing instruction branches
        adr r5, 4f
        mov r2, #0
        add pc, r5, #0
        mov r2, #1                      @ skipped
4:      CHECK r2, 0, add_to_pc
        @ Rd = Rn = Rm
        mov r6, #3
        add r6, r6, r6, lsl #2
        CHECK r6, 15, add_same_regs

        PASS alu
        .ltorg
