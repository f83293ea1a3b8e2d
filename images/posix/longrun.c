/*
 * longrun: a few hundred forks and exits. 200 children one at a time, then 10 batches of
 * 20 running together, each child exiting with a code computed from its index; the parent
 * checks every code and prints a summary.
 */
#include "ptest.h"

#define SERIAL		200
#define BATCHES		10
#define BATCH		20

static int code(int i)
{
	return (i * 37 + 11) & 0xff;
}

int main(void)
{
	pid_t pids[BATCH];
	int i, b, forked = 0, reaped = 0;
	u32 sum = 0;

	for (i = 0; i < SERIAL; i++) {
		pid_t pid = fork();

		CHECK("fork", pid >= 0);
		if (pid == 0)
			_exit(code(i));
		forked++;
		CHECK_EQ("exit code", wait_exit_code(pid, "waitpid"), code(i));
		reaped++;
		sum += (u32)code(i);
	}
	for (b = 0; b < BATCHES; b++) {
		for (i = 0; i < BATCH; i++) {
			CHECK("fork", (pids[i] = fork()) >= 0);
			if (pids[i] == 0) {
				yield();
				_exit(code(SERIAL + b * BATCH + i));
			}
			forked++;
		}
		for (i = BATCH - 1; i >= 0; i--) {
			CHECK_EQ("exit code", wait_exit_code(pids[i], "waitpid"), code(SERIAL + b * BATCH + i));
			reaped++;
			sum += (u32)code(SERIAL + b * BATCH + i);
		}
	}
	CHECK_ERRNO("no children left", wait(0), ECHILD);
	printf("longrun: %d forked, %d reaped, exit code sum %u\n", forked, reaped, sum);
	printf("-- PASSED --\n");
	return 0;
}
