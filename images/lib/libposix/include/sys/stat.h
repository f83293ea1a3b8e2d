/*
 * stat/fstat and mkdir. struct kstat is Codezero's (ABI §6.1): the field list with ARM EABI
 * alignment (u64 fields on 8-byte boundaries), 64 bytes.
 */
#ifndef SYS_STAT_H
#define SYS_STAT_H

#include <sys/types.h>

struct kstat {
	u64 vnum;		/* @0 */
	u32 mode;		/* @8 */
	int links;		/* @12 */
	u16 uid;		/* @16 */
	u16 gid;		/* @18 */
	u64 size;		/* @24 */
	int blksize;		/* @32 */
	u64 atime;		/* @40 */
	u64 mtime;		/* @48 */
	u64 ctime;		/* @56 */
};

#define S_IFMT		0170000
#define S_IFDIR		0040000
#define S_IFREG		0100000
#define S_ISDIR(m)	(((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m)	(((m) & S_IFMT) == S_IFREG)
#define S_IRWXU		00700

int stat(const char *path, struct kstat *st);
int fstat(int fd, struct kstat *st);
int mkdir(const char *path, mode_t mode);

#endif
