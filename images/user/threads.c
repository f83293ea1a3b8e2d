/*
 * threads: thread_control and exchange_registers on live threads (ABI §2.3, §2.4).
 *
 *   SAME_SPACE  create (ids written back, tgid kept), start with exchange_registers
 *               (pc, sp, r0), RUN, RUN again -EINVAL, exregs while active -EACTIVE,
 *               SUSPEND stops it, RESUME restarts it, DESTROY returns 0, then -ESRCH.
 *   inactive    SUSPEND of a never-run thread is 0; DESTROY of it is 0.
 *   NEW_SPACE   create (new spid, tgid = tid), set pc/sp/pager while inactive, DESTROY.
 *   COPY_SPACE  create (new spid), run it on pages already mapped here; it reports its
 *               ids by ipc; DESTROY.
 * Workers make a syscall in every iteration, so a kernel that suspends only at syscall
 * boundaries (as the 2008 one did) passes too.
 */
#include "check.h"

#define SPIN_LIMIT	200000

static u32 worker_stack[1024] __attribute__((aligned(4096)));
static u32 copy_stack[1024] __attribute__((aligned(4096)));
static volatile u32 counter;

static void worker(u32 step)
{
	for (;;) {
		counter += step;
		l4_thread_switch(L4_NILTHREAD);
	}
}

/* Runs in the copied space: report our ids to the creator (tid in r0), then wait. */
static void copy_child(u32 parent)
{
	u32 mrs[MR_TOTAL];
	struct task_ids ids;

	l4_getid(&ids);
	mrs[MR_TAG] = 0xC0C0;
	mrs[MR_SENDER] = 0;
	mrs[2] = (u32)ids.tid;
	mrs[3] = (u32)ids.spid;
	mrs[4] = (u32)ids.tgid;
	mrs[5] = 0x600D;
	l4_ipc_mrs((l4id_t)parent, L4_NILTHREAD, mrs);
	for (;;)
		l4_ipc_mrs(L4_NILTHREAD, (l4id_t)parent, mrs);
}

/* Yield until counter moves away from `from`; returns 1 if it did. */
static int counter_moves(u32 from)
{
	int i;

	for (i = 0; i < SPIN_LIMIT; i++) {
		if (counter != from)
			return 1;
		l4_thread_switch(L4_NILTHREAD);
	}
	return 0;
}

static void same_space(struct task_ids *me)
{
	struct task_ids t = { TASK_ID_INVALID, me->spid, me->tgid };
	struct exregs_data ex;
	u32 c;
	int i;

	EXPECT_EQ("CREATE SAME_SPACE", l4_thread_control(THREAD_CREATE | THREAD_SAME_SPACE, &t), 0);
	EXPECT_TRUE("fresh tid", t.tid > me->tid);
	EXPECT_EQ("same spid", t.spid, me->spid);
	EXPECT_EQ("tgid kept", t.tgid, me->tgid);
	EXPECT_EQ("start worker", start_thread(&t, worker, 1, worker_stack + 1024), 0);
	EXPECT_TRUE("worker runs", counter_moves(0));
	puts("same space: created and running");

	EXPECT_EQ("RUN a running thread", l4_thread_control(THREAD_RUN, &t), -EINVAL);
	memset(&ex, 0, sizeof(ex));
	ex.valid_vect = EXREGS_VALID_PC;
	ex.pc = (u32)worker;
	EXPECT_EQ("exregs an active thread", l4_exchange_registers(&ex, t.tid), -EACTIVE);

	EXPECT_EQ("SUSPEND", l4_thread_control(THREAD_SUSPEND, &t), 0);
	c = counter;
	for (i = 0; i < 1000; i++)
		l4_thread_switch(L4_NILTHREAD);
	EXPECT_EQ("suspended worker stays still", counter, c);
	EXPECT_EQ("SUSPEND a suspended thread", l4_thread_control(THREAD_SUSPEND, &t), 0);
	puts("same space: suspended");

	EXPECT_EQ("RESUME", l4_thread_control(THREAD_RESUME, &t), 0);
	EXPECT_TRUE("resumed worker runs", counter_moves(c));
	puts("same space: resumed");

	EXPECT_EQ("DESTROY a running thread", l4_thread_control(THREAD_DESTROY, &t), 0);
	c = counter;
	for (i = 0; i < 1000; i++)
		l4_thread_switch(L4_NILTHREAD);
	EXPECT_EQ("destroyed worker stays still", counter, c);
	EXPECT_EQ("DESTROY again", l4_thread_control(THREAD_DESTROY, &t), -ESRCH);
	EXPECT_EQ("RUN a destroyed thread", l4_thread_control(THREAD_RUN, &t), -ESRCH);
	EXPECT_EQ("exregs a destroyed thread", l4_exchange_registers(&ex, t.tid), -ESRCH);
	puts("same space: destroyed");
}

