/*
 * crt0 for czemu user programs (ABI §8.4), placed first in .text so that _start is at the
 * image's first byte (0x10000000): the pager starts tasks there, not at the ELF entry.
 *
 *   1. sp = __stack (0x1FFFEFF8; the pager also sets it, the pager itself gets an unmapped
 *      sp from the kernel);
 *   2. zero .bss (czemu addition: the loader and the pager are not relied upon);
 *   3. platform_init (PL011 set-up);
 *   4. __l4_init (KIP pointers, utcb page);
 *   5. main(0, NULL): tasks get no arguments;
 *   6. _exit(main's return value): an EXIT request (tag 27) to the pager, which reports the
 *      status (czemu addition: the 2008 crt0 spun here).
 */
	.syntax unified
	.arm
	.section .text.start, "ax"
	.global _start
	.type _start, %function
_start:
	ldr	sp, =__stack
	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	mov	r2, #0
1:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	1b
	bl	platform_init
	bl	__l4_init
	mov	r0, #0
	mov	r1, #0
	bl	main
	bl	_exit
2:	b	2b
	.size _start, . - _start
	.ltorg
