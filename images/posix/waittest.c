/*
 * waittest: wait and waitpid with exit statuses.
 *
 *  - five children exit with 3, 13, 23, 33, 43; waitpid on each pid in reverse order gives
 *    that pid, WIFEXITED and the code
 *  - exit codes keep their low 8 bits (_exit(0x105) reads back as 5)
 *  - WNOHANG on a child still running returns 0; a blocking waitpid then returns it
 *  - wait(-1) collects children in any order; a NULL status pointer is accepted
 *  - a grandchild is not a child (-ECHILD), nor is an unknown pid; with no children left,
 *    wait gives -ECHILD, with and without WNOHANG
 *  - a child the kernel kills for a bad access is reported as not having exited normally
 */
#include "ptest.h"

#define N	5

int main(void)
{
	pid_t pids[N], pid, gpid;
	int i, status, seen;

	for (i = 0; i < N; i++) {
		CHECK("fork", (pids[i] = fork()) >= 0);
		if (pids[i] == 0)
			_exit(i * 10 + 3);
	}
	for (i = N - 1; i >= 0; i--) {
		status = -1;
		CHECK_EQ("waitpid pid", waitpid(pids[i], &status, 0), pids[i]);
		CHECK("WIFEXITED", WIFEXITED(status));
		CHECK_EQ("WEXITSTATUS", WEXITSTATUS(status), i * 10 + 3);
	}
	printf("waittest: waitpid in reverse order: 43 33 23 13 3\n");

	CHECK("fork", (pid = fork()) >= 0);
	if (pid == 0)
		_exit(0x105);
	CHECK_EQ("waitpid", waitpid(pid, &status, 0), pid);
	CHECK_EQ("low 8 bits of the code", WEXITSTATUS(status), 5);
	printf("waittest: _exit(0x105) reads back as 5\n");

	CHECK("fork", (pid = fork()) >= 0);
	if (pid == 0) {
		for (i = 0; i < 50; i++)
			yield();
		_exit(7);
	}
	CHECK_EQ("WNOHANG while running", waitpid(pid, &status, WNOHANG), 0);
	CHECK_EQ("waitpid after WNOHANG", waitpid(pid, &status, 0), pid);
	CHECK_EQ("code after WNOHANG", WEXITSTATUS(status), 7);
	printf("waittest: WNOHANG returns 0 while the child runs\n");

	for (i = 0; i < N; i++) {
		CHECK("fork", (pids[i] = fork()) >= 0);
		if (pids[i] == 0)
			_exit(50 + i);
	}
	seen = 0;
	for (i = 0; i < N; i++) {
		int j;

		pid = wait(&status);
		for (j = 0; j < N; j++)
			if (pids[j] == pid && WEXITSTATUS(status) == 50 + j)
				seen |= 1 << j;
	}
	CHECK_EQ("wait(-1) collected every child", seen, (1 << N) - 1);
	CHECK("fork", (pid = fork()) >= 0);
	if (pid == 0)
		_exit(1);
	CHECK_EQ("wait with a NULL status", wait(0), pid);
	printf("waittest: wait collects any child\n");

	CHECK("fork", (pid = fork()) >= 0);
	if (pid == 0) {
		/* The child forks and reaps a grandchild and exits with its pid. */
		CHECK("fork", (gpid = fork()) >= 0);
		if (gpid == 0) {
			for (i = 0; i < 20; i++)
				yield();
			_exit(9);
		}
		CHECK_EQ("grandchild", wait_exit_code(gpid, "wait grandchild"), 9);
		_exit(gpid & 0xff);
	}
	gpid = wait_exit_code(pid, "wait child");
	CHECK_ERRNO("waitpid of a grandchild", waitpid(gpid, &status, 0), ECHILD);
	CHECK_ERRNO("waitpid of an unknown pid", waitpid(4000, &status, 0), ECHILD);
	printf("waittest: only own children can be waited for\n");

	CHECK("fork", (pid = fork()) >= 0);
	if (pid == 0) {
		*(volatile int *)0 = 1;	/* the kernel kills this task */
		_exit(0);
	}
	status = 0;
	CHECK_EQ("wait for the killed child", waitpid(pid, &status, 0), pid);
	CHECK("killed child did not exit normally", !(WIFEXITED(status) && WEXITSTATUS(status) == 0));
	printf("waittest: a killed child is reported\n");

	CHECK_ERRNO("wait without children", wait(&status), ECHILD);
	CHECK_ERRNO("WNOHANG without children", waitpid(-1, &status, WNOHANG), ECHILD);
	printf("-- PASSED --\n");
	return 0;
}
