/*
 * execchild: the program exectest writes into the VFS and execve()s. It prints its arguments
 * and exits with the number given as its third argument, so the parent can check the
 * status; it also checks that none of the exec'ing process's memory survived.
 *
 * Arguments: the pager puts argv[] (argc + 1 pointers, NULL-terminated) at the start of the
 * environment page, 0x1FFFF000, with the strings after it, and starts the image with r0 = argc
 * and r1 = argv (docs/pager-protocol.md). crt0 passes main no arguments, so the array is read
 * from the page.
 */
#include "ptest.h"

#define EXEC_ARGV_BASE	0x1FFFF000u
#define MAX_ARGS	16

static int untouched = 1234;	/* exectest's child set its own copy of this to 0 before exec */

int main(void)
{
	char *const *argv = (char *const *)EXEC_ARGV_BASE;
	int argc = 0, i;

	while (argc <= MAX_ARGS && argv[argc] != 0)
		argc++;
	if (argc > MAX_ARGS) {
		printf("execchild: no NULL after %d arguments\n", MAX_ARGS);
		return 100;
	}
	printf("execchild: argc %d:", argc);
	for (i = 0; i < argc; i++)
		printf(" %s", argv[i]);
	printf("\n");
	if (untouched != 1234) {
		printf("execchild: the old image's data survived exec\n");
		return 101;
	}
	if (argc < 3 || strcmp(argv[1], "hello") != 0)
		return 102;
	return atoi(argv[2]);
}
