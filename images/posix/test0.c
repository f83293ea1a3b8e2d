/*
 * test0: Codezero's acceptance program (services §6), written anew from its description.
 *
 *   dirtest    listings of ".", "/", mkdir of a small tree, chdir, more listings
 *   mmaptest   a sparse file, a shared mapping of it, msync and munmap of one page
 *   fork       child:  fileio (create, write, seek back, read, compare), then forktest
 *                      (4 forks = 16 processes checking copy-on-write of .bss)
 *              parent: fileio2 (create, write, close, re-open, read, compare), then a
 *                      second fork whose child runs clonetest (4 threads on one counter)
 *
 * A good run prints "-- PASSED --" 18 times and "-- FAILED --" never. Unlike the original,
 * it ends: every process waits for the children it forked, and test0 exits 0.
 */
#include <l4lib/l4.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <dirent.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

/* wait_pager: MR0..MR5 = 0..5, then a send-only SYNC to the pager (no reply). */
static void wait_pager(void)
{
	u32 mr[MR_TOTAL] = { 0, 1, 2, 3, 4, 5 };

	mr[MR_TAG] = L4_IPC_TAG_SYNC;
	l4_ipc_mrs(PAGER_TID, L4_NILTHREAD, mr);
}

/* ---- dirtest ---------------------------------------------------------------------- */

static char dirbuf[50 * sizeof(struct dirent)];

/* Opens path, prints every entry name; the fd stays open (as in the original). */
static int lsdir(const char *path)
{
	int fd, n, off;

	if ((fd = open(path, O_RDONLY)) < 0) {
		printf("OPEN failed.\n");
		return -1;
	}
	printf("Got fd: %d for opening %s\n", fd, path);
	if ((n = os_readdir(fd, dirbuf, sizeof(dirbuf))) < 0) {
		printf("GETDENTS error: %d\n", n);
		return -1;
	}
	for (off = 0; off < n;) {
		struct dirent *d = (struct dirent *)(dirbuf + off);

		printf("%s\n", d->d_name);
		if (d->d_reclen == 0)
			break;
		off += d->d_reclen;
	}
	return 0;
}

static const char *const dirs[] = {
	"/usr", "/etc", "/tmp", "/var", "/bin", "/boot", "/lib", "/dev", "/usr/bin",
	"/home/", "/home/bahadir",
};

static int dirtest(void)
{
	unsigned i;

	printf("\nlsdir current directory:\n");
	if (lsdir(".") < 0)
		goto failed;
	printf("\nlsdir root directory:\n");
	if (lsdir("/") < 0)
		goto failed;

	printf("\nCreating directories: usr, etc, tmp, var, home, opt, bin, boot, lib, dev\n");
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (mkdir(dirs[i], 0) < 0)
			perror("MKDIR");
	if (chdir("/home/bahadir") < 0)
		perror("CHDIR");
	printf("Changed curdir to /home/bahadir\n");

	printf("\nlsdir root directory:\n");
	if (lsdir("/") < 0)
		goto failed;
	printf("\nlsdir /usr:\n");
	if (lsdir("/usr") < 0)
		goto failed;
	printf("\nlsdir current directory:\n");
	if (lsdir(".") < 0)
		goto failed;
	printf("\nlsdir /usr/./././bin//\n");
	if (lsdir("/usr/./././bin//") < 0)
		goto failed;
	return 0;
failed:
	printf("lsdir failed.\n");
	return 0;
}

/* ---- mmaptest --------------------------------------------------------------------- */

