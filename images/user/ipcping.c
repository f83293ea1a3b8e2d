/*
 * ipcping: a real rendezvous ping-pong between two threads of one task.
 *
 * The main thread A creates B with THREAD_CREATE | THREAD_SAME_SPACE, points it at pong()
 * with exchange_registers and runs it. A sends N requests with l4_sendrecv (MRs through
 * the global utcb); B receives from L4_ANYTHREAD with its own MR array (l4_ipc_mrs) and
 * replies. Checked on both sides: every MR arrives intact, MR1 of an ANYTHREAD receive is
 * the sender's tid (A fills it with garbage), and a closed receive keeps the sender's MR1.
 */
#include "check.h"

#define ROUNDS		1000
#define TAG_STOP	0xFFFF
#define B_MR1		0xB0B0B0B0u

static u32 pong_stack[1024] __attribute__((aligned(8)));
static volatile int pong_errors, pong_rounds;

static u32 pattern(u32 i, int k)
{
	return (i * 0x9E3779B9u) ^ ((u32)k << 28) ^ 0x5A5A0000u;
}

static void pong(u32 ping_tid)
{
	u32 mrs[MR_TOTAL];
	u32 expect = 0;
	int k;

	for (;;) {
		if (l4_ipc_mrs(L4_NILTHREAD, L4_ANYTHREAD, mrs) < 0)
			pong_errors++;
		if (mrs[MR_SENDER] != ping_tid)
			pong_errors++;
		if (mrs[MR_TAG] == TAG_STOP) {
			mrs[MR_RETURN] = (u32)pong_errors;
			mrs[MR_SENDER] = B_MR1;
			l4_ipc_mrs(ping_tid, L4_NILTHREAD, mrs);
			break;
		}
		if (mrs[MR_TAG] != expect)
			pong_errors++;
		for (k = 2; k < MR_TOTAL; k++) {
			if (mrs[k] != pattern(expect, k))
				pong_errors++;
			mrs[k] = ~mrs[k];
		}
		mrs[MR_RETURN] = ++expect;
		mrs[MR_SENDER] = B_MR1;
		pong_rounds = (int)expect;
		if (l4_ipc_mrs(ping_tid, L4_NILTHREAD, mrs) < 0)
			pong_errors++;
	}
	/* Wait to be destroyed. */
	for (;;)
		l4_ipc_mrs(L4_NILTHREAD, ping_tid, mrs);
}

int main(void)
{
	struct task_ids me, b;
	u32 i;
	int k;

	l4_getid(&me);
	prefault_image();

	b.tid = TASK_ID_INVALID;
	b.spid = me.spid;
	b.tgid = me.tgid;
	EXPECT_EQ("create pong thread", l4_thread_control(THREAD_CREATE | THREAD_SAME_SPACE, &b), 0);
	EXPECT_EQ("pong thread in our space", b.spid, me.spid);
	EXPECT_EQ("start pong thread",
		  start_thread(&b, pong, (u32)me.tid, pong_stack + 1024), 0);
	printf("ping: %d round trips with thread %s\n", ROUNDS, b.tid > me.tid ? "B" : "?");

	for (i = 0; i < ROUNDS; i++) {
		for (k = 2; k < MR_TOTAL; k++)
			write_mr(k, pattern(i, k));
		write_mr(MR_SENDER, 0xDEAD0000u | i);	/* the kernel must overwrite it */
		EXPECT_EQ("sendrecv", l4_sendrecv(b.tid, b.tid, i), 0);
		EXPECT_EQ("reply tag", read_mr(MR_RETURN), i + 1);
		EXPECT_EQ("closed receive keeps the sender's MR1", read_mr(MR_SENDER), B_MR1);
		for (k = 2; k < MR_TOTAL; k++)
			EXPECT_EQ("reply MR", read_mr(k), ~pattern(i, k));
	}
	EXPECT_EQ("stop", l4_sendrecv(b.tid, b.tid, TAG_STOP), 0);
	EXPECT_EQ("pong saw intact MRs and MR1 = sender", read_mr(MR_RETURN), 0);
	EXPECT_EQ("pong rounds", pong_rounds, ROUNDS);
	printf("ping: %d round trips ok\n", ROUNDS);
	EXPECT_EQ("destroy pong thread", l4_thread_control(THREAD_DESTROY, &b), 0);
	EXPECT_EQ("ipc to the destroyed thread", l4_ipc(b.tid, L4_NILTHREAD), -ESRCH);
	puts("ipcping: ok");
	return 0;
}
