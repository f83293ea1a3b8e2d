/*
 * IPC tags (MR0 of a request) understood by the pager (tid 0) and the VFS (tid 1),
 * as numbered at Codezero 44c3402 (ABI §6.1).
 */
#ifndef L4LIB_IPCDEFS_H
#define L4LIB_IPCDEFS_H

#define L4_IPC_TAG_PFAULT		0	/* kernel page-fault message */
#define L4_IPC_TAG_SYNC			3
#define L4_IPC_TAG_UTCB			4
#define L4_IPC_TAG_GRANT		5
#define L4_IPC_TAG_SHMGET		6
#define L4_IPC_TAG_SHMAT		7
#define L4_IPC_TAG_SHMDT		8
#define L4_IPC_TAG_MMAP			9
#define L4_IPC_TAG_MUNMAP		10
#define L4_IPC_TAG_MSYNC		11
#define L4_IPC_TAG_OPEN			12
#define L4_IPC_TAG_READ			13
#define L4_IPC_TAG_WRITE		14
#define L4_IPC_TAG_LSEEK		15
#define L4_IPC_TAG_CLOSE		16
#define L4_IPC_TAG_BRK			17
#define L4_IPC_TAG_READDIR		18
#define L4_IPC_TAG_MKDIR		19
#define L4_IPC_TAG_EXECVE		20
#define L4_IPC_TAG_CHDIR		21
#define L4_IPC_TAG_FORK			22
#define L4_IPC_TAG_STAT			23
#define L4_IPC_TAG_FSTAT		24
#define L4_IPC_TAG_FSYNC		25
#define L4_IPC_TAG_CLONE		26
#define L4_IPC_TAG_EXIT			27
#define L4_IPC_TAG_WAIT			28
#define L4_IPC_TAG_TASKDATA		40
#define L4_IPC_TAG_PAGER_OPEN		41
#define L4_IPC_TAG_PAGER_READ		42
#define L4_IPC_TAG_PAGER_WRITE		43
#define L4_IPC_TAG_PAGER_CLOSE		44
#define L4_IPC_TAG_PAGER_UPDATE_STATS	45
#define L4_IPC_TAG_NOTIFY_FORK		46
#define L4_IPC_TAG_NOTIFY_EXIT		47

/* System V IPC flags (Linux values) used by utcb_init. */
#define IPC_PRIVATE	0
#define IPC_CREAT	01000
#define IPC_EXCL	02000

#endif
