/*
 * File and directory calls (services §1.2, §5.3, §5.5).
 *
 *   to the VFS (tid 1):   OPEN, MKDIR, CHDIR, READDIR, STAT, FSTAT; paths go at offset 0 of
 *                         the calling thread's utcb page (__posix_utcb), MR2 = its address
 *   to the pager (tid 0): READ, WRITE, LSEEK, CLOSE, FSYNC; the pager copies file data
 *                         straight to and from the caller's buffer
 */
#include "posix_ipc.h"
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <dirent.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <string.h>

/* OPEN(path in utcb page, flags, mode) -> fd. mode is read only with O_CREAT. */
int open(const char *path, int flags, ...)
{
	u32 mr[MR_TOTAL];
	void *page = __posix_utcb();
	int err = __posix_path_to_utcb(path, PAGE_SIZE, page);
	mode_t mode = 0;

	if (flags & O_CREAT) {
		va_list ap;

		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	if (err < 0)
		return __posix_ret(err);
	mr[2] = (u32)page;
	mr[3] = (u32)flags;
	mr[4] = mode;
	return __posix_ret(__posix_call(VFS_TID, L4_IPC_TAG_OPEN, mr));
}

/* creat(path, mode) is open(path, O_CREAT | O_WRONLY | O_TRUNC, mode) (the original had none). */
int creat(const char *path, mode_t mode)
{
	return open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

/* Pager requests with three integer arguments. */
static int pager3(u32 tag, u32 a0, u32 a1, u32 a2)
{
	u32 mr[MR_TOTAL];

	mr[2] = a0;
	mr[3] = a1;
	mr[4] = a2;
	mr[5] = 0;
	return __posix_call(PAGER_TID, tag, mr);
}

/* READ(fd, buf, count): a count above INT_MAX arrives as negative and is refused (-EINVAL). */
ssize_t read(int fd, void *buf, size_t count)
{
	return __posix_ret(pager3(L4_IPC_TAG_READ, (u32)fd, (u32)buf, (u32)count));
}

ssize_t write(int fd, const void *buf, size_t count)
{
	return __posix_ret(pager3(L4_IPC_TAG_WRITE, (u32)fd, (u32)buf, (u32)count));
}

off_t lseek(int fd, off_t offset, int whence)
{
	return __posix_ret(pager3(L4_IPC_TAG_LSEEK, (u32)fd, (u32)offset, (u32)whence));
}

int close(int fd)
{
	return __posix_ret(pager3(L4_IPC_TAG_CLOSE, (u32)fd, 0, 0));
}

int fsync(int fd)
{
	return __posix_ret(pager3(L4_IPC_TAG_FSYNC, (u32)fd, 0, 0));
}

/* MKDIR(path in utcb page, mode). */
int mkdir(const char *path, mode_t mode)
{
	u32 mr[MR_TOTAL];
	void *page = __posix_utcb();
	int err = __posix_path_to_utcb(path, PAGE_SIZE, page);

	if (err < 0)
		return __posix_ret(err);
	mr[2] = (u32)page;
	mr[3] = mode;
	mr[4] = mr[5] = 0;
	return __posix_ret(__posix_call(VFS_TID, L4_IPC_TAG_MKDIR, mr));
}

/* CHDIR(path in utcb page). */
int chdir(const char *path)
{
	u32 mr[MR_TOTAL];
	void *page = __posix_utcb();
	int err = __posix_path_to_utcb(path, PAGE_SIZE, page);

	if (err < 0)
		return __posix_ret(err);
	mr[2] = (u32)page;
	mr[3] = mr[4] = mr[5] = 0;
	return __posix_ret(__posix_call(VFS_TID, L4_IPC_TAG_CHDIR, mr));
}

/*
 * READDIR(fd, utcb page, count): the VFS writes whole 44-byte records into the utcb page and
 * returns their byte count; they are copied out to buf. count is clipped to one page.
 */
int getdents(int fd, void *buf, int count)
{
	u32 mr[MR_TOTAL];
	void *page = __posix_utcb();
	int n;

	if (page == 0)
		return __posix_ret(-EFAULT);
	if (count < 0)
		return __posix_ret(-EINVAL);
	if (count > PAGE_SIZE)
		count = PAGE_SIZE;
	mr[2] = (u32)fd;
	mr[3] = (u32)page;
	mr[4] = (u32)count;
	mr[5] = 0;
	n = __posix_call(VFS_TID, L4_IPC_TAG_READDIR, mr);
	if (n > count)
		n = count;
	if (n > 0)
		memcpy(buf, page, (size_t)n);
	return __posix_ret(n);
}

int os_readdir(int fd, void *buf, int count)
{
	return getdents(fd, buf, count);
}

/*
 * STAT(path in utcb page, MR3 = where): the VFS writes the 64-byte struct kstat into the utcb
 * page just after the path (offset 0x800, MR3 = that address) and it is copied out, so the VFS
 * never writes through a pointer into the caller's private memory (services §8 F6).
 */
#define KSTAT_OFFSET	0x800

int stat(const char *path, struct kstat *st)
{
	u32 mr[MR_TOTAL];
	char *page = __posix_utcb();
	int r;

	if ((r = __posix_path_to_utcb(path, KSTAT_OFFSET, page)) < 0)
		return __posix_ret(r);
	mr[2] = (u32)page;
	mr[3] = (u32)page + KSTAT_OFFSET;
	mr[4] = mr[5] = 0;
	r = __posix_call(VFS_TID, L4_IPC_TAG_STAT, mr);
	if (r >= 0)
		memcpy(st, page + KSTAT_OFFSET, sizeof(*st));
	return __posix_ret(r < 0 ? r : 0);
}

/* FSTAT(fd, MR3 = where): as stat, the struct comes back through the utcb page. */
int fstat(int fd, struct kstat *st)
{
	u32 mr[MR_TOTAL];
	char *page = __posix_utcb();
	int r;

	if (page == 0)
		return __posix_ret(-EFAULT);
	mr[2] = (u32)fd;
	mr[3] = (u32)page + KSTAT_OFFSET;
	mr[4] = mr[5] = 0;
	r = __posix_call(VFS_TID, L4_IPC_TAG_FSTAT, mr);
	if (r >= 0)
		memcpy(st, page + KSTAT_OFFSET, sizeof(*st));
	return __posix_ret(r < 0 ? r : 0);
}
