/* gettimeofday: the kernel's time call with set = 0 (ABI §6.1). */
#ifndef SYS_TIME_H
#define SYS_TIME_H

#include <l4lib/types.h>	/* struct timeval */

int gettimeofday(struct timeval *tv, void *tz);

#endif
