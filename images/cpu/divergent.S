@ divergent: ARM ARM behaviour that QEMU (7.2, arm926) does not implement, so this image passes on
@ czemu only (make qemu skips it; docs/images.md lists each divergence):
@   - unaligned LDR / LDRT / SWP rotate the aligned word right by 8 * address[1:0] (A4.1.23,
@     A4.1.108), SWP storing to the aligned word;
@   - LDM/STM ignore address[1:0] when SCTLR.A is clear (no alignment fault);
@   - a data-processing instruction with S and Rd = PC copies SPSR to CPSR for every opcode (A5.1),
@     here ADDS, ANDS, EORS, ORRS, BICS, MVNS, ADCS;
@   - SCTLR resets to 0x00050078 (ARM926EJ-S TRM: SBO bits 18, 16 and 6:3);
@   - CPSR bit 8 is reserved on ARMv5 and reads as zero after reset;
@   - the cache type register has the ARM926EJ-S TRM's value 0x1D152152: Ctype 0b1110 (write-back,
@     register 7 cleaning, format C lockdown), S = 1, 16 KB 4-way 8-word-line D and I caches
@     (QEMU reads 0x01DD20D2, Ctype 0);
@   - for a page, the second-level translation fault comes before the domain check (ARM ARM B4,
@     "fault checking sequence"; ARM926EJ-S TRM 3.5): an invalid second-level entry in a
@     no-access domain is a page translation fault 0x7 with the domain, not a domain fault 0xB
@     (QEMU checks the domain before it reads the second-level descriptor).

        .include "common.inc"

@ Exception-return through a data-processing op with S and Rd = PC: SPSR = System mode with Z,
@ the op computes label; after it the CPSR must be System mode with Z.
        .macro DPRET insn, name
        ldr r3, =(MODE_SYS | PSR_I | PSR_F | PSR_Z)
        msr spsr_cxsf, r3
        adr r0, .Lt\@
        mvn r1, #0
        \insn
        FAIL \name\()_fell_through
.Lt\@:  mrs r4, cpsr
        MODE MODE_SVC
        CHECK r4, MODE_SYS | PSR_I | PSR_F | PSR_Z, \name
        .endm

@ Point vector n (0..7) at handler: the INIT vectors load pc from 0x20 + 4n.
        .macro VECTOR n, handler
        ldr r0, =\handler
        mov r1, #(0x20 + 4 * \n)
        str r0, [r1]
        .endm

        .equ L1, 0x00080000             @ translation table (16 KB), above the image
        .equ COARSE, 0x00084000         @ one coarse table (1 KB), every entry a fault

        .section .text.start, "ax"
        .arm
        .global _start
_start:
        mrs r4, cpsr                    @ before anything else: the reset CPSR
        mrc p15, 0, r5, c1, c0, 0
        INIT
        bic r4, r4, #0xf0000000         @ (the reset flags are UNKNOWN)
        CHECK r4, MODE_SVC | PSR_I | PSR_F, cpsr_reset_bit8_clear
        CHECK r5, 0x00050078, sctlr_reset_value

        mrc p15, 0, r0, c0, c0, 1
        mov r1, r0, lsr #25
        and r1, r1, #0xf
        CHECK r1, 0xe, cache_type_ctype_write_back
        CHECK r0, 0x1d152152, cache_type_value

        ldr r0, =words
        ldr r1, [r0, #1]
        CHECK r1, 0x33441122, ldr_unaligned_rotates_8
        ldr r1, [r0, #2]
        CHECK r1, 0x22334411, ldr_unaligned_rotates_16
        ldr r1, [r0, #3]
        CHECK r1, 0x11223344, ldr_unaligned_rotates_24
        add r2, r0, #1
        ldrt r1, [r2], #4
        CHECK r1, 0x33441122, ldrt_unaligned_rotates
        add r2, r0, #6
        ldr r3, =0xa0b0c0d0
        swp r1, r3, [r2]                @ loads words+4 rotated by 16, stores to words+4
        CHECK r1, 0x88556677, swp_unaligned_rotates
        CHECK_MEM words + 4, 0xa0b0c0d0, swp_unaligned_stores_aligned
        ldr r0, =words
        add r2, r0, #2
        ldmia r2, {r5, r6}              @ A clear: address[1:0] ignored
        CHECK r5, 0x44112233, ldm_unaligned_first
        CHECK r6, 0xa0b0c0d0, ldm_unaligned_second
        add r2, r0, #0x11
        mov r5, #5
        mov r6, #6
        stmia r2, {r5, r6}
        CHECK_MEM words + 0x10, 5, stm_unaligned_first
        CHECK_MEM words + 0x14, 6, stm_unaligned_second

        DPRET "adds pc, r0, #0", adds_pc_restores_cpsr
        DPRET "ands pc, r0, r1", ands_pc_restores_cpsr
        DPRET "eors pc, r0, #0", eors_pc_restores_cpsr
        DPRET "orrs pc, r0, #0", orrs_pc_restores_cpsr
        DPRET "bics pc, r0, #0", bics_pc_restores_cpsr
        DPRET "mvn r2, r0; mvns pc, r2", mvns_pc_restores_cpsr
        DPRET "msr cpsr_f, #PSR_C; adcs pc, r0, r1", adcs_pc_restores_cpsr

        @ page translation fault before the domain check: domain 1 no access, level-2 entry invalid
        VECTOR 4, h_dabt
        ldr r0, =L1
        ldr r1, =COARSE + 0x400
        mov r2, #0
1:      str r2, [r0], #4
        cmp r0, r1
        blo 1b
        ldr r0, =L1
        ldr r1, =0x00000c12             @ VA 0: identity section, AP 11, domain 0
        str r1, [r0]
        ldr r1, =COARSE | (1 << 5) | 0x11   @ VA 0x50000000: coarse table, domain 1
        add r2, r0, #(0x500 << 2)
        str r1, [r2]
        mcr p15, 0, r0, c2, c0, 0
        mov r0, #1                      @ DACR: domain 0 client, domain 1 no access
        mcr p15, 0, r0, c3, c0, 0
        mov r0, #0
        mcr p15, 0, r0, c8, c7, 0
        mrc p15, 0, r0, c1, c0, 0
        orr r0, r0, #1
        mcr p15, 0, r0, c1, c0, 0
        ldr r1, =0x50000010
        mov r9, #0
        ldr r0, [r1]
        mrc p15, 0, r0, c1, c0, 0
        bic r0, r0, #1
        mcr p15, 0, r0, c1, c0, 0
        CHECK r9, 1, page_fault_in_noaccess_domain_aborts
        CHECK r11, 0x17, page_translation_before_domain_dfsr
        CHECK r10, 0x50000010, page_translation_before_domain_far

        PASS divergent
h_dabt:                                 @ r11 = DFSR, r10 = FAR, r9 += 1; skip the instruction
        mrc p15, 0, r11, c5, c0, 0
        mrc p15, 0, r10, c6, c0, 0
        add r9, r9, #1
        subs pc, lr, #4
        .ltorg

        .data
        .balign 4
words:  .word 0x44112233, 0x66778855, 0, 0, 0, 0
