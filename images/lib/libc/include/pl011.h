/*
 * The PL011 UART as user programs see it (ABI §7.6): registers at user VA 0x00500000.
 */
#ifndef PL011_H
#define PL011_H

#define PL011_BASE	0x00500000u
#define PL011_DR	0x00
#define PL011_FR	0x18
#define PL011_IBRD	0x24
#define PL011_FBRD	0x28
#define PL011_LCR_H	0x2C
#define PL011_CR	0x30
#define PL011_IMSC	0x38

#define PL011_FR_TXFF		(1u << 5)
#define PL011_LCR_PEN		(1u << 1)
#define PL011_LCR_STP2		(1u << 3)
#define PL011_LCR_FEN		(1u << 4)
#define PL011_LCR_WLEN_MASK	(3u << 5)
#define PL011_LCR_WLEN_8	(3u << 5)
#define PL011_CR_UARTEN		(1u << 0)
#define PL011_CR_TXE		(1u << 8)
#define PL011_CR_RXE		(1u << 9)

static inline unsigned int pl011_read(unsigned int base, unsigned int reg)
{
	return *(volatile unsigned int *)(base + reg);
}

static inline void pl011_write(unsigned int base, unsigned int reg, unsigned int v)
{
	*(volatile unsigned int *)(base + reg) = v;
}

void platform_init(void);
void pl011_putc_at(unsigned int base, int c);

#endif
