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

int __posix_path_to_utcb(const char *path, size_t limit)
{
	size_t n;

	if (utcb_page == 0 || path == 0)
		return -EFAULT;
	n = strlen(path);
	if (n >= limit)
		return -ENAMETOOLONG;
	memcpy(utcb_page, path, n + 1);
	return 0;
}
