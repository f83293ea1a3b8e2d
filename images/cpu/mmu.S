@ mmu: the ARMv5 MMU with real page tables (ARM ARM B3 and B4; ARM926EJ-S TRM chapter 3).
@ With the MMU off the image builds its tables in RAM, turns the MMU on, and then checks every
@ descriptor kind and fault the manuals define: sections; coarse tables with large pages (64 KB,
@ 16 copies) and small pages; fine tables with tiny pages (and 4x small, 64x large copies); the
@ four AP subpages of large and small pages; AP 00/01/10/11 with SCTLR S and R; user (LDRT/STRT
@ and real User mode) against privileged accesses; DACR no access / client / manager; the fault
@ status codes with their domain field, FAR and the abort LR; alignment faults (SCTLR.A) and their
@ priority; prefetch aborts (IFSR, LR, FAR and DFSR untouched); instruction fetch through a page;
@ TLB maintenance (a descriptor changed in RAM is used after c8 invalidation, whole or by MVA).
@
@ Physical memory (the first megabyte of RAM, above the image, which must end below 0x80000):
@
@   0x00080000  L1 table, 16 KB (4096 entries, all translation faults but those below)
@   0x00084000  coarse table, 1 KB (256 entries)
@   0x00085000  fine table, 4 KB (1024 entries)
@   0x00086000  frames, every word holding its own physical address, so a load through
@   ...         any mapping returns the physical address it reached:
@   0x000a1000    S0 0x86000, S1 0x87000 (small pages), 0x88000 scratch for stores,
@                 L 0x90000-0x9ffff (large page), T 0xa0000-0xa0fff (tiny pages)
@
@ Virtual memory:
@
@   VA                     maps                            domain  AP
@   0x00000000 section     PA 0 (identity: code, data)     0       11
@   0x40000000 section     PA 0                            3       00
@   0x40100000 section     PA 0                            3       01
@   0x40200000 section     PA 0                            3       10
@   0x40300000 section     PA 0                            3       11
@   0x40400000 section     PA 0                            5       01   (domain checks)
@   0x40500000 section     PA 0                            4       11   (TLB checks)
@   0x50000000 coarse                                      1
@     0x50000000 large     L 0x90000, x16                          subpages 11 10 01 00
@     0x50010000 small     S0                                      subpages 11 10 01 00
@     0x50011000 small     S1 (remapped by the TLB checks)         11
@     0x50012000 fault
@   0x60000000 fine                                        2
@     0x60000000 tiny      T 0xa0000                               11
@     0x60000400 tiny      T 0xa0400                               01
@     0x60000800 tiny      T 0xa0800                               10
@     0x60000c00 fault
@     0x60001000 small     S1, x4                                  11
@     0x60010000 large     L, x64                                  subpages 11 10 01 00
@   0x70000000 fault (no first-level entry)
@
@ Handlers: the data abort handler records DFSR (r11), FAR (r10), LR (r8), SPSR (r6), counts in
@ r9 and returns past the faulting instruction with SUBS pc, lr, #4. The prefetch abort handler
@ records IFSR (r11), LR (r8), SPSR (r6), counts in r9 and resumes at r7 with MOVS pc, r7. The
@ SWI handler brings User-mode excursions back: it returns to the instruction after the SWI in
@ SVC mode. Fault status codes: 0x5/0x7 translation (section/page), 0x9/0xB domain, 0xD/0xF
@ permission, with the domain in FSR[7:4] (not defined for section translation and alignment
@ faults, so those checks look at FSR[3:0] only; alignment is 0b00x1).

        .include "common.inc"

        .equ L1, 0x00080000
        .equ COARSE, 0x00084000
        .equ FINE, 0x00085000
        .equ FRAMES, 0x00086000
        .equ FRAMES_END, 0x000a1000
        .equ S0, 0x00086000
        .equ S1, 0x00087000
        .equ SCRATCH, 0x00088000
        .equ LARGE, 0x00090000
        .equ TINY, 0x000a0000

        .equ SEC_AP00, 0x40000000
        .equ SEC_AP01, 0x40100000
        .equ SEC_AP10, 0x40200000
        .equ SEC_AP11, 0x40300000
        .equ SEC_DOM5, 0x40400000
        .equ SEC_TLB, 0x40500000
        .equ VCOARSE, 0x50000000
        .equ VLARGE, 0x50000000
        .equ VSMALL, 0x50010000
        .equ VSMALL2, 0x50011000
        .equ VPGFAULT, 0x50012000
        .equ VFINE, 0x60000000
        .equ VFSMALL, 0x60001000
        .equ VFLARGE, 0x60010000
        .equ VUNMAPPED, 0x70000000

        @ first-level descriptors: section AP [11:10], domain [8:5], bit 4 set, type [1:0]
        .equ SECTION, 0x12
        .equ COARSE_DESC, 0x11
        .equ FINE_DESC, 0x13
        .equ DOM_SHIFT, 5
        .equ AP_SHIFT, 10
        @ second-level: AP3..AP0 at [11:4] (subpage 3 in the high bits)
        .equ AP_11_10_01_00, 0x1b0      @ subpage 0: 11, 1: 10, 2: 01, 3: 00
        .equ AP_ALL11, 0xff0
        .equ LARGE_DESC, 0x1
        .equ SMALL_DESC, 0x2
        .equ TINY_DESC, 0x3

        @ DACR: domains 0-5 client (01), the others no access
        .equ DACR_CLIENT, 0x555

        .equ SCTLR_M, 0x1
        .equ SCTLR_A, 0x2
        .equ SCTLR_S, 0x100
        .equ SCTLR_R, 0x200

