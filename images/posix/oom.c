/*
 * oom: physical memory runs out; the task that asked is killed, the rest of the system goes on.
 *
 *  1. A child maps a private anonymous region larger than the machine's 128 MB (200 MB; if mmap
 *     refuses with ENOMEM it says so and tries smaller sizes) and stores one word into every
 *     page. The pager runs out of frames on one of the faults and the kernel kills the child
 *     (its `czemu: ... killed: out of memory at ...` line is part of the transcript).
 *  2. The parent's waitpid reports the child as killed (WIFSIGNALED, WTERMSIG 11), not exited.
 *  3. The child's frames came back: the parent maps 1000 pages itself, stores into every one and
 *     reads every one back.
 *  4. The rest goes on: the parent writes a file and reads it back, and a second child maps and
 *     touches 16 pages and exits 0.
 */
#include "ptest.h"

#define MB		(1024u * 1024u)
#define PATH		"/oom.dat"
#define PARENT_PAGES	1000
#define SMALL_PAGES	16

/* Sizes the child tries in turn, all larger than the machine's memory. */
static const u32 sizes[] = { 200 * MB, 192 * MB, 176 * MB, 160 * MB, 144 * MB, 136 * MB };
#define NSIZES	((int)(sizeof(sizes) / sizeof(sizes[0])))

static char buf[256];

/* Maps `npages` private anonymous pages, stores a pattern into each and checks it; 0 if all match. */
static int touch_pages(u32 npages, const char *what)
{
	volatile u32 *p;
	u32 i, bad = 0;

	p = mmap(0, npages * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(what, p != MAP_FAILED);
	for (i = 0; i < npages; i++)
		p[i * (PAGE_SIZE / 4) + (i & 0x3ff)] = 0x0A0A0000u + i;
	for (i = 0; i < npages; i++)
		if (p[i * (PAGE_SIZE / 4) + (i & 0x3ff)] != 0x0A0A0000u + i)
			bad++;
	CHECK_EQ("munmap", munmap((void *)p, npages * PAGE_SIZE), 0);
	return (int)bad;
}

static void hog(void)
{
	volatile u32 *p = MAP_FAILED;
	u32 size = 0, i;
	int k;

	for (k = 0; k < NSIZES; k++) {
		size = sizes[k];
		errno = 0;
		p = mmap(0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED)
			break;
		if (errno != ENOMEM) {
			printf("FAIL: mmap of %d MB: errno %d\n", (int)(size / MB), errno);
			printf("-- FAILED --\n");
			_exit(1);
		}
		printf("oom: child: mmap of %d MB refused with ENOMEM\n", (int)(size / MB));
	}
	if (p == MAP_FAILED) {
		printf("FAIL: no size could be mapped\n");
		printf("-- FAILED --\n");
		_exit(1);
	}
	printf("oom: child: mapped %d MB, touching every page\n", (int)(size / MB));
	for (i = 0; i < size / PAGE_SIZE; i++)
		p[i * (PAGE_SIZE / 4)] = i;
	/* Not reached: the machine has less memory than that. */
	printf("FAIL: the child touched all %d pages\n", (int)(size / PAGE_SIZE));
	printf("-- FAILED --\n");
	_exit(1);
}

int main(void)
{
	pid_t pid;
	int status, fd, i;

	CHECK("fork", (pid = fork()) >= 0);
	if (pid == 0)
		hog();
	status = 0;
	CHECK_EQ("waitpid hog", waitpid(pid, &status, 0), pid);
	CHECK("hog did not exit normally", !WIFEXITED(status));
	printf("oom: the child was killed: status 0x%x, WIFSIGNALED %d, WTERMSIG %d\n", status,
	       WIFSIGNALED(status) ? 1 : 0, WTERMSIG(status));

	CHECK_EQ("parent touches its pages", touch_pages(PARENT_PAGES, "parent mmap"), 0);
	printf("oom: the parent mapped, wrote and read back %d pages\n", PARENT_PAGES);

	for (i = 0; i < (int)sizeof(buf); i++)
		buf[i] = (char)(i * 13 + 5);
	CHECK("open", (fd = open(PATH, O_CREAT | O_RDWR | O_TRUNC, 0644)) >= 0);
	CHECK_EQ("write", write(fd, buf, sizeof(buf)), sizeof(buf));
	CHECK_EQ("close", close(fd), 0);
	memset(buf, 0, sizeof(buf));
	CHECK("reopen", (fd = open(PATH, O_RDONLY, 0)) >= 0);
	CHECK_EQ("read", read(fd, buf, sizeof(buf)), sizeof(buf));
	CHECK_EQ("close", close(fd), 0);
	for (i = 0; i < (int)sizeof(buf); i++)
		CHECK_EQ("file byte", (u8)buf[i], (u8)(i * 13 + 5));
	printf("oom: a file was written and read back\n");

	CHECK("fork", (pid = fork()) >= 0);
	if (pid == 0)
		_exit(touch_pages(SMALL_PAGES, "child mmap") == 0 ? 0 : 2);
	CHECK_EQ("second child", wait_exit_code(pid, "waitpid second child"), 0);
	printf("oom: a second child mapped and touched %d pages and exited 0\n", SMALL_PAGES);
	printf("-- PASSED --\n");
	return 0;
}
