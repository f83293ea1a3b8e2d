/* libposix request helpers and errno (see posix_ipc.h). */
#include "posix_ipc.h"
#include <errno.h>
#include <string.h>

int errno;

int __posix_call(l4id_t server, u32 tag, u32 mr[MR_TOTAL])
{
	int err;

	mr[MR_TAG] = tag;
	mr[MR_SENDER] = 0;
	if ((err = l4_ipc_mrs(server, server, mr)) < 0)
		return err;
	return (int)mr[MR_RETURN];
}

int __posix_ret(int r)
{
	if (r < 0) {
		errno = -r;
		return -1;
	}
	return r;
}

/*
 * utcb pages remembered by tid, direct-mapped: one word per slot, (tid << 12) | page index in
 * the utcb area, so a thread never reads a half-written entry; 0 is empty (tid 0 is the pager,
 * never a client). A slot another thread takes over only costs a new UTCB request.
 */
#define UTCB_SLOTS	32
static volatile u32 utcb_slots[UTCB_SLOTS];

void *__posix_utcb(void)
{
	u32 tid = (u32)self_tid(), e, page, mr[MR_TOTAL];
	volatile u32 *slot = &utcb_slots[tid % UTCB_SLOTS];

	e = *slot;
	if (e != 0 && (e >> 12) == tid)
		return (void *)(UTCB_AREA_START + ((e & 0xfff) << 12));
	mr[MR_TAG] = L4_IPC_TAG_UTCB;
	mr[MR_SENDER] = 0;
	mr[2] = tid;
	mr[3] = mr[4] = mr[5] = 0;
	if (l4_ipc_mrs(PAGER_TID, PAGER_TID, mr) < 0)
		return utcb_page;
	page = mr[MR_RETURN];	/* an address, or 0 or -errno: both outside the area */
	if (page < UTCB_AREA_START || page >= UTCB_AREA_END || (page & (PAGE_SIZE - 1)) != 0)
		return utcb_page;
	*slot = (tid << 12) | ((page - UTCB_AREA_START) >> 12);
	return (void *)page;
}

void __posix_utcb_forget(void)
{
	int i;

	for (i = 0; i < UTCB_SLOTS; i++)
		utcb_slots[i] = 0;
}

int __posix_path_to_utcb(const char *path, size_t limit, void *page)
{
	size_t n;

	if (page == 0 || path == 0)
		return -EFAULT;
	n = strlen(path);
	if (n >= limit)
		return -ENAMETOOLONG;
	memcpy(page, path, n + 1);
	return 0;
}
