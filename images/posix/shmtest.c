/*
 * shmtest: System V shared memory between processes (scenario 26).
 *
 *  1. shmget keys 2 and 3 (27 bytes, IPC_CREAT|0666): distinct ids; lookup without
 *     IPC_CREAT finds key 2; the error rules: unknown key -ENOENT, IPC_CREAT|IPC_EXCL on an
 *     existing key -EEXIST, size 0 or more than 10 pages -EINVAL, asking more than an
 *     existing segment holds -EINVAL, shmat of an unknown id -EINVAL.
 *  2. shmat(id, NULL, 0) gives distinct page-aligned addresses in the SHM area.
 *  3. Four children each attach key 2 afresh (detach the inherited mapping, shmget, shmat)
 *     and write their slot; the parent sees every slot after waiting.
 *  4. A child writes through the mapping it inherited from fork; the parent sees it.
 *  5. shmdt returns 0; shmdt of an address that is not attached is -EINVAL; attaching
 *     again after the detach succeeds at the segment's address with its data intact.
 */
#include "ptest.h"
#include <sys/shm.h>

#define SHM_AREA_START	0x20000000u
#define SHM_AREA_END	0x30000000u
#define NCHILD		4

struct shared {
	u32 magic;
	u32 slot[NCHILD];
	u32 inherited;
};

static int in_shm_area(void *p)
{
	u32 a = (u32)p;

	return a >= SHM_AREA_START && a < SHM_AREA_END && (a & (PAGE_SIZE - 1)) == 0;
}

int main(void)
{
	int id2, id3, i;
	struct shared *s2, *s3;
	pid_t pid;

	id2 = shmget(2, 27, IPC_CREAT | 0666);
	CHECK("shmget(2)", id2 >= 0);
	id3 = shmget(3, 27, IPC_CREAT | 0666);
	CHECK("shmget(3)", id3 >= 0);
	CHECK("distinct shmids", id2 != id3);
	CHECK_EQ("shmget(2) lookup", shmget(2, 27, 0), id2);
	CHECK_ERRNO("shmget unknown key", shmget(99, 27, 0), ENOENT);
	CHECK_ERRNO("shmget IPC_EXCL", shmget(2, 27, IPC_CREAT | IPC_EXCL | 0666), EEXIST);
	CHECK_ERRNO("shmget size 0", shmget(4, 0, IPC_CREAT | 0666), EINVAL);
	CHECK_ERRNO("shmget 11 pages", shmget(5, 11 * PAGE_SIZE, IPC_CREAT | 0666), EINVAL);
	CHECK_ERRNO("shmget larger than the segment", shmget(2, 2 * PAGE_SIZE, 0), EINVAL);
	CHECK("shmat unknown id", shmat(1000, 0, 0) == (void *)-1 && errno == EINVAL);
	printf("shmtest: shmget rules ok\n");

	s2 = shmat(id2, 0, 0);
	s3 = shmat(id3, 0, 0);
	CHECK("shmat(2)", s2 != (void *)-1 && in_shm_area(s2));
	CHECK("shmat(3)", s3 != (void *)-1 && in_shm_area(s3));
	CHECK("distinct addresses", s2 != s3);
	s2->magic = 0x5348u;
	s3->magic = 0x3333u;
	printf("shmtest: two segments attached\n");

	for (i = 0; i < NCHILD; i++) {
		CHECK("fork", (pid = fork()) >= 0);
		if (pid == 0) {
			int id;
			struct shared *s;

			if (shmdt(s2) != 0)
				_exit(10);
			if ((id = shmget(2, 27, 0)) != id2)
				_exit(11);
			s = shmat(id, 0, 0);
			if (s == (void *)-1 || s->magic != 0x5348u)
				_exit(12);
			s->slot[i] = 100 + (u32)i;
			_exit(0);
		}
	}
	for (i = 0; i < NCHILD; i++)
		CHECK_EQ("child status", wait_exit_code(-1, "wait"), 0);
	for (i = 0; i < NCHILD; i++)
		CHECK_EQ("slot written by a child", s2->slot[i], 100 + i);
	printf("shmtest: %d children wrote through their own attachments\n", NCHILD);

	CHECK("fork", (pid = fork()) >= 0);
	if (pid == 0) {
		s2->inherited = 0xC0FFEEu;
		_exit(s3->magic == 0x3333u ? 0 : 1);
	}
	CHECK_EQ("child status", wait_exit_code(pid, "wait"), 0);
	CHECK_EQ("write through an inherited attachment", s2->inherited, 0xC0FFEE);
	printf("shmtest: inherited attachment shared after fork\n");

	CHECK_EQ("shmdt", shmdt(s3), 0);
	CHECK_ERRNO("shmdt again", shmdt(s3), EINVAL);
	CHECK_ERRNO("shmdt of a private address", shmdt((void *)0x10000000), EINVAL);
	s3 = shmat(id3, 0, 0);
	CHECK("shmat after shmdt", s3 != (void *)-1 && in_shm_area(s3));
	CHECK_EQ("data kept across detach", s3->magic, 0x3333);
	CHECK_EQ("shmdt", shmdt(s3), 0);
	CHECK_EQ("shmdt", shmdt(s2), 0);
	printf("shmtest: detach and re-attach ok\n");
	printf("-- PASSED --\n");
	return 0;
}
