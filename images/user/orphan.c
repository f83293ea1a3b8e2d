/*
 * orphan: creates a thread in a new space and a thread in its own space, starts neither, and
 * exits. Nobody is left who could run them, so the kernel discards them with one console line and
 * the run ends with this program's status (0), not with a deadlock report.
 */
#include "check.h"

int main(void)
{
	struct task_ids me, a, b;

	l4_getid(&me);
	a.tid = b.tid = TASK_ID_INVALID;
	a.spid = a.tgid = TASK_ID_INVALID;
	b.spid = me.spid;
	b.tgid = me.tgid;
	EXPECT_EQ("CREATE NEW_SPACE", l4_thread_control(THREAD_CREATE | THREAD_NEW_SPACE, &a), 0);
	EXPECT_EQ("CREATE SAME_SPACE", l4_thread_control(THREAD_CREATE | THREAD_SAME_SPACE, &b), 0);
	printf("orphan: created tids %d and %d, exiting without running them\n", a.tid, b.tid);
	return 0;
}
