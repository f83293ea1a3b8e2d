/*
 * libl4 start-up (ABI §1.4, §3.3): copy the KIP entry pointers, then obtain this task's
 * shared utcb page from the pager.
 */
#include <l4lib/l4.h>

u32 __l4_ipc, __l4_thread_switch, __l4_thread_control, __l4_exchange_registers;
u32 __l4_unmap, __l4_space_control, __l4_ipc_control, __l4_map, __l4_getid;
u32 __l4_kread, __l4_kmem_control, __l4_time;

struct utcb utcb;
void *utcb_page;

/*
 * utcb_init: unless we are the pager (tid 0), ask the pager for our utcb page address
 * (tag UTCB, MR2 = own tid), then SHMGET(key = address, 4096, IPC_CREAT) and
 * SHMAT(shmid, address, 0) so the page is mapped at that address.
 * Returns 0, or a negative errno (utcb_page then stays 0); programs that never talk to
 * the VFS do not need the page, so crt0 ignores a failure.
 */
int utcb_init(void)
{
	struct task_ids ids;
	u32 addr;
	int err, shmid;

	l4_getid(&ids);
	if (ids.tid == PAGER_TID)
		return 0;

	write_mr(L4SYS_ARG0, (u32)ids.tid);
	if ((err = l4_sendrecv(PAGER_TID, PAGER_TID, L4_IPC_TAG_UTCB)) < 0)
		return err;
	addr = (u32)l4_get_retval();
	if (addr == 0 || IS_ERR(addr))
		return -EINVAL;

	write_mr(L4SYS_ARG0, addr);
	write_mr(L4SYS_ARG1, PAGE_SIZE);
	write_mr(L4SYS_ARG2, IPC_CREAT);
	if ((err = l4_sendrecv(PAGER_TID, PAGER_TID, L4_IPC_TAG_SHMGET)) < 0)
		return err;
	if ((shmid = l4_get_retval()) < 0)
		return shmid;

	write_mr(L4SYS_ARG0, (u32)shmid);
	write_mr(L4SYS_ARG1, addr);
	write_mr(L4SYS_ARG2, 0);
	if ((err = l4_sendrecv(PAGER_TID, PAGER_TID, L4_IPC_TAG_SHMAT)) < 0)
		return err;
	if (IS_ERR(utcb.mr[MR_RETURN]))
		return l4_get_retval();

	utcb_page = (void *)utcb.mr[MR_RETURN];
	return 0;
}

/* Copy the 12 entry pointers libl4 uses from the KIP at 0xFF000000, then utcb_init. */
void __l4_init(void)
{
	volatile struct kip *kip = (volatile struct kip *)L4_KIP_ADDRESS;

	__l4_kmem_control = kip->kmem_control;
	__l4_time = kip->time;
	__l4_space_control = kip->space_control;
	__l4_thread_control = kip->thread_control;
	__l4_ipc_control = kip->ipc_control;
	__l4_map = kip->map;
	__l4_ipc = kip->ipc;
	__l4_kread = kip->kread;
	__l4_unmap = kip->unmap;
	__l4_exchange_registers = kip->exchange_registers;
	__l4_thread_switch = kip->thread_switch;
	__l4_getid = kip->getid;

	utcb_init();
}
