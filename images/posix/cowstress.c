/*
 * cowstress: copy-on-write under load. Six rounds of fork make 64 processes. Before the
 * forks the first process fills four .bss pages, a .data page, a private anonymous mapping
 * and a stack buffer with one pattern. Every process then checks it still sees that pattern,
 * writes its own pattern (derived from its tid) over all of it, yields so the others write
 * theirs, and checks that it sees only its own data. Each process waits for its children and
 * exits with the number of processes in its subtree (0xff when any check failed), so the
 * first process can count all 64.
 */
#include "ptest.h"

#define WORDS		(4 * PAGE_SIZE / 4)
#define DATA_WORDS	(PAGE_SIZE / 4)
#define STACK_WORDS	256
#define ROUNDS		6

static u32 bss[WORDS] __attribute__((aligned(PAGE_SIZE)));
static u32 data[DATA_WORDS] __attribute__((aligned(PAGE_SIZE))) = { 1 };
static u32 *anon;

static u32 pattern(u32 seed, u32 i)
{
	return seed * 0x9E3779B1u + i * 0x85EBCA77u;
}

/* Checks (and optionally fills) every region; returns the number of wrong words. */
static int sweep(u32 seed, u32 *stackbuf, int fill)
{
	int bad = 0;
	u32 i;

	for (i = 0; i < WORDS; i++) {
		if (fill)
			bss[i] = pattern(seed, i);
		else if (bss[i] != pattern(seed, i))
			bad++;
	}
	for (i = 0; i < DATA_WORDS; i++) {
		if (fill)
			data[i] = pattern(seed, i + 1);
		else if (data[i] != pattern(seed, i + 1))
			bad++;
	}
	for (i = 0; i < PAGE_SIZE / 4; i++) {
		if (fill)
			anon[i] = pattern(seed, i + 2);
		else if (anon[i] != pattern(seed, i + 2))
			bad++;
	}
	for (i = 0; i < STACK_WORDS; i++) {
		if (fill)
			stackbuf[i] = pattern(seed, i + 3);
		else if (stackbuf[i] != pattern(seed, i + 3))
			bad++;
	}
	return bad;
}

int main(void)
{
	u32 stackbuf[STACK_WORDS];
	int round, children = 0, first = 1, bad, total = 1, i;
	pid_t me;

	anon = mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("mmap", anon != MAP_FAILED);
	sweep(0, stackbuf, 1);

	for (round = 0; round < ROUNDS; round++) {
		pid_t r = fork();

		CHECK("fork", r >= 0);
		if (r == 0) {
			children = 0;
			first = 0;
		} else {
			children++;
		}
	}

	me = getpid();
	bad = sweep(0, stackbuf, 0);
	sweep((u32)me, stackbuf, 1);
	for (i = 0; i < 8; i++)
		yield();
	bad += sweep((u32)me, stackbuf, 0);
	if (bad != 0)
		printf("cowstress: a process saw %d words that were not its own\n", bad);

	while (children-- > 0) {
		int status = 0;

		if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) == 0xff)
			bad++;
		else
			total += WEXITSTATUS(status);
	}
	/* After the children are gone, this process's pages are still its own. */
	bad += sweep((u32)me, stackbuf, 0);

	if (!first)
		_exit(bad != 0 ? 0xff : total);
	CHECK_EQ("processes counted", total, 1 << ROUNDS);
	CHECK_EQ("wrong words", bad, 0);
	printf("cowstress: %d processes, each saw only its own data\n", total);
	printf("-- PASSED --\n");
	return 0;
}
