import type { ByteSink } from './bus/devices/pl011.ts';
import type { Cpu, SemihostHandler } from './cpu/cpu.ts';

/**
 * ARM semihosting (the "Semihosting for AArch32 and AArch64" specification), the subset QEMU
 * implements that bare-metal test programs use. The operation number is in r0, the parameter (a
 * value or a pointer to a parameter block) in r1; the result goes to r0.
 *
 *   0x01 SYS_OPEN      ":tt" only (the console)    0x02 SYS_CLOSE
 *   0x03 SYS_WRITEC    byte at [r1]                0x04 SYS_WRITE0   NUL-terminated string at r1
 *   0x05 SYS_WRITE     {handle, buf, len} -> bytes not written
 *   0x07 SYS_READC     no input: -1               0x09 SYS_ISTTY    1 for the console handles
 *   0x10 SYS_CLOCK     centiseconds               0x11 SYS_TIME     seconds
 *   0x13 SYS_ERRNO     errno of the last failure  0x15 SYS_GET_CMDLINE {buf, len}
 *   0x16 SYS_HEAPINFO  [r1] -> {heap base, heap limit, stack base, stack limit}
 *   0x18 SYS_EXIT      r1 = reason                0x20 SYS_EXIT_EXTENDED {reason, subcode}
 *
 * Time is virtual: the instruction count at a fixed rate, so runs are reproducible. The count is
 * the CPU's `icount`, which advances when a run() slice ends; clocks therefore step once per
 * slice, never backwards.
 */

export const SYS_OPEN = 0x01;
export const SYS_CLOSE = 0x02;
export const SYS_WRITEC = 0x03;
export const SYS_WRITE0 = 0x04;
export const SYS_WRITE = 0x05;
export const SYS_READC = 0x07;
export const SYS_ISTTY = 0x09;
export const SYS_CLOCK = 0x10;
export const SYS_TIME = 0x11;
export const SYS_ERRNO = 0x13;
export const SYS_GET_CMDLINE = 0x15;
export const SYS_HEAPINFO = 0x16;
export const SYS_EXIT = 0x18;
export const SYS_EXIT_EXTENDED = 0x20;

/** ADP_Stopped_ApplicationExit: the reason code of a normal exit. */
export const ADP_STOPPED_APPLICATION_EXIT = 0x20026;

/** Virtual clock rate: instructions per second. */
export const INSNS_PER_SECOND = 100_000_000;

const EFAULT = 14;
const EBADF = 9;
const ENOENT = 2;
const ENOSYS = 38;

/** Handles that SYS_OPEN(":tt") hands out: 1 for reading (stdin), 2 for writing. */
const TT_READ = 1;
const TT_WRITE = 2;

/** Memory layout reported by SYS_HEAPINFO. */
export interface HeapInfo {
  heapBase: number;
  heapLimit: number;
  stackBase: number;
  stackLimit: number;
}

export interface SemihostOptions {
  /** Where SYS_WRITEC, SYS_WRITE0 and SYS_WRITE output goes. */
  console: ByteSink;
  /** Returned by SYS_GET_CMDLINE; default "". */
  cmdline?: string;
  /** Returned by SYS_HEAPINFO; default all zero ("unknown" in the specification). */
  heap?: HeapInfo;
  /** Seconds since the epoch that SYS_TIME reports at instruction 0; default 0. */
  timeBase?: number;
}

/**
 * Makes a handler for Cpu.semihost. It returns true for every semihosting call (unknown ones set
 * r0 = -1 and errno ENOSYS) and halts the CPU on SYS_EXIT / SYS_EXIT_EXTENDED with QEMU's AArch32
 * status rules. Guest memory is accessed through the MMU with privileged permissions; a bad
 * pointer makes the call return -1 with errno EFAULT and never throws.
 */
