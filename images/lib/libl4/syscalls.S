/*
 * libl4 system-call stubs for ARM (ABI §1.4).
 *
 * The kernel identifies a call by the address of the swi it traps on (0xFFFFF000 + 4k) and
 * returns to the saved user lr, never to the instruction after the swi. So:
 *   tail-jump stubs  load the entry into pc with the caller's lr: the kernel returns
 *                    straight to the C caller;
 *   call stubs       push lr, set lr to the instruction after the jump, enter, pop pc;
 *   l4_map           also passes its 5th argument (on the caller's stack) in r4;
 *   l4_ipc           also loads MR0-MR5 (r3-r8) from the global utcb and stores them back.
 * lr is treated as clobbered by every trap.
 */
	.syntax unified
	.arm
	.text

/* Opens function \name in its own section (so --gc-sections can drop it when unused). */
.macro FUNC name
	.section .text.\name, "ax"
	.global \name
	.type \name, %function
	.align 2
\name:
.endm

/* Tail-jump stub: \name jumps through the pointer \ptr. */
.macro TAILSTUB name, ptr
	FUNC \name
	ldr	r12, =\ptr
	ldr	pc, [r12]
	.size \name, . - \name
	.ltorg
.endm

/* Call stub: the kernel returns into the stub, which then returns to the caller. */
.macro CALLSTUB name, ptr
	FUNC \name
	push	{lr}
	ldr	r12, =\ptr
	mov	lr, pc
	ldr	pc, [r12]
	pop	{pc}
	.size \name, . - \name
	.ltorg
.endm

	TAILSTUB l4_thread_switch, __l4_thread_switch
	TAILSTUB l4_getid, __l4_getid
	TAILSTUB l4_kread, __l4_kread

	CALLSTUB l4_unmap, __l4_unmap
	CALLSTUB l4_kmem_control, __l4_kmem_control
	CALLSTUB l4_time, __l4_time
	CALLSTUB l4_thread_control, __l4_thread_control
	CALLSTUB l4_ipc_control, __l4_ipc_control
	CALLSTUB l4_space_control, __l4_space_control
	CALLSTUB l4_exchange_registers, __l4_exchange_registers

/* int l4_map(void *phys, void *virt, u32 npages, u32 flags, l4id_t tid): tid goes in r4. */
	FUNC l4_map
	push	{r4, lr}
	ldr	r4, [sp, #8]
	ldr	r12, =__l4_map
	mov	lr, pc
	ldr	pc, [r12]
	pop	{r4, pc}
	.size l4_map, . - l4_map
	.ltorg

/* int l4_ipc(l4id_t to, l4id_t from): MR0-MR5 <-> utcb.mr[0..5]. */
	FUNC l4_ipc
	push	{r4-r8, lr}
	ldr	r12, =utcb
	ldm	r12, {r3-r8}
	ldr	r12, =__l4_ipc
	mov	lr, pc
	ldr	pc, [r12]
	ldr	r12, =utcb
	stm	r12, {r3-r8}
	pop	{r4-r8, pc}
	.size l4_ipc, . - l4_ipc
	.ltorg

/*
 * int arch_clone(l4id_t to, l4id_t from): an ipc (normally a CLONE request to the pager).
 * In the child (r0 >= 0 and MR0 == 0) sp is the new child_stack: pop arg from [sp-4] and
 * fn from [sp-8], call fn(arg) and spin if it returns.
 */
	FUNC arch_clone
	push	{r4-r8, lr}
	ldr	r12, =utcb
	ldm	r12, {r3-r8}
	ldr	r12, =__l4_ipc
	mov	lr, pc
	ldr	pc, [r12]
	cmp	r0, #0
	blt	1f			@ ipc failed
	cmp	r3, #0
	bne	1f			@ < 0: clone failed; > 0: parent, r3 = child tid
	ldr	r0, [sp, #-4]!		@ child: arg
	adr	lr, 2f
	ldr	pc, [sp, #-4]!		@ fn(arg)
2:	b	2b
1:	ldr	r12, =utcb
	stm	r12, {r3-r8}
	pop	{r4-r8, pc}
	.size arch_clone, . - arch_clone
	.ltorg

/* int l4_schedule(void): the schedule call, which libl4 never had a stub for. */
	FUNC l4_schedule
	push	{lr}
	ldr	r12, =L4_KIP_SCHEDULE
	mov	lr, pc
	ldr	pc, [r12]
	pop	{pc}
	.size l4_schedule, . - l4_schedule
	.ltorg
	.set L4_KIP_SCHEDULE, 0xFF000038

/* int l4_ipc_mrs(l4id_t to, l4id_t from, u32 *mrs): an ipc with a private MR array. */
	FUNC l4_ipc_mrs
	push	{r2, r4-r8, lr}
	ldm	r2, {r3-r8}
	ldr	r12, =__l4_ipc
	mov	lr, pc
	ldr	pc, [r12]
	pop	{r2}
	stm	r2, {r3-r8}
	pop	{r4-r8, pc}
	.size l4_ipc_mrs, . - l4_ipc_mrs
	.ltorg

/* int l4_swi_here(r0, r1, r2): `swi 0x14` outside the syscall page. */
	FUNC l4_swi_here
	push	{r4-r8, lr}
	adr	lr, 1f
	swi	0x14
1:	pop	{r4-r8, pc}
	.size l4_swi_here, . - l4_swi_here

/* int l4_swi_imm(r0, r1, r2): `swi 0` outside the syscall page. */
	FUNC l4_swi_imm
	push	{r4-r8, lr}
	adr	lr, 1f
	swi	0
1:	pop	{r4-r8, pc}
	.size l4_swi_imm, . - l4_swi_imm

/* int l4_syscall_raw(r0, r1, r2, r3, r4, entry): enter a syscall-page entry directly. */
	FUNC l4_syscall_raw
	push	{r4-r8, lr}
	ldr	r4, [sp, #24]
	ldr	r12, [sp, #28]
	mov	lr, pc
	mov	pc, r12
	pop	{r4-r8, pc}
	.size l4_syscall_raw, . - l4_syscall_raw