@ Point vector n (0..7) at handler: the INIT vectors load pc from 0x20 + 4n.
        .macro VECTOR n, handler
        ldr r0, =\handler
        mov r1, #(0x20 + 4 * \n)
        str r0, [r1]
        .endm

@ Write first-level entry for va (MMU off, or through the identity map).
        .macro L1SET va, desc
        ldr r0, =\desc
        ldr r1, =L1 + (((\va) >> 20) << 2)
        str r0, [r1]
        .endm

@ Write second-level entries first..first+count-1 of table (MMU off, or through the identity map).
        .macro L2SET table, first, count, desc
        ldr r0, =\desc
        ldr r1, =\table + ((\first) << 2)
        mov r2, #\count
.Ll\@:  str r0, [r1], #4
        subs r2, r2, #1
        bne .Ll\@
        .endm

@ Set the SCTLR A, S and R bits to bits (the others kept).
        .macro SCTLR_ASR bits
        mrc p15, 0, r0, c1, c0, 0
        bic r0, r0, #SCTLR_A
        bic r0, r0, #(SCTLR_S | SCTLR_R)
        orr r0, r0, #(\bits)
        mcr p15, 0, r0, c1, c0, 0
        .endm

        .macro SET_DACR val
        ldr r0, =\val
        mcr p15, 0, r0, c3, c0, 0
        .endm

@ One access that must not abort: insn uses r1 = va and r0. For loads, r0 must then be want.
        .macro LOAD_OK insn, va, want, name
        ldr r1, =\va
        mov r9, #0
        mvn r0, #0
        \insn
        CHECK r9, 0, \name\()_no_abort
        CHECK r0, \want, \name
        .endm

@ A store that must not abort; the word must then hold the value at physical pa (identity map).
        .macro STORE_OK insn, va, pa, name
        ldr r1, =\va
        mov r9, #0
        ldr r0, =0x5eed0000 + \@
        \insn
        CHECK r9, 0, \name\()_no_abort
        ldr r1, =\pa
        ldr r1, [r1]
        CHECK r1, 0x5eed0000 + \@, \name
        .endm

@ One access that must abort once with DFSR = fsr and FAR = va, LR = its address + 8.
        .macro ABORT insn, va, fsr, name
        ldr r1, =\va
        mov r9, #0
        mvn r10, #0
        mvn r11, #0
.Li\@:  \insn
        CHECK r9, 1, \name\()_aborts
        CHECK r11, \fsr, \name\()_dfsr
        CHECK r10, \va, \name\()_far
        CHECK r8, .Li\@ + 8, \name\()_lr
        .endm

@ A store that must abort (as ABORT) and leave the word at physical pa unchanged (its own address).
        .macro STORE_ABORT insn, va, pa, fsr, name
        ABORT "\insn", \va, \fsr, \name
        ldr r1, =\pa
        ldr r1, [r1]
        CHECK r1, \pa, \name\()_memory_unchanged
        .endm

@ An access that must take an alignment fault: DFSR[3:0] = 0b00x1 (TRM: domain not valid).
        .macro ALIGN_ABORT insn, va, name
        ldr r1, =\va
        mov r9, #0
        mvn r10, #0
        mvn r11, #0
.Li\@:  \insn
        CHECK r9, 1, \name\()_aborts
        and r11, r11, #0xd
        CHECK r11, 1, \name\()_dfsr_alignment
        CHECK r10, \va, \name\()_far
        CHECK r8, .Li\@ + 8, \name\()_lr
        .endm

@ An access that must take a section translation fault: DFSR[3:0] = 0x5 (domain not valid).
        .macro SECTION_FAULT insn, va, name
        ldr r1, =\va
        mov r9, #0
        mvn r10, #0
        mvn r11, #0
