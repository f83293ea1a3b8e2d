/* System V shm served by the pager (services §4.3). */
#include "posix_ipc.h"
#include <errno.h>
#include <sys/shm.h>

int shmget(key_t key, size_t size, int flags)
{
	u32 mr[MR_TOTAL];

	mr[2] = (u32)key;
	mr[3] = (u32)size;
	mr[4] = (u32)flags;
	mr[5] = 0;
	return __posix_ret(__posix_call(PAGER_TID, L4_IPC_TAG_SHMGET, mr));
}

/* The attach address, or (void *)-1 with errno. */
void *shmat(int shmid, const void *addr, int flags)
{
	u32 mr[MR_TOTAL];
	int r;

	mr[2] = (u32)shmid;
	mr[3] = (u32)addr;
	mr[4] = (u32)flags;
	mr[5] = 0;
	r = __posix_call(PAGER_TID, L4_IPC_TAG_SHMAT, mr);
	if (IS_ERR(r)) {
		errno = -r;
		return (void *)-1;
	}
	return (void *)r;
}

int shmdt(const void *addr)
{
	u32 mr[MR_TOTAL];

	mr[2] = (u32)addr;
	mr[3] = mr[4] = mr[5] = 0;
	return __posix_ret(__posix_call(PAGER_TID, L4_IPC_TAG_SHMDT, mr));
}
