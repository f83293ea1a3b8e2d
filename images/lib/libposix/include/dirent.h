/*
 * Directory reading. The VFS writes 44-byte records into the caller's utcb page (services §5.1):
 * u32 inum @0, u32 offset @4, u16 reclen @8, name @10 (NUL-terminated, up to 32 bytes).
 * Walk a buffer by d_reclen.
 */
#ifndef DIRENT_H
#define DIRENT_H

#include <sys/types.h>

struct dirent {
	u32 d_ino;		/* @0 */
	u32 d_off;		/* @4 */
	u16 d_reclen;		/* @8 */
	char d_name[34];	/* @10; 44 bytes in all */
};

#define DIRENT_SIZE	44

/*
 * Reads up to `count` bytes of records of directory `fd` into `buf` (at most one utcb page,
 * 4096 bytes, per call). Returns the byte count (0 at the end) or -1 with errno.
 * os_readdir is test0's name for it.
 */
int getdents(int fd, void *buf, int count);
int os_readdir(int fd, void *buf, int count);

#endif
