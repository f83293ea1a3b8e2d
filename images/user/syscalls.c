/*
 * syscalls: every system call with valid and invalid arguments (ABI §2), including the
 * czemu fixes of the original's kernel halts:
 *   ipc to a missing tid -ESRCH; ipc to self, NIL/NIL and ids < -2 -EINVAL;
 *   map/unmap of a missing tid -ESRCH; map with npages 0 or bad flags -EINVAL;
 *   getid/thread_control/exchange_registers with an unmapped pointer -EFAULT;
 *   space_control and ipc_control -ENOSYS; schedule 0; a swi outside the syscall page
 *   -ENOSYS; kread of the page map and the boot descriptor; time with a bad pointer.
 * Where the spec leaves a choice open, the check accepts either answer and prints nothing
 * that depends on it.
 */
#include "check.h"

#define MISSING_TID	900		/* never allocated in these runs */
#define BAD_PTR		((void *)0xF0000000)	/* kernel area: never a user buffer */
#define UNMAPPED_VA	((void *)0x0F000000)	/* reserved area, no mapping */
#define UART_PHYS	((void *)0x101F1000)

int memchr_nul(const char *name);

static struct page_bitmap pagemap;
static char bootbuf[4096];

static void check_kip(void)
{
	volatile struct kip *kip = (volatile struct kip *)L4_KIP_ADDRESS;
	static const u32 expect[] = {
		0xFFFFF02C, 0xFFFFF030, 0xFFFFF018, 0xFFFFF008, 0xFFFFF01C, 0xFFFFF020,
		0xFFFFF000, 0xFFFFF028, 0xFFFFF014, 0xFFFFF00C, 0xFFFFF004, 0xFFFFF010,
		0xFFFFF024,
	};
	volatile u32 *slot = &kip->kmem_control;
	volatile u32 *page = (volatile u32 *)ARM_SYSCALL_PAGE;
	unsigned i;

	EXPECT_EQ("KIP magic", kip->magic, KIP_MAGIC);
	for (i = 0; i < sizeof(expect) / sizeof(expect[0]); i++)
		EXPECT_EQ("KIP entry pointer", slot[i], expect[i]);
	for (i = 0; i < 13; i++)
		EXPECT_EQ("syscall page swi", page[i], 0xEF000014);
	EXPECT_EQ("syscall page after the 13 entries", page[13], 0);
	puts("kip: ok");
}

static void check_ipc(l4id_t self)
{
	EXPECT_EQ("ipc NIL/NIL", l4_ipc(L4_NILTHREAD, L4_NILTHREAD), -EINVAL);
	EXPECT_EQ("ipc to self", l4_ipc(self, L4_NILTHREAD), -EINVAL);
	EXPECT_EQ("ipc from self", l4_ipc(L4_NILTHREAD, self), -EINVAL);
	EXPECT_EQ("ipc to -3", l4_ipc(-3, L4_NILTHREAD), -EINVAL);
	EXPECT_EQ("ipc from -7", l4_ipc(L4_NILTHREAD, -7), -EINVAL);
	EXPECT_EQ("ipc to a missing tid", l4_ipc(MISSING_TID, L4_NILTHREAD), -ESRCH);
	EXPECT_EITHER("ipc to ANYTHREAD", l4_ipc(L4_ANYTHREAD, L4_NILTHREAD), -ESRCH, -EINVAL);
	EXPECT_EITHER("sendrecv with to != from", l4_ipc(MISSING_TID, MISSING_TID + 1),
		      -ENOSYS, -ESRCH);

	/* A valid round trip: ask the pager for our utcb page address. */
	write_mr(L4SYS_ARG0, (u32)self);
	EXPECT_EQ("ipc to the pager", l4_sendrecv(PAGER_TID, PAGER_TID, L4_IPC_TAG_UTCB), 0);
	if (utcb_page)
		EXPECT_EQ("utcb address from the pager", l4_get_retval(), (int)utcb_page);
	EXPECT_TRUE("utcb page in the utcb area",
		    (u32)utcb_page >= UTCB_AREA_START && (u32)utcb_page < UTCB_AREA_END);
	puts("ipc: ok");
}