static int mmaptest(void)
{
	int fd, x = 0x1000;
	char *base;

	if ((fd = open("./newfile3.txt", O_CREAT | O_TRUNC | O_RDWR, S_IRWXU)) < 0)
		perror("open:");
	else
		printf("open: Success.\n");
	if (lseek(fd, 0x10000, SEEK_SET) < 0)
		perror("lseek");
	else
		printf("lseek: Success.\n");
	if (write(fd, &x, 4) < 0)
		perror("write");
	else
		printf("write: Success.\n");

	printf("test0: Calling mmap()\n");
	base = mmap(0, 16 * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (base == MAP_FAILED) {
		perror("mmap");
		return 0;
	}
	printf("mmap: Success: %p\n", base);
	*(int *)(base + 0x2000) = 0x1000;

	printf("test0: Calling msync()\n");
	if (msync(base + 0x2000, PAGE_SIZE, MS_SYNC) < 0)
		perror("msync");
	else
		printf("msync: Success: %p\n", base);

	printf("test0: Calling munmap()\n");
	if (munmap(base + 0x2000, PAGE_SIZE) < 0)
		perror("munmap");
	else
		printf("munmap: Success: %p\n", base);

	*(int *)(base + 0x3000) = 0x1000;
	*(int *)(base + 0x1000) = 0x1000;
	return 0;
}

/* ---- fileio (child) and fileio2 (parent) ------------------------------------------- */

static const char str[] = "I WROTE TO THIS FILE\n";

static int fileio(void)
{
	int pid = getpid(), fd, n;
	char buf[128];

	memset(buf, 0, sizeof(buf));
	if ((fd = open("/home/bahadir/newfile.txt", O_RDWR | O_CREAT | O_TRUNC, S_IRWXU)) < 0) {
		perror("OPEN");
		return -1;
	}
	printf("%d: Created newfile.txt\n", pid);
	printf("%d: write.\n", pid);
	if (write(fd, str, strlen(str)) < 0) {
		perror("WRITE");
		return -1;
	}
	printf("%d: lseek.\n", pid);
	if (lseek(fd, 0, SEEK_SET) < 0) {
		perror("LSEEK");
		return -1;
	}
	printf("%d: read.\n", pid);
	if ((n = read(fd, buf, strlen(str))) < 0) {
		perror("READ");
		return -1;
	}
	printf("%d: Read: %d bytes from file.\n", pid, n);
	if (n > 0)
		printf("%d: Read string: %s\n", pid, buf);
	if (strcmp(buf, str) != 0) {
		printf("Strings not the same:\n");
		printf("Str: %s\n", str);
		printf("Buf: %s\n", buf);
		return -1;
	}
	printf("%d: close.\n", pid);
	if (close(fd) < 0) {
		perror("CLOSE");
		return -1;
	}
	return 0;
}

static int fileio2(void)
{
	int pid = getpid(), fd, n;
	char buf[128];

	memset(buf, 0, sizeof(buf));
	if ((fd = open("/home/bahadir/newfile2.txt", O_RDWR | O_CREAT | O_TRUNC, S_IRWXU)) < 0) {
		perror("OPEN");
		return -1;
	}
	printf("%d: Created newfile2.txt\n", pid);
	printf("%d: write.\n", pid);
	if (write(fd, str, strlen(str)) < 0) {
		perror("WRITE");
		return -1;
	}
	printf("%d: close.\n", pid);
	if (close(fd) < 0) {
		perror("CLOSE");
		return -1;
	}
	printf("%d: re-open.\n", pid);
	if ((fd = open("/home/bahadir/newfile2.txt", O_RDWR, S_IRWXU)) < 0) {
		perror("OPEN");
		return -1;
	}
	printf("%d: lseek.\n", pid);
	if (lseek(fd, 0, SEEK_SET) < 0) {
		perror("LSEEK");
		return -1;
	}
	printf("%d: read.\n", pid);
	if ((n = read(fd, buf, strlen(str))) < 0) {
		perror("READ");
		return -1;
	}
	printf("%d: Read: %d bytes from file.\n", pid, n);
	if (n > 0)
		printf("%d: Read string: %s\n", pid, buf);
	if (strcmp(buf, str) != 0) {
		printf("Error: strings not the same:\n");
		printf("str: %s\n", str);
		printf("buf: %s\n", buf);
		return -1;
	}
	printf("%d: close.\n", pid);
	if (close(fd) < 0) {
		perror("CLOSE");
		return -1;
	}
	return 0;
}

/* ---- forktest (child) -------------------------------------------------------------- */

static int global;	/* .bss: every process must see 0 here, then only its own pid */

/* Waits for n children; any that did not exit with 0 is reported. */
static void reap(int n)
{
	int status = 0;

	while (n-- > 0)
		if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			printf("wait: a child failed (status 0x%x, errno %d)\n", status, errno);
}

static void forktest(void)
{
	int i, myid, children = 0;

	for (i = 0; i < 4; i++) {
		int r = fork();

		if (r < 0)
			printf("Error forking...\n");
		else if (r == 0)
			children = 0;
		else
			children++;
	}
	myid = getpid();
	if (global != 0) {
		printf("-- FAILED --\n");
		goto out;
	}
	global = myid;
	if (global != myid) {
		printf("-- FAILED --\n");
		goto out;
	}
	printf("PID: %d, my global: %d\n", myid, global);
	printf("-- PASSED --\n");
out:
	reap(children);
	printf("PID: %d exiting...\n", myid);
	_exit(0);
}

/* ---- clonetest (second child) ------------------------------------------------------ */

static volatile int clone_global;

static int my_thread_func(void *arg)
{
	int i, tid = getpid();

	(void)arg;
	printf("Cloned child %d running...\n", tid);
	for (i = 0; i < 25; i++)
		clone_global++;
	printf("Cloned child exiting with global increased to: %d. (Should be just about 100 at final)\n",
	       clone_global);
	_exit(0);
	return 0;
}

static void clonetest(void)
{
	int i, tid;

	for (i = 0; i < 4; i++) {
		char *stack = mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE,
				   MAP_ANONYMOUS | MAP_PRIVATE | MAP_GROWSDOWN, 0, 0);

		if (stack == MAP_FAILED) {
			printf("MMAP failed.\n");
			_exit(1);
		}
		printf("Mapped area starting at %p\n", stack);
		((int *)stack)[-1] = 5;
		printf("Cloning...\n");
		tid = clone(my_thread_func, stack,
			    CLONE_PARENT | CLONE_FS | CLONE_VM | CLONE_THREAD | CLONE_SIGHAND, 0);
		if (tid < 0)
			perror("CLONE failed.\n");
		else
			printf("Cloned a new thread with child pid %d\n", tid);
	}
	_exit(0);
}

/* ---- main -------------------------------------------------------------------------- */

int main(void)
{
	int pid;

	printf("\n%s: Started with tid %d.\n", "test0", getpid());
	wait_pager();
	dirtest();
	mmaptest();

	printf("Forking...\n");
	if ((pid = fork()) < 0)
		printf("Error forking...\n");
	if (pid == 0) {
		printf("Child: file IO test 1.\n");
		if (fileio() == 0)
			printf("-- PASSED --\n");
		else
			printf("-- FAILED --\n");
		printf("Child: forktest.\n");
		forktest();	/* does not return */
	}
	printf("Parent: file IO test 2. child pid %d:\n", pid);
	if (fileio2() == 0)
		printf("-- PASSED --\n");
	else
		printf("-- FAILED --\n");

	printf("Testing clone syscall...\n");
	if ((pid = fork()) < 0)
		printf("Error forking...\n");
	if (pid == 0)
		clonetest();	/* does not return */

	reap(2);
	wait_pager();
	printf("test0: all children done.\n");
	return 0;
}
