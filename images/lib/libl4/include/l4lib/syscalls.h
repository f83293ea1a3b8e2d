/*
 * The 13 Codezero system calls as libl4 stubs (ABI §1.4, §2).
 *
 * Every stub enters the kernel through the entry pointer __l4_init copied from the KIP.
 * lr is clobbered across a trap; the stubs account for that.
 */
#ifndef L4LIB_SYSCALLS_H
#define L4LIB_SYSCALLS_H

#include <l4lib/types.h>

/* Syscall page (ABI §1.1): entry k is at 0xFFFFF000 + 4k. */
#define ARM_SYSCALL_PAGE	0xFFFFF000u
#define SYS_ipc			0x00
#define SYS_thread_switch	0x04
#define SYS_thread_control	0x08
#define SYS_exchange_registers	0x0C
#define SYS_schedule		0x10
#define SYS_unmap		0x14
#define SYS_space_control	0x18
#define SYS_ipc_control		0x1C
#define SYS_map			0x20
#define SYS_getid		0x24
#define SYS_kread		0x28
#define SYS_kmem_control	0x2C
#define SYS_time		0x30

/* thread_control actions and create flags @44c3402 (ABI §2.3). */
#define THREAD_ACTION_MASK	0x000F
#define THREAD_CREATE		0
#define THREAD_RUN		1
#define THREAD_SUSPEND		2
#define THREAD_RESUME		3
#define THREAD_DESTROY		4
#define THREAD_CREATE_MASK	0x00F0
#define THREAD_NEW_SPACE	0x0010
#define THREAD_COPY_SPACE	0x0020
#define THREAD_SAME_SPACE	0x0030

/* map flags (ABI §2.5). */
#define MAP_USR_RW_FLAGS	0
#define MAP_USR_RO_FLAGS	1
#define MAP_SVC_RW_FLAGS	2
#define MAP_USR_IO_FLAGS	3
#define MAP_SVC_IO_FLAGS	4

/* Entry pointers, copied from the KIP by __l4_init. */
extern u32 __l4_ipc, __l4_thread_switch, __l4_thread_control, __l4_exchange_registers;
extern u32 __l4_unmap, __l4_space_control, __l4_ipc_control, __l4_map, __l4_getid;
extern u32 __l4_kread, __l4_kmem_control, __l4_time;

void __l4_init(void);

int l4_ipc(l4id_t to, l4id_t from);
int l4_thread_switch(l4id_t dest);
int l4_thread_control(unsigned int action, struct task_ids *ids);
int l4_exchange_registers(struct exregs_data *exregs, l4id_t tid);
int l4_unmap(void *virt, unsigned long npages, l4id_t tid);
int l4_space_control(unsigned int op, void *data);
int l4_ipc_control(unsigned int action, l4id_t sender, u32 tag);
int l4_map(void *phys, void *virt, u32 npages, u32 flags, l4id_t tid);
int l4_getid(struct task_ids *ids);
int l4_kread(u32 rd, void *buf);
int l4_kmem_control(unsigned long pfn, int npages, int grant);
int l4_time(void *timeval, int set);

/*
 * The clone helper (ABI §1.4): an ipc with the utcb MRs; in the child (MR0 == 0) it pops
 * arg from child_stack[-1] and fn from child_stack[-2] and calls fn(arg), spinning if fn
 * returns. In the parent it returns like l4_ipc.
 */
int arch_clone(l4id_t to, l4id_t from);

/*
 * czemu additions (not in the 2008 libl4):
 *  l4_schedule: the schedule call (entry 0xFFFFF010 from the KIP's 0x38 slot); the original
 *               had no stub.
 *  l4_ipc_mrs:  an ipc that loads and stores MR0-MR5 from mrs[] instead of the global utcb,
 *               for threads of one space that must not share MR state.
 *  l4_swi_here: a `swi 0x14` executed at its own address in the program text (outside the
 *               syscall page), with lr pointing after it; returns r0.
 *  l4_swi_imm:  the same with a different SWI immediate (0x00).
 *  l4_syscall_raw: enter syscall page entry `entry` (0xFFFFF000 + 4k) with r0-r4 as given.
 */
int l4_schedule(void);
int l4_ipc_mrs(l4id_t to, l4id_t from, u32 *mrs);
int l4_swi_here(u32 r0, u32 r1, u32 r2);
int l4_swi_imm(u32 r0, u32 r1, u32 r2);
int l4_syscall_raw(u32 r0, u32 r1, u32 r2, u32 r3, u32 r4, u32 entry);

#endif
