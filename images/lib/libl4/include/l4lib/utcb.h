/*
 * The user-side message-register area and the shared "utcb page" (ABI §3.3).
 *
 * struct utcb is an ordinary global in each program; l4_ipc loads MR0-MR5 (r3-r8) from it
 * before the trap and stores them back afterwards. Threads of one space share it.
 */
#ifndef L4LIB_UTCB_H
#define L4LIB_UTCB_H

#include <l4lib/types.h>

#define MR_TOTAL	6
#define MR_TAG		0	/* request tag */
#define MR_RETURN	0	/* reply value: same slot as the tag */
#define MR_SENDER	1	/* set by the kernel for ANYTHREAD receivers */
#define MR_UNUSED_START	2

#define L4SYS_ARG0	2
#define L4SYS_ARG1	3
#define L4SYS_ARG2	4
#define L4SYS_ARG3	5

#define L4_KIP_ADDRESS		0xFF000000u
#define USER_UTCB_REF		0xFF000FF0u
#define UTCB_AREA_START		0xF8000000u
#define UTCB_AREA_END		0xF9000000u
#define PAGE_SIZE		4096

struct utcb {
	u32 mr[MR_TOTAL];	/* 0x00-0x14 */
	u32 saved_tag;		/* 0x18 */
	u32 saved_sender;	/* 0x1C */
};

extern struct utcb utcb;

/* Address of this task's utcb page (0 for the pager, or if utcb_init failed). */
extern void *utcb_page;

int utcb_init(void);

#endif