export function createSemihostHandler(opts: SemihostOptions): SemihostHandler {
  const cmdline = opts.cmdline ?? '';
  const heap = opts.heap ?? { heapBase: 0, heapLimit: 0, stackBase: 0, stackLimit: 0 };
  const timeBase = opts.timeBase ?? 0;
  let errno = 0;

  /** Records a failed call: r0 = -1 and SYS_ERRNO's answer. Returns true (the call is handled). */
  const fail = (cpu: Cpu, code: number): true => {
    errno = code;
    cpu.r[0] = -1;
    return true;
  };

  return (cpu: Cpu): boolean => {
    const op = cpu.r[0]! >>> 0;
    const arg = cpu.r[1]! >>> 0;
    const mem = new GuestMemory(cpu);
    switch (op) {
      case SYS_OPEN: {
        const [pathPtr, mode, len] = [mem.word(arg), mem.word(arg + 4), mem.word(arg + 8)];
        const path = pathPtr === undefined || len === undefined ? undefined : mem.bytes(pathPtr, len);
        if (path === undefined || mode === undefined) return fail(cpu, EFAULT);
        if (String.fromCharCode(...path) !== ':tt') return fail(cpu, ENOENT);
        // Modes 0-3 are the "r" family (ISO C fopen modes in the order the specification lists).
        cpu.r[0] = mode < 4 ? TT_READ : TT_WRITE;
        return true;
      }
      case SYS_CLOSE:
      case SYS_ISTTY: {
        const h = mem.word(arg);
        if (h === undefined) return fail(cpu, EFAULT);
        if (h !== TT_READ && h !== TT_WRITE) return fail(cpu, EBADF);
        cpu.r[0] = op === SYS_ISTTY ? 1 : 0;
        return true;
      }
      case SYS_WRITEC: {
        const b = mem.byte(arg);
        if (b === undefined) return fail(cpu, EFAULT);
        opts.console(b);
        return true;
      }
      case SYS_WRITE0: {
        // Output stops at the first unreadable byte, as a real debugger's would.
        for (let p = arg; ; p = (p + 1) >>> 0) {
          const b = mem.byte(p);
          if (b === undefined) return fail(cpu, EFAULT);
          if (b === 0) return true;
          opts.console(b);
        }
      }
      case SYS_WRITE: {
        const [h, buf, len] = [mem.word(arg), mem.word(arg + 4), mem.word(arg + 8)];
        if (h === undefined || buf === undefined || len === undefined) return fail(cpu, EFAULT);
        if (h !== TT_WRITE && h !== 1 && h !== 2) return fail(cpu, EBADF);
        const data = mem.bytes(buf, len);
        if (data === undefined) return fail(cpu, EFAULT);
        for (const b of data) opts.console(b);
        cpu.r[0] = 0;
        return true;
      }
      case SYS_READC:
        cpu.r[0] = -1;
        return true;
      case SYS_CLOCK:
        cpu.r[0] = Math.floor(cpu.icount / (INSNS_PER_SECOND / 100));
        return true;
      case SYS_TIME:
        cpu.r[0] = timeBase + Math.floor(cpu.icount / INSNS_PER_SECOND);
        return true;
      case SYS_ERRNO:
        cpu.r[0] = errno;
        return true;
      case SYS_GET_CMDLINE: {
        const [buf, size] = [mem.word(arg), mem.word(arg + 4)];
        if (buf === undefined || size === undefined) return fail(cpu, EFAULT);
        const text = new Uint8Array(cmdline.length + 1);
        for (let i = 0; i < cmdline.length; i++) text[i] = cmdline.charCodeAt(i) & 0xff;
        if (text.length > size) return fail(cpu, EFAULT);
        if (!mem.writeBytes(buf, text) || !mem.writeWord(arg + 4, cmdline.length)) {
          return fail(cpu, EFAULT);
        }
        cpu.r[0] = 0;
        return true;
      }
      case SYS_HEAPINFO: {
        const block = mem.word(arg);
        if (block === undefined) return fail(cpu, EFAULT);
        const ok = mem.writeWord(block, heap.heapBase) && mem.writeWord(block + 4, heap.heapLimit) &&
          mem.writeWord(block + 8, heap.stackBase) && mem.writeWord(block + 12, heap.stackLimit);
        if (!ok) return fail(cpu, EFAULT);
        return true;
      }
      case SYS_EXIT:
        cpu.halt(arg === ADP_STOPPED_APPLICATION_EXIT ? 0 : 1);
        return true;
      case SYS_EXIT_EXTENDED: {
        const [reason, subcode] = [mem.word(arg), mem.word(arg + 4)];
        if (reason === undefined || subcode === undefined) return fail(cpu, EFAULT);
        cpu.halt(reason === ADP_STOPPED_APPLICATION_EXIT ? subcode : 1);
        return true;
      }
      default:
        return fail(cpu, ENOSYS);
    }
  };
}

/**
 * Host access to guest virtual memory for the duration of one call: translations use the
 * privileged permissions and touch no fault register; an untranslatable address reads as
 * undefined (or writes fail) rather than aborting.
 */
class GuestMemory {
  private readonly cpu: Cpu;

  constructor(cpu: Cpu) {
    this.cpu = cpu;
  }

  private pa(va: number, write: boolean): number {
    return this.cpu.mmu.probe(va >>> 0, write, false);
  }

  byte(va: number): number | undefined {
    const pa = this.pa(va, false);
    return pa < 0 ? undefined : this.cpu.mmu.bus.read(pa, 1);
  }

  /** A little-endian word read bytewise, so unaligned parameter blocks work as on hardware. */
  word(va: number): number | undefined {
    let v = 0;
    for (let i = 0; i < 4; i++) {
      const b = this.byte(va + i);
      if (b === undefined) return undefined;
      v |= b << (8 * i);
    }
    return v >>> 0;
  }

  bytes(va: number, len: number): Uint8Array | undefined {
    // A length beyond any RAM is a bad pointer, not a reason to allocate gigabytes.
    if (len > this.cpu.mmu.bus.ram.size) return undefined;
    const out = new Uint8Array(len);
    for (let i = 0; i < len; i++) {
      const b = this.byte(va + i);
      if (b === undefined) return undefined;
      out[i] = b;
    }
    return out;
  }

  writeBytes(va: number, data: Uint8Array): boolean {
    for (let i = 0; i < data.length; i++) if (this.pa(va + i, true) < 0) return false;
    const mmu = this.cpu.mmu;
    for (let i = 0; i < data.length; i++) {
      const pa = this.pa(va + i, true);
      // Keep the decoded-instruction cache coherent, as a guest store would.
      if (pa < mmu.bus.ram.size && mmu.codePages[pa >>> 12] === 1) mmu.onCodeWrite(pa >>> 12);
      mmu.bus.write(pa, data[i]!, 1);
    }
    return true;
  }

  writeWord(va: number, value: number): boolean {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, value >>> 0, true);
    return this.writeBytes(va, b);
  }
}
