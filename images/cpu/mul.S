@ mul: multiplies (ARM ARM A4.1: MUL MLA UMULL UMLAL SMULL SMLAL, with S: N and Z from the result,
@ C and V unchanged on ARMv5) and the E-extension DSP instructions: SMLAxy SMULxy SMLAWy SMULWy
@ SMLALxy, QADD QSUB QDADD QDSUB, and the sticky Q flag (set on overflow or saturation, cleared
@ only by MSR).

        .include "common.inc"

@ r9 = CPSR.Q (0 or PSR_Q); checked against q.
        .macro CHECK_Q q, name
        mrs r9, cpsr
        and r9, r9, #PSR_Q
        CHECK r9, \q, \name
        .endm

        .section .text.start, "ax"
        .arm
        .global _start
_start:
        INIT

@ --- MUL, MLA, long multiplies ----------------------------------------------------------------
        ldr r0, =0x12345678
        ldr r1, =0x9abcdef0
        ldr r2, =0x11111111
        mul r3, r0, r1
        CHECK r3, 0x242d2080, mul
        mla r3, r0, r1, r2
        CHECK r3, 0x353e3191, mla
        SETF F_C | F_V
        muls r3, r0, r1                 @ positive result: N and Z clear, C and V kept
        CHECK_FLAGS F_C | F_V, muls_keeps_cv
        mov r4, #0
        SETF F_N
        muls r3, r0, r4
        CHECK_FLAGS F_Z, muls_zero
        ldr r4, =0x80000000
        mov r5, #1
        SETF 0
        mlas r3, r4, r5, r4             @ 0x80000000 + 0x80000000 = 0: Z
        CHECK_FLAGS F_Z, mlas_zero
        mov r5, #3
        SETF 0
        mlas r3, r4, r5, r2
        CHECK_FLAGS F_N, mlas_negative
        CHECK r3, 0x91111111, mlas

        umull r3, r4, r0, r1
        CHECK r3, 0x242d2080, umull_lo
        CHECK r4, 0x0b00ea4e, umull_hi
        mvn r3, #0
        mov r4, #1
        umlal r3, r4, r0, r1
        CHECK r3, 0x242d207f, umlal_lo
        CHECK r4, 0x0b00ea50, umlal_hi
        smull r3, r4, r0, r1
        CHECK r3, 0x242d2080, smull_lo
        CHECK r4, 0xf8cc93d6, smull_hi
        mvn r3, #0
        mov r4, #1
        smlal r3, r4, r0, r1
        CHECK r3, 0x242d207f, smlal_lo
        CHECK r4, 0xf8cc93d8, smlal_hi
        mov r5, #0x10000
        SETF F_Z | F_C | F_V
        umulls r3, r4, r5, r5           @ 2^32: low word zero, but Z tests all 64 bits
        CHECK_FLAGS F_C | F_V, umulls_flags
        CHECK r3, 0, umulls_lo
        CHECK r4, 1, umulls_hi
        mvn r5, #0
        mov r6, #1
        SETF 0
        smulls r3, r4, r5, r6           @ -1: N from bit 63
        CHECK_FLAGS F_N, smulls_flags
        CHECK r4, 0xffffffff, smulls_hi
        mov r3, #1
        mov r4, #0
        SETF 0
        smlals r3, r4, r5, r6           @ 1 + -1 = 0
        CHECK_FLAGS F_Z, smlals_flags
        mov r3, #0
        mov r4, #0
        SETF F_N
        umlals r3, r4, r5, r5           @ 0xffffffff^2 = 0xfffffffe_00000001
        CHECK_FLAGS F_N, umlals_flags
        CHECK r3, 1, umlals_lo
        CHECK r4, 0xfffffffe, umlals_hi
        POOL

@ --- 16-bit signed multiplies (SMULxy, SMLAxy) --------------------------------------------------
        msr cpsr_f, #0                  @ clear Q
        ldr r0, =0x8000fffe             @ top -32768, bottom -2
        ldr r1, =0x7fff8001             @ top 32767, bottom -32767
        mov r2, #0x100
        smulbb r3, r0, r1
        CHECK r3, 0x0000fffe, smulbb
        smulbt r3, r0, r1
        CHECK r3, 0xffff0002, smulbt
        smultb r3, r0, r1
        CHECK r3, 0x3fff8000, smultb
        smultt r3, r0, r1
        CHECK r3, 0xc0008000, smultt
        smlabb r3, r0, r1, r2
        CHECK r3, 0x000100fe, smlabb
        smlabt r3, r0, r1, r2
        CHECK r3, 0xffff0102, smlabt
        smlatb r3, r0, r1, r2
        CHECK r3, 0x3fff8100, smlatb
        smlatt r3, r0, r1, r2
        CHECK r3, 0xc0008100, smlatt
        CHECK_Q 0, smla_no_overflow_q_clear
        ldr r4, =0x00008000             @ bottom -32768
        smulbb r3, r4, r4               @ the largest product, 2^30, cannot overflow
        CHECK r3, 0x40000000, smulbb_max
        CHECK_Q 0, smulbb_never_sets_q
        ldr r5, =0x40000000
        SETF F_N | F_Z | F_C | F_V
        smlabb r3, r4, r4, r5           @ 2^30 + 2^30 overflows: wraps, sets Q, NZCV untouched
        CHECK_FLAGS F_N | F_Z | F_C | F_V, smlabb_overflow_keeps_nzcv
        CHECK r3, 0x80000000, smlabb_overflow_wraps
        CHECK_Q PSR_Q, smlabb_overflow_sets_q
        smlabb r3, r0, r1, r2           @ no overflow: Q stays set (sticky)
        CHECK_Q PSR_Q, q_sticky
        msr cpsr_f, #0
        CHECK_Q 0, msr_clears_q

