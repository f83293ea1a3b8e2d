/*
 * fsbench: the VFS speed benchmark's workload. Writes a 16 MB file sequentially in 64 KB
 * writes, closes it, reads it back sequentially and checks every word. Prints nothing
 * time-dependent: time it from outside (instruction counts or host time).
 */
#include "ptest.h"

#define FILE_BYTES	(16 * 1024 * 1024)
#define CHUNK		(64 * 1024)

static u32 chunk[CHUNK / 4];

static void fill(u32 base)
{
	u32 i;

	for (i = 0; i < CHUNK / 4; i++)
		chunk[i] = (base + i) * 2654435761u;
}

int main(void)
{
	int fd, off, bad = 0;
	u32 i;

	CHECK("creat", (fd = creat("/fsbench.dat", 0644)) >= 0);
	for (off = 0; off < FILE_BYTES; off += CHUNK) {
		fill((u32)off / 4);
		CHECK_EQ("write", write(fd, chunk, CHUNK), CHUNK);
	}
	CHECK_EQ("fsync", fsync(fd), 0);
	CHECK_EQ("close", close(fd), 0);
	printf("fsbench: wrote %d bytes\n", FILE_BYTES);

	CHECK("open", (fd = open("/fsbench.dat", O_RDONLY)) >= 0);
	for (off = 0; off < FILE_BYTES; off += CHUNK) {
		CHECK_EQ("read", read(fd, chunk, CHUNK), CHUNK);
		for (i = 0; i < CHUNK / 4; i++)
			if (chunk[i] != ((u32)off / 4 + i) * 2654435761u)
				bad++;
	}
	CHECK_EQ("read at EOF", read(fd, chunk, CHUNK), 0);
	CHECK_EQ("close", close(fd), 0);
	CHECK_EQ("wrong words", bad, 0);
	printf("fsbench: read %d bytes back, all correct\n", FILE_BYTES);
	printf("-- PASSED --\n");
	return 0;
}
