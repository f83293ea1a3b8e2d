/* clone (ABI §1.4, services §3.3) with Linux CLONE_* values. */
#ifndef SCHED_H
#define SCHED_H

#define CLONE_VM	0x100
#define CLONE_FS	0x200
#define CLONE_FILES	0x400
#define CLONE_SIGHAND	0x800
#define CLONE_PARENT	0x8000
#define CLONE_THREAD	0x10000

/*
 * Starts a thread that runs fn(arg) on `child_stack` (the TOP of a mapped region: arg and fn
 * are stored in the two words below it). Returns the new thread's tid, or -1 with errno.
 * If fn returns, the thread spins (as in Codezero): end it with _exit().
 */
int clone(int (*fn)(void *), void *child_stack, int flags, void *arg);

#endif
