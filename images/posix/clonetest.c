/*
 * clonetest: threads and clone (scenarios 20, 21).
 *
 *  - clone with a NULL stack or function is EINVAL
 *  - four CLONE_VM|CLONE_FS|CLONE_THREAD threads, each on its own one-page MAP_GROWSDOWN stack
 *    (four distinct pages): each runs on its stack, sees the creator's globals, creates and
 *    reads back its own file through its own utcb page (paths from threads), writes its slot
 *    and exits; the creator watches the slots
 *  - a clone without CLONE_VM is a separate process (a copy, like fork): its stores stay its
 *    own, it can use paths, and the creator waits for its exit code
 */
#include "ptest.h"
#include <sched.h>

#define NTHREADS	4

static volatile u32 slot[NTHREADS];
static volatile int shared_seen;
static char *stacks[NTHREADS];

static int thread_fn(void *arg)
{
	int i = (int)arg, fd, n;
	char name[16], buf[16];
	volatile int local;
	u32 sp = (u32)&local;

	if (sp >= (u32)stacks[i] || sp < (u32)stacks[i] - PAGE_SIZE)
		_exit(1);
	if (shared_seen != 0x5EE)
		_exit(1);
	snprintf(name, sizeof(name), "/thread%d", i);
	if ((fd = open(name, O_CREAT | O_RDWR | O_TRUNC, 0644)) < 0)
		_exit(2);
	if (write(fd, name, strlen(name)) != (int)strlen(name) || lseek(fd, 0, SEEK_SET) != 0)
		_exit(3);
	n = read(fd, buf, sizeof(buf));
	if (n != (int)strlen(name) || memcmp(buf, name, n) != 0 || close(fd) != 0)
		_exit(4);
	slot[i] = 0x100 + (u32)i;
	_exit(0);
	return 0;
}

static int copy_fn(void *arg)
{
	int fd;

	shared_seen = 0xC0;	/* the creator must not see this */
	if ((fd = creat("/copy", 0644)) < 0 || write(fd, "c", 1) != 1 || close(fd) != 0)
		_exit(2);
	_exit((int)arg);
	return 0;
}

int main(void)
{
	int i, tids[NTHREADS], spins;
	char *stack;
	pid_t pid;

	CHECK_ERRNO("clone with a NULL stack", clone(thread_fn, 0, CLONE_VM | CLONE_THREAD, 0), EINVAL);
	stack = mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE | MAP_GROWSDOWN, -1, 0);
	CHECK("mmap", stack != MAP_FAILED);
	CHECK_ERRNO("clone with a NULL function", clone(0, stack, CLONE_VM | CLONE_THREAD, 0), EINVAL);
	printf("clonetest: NULL stack and function refused\n");

	shared_seen = 0x5EE;
	for (i = 0; i < NTHREADS; i++) {
		stacks[i] = mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE,
				 MAP_ANONYMOUS | MAP_PRIVATE | MAP_GROWSDOWN, -1, 0);
		CHECK("mmap stack", stacks[i] != MAP_FAILED);
	}
	for (i = 0; i < NTHREADS; i++) {
		int j;

		for (j = 0; j < i; j++)
			CHECK("distinct stack pages", stacks[i] != stacks[j]);
	}
	for (i = 0; i < NTHREADS; i++) {
		tids[i] = clone(thread_fn, stacks[i],
				CLONE_PARENT | CLONE_FS | CLONE_VM | CLONE_THREAD | CLONE_SIGHAND, (void *)i);
		CHECK("clone", tids[i] > 0);
	}
	for (spins = 0; spins < 100000; spins++) {
		for (i = 0; i < NTHREADS && slot[i] == 0x100u + (u32)i; i++)
			;
		if (i == NTHREADS)
			break;
		yield();
	}
	for (i = 0; i < NTHREADS; i++)
		CHECK_EQ("thread slot", slot[i], 0x100 + i);
	printf("clonetest: %d threads ran on their own stacks and used paths\n", NTHREADS);

	pid = clone(copy_fn, stack, 0, (void *)23);
	CHECK("clone without CLONE_VM", pid > 0);
	CHECK_EQ("exit code of the copy", wait_exit_code(pid, "waitpid"), 23);
	CHECK_EQ("the copy's store stayed its own", shared_seen, 0x5EE);
	CHECK("the copy's file", open("/copy", O_RDONLY) >= 0);
	printf("clonetest: clone without CLONE_VM is a separate process\n");
	printf("-- PASSED --\n");
	return 0;
}
