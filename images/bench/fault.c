/*
 * Benchmark: ITER page faults resolved by the hosted pager. Maps ITER/2 fresh anonymous private
 * pages and stores one word into each: every store takes the two faults mm0's protocol gives an
 * unmapped page (a read fault maps the zero page read-only, then the write fault gives the task its
 * own zeroed frame). Built twice with different ITER (bench/kernel.ts).
 */
#include <sys/mman.h>

int main(void)
{
	int pages = ITER / 2;
	volatile unsigned int *p;
	int i;

	p = mmap(0, (size_t)pages * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 1;
	for (i = 0; i < pages; i++)
		p[i * 1024] = (unsigned int)i;
	for (i = 0; i < pages; i += 97)
		if (p[i * 1024] != (unsigned int)i)
			return 2;
	return 0;
}
