/*
 * fsbench: the VFS speed benchmark's workload (docs/vfs.md, Benchmark). Fills one 64 KB buffer
 * once, writes a 16 MB file sequentially from it in 64 KB write() calls, fsyncs and closes it,
 * then reads it back in 64 KB read() calls into the same buffer. The only per-call work besides
 * the system call is stamping (write) or checking (read) the first word of each page with its
 * file offset and one pattern word per page: 32 words a call, so host time per phase is almost
 * all write()/read(). Three console lines mark the phase boundaries; the benchmark timestamps
 * them on the host: "start" -> "wrote" is the write phase (fsync and close included), "wrote" ->
 * "read" the read phase. Prints nothing time-dependent.
 */
#include "ptest.h"

#define FILE_BYTES	(16 * 1024 * 1024)
#define CHUNK		(64 * 1024)
#define PAGE_WORDS	1024
#define PATTERN(i)	((u32)(i) * 2654435761u)

static u32 chunk[CHUNK / 4];

int main(void)
{
	int fd, off, bad = 0;
	u32 i, p;

	for (i = 0; i < CHUNK / 4; i++)
		chunk[i] = PATTERN(i);
	CHECK("creat", (fd = creat("/fsbench.dat", 0644)) >= 0);
	printf("fsbench: start\n");
	for (off = 0; off < FILE_BYTES; off += CHUNK) {
		for (p = 0; p < CHUNK / 4; p += PAGE_WORDS)
			chunk[p] = (u32)off + p * 4;
		CHECK_EQ("write", write(fd, chunk, CHUNK), CHUNK);
	}
	CHECK_EQ("fsync", fsync(fd), 0);
	CHECK_EQ("close", close(fd), 0);
	printf("fsbench: wrote %d bytes\n", FILE_BYTES);

	CHECK("open", (fd = open("/fsbench.dat", O_RDONLY)) >= 0);
	for (off = 0; off < FILE_BYTES; off += CHUNK) {
		CHECK_EQ("read", read(fd, chunk, CHUNK), CHUNK);
		for (p = 0; p < CHUNK / 4; p += PAGE_WORDS)
			if (chunk[p] != (u32)off + p * 4 || chunk[p + 1 + (off >> 16) % 1000] != PATTERN(p + 1 + (off >> 16) % 1000))
				bad++;
	}
	CHECK_EQ("read at EOF", read(fd, chunk, CHUNK), 0);
	CHECK_EQ("close", close(fd), 0);
	printf("fsbench: read %d bytes back\n", FILE_BYTES);
	CHECK_EQ("wrong pages", bad, 0);
	for (i = 1; i < CHUNK / 4; i++)
		if (i % PAGE_WORDS != 0 && chunk[i] != PATTERN(i))
			bad++;
	CHECK_EQ("wrong words in the last chunk", bad, 0);
	printf("fsbench: every page stamped right, last chunk all correct\n");
	printf("-- PASSED --\n");
	return 0;
}
