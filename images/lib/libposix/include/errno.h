/*
 * errno: every libposix call that fails stores the positive error number here and returns -1
 * (mmap and shmat return (void *)-1). Error numbers are Linux's (l4lib/errno.h).
 * One global for the whole address space: threads made with clone() share it.
 */
#ifndef ERRNO_H
#define ERRNO_H

#include <l4lib/errno.h>

extern int errno;

/* "label: message\n" on the console for the current errno (just the message if label is NULL/""). */
void perror(const char *label);
/* The message for error number e ("Unknown error N" for numbers it does not know). */
const char *strerror(int e);

#endif
