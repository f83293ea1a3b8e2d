#ifndef SYS_IPC_H
#define SYS_IPC_H

#include <sys/types.h>
#include <l4lib/ipcdefs.h>	/* IPC_PRIVATE, IPC_CREAT, IPC_EXCL */

#endif