static void check_thread_control(l4id_t self)
{
	struct task_ids ids = { MISSING_TID, MISSING_TID, MISSING_TID }, me, t;
	struct exregs_data ex;

	l4_getid(&me);
	EXPECT_EQ("RUN a missing tid", l4_thread_control(THREAD_RUN, &ids), -ESRCH);
	EXPECT_EQ("SUSPEND a missing tid", l4_thread_control(THREAD_SUSPEND, &ids), -ESRCH);
	EXPECT_EQ("RESUME a missing tid", l4_thread_control(THREAD_RESUME, &ids), -ESRCH);
	EXPECT_EQ("DESTROY a missing tid", l4_thread_control(THREAD_DESTROY, &ids), -ESRCH);
	ids.tid = self;
	EXPECT_EQ("unknown action 7", l4_thread_control(7, &ids), -EINVAL);
	EXPECT_EQ("unknown action 15", l4_thread_control(15, &ids), -EINVAL);
	EXPECT_EQ("thread_control NULL ids", l4_thread_control(THREAD_RUN, NULL), -EFAULT);
	EXPECT_EQ("thread_control kernel ids", l4_thread_control(THREAD_RUN, BAD_PTR), -EFAULT);
	EXPECT_EQ("CREATE with NULL ids",
		  l4_thread_control(THREAD_CREATE | THREAD_SAME_SPACE, NULL), -EFAULT);
	puts("thread_control: ok");

	/* exchange_registers needs an inactive thread: make one in our space. */
	memset(&ex, 0, sizeof(ex));
	EXPECT_EQ("exregs a missing tid", l4_exchange_registers(&ex, MISSING_TID), -ESRCH);
	EXPECT_EQ("exregs a running thread", l4_exchange_registers(&ex, self), -EACTIVE);

	t.tid = TASK_ID_INVALID;
	t.spid = me.spid;
	t.tgid = me.tgid;
	EXPECT_EQ("CREATE SAME_SPACE", l4_thread_control(THREAD_CREATE | THREAD_SAME_SPACE, &t), 0);
	EXPECT_TRUE("new tid is fresh", t.tid > self);
	EXPECT_EQ("new thread shares the space", t.spid, me.spid);
	EXPECT_EQ("exregs NULL", l4_exchange_registers(NULL, t.tid), -EFAULT);
	EXPECT_EQ("exregs kernel pointer", l4_exchange_registers(BAD_PTR, t.tid), -EFAULT);
	ex.valid_vect = EXREGS_VALID_REG(0);
	ex.r0 = 1;
	EXPECT_EQ("exregs an inactive thread", l4_exchange_registers(&ex, t.tid), 0);
	EXPECT_EQ("DESTROY the inactive thread", l4_thread_control(THREAD_DESTROY, &t), 0);
	EXPECT_EQ("exregs a destroyed thread", l4_exchange_registers(&ex, t.tid), -ESRCH);
	puts("exchange_registers: ok");
}

static void check_map_unmap(l4id_t self)
{
	EXPECT_EQ("map into a missing tid",
		  l4_map(UART_PHYS, UNMAPPED_VA, 1, MAP_USR_IO_FLAGS, MISSING_TID), -ESRCH);
	EXPECT_EQ("map 0 pages", l4_map(UART_PHYS, UNMAPPED_VA, 0, MAP_USR_IO_FLAGS, self), -EINVAL);
	EXPECT_EQ("map flags 5", l4_map(UART_PHYS, UNMAPPED_VA, 1, 5, self), -EINVAL);
	EXPECT_EQ("map flags ~0", l4_map(UART_PHYS, UNMAPPED_VA, 1, 0xFFFFFFFF, self), -EINVAL);
	EXPECT_EQ("unmap in a missing tid", l4_unmap(UNMAPPED_VA, 1, MISSING_TID), -ESRCH);
	EXPECT_ERR("unmap an unmapped page", l4_unmap(UNMAPPED_VA, 1, self));
	puts("map/unmap: ok");
}

