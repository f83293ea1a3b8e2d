/*
 * svcfuzz: the robustness rule from a guest. A checker child does real file I/O and checks
 * every byte it reads back, while fuzzer children (one per batch, forked afresh so that a fuzzer
 * the kernel kills for an illegal access does not end the campaign) send random IPCs to the
 * pager (tid 0) and the VFS (tid 1) and make random system calls:
 *   - tags 0-60 (fault tag 0 and the pager<->fs0 tags 41-48 included), MR2-MR5 drawn from
 *     random values, pointers into the fuzzer's own memory and utcb page, unmapped, kernel and
 *     utcb-area addresses, huge and negative lengths; the utcb page holds random bytes or a path
 *     under /fz (never the checker's file) so that path requests get past the pointer check;
 *   - all 13 system calls with random arguments, within limits that cannot block the fuzzer
 *     for ever (no receive from a thread that never sends, no send to a live user thread, no
 *     suspend of itself, and a thread it manages to create is destroyed at once, since a
 *     never-run thread would outlive the fuzzer); SYNC, which is never answered, is sent
 *     send-only.
 * A fuzzer that forks through the pager and finds itself the child exits at once. At the end
 * the parent prints how the batches ended, the checker verifies its whole file, and the
 * program prints "survived". The PRNG has a fixed seed: the run and its transcript are exact.
 */
#include "ptest.h"
#include <l4lib/ipcdefs.h>
#include "../lib/libposix/posix_ipc.h"

#define BATCHES		60
#define CALLS		1000	/* per batch: 60,000 requests and calls in all when no fuzzer ends early */
#define BLOCK		512
#define NBLOCKS		48
#define ROUNDS		6

static u32 rng;
static l4id_t fuzzer_tid;
static u32 own[1024];		/* 4 KB of the fuzzer's own data */

static u32 rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* A random argument: anything, small numbers, interesting pointers and lengths. */
static u32 arg(void)
{
	static const u32 odd[] = {
		0, 1, 4095, 4096, 0x7fffffffu, 0x80000000u, 0xffffffffu, 0xfffff000u,
		0x0f000000u, 0xe0000000u, 0xf0000000u, 0xf8000000u, 0xf8001000u, 0xf8002000u,
		0xff000000u, 0xffff0000u, 0x00500000u, 0x10000000u, 0x1fffeff8u, 0x1ffff000u,
		0x40000000u, 100000000u, (u32)-4096, (u32)-22,
	};
	u32 local;

	switch (rnd() % 7) {
	case 0: return odd[rnd() % (sizeof(odd) / sizeof(odd[0]))];
	case 1: return rnd() % 6;				/* descriptors, small counts */
	case 2: return (u32)own + (rnd() % sizeof(own));	/* our own data */
	case 3: return (u32)__posix_utcb() + (rnd() % 64);	/* our utcb page */
	case 4: return (u32)&local - (rnd() % 256);		/* our stack */
	case 5: return rnd() % 20000;				/* lengths */
	default: return rnd();
	}
}

/* Fills the utcb page head with a path under /fz, random bytes, or leaves it. */
static void scribble_utcb(void)
{
	char *p = __posix_utcb();
	static const char *const names[] = { "/fz", "/fz/a", "/fz/b/c", "fz", "/", ".", "/fz//a/" };
	u32 i, n;

	switch (rnd() % 4) {
	case 0:
		strcpy(p, names[rnd() % (sizeof(names) / sizeof(names[0]))]);
		break;
	case 1:
		n = rnd() % 64;
		for (i = 0; i < n; i++)
			p[i] = (char)rnd();
		break;
	default:
		break;
	}
}

/* One request to the pager or the VFS with a random tag and MR2-MR5. */
static void fuzz_ipc(void)
{
	u32 mr[MR_TOTAL], tag, i;
	l4id_t server = (l4id_t)(rnd() & 1);

	tag = rnd() % 61;
	if (tag == L4_IPC_TAG_EXIT && rnd() % 64 != 0)		/* keep exits rare */
		tag = L4_IPC_TAG_SYNC;
	if ((tag == L4_IPC_TAG_FORK || tag == L4_IPC_TAG_CLONE) && rnd() % 4 != 0)
		tag = L4_IPC_TAG_UTCB;
	if (rnd() % 8 == 0)
		tag = 41 + rnd() % 8;				/* PAGER_* from a client */
	mr[MR_TAG] = tag;
	mr[MR_SENDER] = rnd();					/* the kernel overwrites it */
	for (i = 2; i < MR_TOTAL; i++)
		mr[i] = arg();
	if (rnd() % 4 == 0)
		scribble_utcb();
	/* SYNC is never answered: send it without waiting. So, now and then, is anything. */
	if (tag == L4_IPC_TAG_SYNC || rnd() % 16 == 0)
		l4_ipc_mrs(server, L4_NILTHREAD, mr);
	else
		l4_ipc_mrs(server, server, mr);
	if ((tag == L4_IPC_TAG_FORK || tag == L4_IPC_TAG_CLONE) && self_tid() != fuzzer_tid)
		_exit(0);					/* we are the new child */
}

/* A random tid that can never block us: missing, invalid, a service, or ourselves. */
static l4id_t some_tid(l4id_t me)
{
	switch (rnd() % 5) {
	case 0: return 900 + (l4id_t)(rnd() % 100);
	case 1: return -3 - (l4id_t)(rnd() % 100);
	case 2: return (l4id_t)(rnd() % 20);			/* anyone: services, siblings, parent */
	case 3: return me;
	default: return (l4id_t)rnd();
	}
}