@ --- 32 x 16 multiplies (SMULWy, SMLAWy) --------------------------------------------------------
        ldr r0, =0x12345678
        ldr r2, =0x1000
        smulwb r3, r0, r1               @ (r0 * -32767) >> 16
        CHECK r3, 0xf6e5e6f8, smulwb
        smulwt r3, r0, r1               @ (r0 * 32767) >> 16
        CHECK r3, 0x091a1907, smulwt
        smlawb r3, r0, r1, r2
        CHECK r3, 0xf6e5f6f8, smlawb
        smlawt r3, r0, r1, r2
        CHECK r3, 0x091a2907, smlawt
        CHECK_Q 0, smlaw_no_overflow_q_clear
        ldr r4, =0x7fffffff
        smlawt r3, r4, r1, r4           @ 0x3fff7fff + 0x7fffffff overflows
        CHECK r3, 0xbfff7ffe, smlawt_overflow_wraps
        CHECK_Q PSR_Q, smlawt_overflow_sets_q
        msr cpsr_f, #0
        ldr r4, =0x80000000
        ldr r5, =0x00008000
        smulwb r3, r4, r5               @ -2^31 * -32768 >> 16 = 2^30: no Q
        CHECK r3, 0x40000000, smulwb_max
        CHECK_Q 0, smulwb_never_sets_q

@ --- SMLALxy: 64-bit accumulate, never sets Q ---------------------------------------------------
        ldr r0, =0x8000fffe
        ldr r1, =0x7fff8001
        mvn r3, #0
        mov r4, #0
        smlalbb r3, r4, r0, r1          @ 0x00000000_ffffffff + 0xfffe
        CHECK r3, 0x0000fffd, smlalbb_lo
        CHECK r4, 1, smlalbb_hi
        mvn r3, #0
        mov r4, #0
        smlalbt r3, r4, r0, r1          @ + (-2 * 32767) sign-extended to 64 bits
        CHECK r3, 0xffff0001, smlalbt_lo
        CHECK r4, 0, smlalbt_hi
        mov r3, #0
        mov r4, #0
        smlaltb r3, r4, r0, r1          @ -32768 * -32767
        CHECK r3, 0x3fff8000, smlaltb_lo
        CHECK r4, 0, smlaltb_hi
        mov r3, #0
        mov r4, #0
        smlaltt r3, r4, r0, r1          @ -32768 * 32767
        CHECK r3, 0xc0008000, smlaltt_lo
        CHECK r4, 0xffffffff, smlaltt_hi
        ldr r3, =0xffffffff
        ldr r4, =0x7fffffff
        ldr r5, =0x00000001
        smlalbb r3, r4, r5, r5          @ 64-bit signed overflow wraps silently
        CHECK r3, 0, smlal_wrap_lo
        CHECK r4, 0x80000000, smlal_wrap_hi
        CHECK_Q 0, smlalxy_never_sets_q
        POOL

@ --- saturating arithmetic --------------------------------------------------------------------
        mov r0, #5
        mov r1, #6
        qadd r3, r0, r1
        CHECK r3, 11, qadd
        qsub r3, r0, r1
        CHECK r3, 0xffffffff, qsub
        qdadd r3, r0, r1                @ 5 + 2*6
        CHECK r3, 17, qdadd
        qdsub r3, r0, r1                @ 5 - 2*6
        CHECK r3, 0xfffffff9, qdsub
        CHECK_Q 0, q_clear_without_saturation
        ldr r0, =0x7fffffff
        mov r1, #1
        SETF 0
        qadd r3, r0, r1
        CHECK_FLAGS 0, qadd_keeps_nzcv
        CHECK r3, 0x7fffffff, qadd_saturates_high
        CHECK_Q PSR_Q, qadd_sets_q
        msr cpsr_f, #0
        ldr r0, =0x80000000
        qsub r3, r0, r1
        CHECK r3, 0x80000000, qsub_saturates_low
        CHECK_Q PSR_Q, qsub_sets_q
        msr cpsr_f, #0
        qadd r3, r0, r0
        CHECK r3, 0x80000000, qadd_saturates_low
        msr cpsr_f, #0
        mov r0, #1
        ldr r1, =0x40000000
        qdadd r3, r0, r1                @ 2*Rn saturates to 0x7fffffff, then + 1 saturates again
        CHECK r3, 0x7fffffff, qdadd_doubling_saturates
        CHECK_Q PSR_Q, qdadd_sets_q
        msr cpsr_f, #0
        ldr r1, =0xe0000000
        mvn r0, #0
        qdadd r3, r0, r1                @ 2*Rn = 0xc0000000 exactly, -1 + that: no saturation
        CHECK r3, 0xbfffffff, qdadd_negative
        CHECK_Q 0, qdadd_no_q
        mov r0, #0
        ldr r1, =0xc0000000
        qdsub r3, r0, r1                @ 0 - (-2^31) saturates to 0x7fffffff
        CHECK r3, 0x7fffffff, qdsub_saturates
        CHECK_Q PSR_Q, qdsub_sets_q
        msr cpsr_f, #0
        ldr r1, =0x80000000
        qdsub r3, r0, r1                @ doubling saturates to 0x80000000, 0 - that saturates
        CHECK r3, 0x7fffffff, qdsub_double_saturation
        CHECK_Q PSR_Q, qdsub_double_sets_q
        msr cpsr_f, #0

        PASS mul
        .ltorg
