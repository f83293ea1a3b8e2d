import type { ByteSink } from './bus/devices/pl011.ts';
import type { Exit } from './cpu/events.ts';
import { MODE_ABT, MODE_SVC, MODE_UND } from './cpu/modes.ts';
import { ElfError, imageEnd, parseElf, type ElfImage } from './loader/elf.ts';
import { Machine } from './machine.ts';
import { createSemihostHandler, type HeapInfo } from './semihosting.ts';

/**
 * Bare-metal runs: an ELF image on a Versatile PB-shaped machine with semihosting, the way
 * `qemu-system-arm -M versatilepb -cpu arm926 -semihosting -kernel IMAGE` runs an ELF: segments at
 * their physical addresses, the CPU in its reset state (SVC, IRQ and FIQ masked, registers zero)
 * at the ELF entry, exceptions through the guest's own vectors.
 *
 * One difference from QEMU, for the user's sake: an exception whose vector word is still zero
 * (nothing installed there; zeroed RAM would execute as `andeq r0, r0, r0` and slide on for ever)
 * ends the run as a 'fault' that says what happened, instead of spinning until the budget.
 */

export type BareMetalResult =
  | { kind: 'exit'; status: number; executed: number }
  | { kind: 'max-insns'; executed: number }
  | { kind: 'fault'; message: string; executed: number };

export interface BareMetalOptions {
  /** Stop after this many instructions; default unlimited. */
  maxInsns?: number;
  /** Receives UART (PL011 DR) and semihosting output bytes. */
  console: ByteSink;
  /** RAM size in bytes; default 128 MB, QEMU's versatilepb default. */
  ramSize?: number;
  /** Called after every slice of instructions (hosts flush output there). */
  onSlice?: () => void;
  /** SYS_GET_CMDLINE's answer; default "". */
  cmdline?: string;
}

export const DEFAULT_RAM_SIZE = 128 * 1024 * 1024;
/** Instructions per run() slice: large enough to amortise the loop, small enough to flush output. */
const SLICE = 1_000_000;
/** SYS_HEAPINFO places the stack at the top of RAM with this much room. */
const STACK_SIZE = 1024 * 1024;

/**
 * Runs the ELF executable `elf` until it exits through semihosting, takes an exception with no
 * vector installed, or has executed `maxInsns` instructions. Throws ElfError for a malformed
 * image or a segment outside RAM, RangeError for a bad RAM size.
 */
export function runBareMetal(elf: Uint8Array, opts: BareMetalOptions): BareMetalResult {
  const m = createBareMetalMachine(elf, opts);
  const max = opts.maxInsns ?? Number.POSITIVE_INFINITY;
  let executed = 0;
  for (;;) {
    const left = max - executed;
    if (left <= 0) return { kind: 'max-insns', executed };
    const exit = m.run(Math.min(SLICE, left));
    executed += exit.executed;
    if (exit.kind === 'halt') return { kind: 'exit', status: exit.status, executed };
    if (exit.kind !== 'budget') {
      const fault = deliver(m, exit);
      if (fault !== undefined) return { kind: 'fault', message: fault, executed };
    }
    opts.onSlice?.();
  }
}

/**
 * The machine runBareMetal runs, ready at the ELF entry: segments loaded, registers reset,
 * semihosting installed, exceptions in 'trap' delivery (runBareMetal enters the guest's vectors
 * itself; a debugger may switch to 'vector'). Throws ElfError as runBareMetal does.
 */
export function createBareMetalMachine(elf: Uint8Array, opts: BareMetalOptions): Machine {
  const image = parseElf(elf);
  const ramSize = opts.ramSize ?? DEFAULT_RAM_SIZE;
  // 'trap' delivery lets the host see each exception first; deliver() then enters the vector.
  const m = new Machine({ ramSize, delivery: 'trap', uart: opts.console });
  loadSegments(m, image);
  const cpu = m.cpu;
  cpu.resetRegisters();
  cpu.pc = image.entry & ~1;
  cpu.t = image.entry & 1;
  cpu.semihost = createSemihostHandler({
    console: opts.console,
    heap: heapInfo(image, ramSize),
    ...(opts.cmdline !== undefined ? { cmdline: opts.cmdline } : {}),
  });
  return m;
}

