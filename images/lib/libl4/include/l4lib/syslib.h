/*
 * Inline helpers over l4_ipc and the utcb MRs (ABI §1.4 "syslib.h").
 */
#ifndef L4LIB_SYSLIB_H
#define L4LIB_SYSLIB_H

#include <l4lib/types.h>
#include <l4lib/utcb.h>
#include <l4lib/syscalls.h>

static inline u32 read_mr(int n) { return utcb.mr[n]; }
static inline void write_mr(int n, u32 v) { utcb.mr[n] = v; }

static inline u32 l4_get_tag(void) { return utcb.mr[MR_TAG]; }
static inline void l4_set_tag(u32 tag) { utcb.mr[MR_TAG] = tag; }
static inline l4id_t l4_get_sender(void) { return (l4id_t)utcb.mr[MR_SENDER]; }
static inline void l4_set_sender(l4id_t id) { utcb.mr[MR_SENDER] = (u32)id; }
static inline int l4_get_retval(void) { return (int)utcb.mr[MR_RETURN]; }
static inline void l4_set_retval(int v) { utcb.mr[MR_RETURN] = (u32)v; }

/* Save MR0/MR1 around a nested request, so a final l4_ipc_return reaches the client. */
static inline void l4_save_ipcregs(void)
{
	utcb.saved_sender = utcb.mr[MR_SENDER];
	utcb.saved_tag = utcb.mr[MR_TAG];
}

static inline void l4_restore_ipcregs(void)
{
	utcb.mr[MR_SENDER] = utcb.saved_sender;
	utcb.mr[MR_TAG] = utcb.saved_tag;
}

static inline l4id_t self_tid(void)
{
	struct task_ids ids;

	l4_getid(&ids);
	return ids.tid;
}

/* Send-only: MR0 = tag. Blocks until `to` receives. */
static inline int l4_send(l4id_t to, u32 tag)
{
	l4_set_tag(tag);
	return l4_ipc(to, L4_NILTHREAD);
}

/* Receive-only from `from` (a tid or L4_ANYTHREAD); MRs land in utcb.mr[]. */
static inline int l4_receive(l4id_t from)
{
	return l4_ipc(L4_NILTHREAD, from);
}

/* Send with MR0 = tag, then receive the reply from the same thread. */
static inline int l4_sendrecv(l4id_t to, l4id_t from, u32 tag)
{
	l4_set_tag(tag);
	return l4_ipc(to, from);
}

/* Reply to the sender recorded in MR1 with MR0 = ret. */
static inline int l4_ipc_return(int ret)
{
	l4_set_retval(ret);
	return l4_ipc(l4_get_sender(), L4_NILTHREAD);
}

#endif
