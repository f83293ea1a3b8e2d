/*
 * Processes and threads (services §1.2, §3; ABI §1.4).
 *
 *   fork     FORK (22) to the pager; the child resumes inside the same ipc with MR0 = 0 and
 *            then maps its own utcb page (utcb_init) before returning 0
 *   clone    CLONE (26), MR2 = child_stack, MR3 = flags, through libl4's arch_clone
 *   execve   EXECVE (20), the path and arguments in the utcb page (layout below)
 *   _exit    EXIT (27), MR2 = status; no reply
 *   waitpid  WAIT (28), MR2 = pid (-1: any child), MR3 = options -> MR0 = tid, MR2 = status
 *   getpid   the kernel's getid: the thread id
 */
#include "posix_ipc.h"
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

pid_t fork(void)
{
	u32 mr[MR_TOTAL];
	int r;

	mr[2] = mr[3] = mr[4] = mr[5] = 0;
	r = __posix_call(PAGER_TID, L4_IPC_TAG_FORK, mr);
	if (r == 0) {
		/* the child: until now utcb_page is the parent's address */
		utcb_init();
		__posix_utcb_forget();
	}
	return __posix_ret(r);
}

/*
 * A clone without CLONE_VM gets a copy of the address space, as fork does (the pager's fix of
 * services §8 A12), with its own globals and its own utcb page, which it must map (utcb_init)
 * before it can pass a path. blk = {fn, arg} lies on the new thread's stack.
 */
static int clone_copy_start(u32 *blk)
{
	utcb_init();
	__posix_utcb_forget();
	return ((int (*)(void *))blk[0])((void *)blk[1]);
}

/*
 * The argument words are stored below child_stack, where arch_clone's child path pops them:
 * arg at child_stack[-1], fn at child_stack[-2]; fn(arg) runs with sp = child_stack - 8
 * (services §3.3). Without CLONE_VM, that pair is the block {fn, arg} and the thread starts in
 * clone_copy_start two words lower. MRs go through the global utcb area because arch_clone
 * loads them from there.
 */
int clone(int (*fn)(void *), void *child_stack, int flags, void *arg)
{
	u32 *sp = child_stack;
	int r;

	if (child_stack == 0 || fn == 0)
		return __posix_ret(-EINVAL);
	sp[-1] = (u32)arg;
	sp[-2] = (u32)fn;
	if ((flags & CLONE_VM) == 0) {
		u32 *blk = sp - 2;

		sp -= 2;
		sp[-1] = (u32)blk;
		sp[-2] = (u32)clone_copy_start;
	}
	l4_set_tag(L4_IPC_TAG_CLONE);
	write_mr(L4SYS_ARG0, (u32)sp);
	write_mr(L4SYS_ARG1, (u32)flags);
	if ((r = arch_clone(PAGER_TID, PAGER_TID)) < 0)
		return __posix_ret(r);
	return __posix_ret(l4_get_retval());
}

/*
 * execve request in the utcb page:
 *
 *   0          path, NUL-terminated
 *   align4     u32 argc
 *   +4         argv[0] NUL argv[1] NUL ... (back to back)
 *
 * MR2 = the utcb page address, MR3 = the byte length used. envp is not passed. Returns only
 * on failure (-1 with errno; E2BIG when the arguments do not fit the page).
 */
int execve(const char *path, char *const argv[], char *const envp[])
{
	u32 mr[MR_TOTAL];
	char *page = __posix_utcb();
	size_t pos, n;
	u32 argc = 0;
	int i;

	(void)envp;
	if (page == 0 || path == 0)
		return __posix_ret(-EFAULT);
	n = strlen(path) + 1;
	if (n > PAGE_SIZE - 8)
		return __posix_ret(-ENAMETOOLONG);
	memcpy(page, path, n);
	pos = (n + 3) & ~3u;
	pos += 4;
	for (i = 0; argv != 0 && argv[i] != 0; i++) {
		n = strlen(argv[i]) + 1;
		if (pos + n > PAGE_SIZE)
			return __posix_ret(-E2BIG);
		memcpy(page + pos, argv[i], n);
		pos += n;
		argc++;
	}
	memcpy(page + ((strlen(path) + 1 + 3) & ~3u), &argc, 4);
	mr[2] = (u32)page;
	mr[3] = (u32)pos;
	mr[4] = mr[5] = 0;
	return __posix_ret(__posix_call(PAGER_TID, L4_IPC_TAG_EXECVE, mr));
}

/* EXIT(status): the pager destroys this thread and never replies; spin if it does. */
void _exit(int status)
{
	u32 mr[MR_TOTAL];

	mr[2] = (u32)status;
	mr[3] = mr[4] = mr[5] = 0;
	__posix_call(PAGER_TID, L4_IPC_TAG_EXIT, mr);
	for (;;)
		;
}

void exit(int status)
{
	_exit(status);
}

/*
 * WAIT(pid, options): blocks (unless WNOHANG) until a child matching pid (-1: any) has exited.
 * Returns its tid (0 with WNOHANG and nothing exited yet) or -1 with errno (ECHILD: none).
 * *status gets the POSIX status word the pager reports in MR2.
 */
pid_t waitpid(pid_t pid, int *status, int options)
{
	u32 mr[MR_TOTAL];
	int r;

	mr[2] = (u32)pid;
	mr[3] = (u32)options;
	mr[4] = mr[5] = 0;
	r = __posix_call(PAGER_TID, L4_IPC_TAG_WAIT, mr);
	if (r > 0 && status != 0)
		*status = (int)mr[2];
	return __posix_ret(r);
}

pid_t wait(int *status)
{
	return waitpid(-1, status, 0);
}

pid_t getpid(void)
{
	return self_tid();
}