/**
 * Copies `image`'s PT_LOAD segments into RAM at their physical addresses and zero-fills the rest of
 * each segment (.bss). Throws ElfError when a segment does not fit in RAM.
 */
export function loadSegments(m: Machine, image: ElfImage): void {
  const size = m.ram.size;
  for (const s of image.segments) {
    if (s.paddr + s.memsz > size) {
      throw new ElfError(
        `segment ${s.index} at physical 0x${s.paddr.toString(16)} (0x${s.memsz.toString(16)} bytes) ` +
        `is outside RAM (0x0-0x${(size - 1).toString(16)})`,
      );
    }
    m.writePhys(s.paddr, s.data);
    if (s.memsz > s.filesz) m.writePhys(s.paddr + s.filesz, new Uint8Array(s.memsz - s.filesz));
  }
}

/** SYS_HEAPINFO's layout: heap from the end of the image to the stack, stack at the top of RAM. */
function heapInfo(image: ElfImage, ramSize: number): HeapInfo {
  const stackBase = ramSize;
  const stackLimit = ramSize - Math.min(STACK_SIZE, ramSize / 2);
  const heapBase = Math.min((imageEnd(image) + 7) & ~7, stackLimit);
  return { heapBase, heapLimit: stackLimit, stackBase, stackLimit };
}

const hex8 = (v: number): string => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;

/**
 * Enters the guest's handler for the exception `exit` reports, with the mode, vector and return
 * link the ARM ARM gives (A2.6). Returns a one-line description instead when no handler is
 * installed (the vector word reads as zero or cannot be translated).
 */
function deliver(m: Machine, exit: Exit): string | undefined {
  const cpu = m.cpu;
  const thumb = cpu.t === 1;
  let mode: number;
  let offset: number;
  let lr: number;
  let what: string;
  switch (exit.kind) {
    case 'undefined':
      [mode, offset, lr] = [MODE_UND, 0x04, exit.pc + (thumb ? 2 : 4)];
      what = `undefined instruction ${hex8(exit.insn)} at ${hex8(exit.pc)}`;
      break;
    case 'swi':
      [mode, offset, lr] = [MODE_SVC, 0x08, exit.pc];
      what = `SWI 0x${exit.imm.toString(16)} at ${hex8(exit.swiAddr)}`;
      break;
    case 'prefetch-abort':
      [mode, offset, lr] = [MODE_ABT, 0x0c, exit.pc + 4];
      what = `prefetch abort at ${hex8(exit.pc)} (IFSR 0x${exit.fsr.toString(16)})`;
      break;
    case 'bkpt':
      [mode, offset, lr] = [MODE_ABT, 0x0c, exit.pc + 4];
      what = `BKPT 0x${exit.imm.toString(16)} at ${hex8(exit.pc)}`;
      break;
    case 'data-abort':
      [mode, offset, lr] = [MODE_ABT, 0x10, exit.pc + 8];
      what = `data abort at ${hex8(exit.pc)} (FSR 0x${exit.fsr.toString(16)}, FAR ${hex8(exit.far)})`;
      break;
    default:
      return `unexpected stop (${exit.kind}) at ${hex8(exit.pc)}`;
  }
  const base = (m.cp15.sctlr & (1 << 13)) !== 0 ? 0xffff0000 : 0;
  const vector = (base + offset) >>> 0;
  const pa = m.mmu.probe(vector, false, false);
  if (pa < 0 || m.bus.read(pa, 4) === 0) return `${what} with no handler at vector ${hex8(vector)}`;
  cpu.enterException(mode, offset, lr, false);
  return undefined;
}
