/*
 * exectest: execve of a program the test writes into the VFS itself (no --rootfs needed).
 *
 *  1. mkdir /bin; write execchild's ELF (linked into this image) to /bin/execchild; stat
 *     shows a regular file of that size.
 *  2. A forked child sets a global, then execve("/bin/execchild", {"execchild", "hello",
 *     "42"}): the new image prints its arguments, sees fresh data and exits 42; the parent's
 *     waitpid on the same pid sees 42 (exec keeps the pid).
 *  3. Failures return to the caller: a missing path -ENOENT, a file that is not ELF
 *     -ENOEXEC, a directory EACCES, EISDIR or ENOEXEC (the pager's choice).
 */
#include "ptest.h"
#include <sys/stat.h>

extern const u8 execchild_start[], execchild_end[];
__asm__(".section .rodata.execchild, \"a\"\n"
	".balign 4\n"
	".global execchild_start\n"
	"execchild_start:\n"
	".incbin \"build/execchild.bin\"\n"
	".global execchild_end\n"
	"execchild_end:\n"
	".previous\n");

static int untouched = 1234;

int main(void)
{
	int fd, size = (int)(execchild_end - execchild_start);
	char *const argv[] = { "execchild", "hello", "42", 0 };
	struct kstat st;
	pid_t pid;

	CHECK_EQ("mkdir /bin", mkdir("/bin", 0755), 0);
	CHECK("creat", (fd = creat("/bin/execchild", 0755)) >= 0);
	CHECK_EQ("write the ELF", write(fd, execchild_start, size), size);
	CHECK_EQ("close", close(fd), 0);
	CHECK_EQ("stat", stat("/bin/execchild", &st), 0);
	CHECK("a regular file", S_ISREG(st.mode));
	CHECK_EQ("of the ELF's size", (int)st.size, size);
	printf("exectest: /bin/execchild written\n");

	CHECK("fork", (pid = fork()) >= 0);
	if (pid == 0) {
		untouched = 0;
		execve("/bin/execchild", argv, 0);
		printf("FAIL: execve returned (errno %d)\n", errno);
		_exit(99);
	}
	CHECK_EQ("exit code of the exec'd program", wait_exit_code(pid, "waitpid"), 42);
	CHECK_EQ("this image's data", untouched, 1234);
	printf("exectest: execchild exited 42\n");

	CHECK_ERRNO("execve of a missing file", execve("/bin/none", argv, 0), ENOENT);
	CHECK("creat", (fd = creat("/bin/text", 0755)) >= 0);
	CHECK_EQ("write", write(fd, "#!not an ELF\n", 13), 13);
	CHECK_EQ("close", close(fd), 0);
	CHECK_ERRNO("execve of a file that is not ELF", execve("/bin/text", argv, 0), ENOEXEC);
	errno = 0;
	CHECK_EQ("execve of a directory", execve("/bin", argv, 0), -1);
	CHECK("errno of execve of a directory", errno == EACCES || errno == EISDIR || errno == ENOEXEC);
	printf("exectest: failed execve calls return\n");
	printf("-- PASSED --\n");
	return 0;
}
