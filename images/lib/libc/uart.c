/*
 * Console output through the PL011 at user VA 0x00500000 (ABI §7.6). All accesses are
 * 32-bit; configuration is read-modify-write.
 *
 * Line endings: the 2008 libc sent "\r" after every "\n". czemu's libc sends "\n" only:
 * the emulated UART feeds a transcript buffer or the host's stdout, where "\r\n" would put
 * carriage returns into every captured transcript; the ABI only fixes the registers, not
 * the bytes a libc chooses to write.
 */
#include <pl011.h>

/* Configure UART0 for 8N1, no FIFOs, 38400 baud at 24 MHz, all interrupts unmasked. */
void platform_init(void)
{
	unsigned int b = PL011_BASE, v;

	v = pl011_read(b, PL011_LCR_H);
	v = (v & ~PL011_LCR_WLEN_MASK) | PL011_LCR_WLEN_8;
	v &= ~PL011_LCR_FEN;
	pl011_write(b, PL011_LCR_H, v);

	pl011_write(b, PL011_IBRD, 39);
	pl011_write(b, PL011_FBRD, 0);

	v = pl011_read(b, PL011_LCR_H);
	v &= ~(PL011_LCR_STP2 | PL011_LCR_PEN);
	pl011_write(b, PL011_LCR_H, v);

	pl011_write(b, PL011_IMSC, pl011_read(b, PL011_IMSC) | 0x3FF);
	pl011_write(b, PL011_CR, pl011_read(b, PL011_CR) |
		    PL011_CR_TXE | PL011_CR_RXE | PL011_CR_UARTEN);
}

/* Wait for room in the transmitter, then write one byte to DR of the UART at `base`. */
void pl011_putc_at(unsigned int base, int c)
{
	while (pl011_read(base, PL011_FR) & PL011_FR_TXFF)
		;
	pl011_write(base, PL011_DR, (unsigned int)(unsigned char)c);
}

int putchar(int c)
{
	pl011_putc_at(PL011_BASE, c);
	return (unsigned char)c;
}

int puts(const char *s)
{
	while (*s)
		putchar(*s++);
	putchar('\n');
	return 0;
}
