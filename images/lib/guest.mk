# Shared build of Codezero guest programs (included by images/user, images/posix, images/bench).
#
# The including Makefile sets, before the include:
#   PROGS     programs to build (<prog>.c -> <prog>.elf), unless it writes its own rules
#   LIBSRC    library sources under images/lib, in link order (crt0.S first)
#   INCDIRS   include directories under images/lib, in search order
#
# The build is deterministic: no build ids, no timestamps, source paths mapped to "images/...",
# a fixed object order, and objects linked directly (no archives). The built ELFs are committed;
# images/Makefile's `check` rebuilds and compares them.

CROSS   ?= arm-none-eabi-
CC      := $(CROSS)gcc
OBJCOPY := $(CROSS)objcopy

LIB     := ../lib
B       := build
IMAGES  := $(abspath ..)
GCCINC  := $(shell $(CC) -print-file-name=include)

ARCH    := -march=armv5te -marm -mcpu=arm926ej-s
CFLAGS  := $(ARCH) -O2 -g -ffreestanding -nostdlib -fno-builtin -fno-common \
           -ffunction-sections -fdata-sections -fno-tree-loop-distribute-patterns \
           -fno-asynchronous-unwind-tables -fno-unwind-tables \
           -Wall -Wextra -Wno-unused-parameter \
           -nostdinc -isystem $(GCCINC) \
           $(addprefix -I$(LIB)/,$(INCDIRS)) -I. \
           -ffile-prefix-map=$(IMAGES)=images
ASFLAGS := $(ARCH) -g -ffile-prefix-map=$(IMAGES)=images -Wa,--debug-prefix-map=$(IMAGES)=images
LDFLAGS := $(ARCH) -nostdlib -static -Wl,--build-id=none -Wl,--gc-sections \
           -Wl,-z,max-page-size=0x1000 -Wl,-z,noexecstack -Wl,--no-warn-rwx-segments \
           -T $(LIB)/user.ld

LIBOBJ  := $(addprefix $(B)/lib/,$(addsuffix .o,$(basename $(LIBSRC))))
HEADERS := $(sort $(wildcard $(LIB)/*/include/*.h $(LIB)/*/include/*/*.h $(LIB)/libposix/*.h *.h))

all: $(addsuffix .elf,$(PROGS))

%.elf: $(B)/%.o $(LIBOBJ) $(LIB)/user.ld
	$(CC) $(LDFLAGS) -o $@ $(LIBOBJ) $(B)/$*.o -lgcc

$(B)/%.o: %.c $(HEADERS) Makefile
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(B)/lib/%.o: $(LIB)/%.c $(HEADERS) Makefile
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(B)/lib/%.o: $(LIB)/%.S Makefile
	@mkdir -p $(dir $@)
	$(CC) $(ASFLAGS) -c -o $@ $<

clean:
	rm -rf $(B) *.elf

.PHONY: all clean
.SECONDARY:
