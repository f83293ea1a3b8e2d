/* open flags (Linux ARM values, passed to the VFS unchanged) and open/creat. */
#ifndef FCNTL_H
#define FCNTL_H

#include <sys/types.h>

#define O_ACCMODE	00003
#define O_RDONLY	00000
#define O_WRONLY	00001
#define O_RDWR		00002
#define O_CREAT		00100
#define O_EXCL		00200
#define O_TRUNC		01000
#define O_APPEND	02000
#define O_DIRECTORY	040000

int open(const char *path, int flags, ...);
int creat(const char *path, mode_t mode);

#endif