static void check_kread(void)
{
	struct bootdesc *bd = (struct bootdesc *)bootbuf;
	u32 size = 0;
	int i, used = 0;

	memset(&pagemap, 0xA5, sizeof(pagemap));
	EXPECT_EQ("kread PAGE_MAP", l4_kread(KDATA_PAGE_MAP, &pagemap), 0);
	EXPECT_EQ("page map starts at pfn 0", pagemap.pfn_start, 0);
	EXPECT_TRUE("page map end", pagemap.pfn_end > 0 && pagemap.pfn_end <= 0x8000);
	for (i = 0; i < 1024; i++)
		used |= pagemap.map[i] != 0;
	EXPECT_TRUE("page map marks some pages used", used);

	EXPECT_EQ("kread BOOTDESC_SIZE", l4_kread(KDATA_BOOTDESC_SIZE, &size), 0);
	EXPECT_TRUE("bootdesc size", size >= 8 && size <= sizeof(bootbuf) && (size - 8) % 24 == 0);
	memset(bootbuf, 0xA5, sizeof(bootbuf));
	EXPECT_EQ("kread BOOTDESC", l4_kread(KDATA_BOOTDESC, bootbuf), 0);
	EXPECT_EQ("bootdesc desc_size", bd->desc_size, size);
	EXPECT_EQ("bootdesc image count", 8 + bd->total_images * 24, size);
	EXPECT_EQ("bootdesc copied no more than desc_size", (u8)bootbuf[size], 0xA5);
	for (i = 0; i < bd->total_images; i++) {
		EXPECT_TRUE("image name terminated", memchr_nul(bd->images[i].name));
		EXPECT_TRUE("image range", bd->images[i].phys_start <= bd->images[i].phys_end);
	}

	EXPECT_EQ("kread rd -1", l4_kread((u32)-1, &size), -EINVAL);
	EXPECT_ERR("kread unknown rd 99", l4_kread(99, &size));
	EXPECT_EITHER("kread NULL buffer", l4_kread(KDATA_BOOTDESC_SIZE, NULL), -EINVAL, -EFAULT);
	EXPECT_EITHER("kread kernel buffer", l4_kread(KDATA_PAGE_MAP, BAD_PTR), -EINVAL, -EFAULT);
	puts("kread: ok");
}

static void check_time(void)
{
	struct timeval tv = { -1, -1 };

	EXPECT_EQ("time get", l4_time(&tv, 0), 0);
	EXPECT_TRUE("time seconds", tv.tv_sec >= 0);
	EXPECT_TRUE("time microseconds", tv.tv_usec >= 0 && tv.tv_usec < 1000000);
	EXPECT_EQ("time set", l4_time(&tv, 1), -ENOSYS);
	EXPECT_EITHER("time NULL", l4_time(NULL, 0), -EINVAL, -EFAULT);
	EXPECT_EITHER("time kernel pointer", l4_time(BAD_PTR, 0), -EINVAL, -EFAULT);
	puts("time: ok");
}

static void check_misc(void)
{
	struct task_ids ids;

	EXPECT_EQ("getid NULL", l4_getid(NULL), -EFAULT);
	EXPECT_EQ("getid kernel pointer", l4_getid(BAD_PTR), -EFAULT);
	EXPECT_EQ("thread_switch", l4_thread_switch(L4_NILTHREAD), 0);
	EXPECT_EQ("thread_switch to a missing tid", l4_thread_switch(MISSING_TID), 0);
	EXPECT_EQ("schedule", l4_schedule(), 0);
	EXPECT_EQ("space_control", l4_space_control(0, &ids), -ENOSYS);
	EXPECT_EQ("ipc_control", l4_ipc_control(0, 0, 0), -ENOSYS);
	EXPECT_EQ("swi 0x14 outside the syscall page", l4_swi_here(0, 0, 0), -ENOSYS);
	EXPECT_EQ("swi 0 outside the syscall page", l4_swi_imm(0, 0, 0), -ENOSYS);
	/* Entering the page directly works as well as through the KIP. */
	EXPECT_EQ("raw getid", l4_syscall_raw((u32)&ids, 0, 0, 0, 0, 0xFFFFF024), 0);
	EXPECT_EQ("raw getid tid", ids.tid, self_tid());
	puts("misc: ok");
}

int memchr_nul(const char *name)
{
	int i;

	for (i = 0; i < 16; i++)
		if (!name[i])
			return 1;
	return 0;
}

int main(void)
{
	l4id_t self = self_tid();

	check_kip();
	check_ipc(self);
	check_thread_control(self);
	check_map_unmap(self);
	check_kread();
	check_time();
	check_misc();
	puts("syscalls: all passed");
	return 0;
}
