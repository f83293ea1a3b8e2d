/*
 * mmapfile: private and shared file mappings, checked against read().
 *
 *  1. /mmapfile.dat gets 3 pages and 100 bytes of a known pattern through write().
 *  2. A MAP_SHARED mapping of 4 pages shows the pattern, zeros past the end of the file in
 *     the last page; a store through it is seen by read() at once (one page cache) and
 *     after msync and munmap.
 *  3. A MAP_PRIVATE mapping shows the file as it is now (with the shared store); a store to
 *     it is not seen by read(), nor by a second private mapping.
 *  4. A mapping at file offset 1 page shows file page 1 at its first byte.
 *  5. After fork, a child's store to the shared mapping reaches the parent and the file; its
 *     store to the private mapping does not.
 *  6. Closed and re-opened, the file holds every shared store.
 */
#include "ptest.h"

#define FILE_SIZE	(3 * PAGE_SIZE + 100)
#define PATH		"/mmapfile.dat"

static u8 buf[4 * PAGE_SIZE];

static u8 pat(u32 i)
{
	return (u8)(i * 7 + (i >> 12) * 3 + 1);
}

/* read() of `n` bytes at `off` into buf. */
static void pread_all(int fd, u32 off, u32 n)
{
	CHECK_EQ("lseek", lseek(fd, (off_t)off, SEEK_SET), (int)off);
	CHECK_EQ("read", read(fd, buf, n), (int)n);
}

int main(void)
{
	int fd, fd2;
	u32 i;
	u8 *shared, *priv, *priv2, *at1;
	pid_t pid;

	for (i = 0; i < FILE_SIZE; i++)
		buf[i] = pat(i);
	CHECK("open", (fd = open(PATH, O_CREAT | O_RDWR | O_TRUNC, 0644)) >= 0);
	CHECK_EQ("write", write(fd, buf, FILE_SIZE), FILE_SIZE);

	shared = mmap(0, 4 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK("mmap shared", shared != MAP_FAILED);
	for (i = 0; i < FILE_SIZE; i++)
		CHECK_EQ("shared mapping shows the file", shared[i], pat(i));
	for (; i < 4 * PAGE_SIZE; i++)
		CHECK_EQ("zeros past the end of the file", shared[i], 0);
	memcpy(shared + PAGE_SIZE + 10, "SHARED", 6);
	pread_all(fd, PAGE_SIZE, 16);
	CHECK("read sees the shared store", memcmp(buf + 10, "SHARED", 6) == 0);
	CHECK_EQ("msync", msync(shared, 4 * PAGE_SIZE, MS_SYNC), 0);
	printf("mmapfile: shared mapping and read() agree\n");

	priv = mmap(0, 3 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK("mmap private", priv != MAP_FAILED);
	CHECK("private mapping shows the shared store", memcmp(priv + PAGE_SIZE + 10, "SHARED", 6) == 0);
	CHECK_EQ("private mapping shows the file", priv[5], pat(5));
	memcpy(priv + 20, "PRIVATE", 7);
	pread_all(fd, 0, 32);
	CHECK("read does not see the private store", memcmp(buf + 20, "PRIVATE", 7) != 0);
	CHECK_EQ("file byte 20 unchanged", buf[20], pat(20));
	priv2 = mmap(0, PAGE_SIZE, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK("mmap private 2", priv2 != MAP_FAILED);
	CHECK_EQ("second private mapping unchanged", priv2[20], pat(20));
	CHECK_EQ("shared mapping unchanged", shared[20], pat(20));
	printf("mmapfile: private stores stay private\n");

	at1 = mmap(0, PAGE_SIZE, PROT_READ, MAP_PRIVATE, fd, PAGE_SIZE);
	CHECK("mmap at offset 1 page", at1 != MAP_FAILED);
	CHECK_EQ("offset mapping byte 0", at1[0], pat(PAGE_SIZE));
	CHECK("offset mapping shows the shared store", memcmp(at1 + 10, "SHARED", 6) == 0);
	CHECK_EQ("offset mapping last byte", at1[PAGE_SIZE - 1], pat(2 * PAGE_SIZE - 1));
	CHECK_ERRNO("mmap at an unaligned offset", (int)mmap(0, PAGE_SIZE, PROT_READ, MAP_PRIVATE, fd, 100), EINVAL);
	printf("mmapfile: mapping at a page offset\n");

	CHECK("fork", (pid = fork()) >= 0);
	if (pid == 0) {
		memcpy(shared + 2 * PAGE_SIZE + 50, "CHILD", 5);
		priv[30] = 0xEE;
		_exit(priv[20] == 'P' ? 0 : 1);
	}
	CHECK_EQ("child", wait_exit_code(pid, "wait"), 0);
	CHECK("child's shared store is seen", memcmp(shared + 2 * PAGE_SIZE + 50, "CHILD", 5) == 0);
	CHECK_EQ("child's private store is not seen", priv[30], pat(30));
	pread_all(fd, 2 * PAGE_SIZE + 50, 5);
	CHECK("read sees the child's shared store", memcmp(buf, "CHILD", 5) == 0);
	printf("mmapfile: fork shares MAP_SHARED and copies MAP_PRIVATE\n");

	CHECK_EQ("munmap shared", munmap(shared, 4 * PAGE_SIZE), 0);
	CHECK_EQ("munmap private", munmap(priv, 3 * PAGE_SIZE), 0);
	CHECK_EQ("munmap private 2", munmap(priv2, PAGE_SIZE), 0);
	CHECK_EQ("munmap offset", munmap(at1, PAGE_SIZE), 0);
	CHECK_EQ("close", close(fd), 0);

	CHECK("re-open", (fd2 = open(PATH, O_RDONLY)) >= 0);
	CHECK_EQ("size unchanged", lseek(fd2, 0, SEEK_END), FILE_SIZE);
	pread_all(fd2, 0, FILE_SIZE);
	for (i = 0; i < FILE_SIZE; i++) {
		u8 want = pat(i);

		if (i >= PAGE_SIZE + 10 && i < PAGE_SIZE + 16)
			want = (u8)"SHARED"[i - PAGE_SIZE - 10];
		if (i >= 2 * PAGE_SIZE + 50 && i < 2 * PAGE_SIZE + 55)
			want = (u8)"CHILD"[i - 2 * PAGE_SIZE - 50];
		CHECK_EQ("file content after re-open", buf[i], want);
	}
	CHECK_EQ("close", close(fd2), 0);
	printf("mmapfile: the file holds every shared store\n");
	printf("-- PASSED --\n");
	return 0;
}
