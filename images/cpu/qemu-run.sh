#!/bin/sh
# Runs one image on QEMU's Versatile PB (ARM926EJ-S) with semihosting: prints the UART and the
# semihosting output (QEMU sends the latter to stderr), dropping QEMU's audio warnings, and exits
# with the image's status (124 on a 10 s timeout).
out=$(mktemp)
timeout 10 qemu-system-arm -M versatilepb -cpu arm926 -semihosting -nographic -monitor none \
  -serial stdio -kernel "$1" >"$out" 2>&1
rc=$?
grep -v -e '^ALSA lib' -e '^alsa:' -e '^audio:' "$out"
rm -f "$out"
exit $rc