.Li\@:  \insn
        CHECK r9, 1, \name\()_aborts
        and r11, r11, #0xf
        CHECK r11, 0x5, \name\()_dfsr
        CHECK r10, \va, \name\()_far
        CHECK r8, .Li\@ + 8, \name\()_lr
        .endm

        .section .text.start, "ax"
        .arm
        .global _start
_start:
        INIT
        VECTOR 2, h_swi
        VECTOR 3, h_pabt
        VECTOR 4, h_dabt

        ldr r0, =_end
        cmp r0, #L1
        movls r0, #0
        movhi r0, #1
        CHECK r0, 0, image_ends_below_page_tables

@ --- build the tables (MMU off) ---------------------------------------------------------------
        ldr r0, =L1                     @ L1, coarse and fine tables: all zero (faults)
        ldr r1, =FRAMES
        mov r2, #0
1:      str r2, [r0], #4
        cmp r0, r1
        blo 1b
        ldr r1, =FRAMES_END             @ frames: every word holds its own address
2:      str r0, [r0]
        add r0, r0, #4
        cmp r0, r1
        blo 2b

        L1SET 0x00000000, 0x00000000 | (3 << AP_SHIFT) | (0 << DOM_SHIFT) | SECTION
        L1SET SEC_AP00, 0x00000000 | (0 << AP_SHIFT) | (3 << DOM_SHIFT) | SECTION
        L1SET SEC_AP01, 0x00000000 | (1 << AP_SHIFT) | (3 << DOM_SHIFT) | SECTION
        L1SET SEC_AP10, 0x00000000 | (2 << AP_SHIFT) | (3 << DOM_SHIFT) | SECTION
        L1SET SEC_AP11, 0x00000000 | (3 << AP_SHIFT) | (3 << DOM_SHIFT) | SECTION
        L1SET SEC_DOM5, 0x00000000 | (1 << AP_SHIFT) | (5 << DOM_SHIFT) | SECTION
        L1SET SEC_TLB, 0x00000000 | (3 << AP_SHIFT) | (4 << DOM_SHIFT) | SECTION
        L1SET VCOARSE, COARSE | (1 << DOM_SHIFT) | COARSE_DESC
        L1SET VFINE, FINE | (2 << DOM_SHIFT) | FINE_DESC

        L2SET COARSE, 0, 16, LARGE | AP_11_10_01_00 | LARGE_DESC
        L2SET COARSE, 16, 1, S0 | AP_11_10_01_00 | SMALL_DESC
        L2SET COARSE, 17, 1, S1 | AP_ALL11 | SMALL_DESC
        L2SET FINE, 0, 1, TINY | (3 << 4) | TINY_DESC
        L2SET FINE, 1, 1, (TINY + 0x400) | (1 << 4) | TINY_DESC
        L2SET FINE, 2, 1, (TINY + 0x800) | (2 << 4) | TINY_DESC
        L2SET FINE, 4, 4, S1 | AP_ALL11 | SMALL_DESC
        L2SET FINE, 64, 64, LARGE | AP_11_10_01_00 | LARGE_DESC

        @ a two-instruction routine at the end of S1 (mov r0, #42; bx lr), fetched through pages
        ldr r0, =S1 + 0xf00
        ldr r1, =0xe3a0002a
        ldr r2, =0xe12fff1e
        stmia r0, {r1, r2}
        POOL

@ --- turn the MMU on ---------------------------------------------------------------------------
        ldr r0, =L1
        mcr p15, 0, r0, c2, c0, 0       @ TTBR
        SET_DACR DACR_CLIENT
        mov r0, #0
        mcr p15, 0, r0, c8, c7, 0       @ invalidate TLB
        mrc p15, 0, r0, c1, c0, 0
        bic r0, r0, #SCTLR_A
        bic r0, r0, #(SCTLR_S | SCTLR_R)
        orr r0, r0, #SCTLR_M
        mcr p15, 0, r0, c1, c0, 0
        mrc p15, 0, r0, c1, c0, 0
        and r0, r0, #SCTLR_M
        CHECK r0, 1, sctlr_m_set
        mrc p15, 0, r0, c2, c0, 0
        CHECK r0, L1, ttbr_reads_back
        ldr r0, =S0 + 0x10             @ the identity section
        ldr r0, [r0]
        CHECK r0, S0 + 0x10, identity_section

@ --- sections: translation and AP 00/01/10/11 with S = R = 0 (domain 3, client) ---------------
        LOAD_OK "ldr r0, [r1]", SEC_AP11 + S0 + 0x14, S0 + 0x14, section_translates
        LOAD_OK "ldr r0, [r1]", SEC_AP11 + LARGE + 0xabc4, LARGE + 0xabc4, section_offset_bits_19_0
        LOAD_OK "ldrb r0, [r1]", SEC_AP11 + S0 + 0x21, 0x60, section_byte
        LOAD_OK "ldrh r0, [r1]", SEC_AP11 + S0 + 0x22, 0x0008, section_halfword

        ABORT "ldr r0, [r1]", SEC_AP00 + S0, 0x3d, sec_ap00_priv_read
        STORE_ABORT "str r0, [r1]", SEC_AP00 + SCRATCH, SCRATCH, 0x3d, sec_ap00_priv_write
        ABORT "ldrt r0, [r1]", SEC_AP00 + S0, 0x3d, sec_ap00_user_read
        STORE_ABORT "strt r0, [r1]", SEC_AP00 + SCRATCH, SCRATCH, 0x3d, sec_ap00_user_write
        POOL

        LOAD_OK "ldr r0, [r1]", SEC_AP01 + S0 + 4, S0 + 4, sec_ap01_priv_read
        STORE_OK "str r0, [r1]", SEC_AP01 + SCRATCH + 4, SCRATCH + 4, sec_ap01_priv_write
        ABORT "ldrt r0, [r1]", SEC_AP01 + S0 + 8, 0x3d, sec_ap01_user_read
        STORE_ABORT "strt r0, [r1]", SEC_AP01 + SCRATCH + 8, SCRATCH + 8, 0x3d, sec_ap01_user_write
        POOL

        LOAD_OK "ldr r0, [r1]", SEC_AP10 + S0 + 12, S0 + 12, sec_ap10_priv_read
        STORE_OK "str r0, [r1]", SEC_AP10 + SCRATCH + 12, SCRATCH + 12, sec_ap10_priv_write
        LOAD_OK "ldrt r0, [r1]", SEC_AP10 + S0 + 16, S0 + 16, sec_ap10_user_read
        STORE_ABORT "strt r0, [r1]", SEC_AP10 + SCRATCH + 16, SCRATCH + 16, 0x3d, sec_ap10_user_write
        POOL

        LOAD_OK "ldr r0, [r1]", SEC_AP11 + S0 + 20, S0 + 20, sec_ap11_priv_read
        STORE_OK "str r0, [r1]", SEC_AP11 + SCRATCH + 20, SCRATCH + 20, sec_ap11_priv_write
        LOAD_OK "ldrt r0, [r1]", SEC_AP11 + S0 + 24, S0 + 24, sec_ap11_user_read
        STORE_OK "strt r0, [r1]", SEC_AP11 + SCRATCH + 24, SCRATCH + 24, sec_ap11_user_write
        POOL

@ --- AP 00 with S and R (ARM ARM table B4-1) --------------------------------------------------
        SCTLR_ASR SCTLR_S
        LOAD_OK "ldr r0, [r1]", SEC_AP00 + S0 + 28, S0 + 28, s_ap00_priv_read
        ABORT "ldrt r0, [r1]", SEC_AP00 + S0 + 32, 0x3d, s_ap00_user_read
        STORE_ABORT "str r0, [r1]", SEC_AP00 + SCRATCH + 32, SCRATCH + 32, 0x3d, s_ap00_priv_write
        ABORT "ldrt r0, [r1]", SEC_AP01 + S0 + 36, 0x3d, s_ap01_unchanged_user_read
        LOAD_OK "ldr r0, [r1]", VLARGE + 0xc000 + 0x40, LARGE + 0xc040, s_large_ap00_priv_read
        POOL
        SCTLR_ASR SCTLR_R
        LOAD_OK "ldr r0, [r1]", SEC_AP00 + S0 + 40, S0 + 40, r_ap00_priv_read
        LOAD_OK "ldrt r0, [r1]", SEC_AP00 + S0 + 44, S0 + 44, r_ap00_user_read
        STORE_ABORT "str r0, [r1]", SEC_AP00 + SCRATCH + 48, SCRATCH + 48, 0x3d, r_ap00_priv_write
        STORE_ABORT "strt r0, [r1]", SEC_AP00 + SCRATCH + 52, SCRATCH + 52, 0x3d, r_ap00_user_write
        LOAD_OK "ldrt r0, [r1]", VSMALL + 0xc00 + 0x44, S0 + 0xc44, r_small_ap00_user_read
        POOL
        SCTLR_ASR 0
        ABORT "ldr r0, [r1]", SEC_AP00 + S0 + 56, 0x3d, ap00_priv_read_again

@ --- coarse table: large pages (16 copies) and their four AP subpages (domain 1) ----------------
        LOAD_OK "ldr r0, [r1]", VLARGE + 0x0010, LARGE + 0x0010, large_translates
        LOAD_OK "ldr r0, [r1]", VLARGE + 0xb7f8, LARGE + 0xb7f8, large_copy_11_offset_bits_15_0
        STORE_OK "strt r0, [r1]", VLARGE + 0x0100, LARGE + 0x0100, large_sub0_ap11_user_write
        LOAD_OK "ldrt r0, [r1]", VLARGE + 0x4010, LARGE + 0x4010, large_sub1_ap10_user_read
        STORE_ABORT "strt r0, [r1]", VLARGE + 0x4100, LARGE + 0x4100, 0x1f, large_sub1_ap10_user_write
        POOL
        STORE_OK "str r0, [r1]", VLARGE + 0x8100, LARGE + 0x8100, large_sub2_ap01_priv_write
        ABORT "ldrt r0, [r1]", VLARGE + 0x8010, 0x1f, large_sub2_ap01_user_read
        ABORT "ldr r0, [r1]", VLARGE + 0xfffc, 0x1f, large_sub3_ap00_priv_read
        POOL

@ --- coarse table: small pages and their four 1 KB AP subpages ---------------------------------
        LOAD_OK "ldr r0, [r1]", VSMALL + 0x0404, S0 + 0x0404, small_translates
        STORE_OK "strt r0, [r1]", VSMALL + 0x0100, S0 + 0x0100, small_sub0_ap11_user_write
        LOAD_OK "ldrt r0, [r1]", VSMALL + 0x0410, S0 + 0x0410, small_sub1_ap10_user_read
        STORE_ABORT "strt r0, [r1]", VSMALL + 0x0500, S0 + 0x0500, 0x1f, small_sub1_ap10_user_write
        POOL
        STORE_OK "str r0, [r1]", VSMALL + 0x0900, S0 + 0x0900, small_sub2_ap01_priv_write
        ABORT "ldrt r0, [r1]", VSMALL + 0x0810, 0x1f, small_sub2_ap01_user_read
        ABORT "ldr r0, [r1]", VSMALL + 0x0c10, 0x1f, small_sub3_ap00_priv_read
        ABORT "ldrh r0, [r1]", VSMALL + 0x0ffe, 0x1f, small_sub3_ap00_priv_halfword
        POOL
        LOAD_OK "ldr r0, [r1]", VSMALL2 + 0x0ffc, S1 + 0x0ffc, small2_translates
        ABORT "ldr r0, [r1]", VPGFAULT + 0x0124, 0x17, page_translation_fault
        ABORT "strb r0, [r1]", VPGFAULT + 0x0fff, 0x17, page_translation_fault_byte_store
        ABORT "ldr r0, [r1]", VCOARSE + 0x000ff000, 0x17, coarse_last_entry_fault
        POOL

@ --- fine table: tiny pages, small (4 copies) and large (64 copies) pages (domain 2) -----------
        LOAD_OK "ldr r0, [r1]", VFINE + 0x0008, TINY + 0x0008, tiny_translates
        STORE_OK "strt r0, [r1]", VFINE + 0x0100, TINY + 0x0100, tiny_ap11_user_write
        LOAD_OK "ldr r0, [r1]", VFINE + 0x0404, TINY + 0x0404, tiny_ap01_priv_read
        ABORT "ldrt r0, [r1]", VFINE + 0x0408, 0x2f, tiny_ap01_user_read
        POOL
        LOAD_OK "ldrt r0, [r1]", VFINE + 0x0bfc, TINY + 0x0bfc, tiny_ap10_user_read
        STORE_ABORT "strt r0, [r1]", VFINE + 0x0900, TINY + 0x0900, 0x2f, tiny_ap10_user_write
        ABORT "ldr r0, [r1]", VFINE + 0x0c00, 0x27, fine_translation_fault
        POOL
        LOAD_OK "ldr r0, [r1]", VFSMALL + 0x0804, S1 + 0x0804, fine_small_copy_2
        LOAD_OK "ldr r0, [r1]", VFSMALL + 0x0c08, S1 + 0x0c08, fine_small_copy_3
        LOAD_OK "ldr r0, [r1]", VFLARGE + 0x8010, LARGE + 0x8010, fine_large_copy_32
        LOAD_OK "ldrt r0, [r1]", VFLARGE + 0x7ff0, LARGE + 0x7ff0, fine_large_sub1_user_read
        ABORT "ldr r0, [r1]", VFLARGE + 0xc000, 0x2f, fine_large_sub3_ap00_priv_read
        POOL

@ --- section translation fault (FSR[3:0] only: the domain field is not valid) ------------------
        SECTION_FAULT "ldr r0, [r1]", VUNMAPPED + 0x12344, section_translation_fault
        SECTION_FAULT "str r0, [r1]", VUNMAPPED + 0x0ffffc, section_translation_fault_store
        SECTION_FAULT "ldrt r0, [r1]", 0xfff00000, section_translation_fault_top
        mrs r6, cpsr
        and r6, r6, #0x1f
        CHECK r6, MODE_SVC, abort_returns_to_svc
        POOL

@ --- domains: no access, client, manager (DACR) ------------------------------------------------
        LOAD_OK "ldr r0, [r1]", SEC_DOM5 + S0, S0, dom5_client_priv_read
        ABORT "ldrt r0, [r1]", SEC_DOM5 + S0, 0x5d, dom5_client_user_read
        SET_DACR DACR_CLIENT & ~(3 << 10)                       @ domain 5: no access
        ABORT "ldr r0, [r1]", SEC_DOM5 + S0 + 4, 0x59, dom5_noaccess_priv_read
        STORE_ABORT "str r0, [r1]", SEC_DOM5 + SCRATCH + 0x60, SCRATCH + 0x60, 0x59, dom5_noaccess_priv_write
        LOAD_OK "ldr r0, [r1]", SEC_AP11 + S0 + 8, S0 + 8, dom3_still_client
        POOL
        SET_DACR DACR_CLIENT | (3 << 10)                        @ domain 5: manager
        LOAD_OK "ldrt r0, [r1]", SEC_DOM5 + S0 + 12, S0 + 12, dom5_manager_user_read
        STORE_OK "strt r0, [r1]", SEC_DOM5 + SCRATCH + 0x64, SCRATCH + 0x64, dom5_manager_user_write
        POOL
        SET_DACR DACR_CLIENT & ~(3 << 2)                        @ domain 1: no access
        ABORT "ldr r0, [r1]", VSMALL + 0x10, 0x1b, dom1_noaccess_small
        ABORT "ldr r0, [r1]", VLARGE + 0x10, 0x1b, dom1_noaccess_large
        POOL
        SET_DACR DACR_CLIENT & ~(3 << 4)                        @ domain 2: no access
        ABORT "ldr r0, [r1]", VFINE + 0x10, 0x2b, dom2_noaccess_tiny
        POOL
        SET_DACR DACR_CLIENT | (3 << 2)                         @ domain 1: manager
        LOAD_OK "ldrt r0, [r1]", VLARGE + 0xc010, LARGE + 0xc010, dom1_manager_large_ap00_user_read
        STORE_OK "strt r0, [r1]", VSMALL + 0xd00, S0 + 0xd00, dom1_manager_small_ap00_user_write
        ABORT "ldr r0, [r1]", VPGFAULT, 0x17, dom1_manager_still_translation_fault
        POOL
        SET_DACR DACR_CLIENT
        ABORT "ldr r0, [r1]", VLARGE + 0xc014, 0x1f, dom1_client_again

@ --- alignment faults (SCTLR.A): checked before translation and permission -------------------
        SCTLR_ASR SCTLR_A
        LOAD_OK "ldr r0, [r1]", SEC_AP11 + S0 + 0x30, S0 + 0x30, align_aligned_word_ok
        LOAD_OK "ldrb r0, [r1]", SEC_AP11 + S0 + 0x33, 0, align_byte_never_faults
        ALIGN_ABORT "ldr r0, [r1]", SEC_AP11 + S0 + 0x32, align_ldr_halfword_offset
        ALIGN_ABORT "ldr r0, [r1]", SEC_AP11 + S0 + 0x31, align_ldr_byte_offset
        POOL
        ALIGN_ABORT "str r0, [r1]", SEC_AP11 + SCRATCH + 0x73, align_str
        CHECK_MEM SCRATCH + 0x70, SCRATCH + 0x70, align_str_memory_unchanged
        ALIGN_ABORT "ldrh r0, [r1]", VSMALL + 0x13, align_ldrh
        ALIGN_ABORT "strh r0, [r1]", VSMALL + 0x101, align_strh
        POOL
        ALIGN_ABORT "ldrsh r0, [r1]", VFINE + 0x21, align_ldrsh
        ALIGN_ABORT "ldr r0, [r1]", VUNMAPPED + 2, align_before_translation
        ALIGN_ABORT "ldr r0, [r1]", SEC_AP00 + S0 + 1, align_before_permission
        POOL
        SET_DACR DACR_CLIENT & ~(3 << 10)
        ALIGN_ABORT "ldrh r0, [r1]", SEC_DOM5 + S0 + 3, align_before_domain
        SET_DACR DACR_CLIENT
        SCTLR_ASR 0
        LOAD_OK "ldrh r0, [r1]", SEC_AP11 + S0 + 0x36, 0x0008, align_off_halfword_ok
        POOL

@ --- prefetch aborts: IFSR and LR; FAR and DFSR untouched -------------------------------------
        ldr r0, =0x0badfa00
        mcr p15, 0, r0, c6, c0, 0
        mov r0, #0xf5
        mcr p15, 0, r0, c5, c0, 0
        adr r7, 1f
        mov r9, #0
        mvn r11, #0
        ldr r0, =VUNMAPPED + 0x40
        bx r0
1:      CHECK r9, 1, pabt_section_taken
        and r11, r11, #0xf
        CHECK r11, 0x5, pabt_section_ifsr
        CHECK r8, VUNMAPPED + 0x44, pabt_section_lr
        bic r6, r6, #0x100
        bic r6, r6, #0xf0000000
        CHECK r6, MODE_SVC | PSR_I | PSR_F, pabt_section_spsr
        mrc p15, 0, r0, c6, c0, 0
        CHECK r0, 0x0badfa00, pabt_far_unchanged
        mrc p15, 0, r0, c5, c0, 0
        CHECK r0, 0xf5, pabt_dfsr_unchanged
        POOL
        adr r7, 2f
        mov r9, #0
        mvn r11, #0
        ldr r0, =VPGFAULT + 0x80
        bx r0
2:      CHECK r9, 1, pabt_page_taken
        CHECK r11, 0x17, pabt_page_ifsr
        CHECK r8, VPGFAULT + 0x84, pabt_page_lr

        @ fetch through a small page: the routine at S1 + 0xf00, called at its coarse and fine VAs
        mov r0, #0
        ldr r1, =VSMALL2 + 0xf00
        blx r1
        CHECK r0, 42, fetch_through_small_page
        mov r0, #0
        ldr r1, =VFSMALL + 0xf00
        blx r1
        CHECK r0, 42, fetch_through_fine_small_page
        POOL

@ --- User mode: a data abort, a prefetch abort and the SWI back -------------------------------
        ldr r1, =SEC_AP01 + S0 + 0x50       @ user: no access
        ldr r2, =SEC_AP10 + S0 + 0x54       @ user: read only
        mov r9, #0
        mov r3, #0
        SETF 0
        MODE MODE_USR
        ldr r3, [r2]
usr_dabt:
        ldr r0, [r1]
        mov r5, r9
        swi 0
        mrs r4, cpsr
        and r4, r4, #0x1f
        CHECK r4, MODE_SVC, usr_swi_back_to_svc
        CHECK r3, S0 + 0x54, usr_read_ap10
        CHECK r5, 1, usr_read_ap01_aborts
        CHECK r11, 0x3d, usr_read_ap01_dfsr
        CHECK r10, SEC_AP01 + S0 + 0x50, usr_read_ap01_far
        CHECK r8, usr_dabt + 8, usr_read_ap01_lr
        bic r6, r6, #0x100
        CHECK r6, MODE_USR | PSR_I | PSR_F, usr_dabt_spsr
        POOL

        adr r7, 3f
        ldr r0, =VSMALL + 0x800             @ subpage 2, AP 01: user may not fetch
        mov r9, #0
        SETF 0
        MODE MODE_USR
        bx r0
3:      mov r5, r9
        swi 0
        CHECK r5, 1, usr_pabt_taken
        CHECK r11, 0x1f, usr_pabt_ifsr
        CHECK r8, VSMALL + 0x804, usr_pabt_lr
        bic r6, r6, #0x100
        CHECK r6, MODE_USR | PSR_I | PSR_F, usr_pabt_spsr
        POOL

@ --- TLB maintenance: descriptors changed in RAM, then c8 -----------------------------------
        LOAD_OK "ldr r0, [r1]", VSMALL2 + 0x20, S1 + 0x20, tlb_small_before
        L2SET COARSE, 17, 1, S0 | AP_ALL11 | SMALL_DESC
        mcr p15, 0, r0, c7, c10, 4          @ drain write buffer
        ldr r0, =VSMALL2
        mcr p15, 0, r0, c8, c7, 1           @ invalidate TLB entry by MVA
        LOAD_OK "ldr r0, [r1]", VSMALL2 + 0x20, S0 + 0x20, tlb_by_mva_remaps
        POOL
        L2SET COARSE, 17, 1, S1 | AP_ALL11 | SMALL_DESC
        mcr p15, 0, r0, c7, c10, 4
        mov r0, #0
        mcr p15, 0, r0, c8, c7, 0           @ invalidate the whole TLB
        LOAD_OK "ldr r0, [r1]", VSMALL2 + 0x24, S1 + 0x24, tlb_whole_remaps
        POOL
        L2SET COARSE, 17, 1, 0
        mcr p15, 0, r0, c7, c10, 4
        ldr r0, =VSMALL2 + 0x24
        mcr p15, 0, r0, c8, c6, 1           @ invalidate D TLB entry by MVA
        ABORT "ldr r0, [r1]", VSMALL2 + 0x28, 0x17, tlb_d_by_mva_unmaps
        L2SET COARSE, 17, 1, S1 | (AP_ALL11 & ~(3 << 10)) | (1 << 10) | SMALL_DESC
        mcr p15, 0, r0, c7, c10, 4
        mov r0, #0
        mcr p15, 0, r0, c8, c6, 0           @ invalidate the D TLB
        ABORT "ldrt r0, [r1]", VSMALL2 + 0xc00, 0x1f, tlb_new_subpage_ap
        LOAD_OK "ldrt r0, [r1]", VSMALL2 + 0x800, S1 + 0x800, tlb_other_subpage_ap
        POOL

        @ a section: cached through one address, invalidated by another MVA in the same section
        LOAD_OK "ldr r0, [r1]", SEC_TLB + S0 + 0x80, S0 + 0x80, tlb_section_before
        L1SET SEC_TLB, 0
        mcr p15, 0, r0, c7, c10, 4
        ldr r0, =SEC_TLB + 0x000f0000
        mcr p15, 0, r0, c8, c7, 1
        SECTION_FAULT "ldr r0, [r1]", SEC_TLB + S0 + 0x84, tlb_by_mva_drops_whole_section
        L1SET SEC_TLB, 0x00000000 | (3 << AP_SHIFT) | (4 << DOM_SHIFT) | SECTION
        mcr p15, 0, r0, c7, c10, 4
        mov r0, #0
        mcr p15, 0, r0, c8, c7, 0
        LOAD_OK "ldr r0, [r1]", SEC_TLB + S0 + 0x88, S0 + 0x88, tlb_section_restored
        POOL

        @ the instruction side: the page holding the routine unmapped, then c8,c5 (I TLB)
        mov r0, #0
        ldr r1, =VFSMALL + 0xf00
        blx r1
        CHECK r0, 42, tlb_fetch_before
        L2SET FINE, 4, 4, 0
        mcr p15, 0, r0, c7, c10, 4
        ldr r0, =VFSMALL + 0xf00
        mcr p15, 0, r0, c8, c5, 1           @ invalidate I TLB entry by MVA
        adr r7, 4f
        mov r9, #0
        mvn r11, #0
        ldr r0, =VFSMALL + 0xf00
        bx r0
4:      CHECK r9, 1, tlb_i_by_mva_unmaps_fetch
        CHECK r11, 0x27, tlb_i_by_mva_ifsr
        CHECK r8, VFSMALL + 0xf04, tlb_i_by_mva_lr
        L2SET FINE, 4, 4, S1 | AP_ALL11 | SMALL_DESC
        mcr p15, 0, r0, c7, c10, 4
        mov r0, #0
        mcr p15, 0, r0, c8, c5, 0           @ invalidate the I TLB
        mov r0, #0
        ldr r1, =VFSMALL + 0xf00
        blx r1
        CHECK r0, 42, tlb_i_whole_remaps_fetch
        POOL

@ --- MMU off again: flat addresses --------------------------------------------------------------
        mrc p15, 0, r0, c1, c0, 0
        bic r0, r0, #SCTLR_M
        mcr p15, 0, r0, c1, c0, 0
        ldr r1, =SCRATCH + 0x100
        ldr r0, [r1]
        CHECK r0, SCRATCH + 0x100, mmu_off_flat
        PASS mmu

@ --- handlers ---------------------------------------------------------------------------------
h_dabt:                                 @ r11 = DFSR, r10 = FAR, r8 = LR, r6 = SPSR, r9 += 1
        mrc p15, 0, r11, c5, c0, 0
        mrc p15, 0, r10, c6, c0, 0
        mov r8, lr
        mrs r6, spsr
        add r9, r9, #1
        subs pc, lr, #4                 @ past the faulting instruction
h_pabt:                                 @ r11 = IFSR, r8 = LR, r6 = SPSR, r9 += 1; resume at r7
        mrc p15, 0, r11, c5, c0, 1
        mov r8, lr
        mrs r6, spsr
        add r9, r9, #1
        movs pc, r7
h_swi:                                  @ from User mode only: continue after the SWI in SVC mode
        mrs ip, spsr
        and ip, ip, #0x1f
        cmp ip, #MODE_USR
        bxeq lr
        FAIL "unexpected SWI from a privileged mode"
        .ltorg
