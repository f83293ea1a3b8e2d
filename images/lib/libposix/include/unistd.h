/* File I/O, processes and directories (libposix over the pager at tid 0 and the VFS at tid 1). */
#ifndef UNISTD_H
#define UNISTD_H

#include <sys/types.h>
#include <stdlib.h>

#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2

ssize_t read(int fd, void *buf, size_t count);
ssize_t write(int fd, const void *buf, size_t count);
off_t lseek(int fd, off_t offset, int whence);
int close(int fd);
int fsync(int fd);
int chdir(const char *path);

pid_t fork(void);
pid_t getpid(void);
int execve(const char *path, char *const argv[], char *const envp[]);

#endif
