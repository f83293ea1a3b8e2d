/* System V shared memory served by the pager (services §4.3): segments of 1-10 pages. */
#ifndef SYS_SHM_H
#define SYS_SHM_H

#include <sys/ipc.h>

#define SHM_RDONLY	010000
#define SHM_RND		020000

int shmget(key_t key, size_t size, int flags);
void *shmat(int shmid, const void *addr, int flags);	/* (void *)-1 on error */
int shmdt(const void *addr);

#endif