/* One random system call (all 13). */
static void fuzz_syscall(l4id_t me)
{
	struct task_ids ids, *p;
	unsigned int a;
	l4id_t t;

	switch (rnd() % 13) {
	case 0:	/* ipc: sends only to tids that cannot be waiting, receives never block */
		t = some_tid(me);
		if (t >= 0 && t < 20 && t != me)
			t = 900;
		l4_ipc(t, (rnd() & 1) ? L4_NILTHREAD : t);
		break;
	case 1:
		l4_thread_switch(some_tid(me));
		break;
	case 2:	/* thread_control: never create (bad pointer) or suspend ourselves */
		t = some_tid(me);
		if (t == me)
			t = 901;
		ids.tid = t;
		ids.spid = (l4id_t)arg();
		ids.tgid = (l4id_t)arg();
		a = (rnd() % 5 == 0) ? THREAD_CREATE | THREAD_NEW_SPACE : 1 + rnd() % 4;
		p = (rnd() % 5 == 0) ? (struct task_ids *)arg() : &ids;
		if (l4_thread_control(a, p) == 0 && a != THREAD_DESTROY && p->tid != me)
			l4_thread_control(THREAD_DESTROY, p);	/* ours now: no orphans */
		break;
	case 3:	/* exchange_registers: on others only (on ourselves it is a jump anywhere) */
		t = some_tid(me);
		if (t == me)
			t = 902;
		l4_exchange_registers((struct exregs_data *)arg(), t);
		break;
	case 4:
		if (rnd() % 64 == 0)
			l4_schedule();				/* prints a kernel line */
		break;
	case 5:
		l4_unmap((void *)arg(), arg() % 64, some_tid(me));
		break;
	case 6:
		l4_space_control(rnd(), (void *)arg());
		break;
	case 7:
		l4_ipc_control(rnd(), some_tid(me), rnd());
		break;
	case 8:
		l4_map((void *)arg(), (void *)arg(), arg() % 64, rnd() % 6, some_tid(me));
		break;
	case 9:
		l4_getid((rnd() & 1) ? &ids : (struct task_ids *)arg());
		break;
	case 10:
		l4_kread(rnd() % 8, (void *)arg());
		break;
	case 11:
		l4_kmem_control(arg(), (int)arg(), (int)(rnd() & 1));
		break;
	default:
		l4_time((void *)arg(), (int)(rnd() & 1));
		break;
	}
}

static void fuzzer(int batch)
{
	struct task_ids me;
	int i;

	rng = 0x9E3779B9u ^ ((u32)batch * 0x85EBCA6Bu);
	l4_getid(&me);
	fuzzer_tid = me.tid;
	for (i = 0; i < CALLS; i++) {
		if (rnd() % 4 == 0)
			fuzz_syscall(me.tid);
		else
			fuzz_ipc();
	}
	_exit(0);
}

static u8 pattern(int round, int block, int i)
{
	return (u8)(round * 31 + block * 7 + i);
}

/* Writes every block of its file ROUNDS times, reading each back; then checks the whole file. */
static void checker(void)
{
	static u8 buf[BLOCK];
	int fd, round, b, i;

	CHECK("checker open", (fd = open("/svcfuzz.dat", O_CREAT | O_RDWR, 0644)) >= 0);
	for (round = 0; round < ROUNDS; round++) {
		for (b = 0; b < NBLOCKS; b++) {
			for (i = 0; i < BLOCK; i++)
				buf[i] = pattern(round, b, i);
			CHECK_EQ("checker lseek", lseek(fd, b * BLOCK, SEEK_SET), b * BLOCK);
			CHECK_EQ("checker write", write(fd, buf, BLOCK), BLOCK);
			memset(buf, 0, BLOCK);
			CHECK_EQ("checker lseek back", lseek(fd, b * BLOCK, SEEK_SET), b * BLOCK);
			CHECK_EQ("checker read", read(fd, buf, BLOCK), BLOCK);
			for (i = 0; i < BLOCK; i++)
				CHECK_EQ("checker read back", buf[i], pattern(round, b, i));
			yield();
		}
	}
	CHECK_EQ("checker close", close(fd), 0);
	CHECK("checker reopen", (fd = open("/svcfuzz.dat", O_RDONLY, 0)) >= 0);
	for (b = 0; b < NBLOCKS; b++) {
		CHECK_EQ("checker final read", read(fd, buf, BLOCK), BLOCK);
		for (i = 0; i < BLOCK; i++)
			CHECK_EQ("checker final data", buf[i], pattern(ROUNDS - 1, b, i));
	}
	CHECK_EQ("checker EOF", read(fd, buf, BLOCK), 0);
	_exit(0);
}

int main(void)
{
	int b, status, done = 0, killed = 0, exited = 0;
	pid_t chk, pid;

	CHECK("fork checker", (chk = fork()) >= 0);
	if (chk == 0)
		checker();
	for (b = 0; b < BATCHES; b++) {
		CHECK("fork fuzzer", (pid = fork()) >= 0);
		if (pid == 0)
			fuzzer(b);
		CHECK_EQ("wait fuzzer", waitpid(pid, &status, 0), pid);
		if (WIFSIGNALED(status))
			killed++;
		else if (WEXITSTATUS(status) == 0)
			done++;
		else
			exited++;
	}
	printf("svcfuzz: %d batches: %d finished, %d killed, %d exited early\n",
	       BATCHES, done, killed, exited);
	CHECK_EQ("wait checker", waitpid(chk, &status, 0), chk);
	CHECK_EQ("checker status", status, 0);
	printf("svcfuzz: checker's file intact\n");
	printf("survived\n");
	printf("-- PASSED --\n");
	return 0;
}
