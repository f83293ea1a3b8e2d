/*
 * Basic L4 types shared by the kernel interface (codezero-abi.md §2.3, §2.4, §2.7).
 */
#ifndef L4LIB_TYPES_H
#define L4LIB_TYPES_H

typedef int l4id_t;
typedef unsigned int u32;
typedef unsigned short u16;
typedef unsigned char u8;
typedef int s32;

#define L4_NILTHREAD	(-1)
#define L4_ANYTHREAD	(-2)
#define TASK_ID_INVALID	(-1)

/* Fixed task ids (ABI §6.2). */
#define PAGER_TID	0
#define VFS_TID		1
#define BLKDEV_TID	2

/* thread_control and getid exchange this 12-byte block. */
struct task_ids {
	int tid;	/* @0 */
	int spid;	/* @4 */
	int tgid;	/* @8 */
};

/* exchange_registers' 76-byte argument (ABI §2.4). */
struct exregs_data {
	u32 r0, r1, r2, r3, r4, r5, r6, r7, r8, r9, r10, r11, r12;	/* 0x00-0x30 */
	u32 sp;		/* 0x34 */
	u32 lr;		/* 0x38 */
	u32 pc;		/* 0x3C */
	u32 valid_vect;	/* 0x40: bit n = word n above is valid */
	u32 flags;	/* 0x44 */
	l4id_t pagerid;	/* 0x48 */
};

#define EXREGS_SET_PAGER	1
#define EXREGS_VALID_REG(n)	(1u << (n))	/* r0..r12 */
#define EXREGS_VALID_SP		(1u << 13)
#define EXREGS_VALID_LR		(1u << 14)
#define EXREGS_VALID_PC		(1u << 15)

/* The time call's 8-byte block (ABI §2.7). */
struct timeval {
	int tv_sec;
	int tv_usec;
};

/* kread request numbers (ABI §2.6). */
#define KDATA_PAGE_MAP		0
#define KDATA_BOOTDESC		1
#define KDATA_BOOTDESC_SIZE	2

/* kread KDATA_PAGE_MAP result: 4104 bytes. */
struct page_bitmap {
	u32 pfn_start;
	u32 pfn_end;
	u32 map[1024];
};

/* kread KDATA_BOOTDESC result (no padding: natural layout, ABI §8.2). */
struct svc_image {
	char name[16];
	u32 phys_start;
	u32 phys_end;
};

struct bootdesc {
	int desc_size;
	int total_images;
	struct svc_image images[];
};

#endif
