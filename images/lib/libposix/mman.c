/* mmap, munmap, msync (services §1.2, §4.1, §4.2). */
#include "posix_ipc.h"
#include <errno.h>
#include <sys/mman.h>

/* The block MMAP's MR2 points at, in the caller's own (writable) memory. */
struct mmap_block {
	u32 start;
	u32 length;
	u32 prot;
	u32 flags;
	u32 fd;
	u32 pgoff;	/* the byte offset converted to pages */
};

/*
 * Returns the mapping's address (its END with MAP_GROWSDOWN) or MAP_FAILED with errno. The
 * offset must be page-aligned (EINVAL otherwise).
 */
void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)
{
	volatile struct mmap_block blk;
	u32 mr[MR_TOTAL];
	int r;

	if (offset & (PAGE_SIZE - 1)) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	blk.start = (u32)addr;
	blk.length = (u32)length;
	blk.prot = (u32)prot;
	blk.flags = (u32)flags;
	blk.fd = (u32)fd;
	blk.pgoff = (u32)offset / PAGE_SIZE;
	mr[2] = (u32)&blk;
	mr[3] = mr[4] = mr[5] = 0;
	r = __posix_call(PAGER_TID, L4_IPC_TAG_MMAP, mr);
	if (IS_ERR(r)) {
		errno = -r;
		return MAP_FAILED;
	}
	return (void *)r;
}

int munmap(void *addr, size_t length)
{
	u32 mr[MR_TOTAL];

	mr[2] = (u32)addr;
	mr[3] = (u32)length;
	mr[4] = mr[5] = 0;
	return __posix_ret(__posix_call(PAGER_TID, L4_IPC_TAG_MUNMAP, mr));
}

int msync(void *addr, size_t length, int flags)
{
	u32 mr[MR_TOTAL];

	mr[2] = (u32)addr;
	mr[3] = (u32)length;
	mr[4] = (u32)flags;
	mr[5] = 0;
	return __posix_ret(__posix_call(PAGER_TID, L4_IPC_TAG_MSYNC, mr));
}
