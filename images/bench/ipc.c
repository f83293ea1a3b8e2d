/*
 * Benchmark: ITER IPC round trips (sendrecv from A, receive + send from B) between two emulated
 * threads of one task, then exit 0. Built twice with different ITER (bench/kernel.ts).
 */
#include <l4lib/l4.h>
#include <string.h>

static u32 pong_stack[512] __attribute__((aligned(8)));
extern char _end[];

static void pong(u32 ping_tid)
{
	u32 mrs[MR_TOTAL] = { 0 };

	for (;;) {
		l4_ipc_mrs(L4_NILTHREAD, ping_tid, mrs);
		mrs[MR_RETURN] += 1;
		l4_ipc_mrs(ping_tid, L4_NILTHREAD, mrs);
	}
}

int main(void)
{
	struct task_ids me, b;
	struct exregs_data regs;
	volatile const char *p;
	u32 mrs[MR_TOTAL] = { 0 };
	int i;

	l4_getid(&me);
	/* The pager knows only this thread: touch the image so B never faults. */
	for (p = (const char *)0x10000000; p < (const char *)_end; p += 4096)
		(void)*p;
	b.tid = TASK_ID_INVALID;
	b.spid = me.spid;
	b.tgid = me.tgid;
	if (l4_thread_control(THREAD_CREATE | THREAD_SAME_SPACE, &b) < 0)
		return 1;
	memset(&regs, 0, sizeof(regs));
	regs.r0 = (u32)me.tid;
	regs.sp = (u32)(pong_stack + 512);
	regs.pc = (u32)pong;
	regs.valid_vect = (1u << 0) | (1u << 13) | (1u << 15);
	if (l4_exchange_registers(&regs, b.tid) < 0 || l4_thread_control(THREAD_RUN, &b) < 0)
		return 1;
	for (i = 0; i < ITER; i++)
		l4_ipc_mrs(b.tid, b.tid, mrs);
	/* B never leaves its loop: destroy it so the task (and the run) can end. */
	l4_thread_control(THREAD_DESTROY, &b);
	return mrs[MR_RETURN] == (u32)ITER ? 0 : 1;
}
