/*
 * isolation: a task that makes an illegal access is killed; everyone else goes on.
 *
 * One child runs a long computation (a bystander) while seven others each make one bad
 * access: a store to an address with no mapping (0x0F000000), a load from NULL, a jump to
 * unmapped memory, a store into the kernel area (0xF0000000), into the KIP (0xFF000000),
 * into the vector page (0xFFFF0000) and into the syscall page (0xFFFFF000). Each is
 * reported by wait as not having exited normally. The bystander finishes with the right
 * result, the parent carries on, and the KIP still reads back its magic.
 */
#include "ptest.h"

struct bad {
	const char *what;
	u32 addr;
	int kind;	/* 0 store, 1 load, 2 jump */
};

static const struct bad cases[] = {
	{ "store to unmapped 0x0F000000", 0x0F000000u, 0 },
	{ "load from NULL", 0, 1 },
	{ "jump to unmapped 0x0E000000", 0x0E000000u, 2 },
	{ "store to the kernel area 0xF0000000", 0xF0000000u, 0 },
	{ "store to the KIP 0xFF000000", 0xFF000000u, 0 },
	{ "store to the vector page 0xFFFF0000", 0xFFFF0000u, 0 },
	{ "store to the syscall page 0xFFFFF000", 0xFFFFF000u, 0 },
};
#define NCASES	((int)(sizeof(cases) / sizeof(cases[0])))

static u32 work(void)
{
	u32 x = 1, i;

	for (i = 0; i < 200000; i++) {
		x = x * 1103515245u + 12345u;
		if ((i & 0x3fff) == 0)
			yield();
	}
	return x;
}

int main(void)
{
	pid_t bystander, pid;
	u32 expect = work();
	int i, status;

	CHECK("fork", (bystander = fork()) >= 0);
	if (bystander == 0)
		_exit(work() == expect ? 0 : 1);

	for (i = 0; i < NCASES; i++) {
		CHECK("fork", (pid = fork()) >= 0);
		if (pid == 0) {
			volatile u32 *p = (volatile u32 *)cases[i].addr;

			if (cases[i].kind == 0)
				*p = 0xBAD;
			else if (cases[i].kind == 1)
				(void)*p;
			else
				((void (*)(void))cases[i].addr)();
			_exit(0);	/* not reached when the access is refused */
		}
		status = 0;
		CHECK_EQ("waitpid", waitpid(pid, &status, 0), pid);
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
			printf("FAIL: %s was allowed\n", cases[i].what);
			printf("-- FAILED --\n");
			return 1;
		}
		printf("isolation: %s: task killed\n", cases[i].what);
	}
	CHECK_EQ("bystander", wait_exit_code(bystander, "waitpid bystander"), 0);
	printf("isolation: the bystander finished its work\n");
	CHECK_EQ("KIP magic", *(volatile u32 *)0xFF000000u, KIP_MAGIC);
	printf("isolation: KIP intact\n");
	printf("-- PASSED --\n");
	return 0;
}
