/* POSIX types for czemu guest programs (ARM EABI: 32-bit int, long and pointers). */
#ifndef SYS_TYPES_H
#define SYS_TYPES_H

#include <stddef.h>
#include <l4lib/types.h>

typedef int pid_t;
typedef int ssize_t;
typedef long off_t;
typedef unsigned int mode_t;
typedef int key_t;
typedef unsigned long long u64;

#endif
