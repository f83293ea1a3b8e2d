@ hello: prints "Hello from czemu\n" by writing the PL011 UART0 data register directly (polling
@ FR.TXFF, bit 5, before each byte), then exits with status 0 through semihosting SYS_EXIT.

        .include "common.inc"

        .equ UART_DR, 0x00
        .equ UART_FR, 0x18
        .equ FR_TXFF, 1 << 5

        .section .text.start, "ax"
        .arm
        .global _start
_start:
        ldr r4, =UART0_BASE
        adr r5, message
1:      ldrb r0, [r5], #1
        cmp r0, #0
        beq 3f
2:      ldr r1, [r4, #UART_FR]
        tst r1, #FR_TXFF
        bne 2b
        str r0, [r4, #UART_DR]
        b 1b
3:      b exit_success

message:
        .asciz "Hello from czemu\n"
        .balign 4
        .ltorg
