@ Runtime shared by the CPU test images: mode stacks, default vectors, failure reporting, exit.

        .include "common.inc"

        .text
        .arm

@ runtime_init: called with BL from SVC mode. Gives each mode a 1 KB stack and installs the
@ default vectors at 0x00000000 (LDR pc through a table), so that any exception the program did
@ not expect prints "FAIL: unexpected <exception>" and exits 1. Returns in SVC mode, I and F set.
        .global runtime_init
runtime_init:
        mrs r0, cpsr
        bic r0, r0, #0x1f
        orr r0, r0, #(PSR_I | PSR_F)
        ldr r2, =stack_top
        .irp m, MODE_FIQ, MODE_IRQ, MODE_ABT, MODE_UND, MODE_SYS, MODE_SVC
        orr r1, r0, #\m
        msr cpsr_c, r1
        mov sp, r2
        sub r2, r2, #1024
        .endr
        @ vectors: eight "ldr pc, [pc, #24]" followed by the handler table
        mov r0, #0
        ldr r1, =0xe59ff018
        adr r3, default_handlers
        mov r2, #8
1:      str r1, [r0], #4
        subs r2, r2, #1
        bne 1b
        mov r2, #8
2:      ldr r1, [r3], #4
        str r1, [r0], #4
        subs r2, r2, #1
        bne 2b
        bx lr

default_handlers:
        .word unexpected_reset, unexpected_undef, unexpected_swi, unexpected_pabt
        .word unexpected_dabt, unexpected_reserved, unexpected_irq, unexpected_fiq

unexpected_reset:    FAIL "unexpected reset"
unexpected_undef:    FAIL "unexpected undefined instruction"
unexpected_swi:      FAIL "unexpected SWI"
unexpected_pabt:     FAIL "unexpected prefetch abort"
unexpected_dabt:     FAIL "unexpected data abort"
unexpected_reserved: FAIL "unexpected reserved vector"
unexpected_irq:      FAIL "unexpected IRQ"
unexpected_fiq:      FAIL "unexpected FIQ"

@ check_failed: r1 = check name, r2 = value found, r3 = value expected. Prints
@ "FAIL: <name> got 0x<r2> want 0x<r3>" and exits with status 1. Works from any privileged mode
@ and either vector setting; switches to ARM state only through BX (the callers do that).
        .global check_failed
check_failed:
        mov r4, r2
        mov r5, r3
        bl print_fail_name
        mov r0, #SYS_WRITE0
        adr r1, s_got
        swi 0x123456
        mov r0, r4
        bl print_hex
        mov r0, #SYS_WRITE0
        adr r1, s_want
        swi 0x123456
        mov r0, r5
        bl print_hex
        b fail_exit

@ test_failed: r1 = name. Prints "FAIL: <name>" and exits with status 1.
        .global test_failed
test_failed:
        bl print_fail_name
fail_exit:
        mov r0, #SYS_WRITE0
        adr r1, s_nl
        swi 0x123456
        mov r0, #SYS_EXIT
        ldr r1, =ADP_Stopped_RunTimeErrorUnknown
        swi 0x123456
        b fail_exit

@ exit_success: SYS_EXIT with ApplicationExit (status 0).
        .global exit_success
exit_success:
        mov r0, #SYS_EXIT
        ldr r1, =ADP_Stopped_ApplicationExit
        swi 0x123456
        b exit_success

print_fail_name:                        @ r1 = name; clobbers r0, r1, r6
        mov r6, r1
        mov r0, #SYS_WRITE0
        adr r1, s_fail
        swi 0x123456
        mov r0, #SYS_WRITE0
        mov r1, r6
        swi 0x123456
        bx lr

print_hex:                              @ r0 = value: eight hex digits; clobbers r0-r3
        ldr r1, =hex_buf
        mov r2, #8
1:      mov r3, r0, lsr #28
        cmp r3, #10
        addlo r3, r3, #'0'
        addhs r3, r3, #('a' - 10)
        strb r3, [r1], #1
        mov r0, r0, lsl #4
        subs r2, r2, #1
        bne 1b
        strb r2, [r1]
        mov r0, #SYS_WRITE0
        ldr r1, =hex_buf
        swi 0x123456
        bx lr

s_fail: .asciz "FAIL: "
s_got:  .asciz " got 0x"
s_want: .asciz " want 0x"
s_nl:   .asciz "\n"
        .balign 4
        .ltorg

        .bss
        .balign 8
hex_buf:
        .space 12
        .balign 8
stack_base:
        .space 6 * 1024
stack_top:
