/*
 * The kernel interface page at 0xFF000000 (ABI §4).
 */
#ifndef L4LIB_KIP_H
#define L4LIB_KIP_H

#include <l4lib/types.h>

#define KIP_MAGIC	0x4B98344Cu	/* 'L','4',0x98,'K' */

struct kip {
	u32 magic;		/* 0x00 */
	u16 version_rsrv;	/* 0x04 */
	u8 api_subversion;	/* 0x06 */
	u8 api_version;		/* 0x07 */
	u32 api_flags;		/* 0x08 */
	u32 kmem_control;	/* 0x0C */
	u32 time;		/* 0x10 */
	u32 space_control;	/* 0x14 */
	u32 thread_control;	/* 0x18 */
	u32 ipc_control;	/* 0x1C */
	u32 map;		/* 0x20 */
	u32 ipc;		/* 0x24 */
	u32 kread;		/* 0x28 */
	u32 unmap;		/* 0x2C */
	u32 exchange_registers;	/* 0x30 */
	u32 thread_switch;	/* 0x34 */
	u32 schedule;		/* 0x38 */
	u32 getid;		/* 0x3C */
	u32 arch_syscall[4];	/* 0x40-0x4C */
};

#endif
