/*
 * _exit: an EXIT request (tag 27, MR2 = status) to the pager (services §1.2). The pager
 * destroys the thread and sends no reply; if it ever returns, spin.
 */
#include <l4lib/l4.h>
#include <stdlib.h>

void _exit(int status)
{
	write_mr(L4SYS_ARG0, (u32)status);
	l4_sendrecv(PAGER_TID, PAGER_TID, L4_IPC_TAG_EXIT);
	for (;;)
		;
}

void exit(int status)
{
	_exit(status);
}