static void inactive(struct task_ids *me)
{
	struct task_ids t = { TASK_ID_INVALID, me->spid, me->tgid };
	struct task_ids t2 = { TASK_ID_INVALID, me->spid, me->tgid };

	EXPECT_EQ("CREATE", l4_thread_control(THREAD_CREATE | THREAD_SAME_SPACE, &t), 0);
	EXPECT_EQ("CREATE another", l4_thread_control(THREAD_CREATE | THREAD_SAME_SPACE, &t2), 0);
	EXPECT_TRUE("tids grow", t2.tid > t.tid);
	EXPECT_EQ("SUSPEND a never-run thread", l4_thread_control(THREAD_SUSPEND, &t), 0);
	EXPECT_EQ("DESTROY a never-run thread", l4_thread_control(THREAD_DESTROY, &t), 0);
	EXPECT_EQ("DESTROY the other", l4_thread_control(THREAD_DESTROY, &t2), 0);
	puts("inactive: ok");
}

static void new_space(struct task_ids *me)
{
	struct task_ids t = { TASK_ID_INVALID, TASK_ID_INVALID, TASK_ID_INVALID };
	struct exregs_data ex;

	EXPECT_EQ("CREATE NEW_SPACE", l4_thread_control(THREAD_CREATE | THREAD_NEW_SPACE, &t), 0);
	EXPECT_TRUE("fresh tid", t.tid > me->tid);
	EXPECT_TRUE("new spid", t.spid != me->spid && t.spid >= 0);
	EXPECT_EQ("tgid = tid", t.tgid, t.tid);
	memset(&ex, 0, sizeof(ex));
	ex.sp = 0x1FFFEFF8;
	ex.pc = 0x10000000;
	ex.valid_vect = EXREGS_VALID_SP | EXREGS_VALID_PC;
	ex.flags = EXREGS_SET_PAGER;
	ex.pagerid = PAGER_TID;
	EXPECT_EQ("exregs the new-space thread", l4_exchange_registers(&ex, t.tid), 0);
	EXPECT_EQ("DESTROY the new-space thread", l4_thread_control(THREAD_DESTROY, &t), 0);
	puts("new space: ok");
}

static void copy_space(struct task_ids *me)
{
	struct task_ids t = { TASK_ID_INVALID, me->spid, TASK_ID_INVALID };

	prefault_image();
	EXPECT_EQ("CREATE COPY_SPACE", l4_thread_control(THREAD_CREATE | THREAD_COPY_SPACE, &t), 0);
	EXPECT_TRUE("fresh tid", t.tid > me->tid);
	EXPECT_TRUE("new spid", t.spid != me->spid && t.spid >= 0);
	EXPECT_EQ("tgid = tid", t.tgid, t.tid);
	EXPECT_EQ("start copy", start_thread(&t, copy_child, (u32)me->tid, copy_stack + 1024), 0);
	EXPECT_EQ("receive from the copy", l4_receive(t.tid), 0);
	EXPECT_EQ("copy tag", read_mr(MR_TAG), 0xC0C0);
	EXPECT_EQ("copy's tid", read_mr(2), t.tid);
	EXPECT_EQ("copy's spid", read_mr(3), t.spid);
	EXPECT_EQ("copy's tgid", read_mr(4), t.tgid);
	EXPECT_EQ("copy's word", read_mr(5), 0x600D);
	puts("copy space: the copy ran");
	EXPECT_EQ("DESTROY the copy", l4_thread_control(THREAD_DESTROY, &t), 0);
	puts("copy space: ok");
}

int main(void)
{
	struct task_ids me;

	l4_getid(&me);
	prefault_image();
	same_space(&me);
	inactive(&me);
	new_space(&me);
	copy_space(&me);
	puts("threads: ok");
	return 0;
}
