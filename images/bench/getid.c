/*
 * Benchmark: ITER null system calls (getid), then exit 0. Built twice with different ITER so the
 * benchmark can subtract boot and exit costs (bench/kernel.ts).
 */
#include <l4lib/l4.h>

int main(void)
{
	struct task_ids ids;
	int i;

	for (i = 0; i < ITER; i++)
		l4_getid(&ids);
	return 0;
}
