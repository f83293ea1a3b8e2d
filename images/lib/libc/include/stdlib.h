#ifndef STDLIB_H
#define STDLIB_H

#include <stddef.h>

int atoi(const char *s);
void _exit(int status) __attribute__((noreturn));
void exit(int status) __attribute__((noreturn));

#endif
