/*
 * errors: the error paths of scenarios 26-28, one group per line of output.
 */
#include "ptest.h"
#include <dirent.h>
#include <sys/stat.h>
#include <sys/shm.h>

static char buf[256];

int main(void)
{
	int fd, dfd, i, fds[40], n;
	struct kstat st;
	char *m;

	/* fs0: paths */
	CHECK_EQ("mkdir /d", mkdir("/d", 0755), 0);
	CHECK("creat /d/f", (fd = creat("/d/f", 0644)) >= 0);
	CHECK_EQ("write", write(fd, "0123456789", 10), 10);
	CHECK_EQ("close", close(fd), 0);
	CHECK_ERRNO("open of a missing file", open("/d/missing", O_RDONLY), ENOENT);
	CHECK_ERRNO("open under a missing directory", open("/nodir/f", O_RDONLY), ENOENT);
	CHECK_ERRNO("open with a file as a directory", open("/d/f/x", O_RDONLY), ENOTDIR);
	CHECK_ERRNO("O_CREAT under a file", open("/d/f/x", O_CREAT | O_RDWR, 0644), ENOTDIR);
	CHECK_ERRNO("mkdir of an existing name", mkdir("/d", 0755), EEXIST);
	CHECK_ERRNO("mkdir of an existing file", mkdir("/d/f", 0755), EEXIST);
	CHECK_ERRNO("mkdir /", mkdir("/", 0755), EEXIST);
	CHECK_ERRNO("chdir to a file", chdir("/d/f"), ENOTDIR);
	CHECK_ERRNO("chdir to a missing path", chdir("/nodir"), ENOENT);
	CHECK_ERRNO("O_CREAT|O_EXCL on an existing file", open("/d/f", O_CREAT | O_EXCL | O_RDWR, 0644), EEXIST);
	printf("errors: open/mkdir/chdir: ENOENT ENOTDIR EEXIST\n");

	/* fs0: readdir and stat */
	CHECK("open file", (fd = open("/d/f", O_RDWR)) >= 0);
	CHECK_ERRNO("readdir on a file", getdents(fd, buf, sizeof(buf)), ENOTDIR);
	CHECK_ERRNO("readdir on a bad fd", getdents(31, buf, sizeof(buf)), EBADF);
	CHECK_ERRNO("readdir on fd -1", getdents(-1, buf, sizeof(buf)), EBADF);
	CHECK_ERRNO("readdir on fd 1000", getdents(1000, buf, sizeof(buf)), EBADF);
	CHECK_EQ("stat file", stat("/d/f", &st), 0);
	CHECK("stat: regular", S_ISREG(st.mode));
	CHECK_EQ("stat: size", (int)st.size, 10);
	CHECK_EQ("stat dir", stat("/d", &st), 0);
	CHECK("stat: directory", S_ISDIR(st.mode));
	CHECK_ERRNO("stat of a missing file", stat("/d/none", &st), ENOENT);
	CHECK_EQ("fstat", fstat(fd, &st), 0);
	CHECK_EQ("fstat: size", (int)st.size, 10);
	CHECK_ERRNO("fstat of a bad fd", fstat(30, &st), EBADF);
	printf("errors: readdir/stat: ENOTDIR EBADF ENOENT\n");

	/* mm0: read, write, lseek, close */
	CHECK_ERRNO("read with count < 0", read(fd, buf, (size_t)-1), EINVAL);
	CHECK_ERRNO("write with count < 0", write(fd, buf, (size_t)-5), EINVAL);
	CHECK_EQ("read with count 0", read(fd, buf, 0), 0);
	CHECK_EQ("write with count 0", write(fd, buf, 0), 0);
	CHECK_EQ("read all", read(fd, buf, sizeof(buf)), 10);
	CHECK_EQ("read at EOF", read(fd, buf, sizeof(buf)), 0);
	CHECK_EQ("lseek past EOF", lseek(fd, 100, SEEK_SET), 100);
	CHECK_EQ("read past EOF", read(fd, buf, sizeof(buf)), 0);
	CHECK_EQ("SEEK_END", lseek(fd, 0, SEEK_END), 10);
	CHECK_EQ("SEEK_END - 4", lseek(fd, -4, SEEK_END), 6);
	CHECK_EQ("read the last 4", read(fd, buf, sizeof(buf)), 4);
	CHECK("the last 4 bytes", memcmp(buf, "6789", 4) == 0);
	CHECK_EQ("SEEK_CUR", lseek(fd, -2, SEEK_CUR), 8);
	CHECK_ERRNO("lseek before 0", lseek(fd, -20, SEEK_CUR), EINVAL);
	CHECK_ERRNO("lseek bad whence", lseek(fd, 0, 7), EINVAL);
	CHECK_ERRNO("read of a bad fd", read(29, buf, 4), EBADF);
	CHECK_ERRNO("write of a bad fd", write(-1, buf, 4), EBADF);
	CHECK_ERRNO("lseek of a bad fd", lseek(1000, 0, SEEK_SET), EBADF);
	CHECK_EQ("close", close(fd), 0);
	CHECK_ERRNO("read after close", read(fd, buf, 4), EBADF);
	CHECK_ERRNO("close twice", close(fd), EBADF);
	printf("errors: read/write/lseek/close: EINVAL, count 0, EOF, SEEK_END, EBADF\n");

	/* access modes, O_TRUNC, directories */
	CHECK("open O_RDONLY", (fd = open("/d/f", O_RDONLY)) >= 0);
	CHECK_ERRNO("write to an O_RDONLY fd", write(fd, "x", 1), EBADF);
	CHECK_EQ("close", close(fd), 0);
	CHECK("open O_WRONLY", (fd = open("/d/f", O_WRONLY)) >= 0);
	CHECK_ERRNO("read from an O_WRONLY fd", read(fd, buf, 1), EBADF);
	CHECK_EQ("close", close(fd), 0);
	CHECK("open never used", (fd = open("/d/f", O_RDWR)) >= 0);
	CHECK_EQ("close of a never-used fd", close(fd), 0);
	CHECK("O_CREAT on an existing file opens it", (fd = open("/d/f", O_CREAT | O_RDWR, 0644)) >= 0);
	CHECK_EQ("kept its size", lseek(fd, 0, SEEK_END), 10);
	CHECK_EQ("close", close(fd), 0);
	CHECK("O_TRUNC", (fd = open("/d/f", O_RDWR | O_TRUNC)) >= 0);
	CHECK_EQ("size after O_TRUNC", lseek(fd, 0, SEEK_END), 0);
	CHECK_EQ("close", close(fd), 0);
	CHECK("open a directory", (dfd = open("/d", O_RDONLY)) >= 0);
	CHECK_ERRNO("read of a directory", read(dfd, buf, 4), EISDIR);
	CHECK_EQ("close", close(dfd), 0);
	printf("errors: access modes, O_TRUNC, EISDIR\n");

	/* 32 descriptors per task */
	for (i = 0; i < 40; i++) {
		fds[i] = open("/d", O_RDONLY);
		if (fds[i] < 0)
			break;
	}
	n = i;
	CHECK_EQ("descriptors until EMFILE", n, 32);
	CHECK_EQ("errno after the 33rd open", errno, EMFILE);
	for (i = 0; i < n; i++)
		CHECK_EQ("close", close(fds[i]), 0);
	printf("errors: the 33rd open gets EMFILE\n");

	/* mm0: mmap, munmap, msync */
	CHECK_ERRNO("mmap length 0", (int)mmap(0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL);
	CHECK_ERRNO("MAP_FIXED in the kernel area",
		    (int)mmap((void *)0xF0000000u, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), EINVAL);
	CHECK_ERRNO("MAP_FIXED unaligned",
		    (int)mmap((void *)0x18000010u, PAGE_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), EINVAL);
	CHECK_ERRNO("mmap of a bad fd", (int)mmap(0, PAGE_SIZE, PROT_READ, MAP_PRIVATE, 25, 0), EBADF);
	m = mmap(0, 2 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("mmap", m != MAP_FAILED);
	m[0] = 1;
	CHECK_ERRNO("munmap unaligned", munmap(m + 4, PAGE_SIZE), EINVAL);
	CHECK_ERRNO("msync unaligned", msync(m + 4, PAGE_SIZE, MS_SYNC), EINVAL);
	CHECK_EQ("munmap", munmap(m, 2 * PAGE_SIZE), 0);
	printf("errors: mmap/munmap/msync: EINVAL\n");

	/* mm0: shm */
	CHECK_ERRNO("shmget unknown key", shmget(77, 100, 0), ENOENT);
	CHECK_ERRNO("shmget size 0", shmget(78, 0, IPC_CREAT), EINVAL);
	CHECK_ERRNO("shmget 11 pages", shmget(78, 11 * PAGE_SIZE, IPC_CREAT), EINVAL);
	CHECK("shmget", shmget(78, 10 * PAGE_SIZE, IPC_CREAT) >= 0);
	CHECK_ERRNO("shmget IPC_EXCL", shmget(78, 100, IPC_CREAT | IPC_EXCL), EEXIST);
	CHECK_ERRNO("shmdt of an unattached address", shmdt((void *)0x20000000u), EINVAL);
	printf("errors: shmget/shmdt: ENOENT EINVAL EEXIST\n");
	printf("-- PASSED --\n");
	return 0;
}
