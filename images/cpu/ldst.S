@ ldst: single loads and stores (ARM ARM A5.2, A5.3): LDR/STR/LDRB/STRB with immediate, register
@ and scaled register offsets (LSL LSR ASR ROR RRX), up and down, pre-indexed with and without
@ writeback and post-indexed; LDRH/STRH/LDRSB/LDRSH/LDRD/STRD with immediate and register offsets
@ in the same modes; LDRT/STRT/LDRBT/STRBT (post-indexed, MMU off); SWP/SWPB; PC-relative loads.
@ Unaligned word loads (rotation) are in divergent.S because QEMU does not rotate.

        .include "common.inc"

        .section .text.start, "ax"
        .arm
        .global _start
_start:
        INIT

@ --- word and byte, immediate offset ----------------------------------------------------------
        ldr r0, =buf
        ldr r1, [r0]
        CHECK r1, 0x03020100, ldr_imm0
        ldr r1, [r0, #4]
        CHECK r1, 0x07060504, ldr_imm_up
        add r2, r0, #8
        ldr r1, [r2, #-8]
        CHECK r1, 0x03020100, ldr_imm_down
        CHECK r2, buf + 8, ldr_imm_no_writeback
        ldr r1, [r2, #4]!
        CHECK r1, 0x0f0e0d0c, ldr_pre_writeback
        CHECK r2, buf + 12, ldr_pre_writeback_base
        ldr r1, [r2], #-12
        CHECK r1, 0x0f0e0d0c, ldr_post
        CHECK r2, buf, ldr_post_base
        ldrb r1, [r0, #0x83]
        CHECK r1, 0x83, ldrb_zero_extends
        ldrb r1, [r2, #5]!
        CHECK r1, 0x05, ldrb_pre_writeback
        CHECK r2, buf + 5, ldrb_pre_writeback_base
        ldrb r1, [r2], #3
        CHECK r1, 0x05, ldrb_post
        CHECK r2, buf + 8, ldrb_post_base

        ldr r3, =0xdeadbeef
        str r3, [r0, #0x40]
        CHECK_MEM buf + 0x40, 0xdeadbeef, str_imm
        add r2, r0, #0x48
        str r3, [r2, #-4]!
        CHECK r2, buf + 0x44, str_pre_writeback_base
        CHECK_MEM buf + 0x44, 0xdeadbeef, str_pre_writeback
        mov r3, #0x5a
        strb r3, [r2], #1
        CHECK r2, buf + 0x45, strb_post_base
        ldr r0, =buf
        CHECK_MEM buf + 0x44, 0xdeadbe5a, strb_post
        ldr r3, =0x12345677
        strb r3, [r2, #1]               @ only the low byte is stored
        CHECK_MEM buf + 0x44, 0xde77be5a, strb_low_byte
        POOL

@ --- register and scaled register offsets -----------------------------------------------------
        ldr r0, =buf
        mov r4, #4
        ldr r1, [r0, r4]
        CHECK r1, 0x07060504, ldr_reg
        add r2, r0, #16
        ldr r1, [r2, -r4]
        CHECK r1, 0x0f0e0d0c, ldr_reg_down
        mov r4, #3
        ldr r1, [r0, r4, lsl #2]
        CHECK r1, 0x0f0e0d0c, ldr_reg_lsl
        mov r4, #64
        ldr r1, [r0, r4, lsr #4]
        CHECK r1, 0x07060504, ldr_reg_lsr
        mvn r4, #15                     @ -16 asr 2 = -4
        add r2, r0, #8
        ldr r1, [r2, r4, asr #2]
        CHECK r1, 0x07060504, ldr_reg_asr
        mov r4, #0x100                  @ 0x100 ror 4 = 0x10
        ldr r1, [r0, r4, ror #4]
        CHECK r1, 0x13121110, ldr_reg_ror
        mov r4, #8
        SETF 0
        ldr r1, [r0, r4, rrx]           @ C clear: 8 >> 1 = 4
        CHECK r1, 0x07060504, ldr_reg_rrx
        mov r4, #0x100
        SETF F_C
        add r2, r0, #0x80000000
        add r2, r2, #0x80
        ldr r1, [r2, -r4, rrx]          @ C set: (1 << 31) | 0x80 subtracted
        CHECK r1, 0x03020100, ldr_reg_rrx_carry
        mov r4, #2
        add r2, r0, #0x20
        ldr r1, [r2, r4, lsl #3]!
        CHECK r1, 0x33323130, ldr_reg_pre_writeback
        CHECK r2, buf + 0x30, ldr_reg_pre_writeback_base
        ldr r1, [r2], -r4, lsl #4
        CHECK r1, 0x33323130, ldr_reg_post
        CHECK r2, buf + 0x10, ldr_reg_post_base
        mov r4, #0x21
        ldrb r1, [r0, r4]
        CHECK r1, 0x21, ldrb_reg
        mov r3, #0xa5
        mov r4, #0x4c
        strb r3, [r0, r4]
        ldr r3, =0x11223344
        mov r4, #0x50
        str r3, [r0, r4]
        CHECK_MEM buf + 0x4c, 0x4f4e4da5, strb_reg
        CHECK_MEM buf + 0x50, 0x11223344, str_reg
        POOL

@ --- halfwords, signed bytes, doublewords -----------------------------------------------------
        ldr r0, =sbuf
        ldrh r1, [r0]
        CHECK r1, 0x8281, ldrh_zero_extends
        ldrsh r1, [r0]
        CHECK r1, 0xffff8281, ldrsh_sign_extends
        ldrsh r1, [r0, #2]
        CHECK r1, 0x00007f84, ldrsh_positive
        ldrsb r1, [r0]
        CHECK r1, 0xffffff81, ldrsb_sign_extends
        ldrsb r1, [r0, #3]
        CHECK r1, 0x7f, ldrsb_positive
        mov r4, #2
        ldrh r1, [r0, r4]
        CHECK r1, 0x7f84, ldrh_reg
        add r2, r0, #4
        ldrsh r1, [r2, -r4]
        CHECK r1, 0x7f84, ldrsh_reg_down
        ldrsb r1, [r2, #-3]!
        CHECK r1, 0xffffff82, ldrsb_pre_writeback
        CHECK r2, sbuf + 1, ldrsb_pre_writeback_base
        ldrsb r1, [r2], r4
        CHECK r1, 0xffffff82, ldrsb_post_reg
        CHECK r2, sbuf + 3, ldrsb_post_reg_base
        add r2, r0, #2
        ldrh r1, [r2], #-2
        CHECK r1, 0x7f84, ldrh_post
        CHECK r2, sbuf, ldrh_post_base
        ldr r3, =0xcafef00d
        strh r3, [r0, #8]               @ low halfword only
        add r2, r0, #8
        strh r3, [r2, #2]!
        CHECK r2, sbuf + 10, strh_pre_writeback_base
        CHECK_MEM sbuf + 8, 0xf00df00d, strh
        mov r4, #6
        strh r3, [r2], -r4
        CHECK r2, sbuf + 4, strh_post_reg_base
        CHECK_MEM sbuf + 8, 0xf00df00d, strh_post_reg

        ldr r0, =dbuf
        ldr r6, =0x01234567
        ldr r7, =0x89abcdef
        strd r6, r7, [r0]
        CHECK_MEM dbuf, 0x01234567, strd_low
        CHECK_MEM dbuf + 4, 0x89abcdef, strd_high
        ldr r0, =dbuf
        ldrd r4, r5, [r0]
        CHECK r4, 0x01234567, ldrd_low
        CHECK r5, 0x89abcdef, ldrd_high
        add r2, r0, #16
        strd r6, r7, [r2, #-8]!
        CHECK r2, dbuf + 8, strd_pre_writeback_base
        ldrd r4, r5, [r2], #-8
        CHECK r2, dbuf, ldrd_post_base
        CHECK r4, 0x01234567, ldrd_post_low
        mov r3, #8
        ldrd r4, r5, [r0, r3]
        CHECK r5, 0x89abcdef, ldrd_reg
        ldrd r4, r5, [r2, r3]!
        CHECK r2, dbuf + 8, ldrd_reg_pre_writeback
        strd r4, r5, [r2], -r3
        CHECK r2, dbuf, strd_post_reg_base
        POOL

@ --- unprivileged-access forms with the MMU off behave as plain accesses ------------------------
        ldr r0, =buf
        mov r2, r0
        ldrt r1, [r2], #4
        CHECK r1, 0x03020100, ldrt
        CHECK r2, buf + 4, ldrt_post_base
        ldrbt r1, [r2], #1
        CHECK r1, 0x04, ldrbt
        CHECK r2, buf + 5, ldrbt_post_base
        ldr r3, =0x600d600d
        add r2, r0, #0x58
        strt r3, [r2], #4
        CHECK_MEM buf + 0x58, 0x600d600d, strt
        CHECK r2, buf + 0x5c, strt_post_base
        mov r3, #0xee
        mov r4, #1
        strbt r3, [r2], -r4
        CHECK r2, buf + 0x5b, strbt_post_reg_base
        CHECK_MEM buf + 0x5c, 0x5f5e5dee, strbt

@ --- swap -------------------------------------------------------------------------------------
        ldr r0, =buf + 0x60
        ldr r3, =0xabcdef01
        swp r1, r3, [r0]
        CHECK r1, 0x63626160, swp_old
        CHECK_MEM buf + 0x60, 0xabcdef01, swp_new
        ldr r0, =buf + 0x60
        swp r1, r1, [r0]                @ Rd = Rm is allowed
        CHECK r1, 0xabcdef01, swp_same_reg
        CHECK_MEM buf + 0x60, 0x63626160, swp_same_reg_mem
        ldr r0, =buf + 0x62
        ldr r3, =0x1ff
        swpb r1, r3, [r0]
        CHECK r1, 0x62, swpb_old
        CHECK_MEM buf + 0x60, 0x63ff6160, swpb_new

@ --- PC-relative ------------------------------------------------------------------------------
        ldr r1, 1f                      @ PC + 8 base, assembler-computed
        CHECK r1, 0x5eed5eed, ldr_pc_relative
        adr r2, 2f
        ldr r1, [pc, #-4]               @ reads the next word: the address + 8 - 4
2:      .word 0xe1a00000                @ (a NOP, also executed)
        CHECK r1, 0xe1a00000, ldr_pc_base_plus_8

        PASS ldst
1:      .word 0x5eed5eed
        .ltorg

        .data
        .balign 8
buf:    .byte 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f
        .byte 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f
        .byte 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f
        .byte 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f
        .byte 0x40, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f
        .byte 0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f
        .byte 0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f
        .byte 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f
        .byte 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x8f
sbuf:   .byte 0x81, 0x82, 0x84, 0x7f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
        .balign 8
dbuf:   .space 16
