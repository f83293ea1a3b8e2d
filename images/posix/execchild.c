/*
 * execchild: the program exectest writes into the VFS and execve()s. It prints its arguments
 * and exits with the number given as its third argument, so the parent can check the
 * status; it also checks that none of the exec'ing process's memory survived.
 *
 * Arguments: the pager leaves the execve argument block in this task's environment page
 * (see docs/posix.md, "execve"): u32 argc at ARGS_PAGE, then the NUL-terminated strings
 * back to back.
 */
#include "ptest.h"

#define ARGS_PAGE	0x1FFFF000u
#define MAX_ARGS	16

static int untouched = 1234;	/* exectest's child set its own copy of this to 0 before exec */

int main(void)
{
	const u32 *block = (const u32 *)ARGS_PAGE;
	const char *p = (const char *)(block + 1), *argv[MAX_ARGS];
	int argc = (int)block[0], i;

	if (argc < 0 || argc > MAX_ARGS) {
		printf("execchild: bad argc %d\n", argc);
		return 100;
	}
	for (i = 0; i < argc; i++) {
		argv[i] = p;
		p += strlen(p) + 1;
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
