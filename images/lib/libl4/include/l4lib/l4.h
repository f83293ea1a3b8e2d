/* Everything of libl4 in one include. */
#ifndef L4LIB_L4_H
#define L4LIB_L4_H
#include <l4lib/types.h>
#include <l4lib/errno.h>
#include <l4lib/ipcdefs.h>
#include <l4lib/utcb.h>
#include <l4lib/kip.h>
#include <l4lib/syscalls.h>
#include <l4lib/syslib.h>
#endif
