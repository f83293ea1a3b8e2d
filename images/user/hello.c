/* hello: the smallest program; prints its tid from getid. */
#include "check.h"

int main(void)
{
	struct task_ids ids;

	EXPECT_EQ("getid", l4_getid(&ids), 0);
	printf("Hello from czemu, tid %d\n", ids.tid);
	return 0;
}
