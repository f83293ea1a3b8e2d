/*
 * libposix internals: one request to a server with a private MR array.
 *
 * Every call builds its six message registers in a local array and sends them with
 * l4_ipc_mrs (a czemu libl4 addition), so threads that share an address space never race on
 * the global `struct utcb` (services §8 A13). Only clone() goes through the global area,
 * because arch_clone (ABI §1.4) reads its MRs from there.
 */
#ifndef POSIX_IPC_H
#define POSIX_IPC_H

#include <stddef.h>
#include <l4lib/l4.h>

/*
 * Sends tag with MR2..MR5 = mr[2..5] to `server` and waits for its reply (l4_sendrecv).
 * The ipc result (r0) is checked first: a failed ipc is returned as it is (negative);
 * otherwise the reply's MR0. mr[] holds the reply registers afterwards (MR2.. may carry
 * extra results).
 */
int __posix_call(l4id_t server, u32 tag, u32 mr[MR_TOTAL]);

/* r < 0: errno = -r and return -1; otherwise r. */
int __posix_ret(int r);

/*
 * This thread's own utcb page: the address the pager gives for UTCB(own tid), remembered per
 * tid. Threads made with clone share the global utcb_page (the creator's page) but the VFS
 * accepts only the sender's own page, which the pager has attached in the shared space.
 * Falls back to utcb_page if the pager gives no address.
 */
void *__posix_utcb(void);

/* Forgets every remembered page (a fork child's copy of the table describes the parent). */
void __posix_utcb_forget(void);

/*
 * Copies the NUL-terminated `path` to offset 0 of this thread's utcb page (services §5.5).
 * `page` is __posix_utcb()'s answer. Returns 0, or a negative errno: -EFAULT without a utcb
 * page (or with a NULL path), -ENAMETOOLONG if the path and its NUL do not fit in `limit`
 * bytes. (utcb pages lie at 0xF8000000 and up: an address would read as negative, so it is
 * not returned.)
 */
int __posix_path_to_utcb(const char *path, size_t limit, void *page);

#endif
