/*
 * mapunmap: map and unmap (ABI §2.5) on a page that is safe to alias: the PL011's physical
 * page 0x101F1000. It is mapped user-RW uncached (flag 3) at 0x0F000000, in the reserved
 * area below 0x10000000 where the pager manages nothing, and a line is printed through the
 * alias. Mapping RAM frames is avoided: a user program cannot know which frames are free.
 * Checks: map over an existing mapping, a user-RO alias (flag 1) is readable, a two-page
 * unmap of two aliases at once, unmap of a page that is no longer mapped is an error.
 * Touching an address after unmapping it is not tested: the ABI leaves that to the pager.
 */
#include "check.h"
#include <pl011.h>

#define UART_PHYS	((void *)0x101F1000)
#define ALIAS_RW	0x0F000000u
#define ALIAS_RO	0x0F001000u
#define ALIAS_SVC	0x0F002000u
#define ALIAS_MULTI	0x0F010000u

static void alias_puts(u32 base, const char *s)
{
	while (*s)
		pl011_putc_at(base, *s++);
}

int main(void)
{
	l4id_t self = self_tid();

	EXPECT_EQ("map UART alias RW", l4_map(UART_PHYS, (void *)ALIAS_RW, 1, MAP_USR_IO_FLAGS, self), 0);
	alias_puts(ALIAS_RW, "mapunmap: printed through the alias\n");
	EXPECT_EQ("map over an existing mapping",
		  l4_map(UART_PHYS, (void *)ALIAS_RW, 1, MAP_USR_IO_FLAGS, self), 0);
	alias_puts(ALIAS_RW, "mapunmap: remapped alias works\n");

	EXPECT_EQ("map UART alias RO", l4_map(UART_PHYS, (void *)ALIAS_RO, 1, MAP_USR_RO_FLAGS, self), 0);
	EXPECT_EQ("RO alias reads CR", pl011_read(ALIAS_RO, PL011_CR) & PL011_CR_UARTEN,
		  PL011_CR_UARTEN);
	EXPECT_EQ("RO alias reads FR", pl011_read(ALIAS_RO, PL011_FR) & PL011_FR_TXFF, 0);

	EXPECT_EQ("map kernel-only alias", l4_map(UART_PHYS, (void *)ALIAS_SVC, 1, MAP_SVC_IO_FLAGS, self), 0);
	EXPECT_EQ("map first of two pages",
		  l4_map(UART_PHYS, (void *)ALIAS_MULTI, 1, MAP_USR_IO_FLAGS, self), 0);
	EXPECT_EQ("map second of two pages",
		  l4_map(UART_PHYS, (void *)(ALIAS_MULTI + PAGE_SIZE), 1, MAP_USR_IO_FLAGS, self), 0);
	EXPECT_EQ("second alias reads CR", pl011_read(ALIAS_MULTI + PAGE_SIZE, PL011_CR) & PL011_CR_UARTEN,
		  PL011_CR_UARTEN);
	puts("mapunmap: mapped");

	EXPECT_EQ("unmap RW alias", l4_unmap((void *)ALIAS_RW, 1, self), 0);
	EXPECT_ERR("unmap RW alias again", l4_unmap((void *)ALIAS_RW, 1, self));
	EXPECT_EQ("unmap RO alias", l4_unmap((void *)ALIAS_RO, 1, self), 0);
	EXPECT_EQ("unmap kernel-only alias", l4_unmap((void *)ALIAS_SVC, 1, self), 0);
	EXPECT_EQ("unmap two pages", l4_unmap((void *)ALIAS_MULTI, 2, self), 0);
	EXPECT_ERR("unmap three unmapped pages",
		   l4_unmap((void *)ALIAS_RW, 3, self));
	puts("mapunmap: unmapped");

	/* The ordinary UART mapping is untouched by all this. */
	puts("mapunmap: ok");
	return 0;
}
