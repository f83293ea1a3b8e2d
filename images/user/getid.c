/*
 * getid: the task_ids of the first user task. Booted as test0 is (mm0 = 0, fs0 = 1), the
 * task gets tid = spid = tgid = 2 (ABI §6.2). Also checks that getid leaves the rest of the
 * buffer alone and that repeated calls agree.
 */
#include "check.h"

int main(void)
{
	struct task_ids ids[3];

	memset(ids, 0x5A, sizeof(ids));
	EXPECT_EQ("getid returns 0", l4_getid(&ids[1]), 0);
	printf("tid %d spid %d tgid %d\n", ids[1].tid, ids[1].spid, ids[1].tgid);
	EXPECT_EQ("getid wrote before the buffer", ids[0].tgid, 0x5A5A5A5A);
	EXPECT_EQ("getid wrote after the buffer", ids[2].tid, 0x5A5A5A5A);
	EXPECT_TRUE("tid is not negative", ids[1].tid >= 0);
	EXPECT_EQ("single-threaded task: spid == tid", ids[1].spid, ids[1].tid);
	EXPECT_EQ("single-threaded task: tgid == tid", ids[1].tgid, ids[1].tid);
	EXPECT_EQ("getid again", l4_getid(&ids[2]), 0);
	EXPECT_EQ("same tid twice", ids[2].tid, ids[1].tid);
	EXPECT_EQ("self_tid", self_tid(), ids[1].tid);
	puts("getid: ok");
	return 0;
}
