@ cp15: the ARM926EJ-S system control coprocessor (ARM926EJ-S TRM chapter 2; ARM ARM B2-B4):
@ main ID (0x41069265), cache type (S bit, 4-way associativity and 8-word lines of both caches;
@ the Ctype field and the full TRM value are in divergent.S), SCTLR fixed bits (SBO 6:3 and 16)
@ and read-back of the writable bits that do not change behaviour here, TTBR, DACR, DFSR, IFSR and FAR read-back, the
@ FCSE PID (zero at reset), and cache and TLB maintenance operations (executed as no-ops, including the
@ test-and-clean loop, which must see Z set at once).

        .include "common.inc"

        .section .text.start, "ax"
        .arm
        .global _start
_start:
        INIT
        mrc p15, 0, r0, c0, c0, 0
        CHECK r0, 0x41069265, midr
        mrc p15, 0, r0, c0, c0, 1
        mov r1, r0, lsr #24             @ S = 1: separate I and D caches
        and r1, r1, #1
        CHECK r1, 1, cache_type_harvard
        and r1, r0, #3                  @ I cache: 8-word lines
        CHECK r1, 2, cache_type_iline
        mov r1, r0, lsr #12             @ D cache: 8-word lines
        and r1, r1, #3
        CHECK r1, 2, cache_type_dline
        mov r1, r0, lsr #3              @ I cache: assoc 0b010, 4-way
        and r1, r1, #7
        CHECK r1, 2, cache_type_iassoc
        mov r1, r0, lsr #15             @ D cache: assoc 0b010, 4-way
        and r1, r1, #7
        CHECK r1, 2, cache_type_dassoc
        mrc p15, 0, r0, c1, c0, 0
        and r1, r0, #0x78
        CHECK r1, 0x78, sctlr_sbo_6_3
        and r1, r0, #0x10000
        CHECK r1, 0x10000, sctlr_sbo_16
        and r1, r0, #0x3
        CHECK r1, 0, sctlr_mmu_and_alignment_off_at_reset
        and r1, r0, #0x2000
        CHECK r1, 0, sctlr_low_vectors_at_reset
        orr r2, r0, #(1 << 8) | (1 << 9) | (1 << 14)    @ S, R, RR
        mcr p15, 0, r2, c1, c0, 0
        mrc p15, 0, r1, c1, c0, 0
        CHECK_EQ r1, r2, sctlr_s_r_rr_writable
        mcr p15, 0, r0, c1, c0, 0
        mrc p15, 0, r1, c1, c0, 0
        sub r1, r1, r0
        CHECK r1, 0, sctlr_restored

        ldr r0, =0x0001c000
        mcr p15, 0, r0, c2, c0, 0
        mrc p15, 0, r1, c2, c0, 0
        CHECK r1, 0x0001c000, ttbr
        ldr r0, =0x5555aaaa
        mcr p15, 0, r0, c3, c0, 0
        mrc p15, 0, r1, c3, c0, 0
        CHECK r1, 0x5555aaaa, dacr
        mov r0, #0xf5
        mcr p15, 0, r0, c5, c0, 0
        mrc p15, 0, r1, c5, c0, 0
        CHECK r1, 0xf5, dfsr
        mov r0, #0x3d
        mcr p15, 0, r0, c5, c0, 1
        mrc p15, 0, r1, c5, c0, 1
        CHECK r1, 0x3d, ifsr
        ldr r0, =0xdeadbee8
        mcr p15, 0, r0, c6, c0, 0
        mrc p15, 0, r1, c6, c0, 0
        CHECK r1, 0xdeadbee8, far
        mrc p15, 0, r1, c13, c0, 0      @ (writing the PID would relocate this code: FCSE)
        CHECK r1, 0, fcse_pid_zero_at_reset

        @ cache maintenance: no effect on state
        mov r0, #0
        mcr p15, 0, r0, c7, c7, 0       @ invalidate I and D caches
        mcr p15, 0, r0, c7, c5, 0       @ invalidate I cache
        ldr r0, =data
        mcr p15, 0, r0, c7, c5, 1       @ invalidate I cache line by MVA
        mcr p15, 0, r0, c7, c6, 1       @ invalidate D cache line by MVA
        mcr p15, 0, r0, c7, c10, 1      @ clean D cache line by MVA
        mcr p15, 0, r0, c7, c14, 1      @ clean and invalidate D cache line by MVA
        mov r0, #0
        mcr p15, 0, r0, c7, c10, 4      @ drain write buffer
        mov r4, #0
1:      add r4, r4, #1
        cmp r4, #100
        bhs 2f
        mrc p15, 0, r15, c7, c10, 3     @ test and clean D cache: Z set when clean
        bne 1b
2:      CHECK r4, 1, test_and_clean_done_at_once
        mov r4, #0
3:      add r4, r4, #1
        cmp r4, #100
        bhs 4f
        mrc p15, 0, r15, c7, c14, 3     @ test, clean and invalidate
        bne 3b
4:      CHECK r4, 1, test_clean_invalidate_done_at_once
        ldr r0, =data
        ldr r1, [r0]
        CHECK r1, 0x12345678, data_survives_cache_ops
        @ TLB maintenance with the MMU off
        mov r0, #0
        mcr p15, 0, r0, c8, c7, 0       @ invalidate unified TLB
        mcr p15, 0, r0, c8, c5, 0       @ invalidate I TLB
        mcr p15, 0, r0, c8, c6, 0       @ invalidate D TLB
        ldr r0, =data
        mcr p15, 0, r0, c8, c7, 1       @ invalidate TLB entry by MVA
        ldr r1, [r0]
        CHECK r1, 0x12345678, data_survives_tlb_ops

        PASS cp15
        .ltorg

        .data
        .balign 4
data:   .word 0x12345678
